from __future__ import annotations

import pytest

from api.privacy import mask_personal_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mijn naam is Jan Peeters, wat nu?", "Mijn naam is [naam], wat nu?"),
        ("mijn dochter heet Lien Van den Broeck en spijbelt", "mijn dochter heet [naam] en spijbelt"),
        ("Ik heet Sofie.", "Ik heet [naam]."),
        ("mail me op jan.peeters@example.be", "mail me op [e-mailadres]"),
        ("bel 0470 12 34 56 of 050/12.34.56", "bel [telefoonnummer] of [telefoonnummer]"),
        ("bel +32 470 12 34 56", "bel [telefoonnummer]"),
        ("bel 0032 50 12 34 56", "bel [telefoonnummer]"),
        # Belgian national register numbers, with or without the eID's separators, check digits right or wrong.
        ("rijksregisternummer 85.07.30-033.61", "rijksregisternummer [rijksregisternummer]"),
        ("nr. 85073003361.", "nr. [rijksregisternummer]."),
        ("85 07 30 033 61 is zijn nummer", "[rijksregisternummer] is zijn nummer"),
        ("850730-033-61", "[rijksregisternummer]"),
        # Born in 2000-2009: starts with 0, like a phone number, and is still a national register number.
        ("09.11.14-123.45", "[rijksregisternummer]"),
        ("09111412345", "[rijksregisternummer]"),
        # Not personal data: left as typed.
        ("Ik ben Bang om naar school te gaan", "Ik ben Bang om naar school te gaan"),
        ("ik ben leerkracht", "ik ben leerkracht"),
        ("hij heeft 12 B-codes sinds 2024-09-01", "hij heeft 12 B-codes sinds 2024-09-01"),
        ("geboren op 30/06/2008", "geboren op 30/06/2008"),
        ("geboren op 14/11/2009, 12 B-codes en 3 keer te laat", "geboren op 14/11/2009, 12 B-codes en 3 keer te laat"),
        ("tussen 14/11/2009 en 30/06/2010 om 10.30 u", "tussen 14/11/2009 en 30/06/2010 om 10.30 u"),
        ("dossier 123456789012345", "dossier 123456789012345"),
        ("hij heet niet zo", "hij heet niet zo"),
    ],
)
def test_mask_personal_data(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected
