"""Mask personal data typed by users before it is stored or logged."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Belgian phone numbers, national or international: 0470 12 34 56, 0470/12.34.56, 050 12 34 56,
# +32 470 12 34 56, 0032 50 12 34 56. Dates and counts ("2024-09-01", "12 B-codes") do not match.
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\d{2}[\s./-]?|0)\d(?:[\s./-]?\d){7,8}(?![\w])")
# "mijn naam is Jan", "ik heet Jan Peeters", "mijn dochter heet Lien Van den Broeck": the capitalised words after it.
# "ik ben ..." is left alone: "Ik ben Bang" is more often a feeling than a name.
_NAME = re.compile(
    r"\b((?i:mijn naam is|ik heet|(?:mijn|onze) (?:zoon|dochter|kind|leerling) heet|hij heet|zij heet|ze heet))"
    r"\s+([A-ZÀ-Ý][\w'-]+(?:\s+(?:(?i:van|de|der|den|vande|vanden|ver)\b|[A-ZÀ-Ý][\w'-]+))*)",
    re.UNICODE,
)

EMAIL_MASK = "[e-mailadres]"
PHONE_MASK = "[telefoonnummer]"
NAME_MASK = "[naam]"


def mask_personal_data(text: str) -> str:
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _PHONE.sub(PHONE_MASK, text)
    return _NAME.sub(lambda m: f"{m.group(1)} {NAME_MASK}", text)
