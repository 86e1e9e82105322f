from __future__ import annotations

import logging
import re
from typing import cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from api.analytics import ChatFeedback, ChatTurn
from api.deps import get_rasa_client
from api.privacy import mask_personal_data
from tests.api.test_analytics import TrackerRasa, action, tracker, user


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
        # phonenumbers: Belgian and international numbers, in the ways people write them.
        ("mijn gsm +32 470/12.34.56", "mijn gsm [telefoonnummer]"),
        ("+31 6 12345678 is van de papa", "[telefoonnummer] is van de papa"),
        ("bel 02/512.34.56 of 0499123456", "bel [telefoonnummer] of [telefoonnummer]"),
        # IBANs: check digits right (python-stdnum), or the Belgian layout.
        ("rekening BE71 0961 2345 6769 aub", "rekening [rekeningnummer] aub"),
        ("nl91abna0417164300", "[rekeningnummer]"),
        ("BE12 3456 7890 1234", "[rekeningnummer]"),
        ("FR76 1234 5678 9012", "FR76 1234 5678 9012"),  # wrong check digits, not Belgian: a code, not an IBAN
        # Addresses: street with house number, postal code with municipality.
        ("we wonen Kerkstraat 12 bus 3, 8000 Brugge", "we wonen [adres], [adres]"),
        ("in de sint-pietersnieuwstraat 33, 9000 gent", "in de [adres], [adres]"),
        ("Grote Markt 5", "[adres]"),
        ("hij is onderweg 2 uur", "hij is onderweg 2 uur"),
        ("is er een CLB in Brugge?", "is er een CLB in Brugge?"),
        ("1500 leerlingen en 2000 euro boete", "1500 leerlingen en 2000 euro boete"),
        # Names: after "heet", "ik ben" + a first name, a title, a greeting; capitalised first names of the list.
        ("mijn zoon heet jonas peeters en spijbelt", "mijn zoon heet [naam] en spijbelt"),
        ("ik ben sofie", "ik ben [naam]"),
        ("mevrouw peeters van het clb", "mevrouw [naam] van het clb"),
        ("groetjes, Ann Claes", "groetjes, [naam]"),
        ("de papa van Liam belt niet terug", "de papa van [naam] belt niet terug"),
        ("mijn zoon (jarne) heeft 7 B-codes", "mijn zoon ([naam]) heeft 7 B-codes"),
        ("hier is iets raar", "hier is iets raar"),
        ("ik ben de mama", "ik ben de mama"),
        # Masks are not masked again.
        ("ik heet [naam], bel [telefoonnummer]", "ik heet [naam], bel [telefoonnummer]"),
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


# -- what is stored or logged is masked: the message to Rasa (its tracker store), the usage rows, the feedback ------
PERSONAL = {
    "Jonas Peeters": "naam",
    "0470 12 34 56": "telefoonnummer",
    "jonas.peeters@telenet.be": "e-mailadres",
    "09.11.14-123.43": "rijksregisternummer",
    "BE71 0961 2345 6769": "rekeningnummer",
    "Kerkstraat 12": "adres",
    "8000 Brugge": "adres",
}
MESSAGE = (
    "mijn zoon heet Jonas Peeters, rrn 09.11.14-123.43, we wonen Kerkstraat 12, 8000 Brugge; bel 0470 12 34 56 of "
    "mail jonas.peeters@telenet.be, rekening BE71 0961 2345 6769"
)


def _leaks(text: str) -> list[str]:
    return [item for item in PERSONAL if item in text or item.split()[-1] in text]


def test_nothing_personal_reaches_rasa_the_usage_rows_the_feedback_or_the_logs(
    client: TestClient, kb_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """Rasa's tracker store keeps what the API sends to Rasa (the message and its metadata): masked. The usage row
    of a turn the assistant could not place keeps the masked message; the feedback row the masked comment. Nothing
    logged at any level holds the personal data."""
    rasa = TrackerRasa()
    app = cast(FastAPI, client.app)
    app.dependency_overrides[get_rasa_client] = lambda: rasa
    try:
        with caplog.at_level(logging.DEBUG):
            first = client.post("/api/chat", json={"message": "hallo", "role": "parent"})
            session_id = first.json()["session_id"]
            rasa.trackers[session_id] = tracker(user("nlu_fallback", text="x"), action("action_default_fallback"))
            second = client.post("/api/chat", json={"session_id": session_id, "message": MESSAGE})
            feedback = client.post(
                "/api/v1/feedback", json={"session_id": session_id, "rating": "down", "comment": MESSAGE}
            )
    finally:
        app.dependency_overrides.pop(get_rasa_client, None)
    assert second.status_code == 200 and feedback.status_code == 201
    sent_id, sent, metadata = rasa.received[-1]
    assert sent_id == session_id and _leaks(sent) == [] and _leaks(repr(metadata)) == []
    assert sorted(set(re.findall(r"\[[a-z-]+\]", sent))) == sorted({f"[{label}]" for label in PERSONAL.values()})
    with Session(kb_engine) as db:
        unplaced = db.scalars(select(ChatTurn.unplaced).where(ChatTurn.session_id == session_id)).all()
        comments = db.scalars(select(ChatFeedback.comment).where(ChatFeedback.session_id == session_id)).all()
    assert unplaced[-1] == sent  # the usage row keeps exactly what Rasa got
    assert comments == [sent]
    assert _leaks(caplog.text) == []
    assert _leaks(" ".join(record.getMessage() for record in caplog.records)) == []


# -- the privacy note ---------------------------------------------------------------------------------------------
def test_the_privacy_note_is_served_from_docs_without_script(client: TestClient) -> None:
    page = client.get("/privacy")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "unsafe" not in csp and "script-src" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in page.text and "style=" not in page.text
    # docs/privacy.md rendered: its headings, the retention setting, the way to have a conversation deleted.
    assert "<h1>Privacy: wat de assistent" in page.text
    for heading in ("Wat wordt bewaard?", "Hoe lang?", "Wie kan het zien?", "Je gesprek laten wissen"):
        assert f"<h2>{heading}</h2>" in page.text
    assert "RETENTION_DAYS" in page.text and "python -m api.retention --session" in page.text
    assert 'href="/static/style.css"' in page.text


def test_the_chat_page_links_the_privacy_note(client: TestClient) -> None:
    assert 'href="/privacy"' in client.get("/").text
