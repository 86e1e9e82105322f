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
        # Not personal data: left as typed.
        ("Ik ben Bang om naar school te gaan", "Ik ben Bang om naar school te gaan"),
        ("ik ben leerkracht", "ik ben leerkracht"),
        ("hij heeft 12 B-codes sinds 2024-09-01", "hij heeft 12 B-codes sinds 2024-09-01"),
        ("geboren op 30/06/2008", "geboren op 30/06/2008"),
        ("hij heet niet zo", "hij heet niet zo"),
    ],
)
def test_mask_personal_data(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected
