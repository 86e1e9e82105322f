"""The guided journeys end to end: through POST /api/chat with the real Rasa server (trained model), action server
and knowledge base, as the web page sends them (a button sends its payload). Each journey for each role: the first
reply, the questions with their buttons, the answers in own words, the end with the case, and the summary (in the
chat and through GET /api/v1/sessions/{id}/summary)."""

from __future__ import annotations

import httpx
import pytest

from knowledge.texts import render
from tests.e2e.test_chat_api import HELP_LINES, ask, sections_of, text_of

SUMMARY_BUTTON = "Maak een samenvatting"


class Chat:
    """One conversation through the API, the way the web page holds it."""

    def __init__(self, api: httpx.Client, role: str | None) -> None:
        self.api = api
        self.role = role
        self.session_id: str | None = None
        self.last: dict = {}

    def say(self, message: str) -> dict:
        self.last = ask(self.api, message, self.session_id, self.role)
        self.session_id = self.last["session_id"]
        return self.last

    def buttons(self) -> list[dict[str, str]]:
        return [b for r in self.last["replies"] for b in r.get("buttons") or []]

    def titles(self) -> list[str]:
        return [b["title"] for b in self.buttons()]

    def click(self, title: str) -> dict:
        """Send a button of the latest reply, as the web page does (its payload)."""
        [button] = [b for b in self.buttons() if b["title"] == title]
        return self.say(button["payload"])

    def text(self) -> str:
        return text_of(self.last)

    def summary(self) -> dict:
        r = self.api.get(f"/api/v1/sessions/{self.session_id}/summary")
        assert r.status_code == 200, r.text
        body: dict = r.json()
        return body


def question(key: str, role: str | None) -> str:
    """The first sentence of a journey's question, as the form asks it."""
    from actions.journeys import QUESTIONS

    return render(QUESTIONS[key].text_key, role).split("?")[0]


def kinds(summary: dict) -> list[str]:
    return [part["kind"] for part in summary["parts"]]


# -- B-codes ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "parent", "youth"])
def test_b_code_journey_one_answer_at_a_time_then_the_summary(api: httpx.Client, role: str) -> None:
    chat = Chat(api, role)
    opening = {
        "staff": "ik heb een leerling met 7 b-codes, wat nu",
        "parent": "mijn zoon heeft 7 b-codes gekregen, wat gebeurt er nu",
        "youth": "ik heb al 7 b codes, wat gaat er gebeuren",
    }[role]
    chat.say(opening)
    # The first reply answers what holds for 7 B-codes, and asks the parents' stance with buttons.
    assert "CLB" in chat.text()
    assert "actoren.2" in sections_of(chat.last) or "actieplan.1.2" in sections_of(chat.last)
    assert question("ouders", role) in chat.text()
    assert render("journey.dont_know", role) in chat.titles()
    chat.click(render("journey.ouders.cooperative", role))
    assert question("leeftijd", role) in chat.text()
    chat.say("15")
    chat.say("nee")  # does the pupil refuse every agreement
    chat.say("nog niets")  # what was tried
    # The end: the steps with every fact, the summary button.
    assert SUMMARY_BUTTON in chat.titles()
    assert "CLB" in chat.text()
    chat.click(SUMMARY_BUTTON)
    assert "7" in chat.text()
    summary = chat.summary()
    assert summary["role"] == role and not summary["empty"]
    assert kinds(summary) == ["b-code"]
    facts = {f["label"]: f["value"] for f in summary["parts"][0]["facts"]}
    assert "7" in " ".join(facts.values()) and "15" in " ".join(facts.values())


def test_b_code_journey_every_fact_at_once_asks_nothing(api: httpx.Client) -> None:
    chat = Chat(api, "staff")
    chat.say("8 b-codes, de ouders nemen nooit op, hij is 15, weigert elke afspraak en het clb is al betrokken")
    assert "politie" in chat.text()
    assert "actoren.12" in sections_of(chat.last)
    assert SUMMARY_BUTTON in chat.titles()
    assert not any(question(key, "staff") in chat.text() for key in ("ouders", "leeftijd", "geprobeerd"))


def test_an_answer_that_cannot_be_read_is_asked_again_and_goodbye_ends_the_journey(api: httpx.Client) -> None:
    chat = Chat(api, "staff")
    chat.say("er is een leerling met 10 b-codes")
    chat.say("hmm")
    assert chat.last["replies"][0]["text"] == render("journey.not_understood", "staff")
    assert question("ouders", "staff") in chat.text()
    chat.say("tot ziens")
    assert question("ouders", "staff") not in chat.text()
    # The journey is over: a new question is answered as such.
    chat.say("wat is naft?")
    assert "NAFT" in chat.text() and question("ouders", "staff") not in chat.text()


def test_stop_and_start_again(api: httpx.Client) -> None:
    chat = Chat(api, "staff")
    chat.say("ik heb een leerling met 6 b-codes")
    chat.say("opnieuw")
    assert render("journey.restarted", "staff") in chat.text()
    assert question("aantal", "staff") in chat.text()
    chat.say("12")
    chat.say("stop")
    assert chat.last["replies"][0]["text"] == render("journey.stopped", "staff")
    chat.say("wat doet het clb eigenlijk")
    assert "CLB" in chat.text() and question("leeftijd", "staff") not in chat.text()


@pytest.mark.parametrize(
    "message",
    ["ze zei vandaag dat haar stiefvader haar slaat als hij gedronken heeft", "ik wil eigenlijk niet meer leven"],
)
def test_danger_in_the_middle_of_a_journey_gets_help_and_ends_it(api: httpx.Client, message: str) -> None:
    chat = Chat(api, "staff")
    chat.say("een leerling uit mijn klas heeft al 9 b codes")
    chat.say(message)
    assert all(number in chat.text() for number in HELP_LINES[:1])
    assert question("ouders", "staff") not in chat.text()
    chat.say("de ouders werken mee")
    assert question("leeftijd", "staff") not in chat.text()


# -- which code ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "opening", "reason", "code"),
    [
        ("staff", "welke code moet ik geven voor een afwezigheid?", "ze was naar de trouw van haar tante", "Code R"),
        ("parent", "mijn zoon was gisteren afwezig, welke code krijgt hij", "een begrafenis in de familie", "Code R"),
        ("youth", "welke code zetten ze als ik afwezig ben", "ik ben gewoon niet gegaan", "Code B"),
    ],
)
def test_which_code_journey_asks_the_reason(api: httpx.Client, role: str, opening: str, reason: str, code: str) -> None:
    chat = Chat(api, role)
    chat.say(opening)
    assert question("reden", role) in chat.text()
    chat.say(reason)
    assert code.lower() in chat.text().split("\n")[0].lower()
    assert any(s.startswith("terminologie.2") for s in sections_of(chat.last))
    chat.click(SUMMARY_BUTTON)
    assert kinds(chat.summary()) == ["which-code"]


# -- what kind of absence -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "parent", "youth"])
def test_classification_journey_signal_by_signal(api: httpx.Client, role: str) -> None:
    chat = Chat(api, role)
    chat.say(
        {
            "staff": "ik heb een leerling die veel afwezig is, wat voor afwezigheid is dit",
            "parent": "mijn kind is vaak afwezig en ik weet niet wat voor afwezigheid het is",
            "youth": "ik ben vaak niet op school, wat voor afwezigheid is dat",
        }[role]
    )
    assert question("gevoel", role) in chat.text()
    chat.click(render("journey.gevoel.anxious", role))
    for _ in range(6):
        if SUMMARY_BUTTON in chat.titles():
            break
        titles = chat.titles()
        # Answer each question with its first button that is no "weet ik niet": yes, home, a certificate.
        chat.click(next(t for t in titles if t != render("journey.dont_know", role)))
    assert SUMMARY_BUTTON in chat.titles()
    assert "schoolweigering" in chat.text().lower()
    assert "actieplan.3.1" in sections_of(chat.last)
    assert kinds(chat.summary()) == ["classification"]


def test_classification_with_signals_says_at_once_what_they_point_to(api: httpx.Client) -> None:
    chat = Chat(api, "parent")
    chat.say(
        "mijn dochter blijft thuis met buikpijn en is bang om naar school te gaan, wij weten het, is dit"
        " schoolweigering"
    )
    assert chat.text().startswith(
        render("engines.classification.so_far", "parent", types="schoolweigering, schoolfobie")
    )
    assert question("ouders_houden_thuis", "parent") in chat.text()


# -- partners -----------------------------------------------------------------------------------------------------


def test_partner_journey_for_staff(api: httpx.Client) -> None:
    chat = Chat(api, "staff")
    chat.say("welke partner kan ik nog inschakelen voor een leerling die blijft spijbelen? clb en naft hielpen niet")
    assert question("partner_form_aantal", "staff") in chat.text()
    chat.say("8")
    # "hielpen niet": CLB and NAFT were tried, and the case is stuck; the parents' stance is still open.
    assert question("ouders", "staff") in chat.text()
    chat.say("de ouders werken mee")
    assert SUMMARY_BUTTON in chat.titles()
    assert "ROTS" in chat.text()
    assert "actoren.15.1" in sections_of(chat.last)
    assert kinds(chat.summary()) == ["partners"]


@pytest.mark.parametrize(
    ("role", "opening"),
    [
        ("parent", "bij welke organisatie kunnen wij terecht? onze zoon is bang om naar school te gaan"),
        ("youth", "bij wie kan ik terecht, ik durf echt niet meer naar school"),
    ],
)
def test_partner_journey_for_school_refusal(api: httpx.Client, role: str, opening: str) -> None:
    chat = Chat(api, role)
    chat.say(opening)
    assert question("zorg", role) in chat.text()
    chat.click(render("journey.zorg.mental_health", role))
    chat.say("nog niets")
    for _ in range(2):
        if SUMMARY_BUTTON in chat.titles():
            break
        chat.click(render("journey.dont_know", role))
    assert SUMMARY_BUTTON in chat.titles()
    assert "CGG" in chat.text()
    assert "B-codes" not in chat.text()


