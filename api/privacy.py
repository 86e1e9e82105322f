"""Mask personal data typed by users before it is stored or logged."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Belgian national register numbers (rijksregisternummer): birth date YY.MM.DD, a serial number of three
# digits and two check digits, as on the eID (85.07.30-033.61) or without separators (85073003361). Any number
# with that layout is masked, also when its check digits are wrong: a mistyped number is personal data too.
# Dates and counts ("14/11/2009", "12 B-codes") have fewer digits and do not match.
_NATIONAL_NUMBER = re.compile(r"(?<![\w.,/-])\d{2}[.\s/-]?\d{2}[.\s/-]?\d{2}[.\s/-]?\d{3}[.\s/-]?\d{2}(?![\w])")
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
NATIONAL_NUMBER_MASK = "[rijksregisternummer]"
PHONE_MASK = "[telefoonnummer]"
NAME_MASK = "[naam]"


def mask_personal_data(text: str) -> str:
    """The text with e-mail addresses, national register numbers, phone numbers and names replaced by a mask.

    The national register number goes before the phone number: one born in 2000-2009 starts with 0 and
    would otherwise be taken for a phone number with digits left over.
    """
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _NATIONAL_NUMBER.sub(NATIONAL_NUMBER_MASK, text)
    text = _PHONE.sub(PHONE_MASK, text)
    return _NAME.sub(lambda m: f"{m.group(1)} {NAME_MASK}", text)
