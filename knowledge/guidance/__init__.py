"""The draaiboek's decision rules as pure functions over the knowledge base.

One module per engine; each takes a frozen dataclass and the repository (the engines refer to the
content by id and read its texts from there) and returns a frozen dataclass with its reasons and the
section ids they rest on. An id the content lacks raises ``MissingContent``.
"""

from knowledge.guidance.b_codes import BCodeAdvice, BCodeSituation, advise_b_codes
from knowledge.guidance.classification import AbsenceAnswers, Classification, classify_absence
from knowledge.guidance.common import AdviceStep, Level, MissingContent, PartnerHint, Reason, Text
from knowledge.guidance.illness import IllnessAdvice, IllnessSituation, advise_illness
from knowledge.guidance.leerplicht import LeerplichtQuery, LeerplichtResult, leerplicht_dates
from knowledge.guidance.outflow import OutflowAdvice, OutflowQuestion, advise_outflow
from knowledge.guidance.which_code import CodeAnswer, CodeQuestion, find_code

__all__ = [
    "AbsenceAnswers",
    "AdviceStep",
    "BCodeAdvice",
    "BCodeSituation",
    "Classification",
    "CodeAnswer",
    "CodeQuestion",
    "IllnessAdvice",
    "IllnessSituation",
    "LeerplichtQuery",
    "LeerplichtResult",
    "Level",
    "MissingContent",
    "OutflowAdvice",
    "OutflowQuestion",
    "PartnerHint",
    "Reason",
    "Text",
    "advise_b_codes",
    "advise_illness",
    "advise_outflow",
    "classify_absence",
    "find_code",
    "leerplicht_dates",
]