# -- illness ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "opening"),
    [
        ("parent", "kan mijn zoon les aan huis krijgen, hij is ziek"),
        ("youth", "ik ben ziek en mis al lang school, kan ik thuis les krijgen"),
        ("staff", "een leerling van ons is ziek, heeft hij recht op toah"),
    ],
)
def test_illness_journey_one_answer_at_a_time(api: httpx.Client, role: str, opening: str) -> None:
    chat = Chat(api, role)
    chat.say(opening)
    assert "TOAH" in chat.text()
    answers = ["al 4 weken", "ongeveer 5 km", "lager onderwijs", "nee"]
    for answer in answers:
        if SUMMARY_BUTTON in chat.titles():
            break
        chat.say(answer)
    assert SUMMARY_BUTTON in chat.titles()
    assert "TOAH" in chat.text() and "21" in chat.text()
    assert "actieplan.2.2.1" in sections_of(chat.last)
    summary = chat.summary()
    assert kinds(summary) == ["illness"]


def test_an_ill_pupil_classified_as_b_codes_gets_the_illness_journey(api: httpx.Client) -> None:
    chat = Chat(api, "staff")
    chat.say("een leerling uit het 3de middelbaar is al 25 dagen ziek, wat moet de school doen")
    assert "TOAH" in chat.text()
    assert question("aantal", "staff") not in chat.text()


def test_a_wrong_distance_gets_a_correction(api: httpx.Client) -> None:
    chat = Chat(api, "parent")
    chat.say("mijn dochter is al een maand ziek, heeft ze recht op toah")
    assert question("afstand", "parent") in chat.text()
    chat.say("-4 km")
    assert render("journey.correction.negative", "parent") in chat.text()
    assert question("afstand", "parent") in chat.text()


# -- leerplicht ---------------------------------------------------------------------------------------------------


def test_leerplicht_journey_month_and_year_then_the_day(api: httpx.Client) -> None:
    chat = Chat(api, "parent")
    chat.say("tot wanneer is mijn dochter leerplichtig, ze is geboren in januari 2010")
    assert render("journey.ask.datum_day", "parent", known="januari 2010") in chat.text()
    chat.say("23")
    # Leerplicht ends at 18 (her birthday comes before 30 June of that year).
    assert "23 januari 2028" in chat.text()
    assert "terminologie.1" in sections_of(chat.last)


@pytest.mark.parametrize("answer", ["31 februari 2010", "14 maart 2031"])
def test_leerplicht_journey_corrects_an_impossible_date(api: httpx.Client, answer: str) -> None:
    chat = Chat(api, "parent")
    chat.say("vanaf wanneer en tot wanneer is mijn kind leerplichtig")
    chat.say(answer)
    assert question("datum", "parent") in chat.text()
    chat.say("28 februari 2010")
    assert "28 februari 2028" in chat.text()


# -- leaving school -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["youth", "parent", "staff"])
def test_outflow_journey_age_then_wish(api: httpx.Client, role: str) -> None:
    chat = Chat(api, role)
    chat.say(
        {
            "youth": "ik wil stoppen met school",
            "parent": "mijn zoon wil stoppen met school, mag dat",
            "staff": "een leerling wil stoppen met school, wat zijn de opties",
        }[role]
    )
    assert "18" in chat.text()
    assert "16" in chat.titles() or any("16" in t for t in chat.titles())
    chat.say("16")
    chat.say("gaan werken")
    assert SUMMARY_BUTTON in chat.titles()
    assert kinds(chat.summary()) == ["outflow"]


def test_i_want_to_stop_without_a_journey_is_about_leaving_school(api: httpx.Client) -> None:
    chat = Chat(api, "youth")
    chat.say("ik wil stoppen")
    assert "18" in chat.text()
    assert render("journey.nothing_to_stop", "youth") not in chat.text()


# -- the summary over several journeys ----------------------------------------------------------------------------


def test_the_summary_holds_every_journey_of_the_conversation(api: httpx.Client) -> None:
    chat = Chat(api, "staff")
    chat.say("8 b-codes, de ouders nemen nooit op, hij is 15, weigert elke afspraak en het clb is al betrokken")
    chat.say("welke code bij een begrafenis")
    chat.click(SUMMARY_BUTTON) if SUMMARY_BUTTON in chat.titles() else chat.say("maak een samenvatting")
    summary = chat.summary()
    assert kinds(summary) == ["b-code", "which-code"]
    assert summary["text"].startswith(summary["text"].split("\n")[0])
    assert {s["section"] for s in summary["sources"]} >= {"actoren.12"}
    assert chat.text().split("\n")[0] == summary["text"].split("\n")[0]


def test_the_summary_of_an_unknown_session_is_404(api: httpx.Client) -> None:
    r = api.get("/api/v1/sessions/Qk3v0n9cV1m5d2xQ8wA7yZ4tP6rS1uE0/summary")
    assert r.status_code == 404
    assert r.json()["detail"]
