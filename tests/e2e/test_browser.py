"""The chat page in Debian's headless Chromium, used with the keyboard only."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from bot.stack import Stack

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "results" / "screenshots"


def _bot_messages(driver: WebDriver) -> list:  # type: ignore[type-arg]
    return driver.find_elements(By.CSS_SELECTOR, ".msg.bot")


def test_keyboard_only_question_shows_answer_and_sources(services: Stack, browser: WebDriver) -> None:
    browser.get(services.api + "/")
    wait = WebDriverWait(browser, 60)
    # The page opens with the focus in the message field: no mouse needed.
    assert browser.switch_to.active_element.get_attribute("id") == "message"
    before = len(_bot_messages(browser))
    browser.switch_to.active_element.send_keys("Wat moet ik doen na 5 B-codes?", Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    # The answer, then (its own bubble, with buttons) the journey's question for the parents' stance.
    answer = _bot_messages(browser)[before]
    assert "CLB" in answer.text
    assert "Hoe reageren de ouders?" in _bot_messages(browser)[-1].text
    # The input is cleared once the answer arrived and keeps the focus.
    field = browser.find_element(By.ID, "message")
    assert field.get_attribute("value") == ""
    assert browser.switch_to.active_element.get_attribute("id") == "message"
    sources = answer.find_element(By.CSS_SELECTOR, ".sources")
    # The sources are folded under "Bronnen"; opened (by keyboard), they show each section with its title.
    assert "actoren.2" not in sources.text
    sources.find_element(By.TAG_NAME, "summary").send_keys(Keys.ENTER)
    wait.until(lambda d: "actoren.2" in sources.text)
    assert "De school: opdracht" in sources.text and "(draaiboek, actoren.2)" in sources.text
    assert "(draaiboek, actieplan.1.2)" in sources.text
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT_DIR / "chat-b-codes.png"))
    # A reload shows the same conversation again.
    browser.refresh()
    wait.until(lambda d: any("signaleert de school" in m.text for m in _bot_messages(d)))
    reloaded = next(m for m in _bot_messages(browser) if "signaleert de school" in m.text)
    assert browser.find_elements(By.CSS_SELECTOR, ".msg.user .text")[-1].text == "Wat moet ik doen na 5 B-codes?"
    reloaded.find_element(By.CSS_SELECTOR, ".sources summary").click()
    assert "actoren.2" in reloaded.find_element(By.CSS_SELECTOR, ".sources").text
    assert "Hoe reageren de ouders?" in _bot_messages(browser)[-1].text


def test_empty_message_shows_dutch_error_and_buttons_work_by_keyboard(services: Stack, browser: WebDriver) -> None:
    # A new conversation: the browser still holds the one of the test before (in the middle of a journey).
    browser.get(services.api + "/")
    browser.execute_script("localStorage.clear()")
    browser.get(services.api + "/")
    wait = WebDriverWait(browser, 60)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    error = browser.find_element(By.ID, "error")
    wait.until(ec.visibility_of(error))
    assert "Typ eerst een vraag" in error.text

    before = len(_bot_messages(browser))
    browser.switch_to.active_element.send_keys("hallo", Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    button = _bot_messages(browser)[-1].find_element(By.CSS_SELECTOR, ".buttons button")
    # Reach the suggestion with Tab from the message field, then press it with Enter.
    for _ in range(10):
        browser.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
        if browser.switch_to.active_element == button:
            break
    assert browser.switch_to.active_element == button
    before = len(_bot_messages(browser))
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    assert "CLB" in _bot_messages(browser)[before].text


def test_markup_is_shown_as_text(services: Stack, browser: WebDriver) -> None:
    browser.get(services.api + "/")
    browser.execute_script("localStorage.clear(); sessionStorage.clear()")
    browser.get(services.api + "/")
    wait = WebDriverWait(browser, 60)
    markup = "<img src=x onerror=alert(1)>"
    before = len(_bot_messages(browser))
    browser.switch_to.active_element.send_keys(markup, Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    mine = browser.find_elements(By.CSS_SELECTOR, ".msg.user")[-1]
    assert mine.find_element(By.CSS_SELECTOR, ".text").text == markup
    assert browser.find_elements(By.CSS_SELECTOR, "#log img") == []


def test_a_service_that_is_down_shows_a_retry_and_keeps_the_message(services: Stack, browser: WebDriver) -> None:
    browser.get(services.api + "/")
    browser.execute_script("localStorage.clear(); sessionStorage.clear()")
    browser.get(services.api + "/")
    wait = WebDriverWait(browser, 90)
    question = "wat is naft?"
    services.stop("rasa")
    try:
        browser.switch_to.active_element.send_keys(question, Keys.ENTER)
        retry = wait.until(lambda d: d.find_element(By.ID, "retry"))
        assert "niet bereikbaar" in browser.find_element(By.ID, "error").text
        # The typed question is still in the box, and nothing was added to the conversation.
        assert browser.find_element(By.ID, "message").get_attribute("value") == question
        assert browser.find_elements(By.CSS_SELECTOR, ".msg.user") == []
        assert browser.find_element(By.ID, "message").get_attribute("value") == question
    finally:
        services.start("rasa")
        services.wait_healthy()
    before = len(_bot_messages(browser))
    retry.send_keys(Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    assert "NAFT" in _bot_messages(browser)[before].text
    assert browser.find_element(By.ID, "message").get_attribute("value") == ""
    assert browser.find_element(By.ID, "error").is_displayed() is False


ROLE_BUTTONS = {
    "staff": "Ik werk in een school of CLB",
    "parent": "Ik ben ouder",
    "youth": "Ik ben jongere",
}


def _fresh_page(services: Stack, browser: WebDriver) -> WebDriverWait:  # type: ignore[type-arg]
    browser.get(services.api + "/")
    browser.execute_script("localStorage.clear(); sessionStorage.clear()")
    browser.get(services.api + "/")
    browser.get_log("browser")  # start the console log afresh
    return WebDriverWait(browser, 60)


def _focus_backwards(browser: WebDriver, matches: object, presses: int = 80) -> None:
    """Shift+Tab from the focused element until ``matches(active element)`` holds: keyboard only."""
    for _ in range(presses):
        if matches(browser.switch_to.active_element):  # type: ignore[operator]
            return
        browser.switch_to.active_element.send_keys(Keys.SHIFT, Keys.TAB)
    raise AssertionError("not reached by keyboard")


def _no_policy_violations(browser: WebDriver) -> None:
    violations = [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
    assert violations == []


@pytest.mark.parametrize("role", list(ROLE_BUTTONS))
def test_each_role_welcome_then_a_question_with_buttons(services: Stack, browser: WebDriver, role: str) -> None:
    wait = _fresh_page(services, browser)
    welcome = browser.find_element(By.CSS_SELECTOR, ".welcome")
    assert "geen beslissing over een kind" in browser.find_element(By.TAG_NAME, "header").text
    button = welcome.find_element(By.CSS_SELECTOR, f'[data-role="{role}"]')
    assert button.text == ROLE_BUTTONS[role] and button.get_attribute("aria-pressed") == "false"
    before = len(_bot_messages(browser))
    button.click()
    wait.until(lambda d: len(_bot_messages(d)) > before)
    assert button.get_attribute("aria-pressed") == "true"
    assert browser.find_elements(By.CSS_SELECTOR, ".msg.user")[-1].text.endswith(ROLE_BUTTONS[role])
    # The assistant answers the role with example questions as buttons; one of them gets an answer with sources.
    examples = _bot_messages(browser)[-1].find_elements(By.CSS_SELECTOR, ".buttons button")
    assert len(examples) == 3
    before = len(_bot_messages(browser))
    examples[0].click()
    wait.until(lambda d: len(_bot_messages(d)) > before)
    answers = _bot_messages(browser)[before:]
    assert any(a.find_elements(By.CSS_SELECTOR, ".sources summary") for a in answers)
    assert any(a.find_elements(By.CSS_SELECTOR, ".feedback .thumb") for a in answers)
    # The role stays chosen after a reload, and can be changed.
    browser.refresh()
    wait.until(lambda d: len(_bot_messages(d)) > 2)
    chosen = browser.find_element(By.CSS_SELECTOR, f'[data-role="{role}"]')
    assert chosen.get_attribute("aria-pressed") == "true"
    _no_policy_violations(browser)


def _button_titles(browser: WebDriver) -> list[str]:
    return [b.text for b in _bot_messages(browser)[-1].find_elements(By.CSS_SELECTOR, ".buttons button")]


def _click_and_wait(browser: WebDriver, wait: WebDriverWait, title: str) -> int:  # type: ignore[type-arg]
    """Click the button ``title`` of the latest bot message and wait for the reply; the message count before it."""
    before = len(_bot_messages(browser))
    _bot_messages(browser)[-1].find_element(By.XPATH, f'.//button[normalize-space()="{title}"]').click()
    wait.until(lambda d: len(_bot_messages(d)) > before)
    return before


JOURNEYS = {
    # role: (the situation, typed; a word of the case summary that the journey's answers must give)
    "staff": ("een leerling van het 3de jaar heeft al 5 B-codes, wat moeten we nu doen", "B-codes"),
    "parent": ("mijn dochter is al drie weken ziek thuis, kan ze les krijgen aan huis?", "ziek"),
    "youth": ("ik ben 17 en ik wil stoppen met school", "17"),
}


@pytest.mark.parametrize("role", list(JOURNEYS))
def test_each_role_walks_a_journey_to_its_end_with_the_buttons(services: Stack, browser: WebDriver, role: str) -> None:
    wait = _fresh_page(services, browser)
    before = len(_bot_messages(browser))
    browser.find_element(By.CSS_SELECTOR, f'.welcome [data-role="{role}"]').click()
    wait.until(lambda d: len(_bot_messages(d)) > before)
    situation, fact = JOURNEYS[role]
    before = len(_bot_messages(browser))
    browser.find_element(By.ID, "message").send_keys(situation, Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    # Answer each question of the journey with its first button (never "Weet ik niet"), up to the end.
    answered = 0
    while "Maak een samenvatting" not in _button_titles(browser):
        choices = [t for t in _button_titles(browser) if t != "Weet ik niet"]
        assert choices, f"the journey stopped without its end: {_bot_messages(browser)[-1].text}"
        assert answered < 8, "the journey did not end within eight answers"
        before = _click_and_wait(browser, wait, choices[0])
        answered += 1
    assert answered >= 1, "the journey asked nothing: it was not walked"
    # The end: an answer with sources, and the case summary on its button, in the chat.
    assert _bot_messages(browser)[-1].find_elements(By.CSS_SELECTOR, ".sources") or any(
        m.find_elements(By.CSS_SELECTOR, ".sources") for m in _bot_messages(browser)[before:]
    )
    before = _click_and_wait(browser, wait, "Maak een samenvatting")
    summary = " ".join(m.text for m in _bot_messages(browser)[before:])
    assert fact in summary
    _no_policy_violations(browser)


def test_links_in_answers_open_safely(services: Stack, browser: WebDriver) -> None:
    wait = _fresh_page(services, browser)
    before = len(_bot_messages(browser))
    browser.switch_to.active_element.send_keys("hoe vragen we bednet aan", Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    links = browser.find_elements(By.CSS_SELECTOR, "#log a")
    assert links, "the Bednet answer gives its website"
    for link in links:
        assert link.get_attribute("href").startswith(("https://", "http://"))
        assert set((link.get_attribute("rel") or "").split()) >= {"noopener", "noreferrer"}
        assert link.get_attribute("target") == "_blank"
    _no_policy_violations(browser)


def test_keyboard_only_from_the_role_button_to_the_case_summary(services: Stack, browser: WebDriver) -> None:
    wait = _fresh_page(services, browser)
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": services.api, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    _focus_backwards(browser, lambda e: e.get_attribute("data-role") == "parent")
    before = len(_bot_messages(browser))
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    # The focus is back in the message field: type the situation.
    assert browser.switch_to.active_element.get_attribute("id") == "message"
    before = len(_bot_messages(browser))
    browser.switch_to.active_element.send_keys("mijn zoon is 16 en wil stoppen met school", Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before and "?" in _bot_messages(d)[-1].text)
    # The journey asks the wish: choose "werken" with the keyboard.
    _focus_backwards(browser, lambda e: e.tag_name == "button" and "erken" in e.text)
    before = len(_bot_messages(browser))
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    # The journey's end: the answer for that wish, with the button for the case summary.
    assert "Maak een samenvatting" in " ".join(m.text for m in _bot_messages(browser)[before:])
    # Copy the case summary from the toolbar, keyboard only.
    browser.find_element(By.ID, "message").send_keys("")  # the focus in the field, as after an answer
    _focus_backwards(browser, lambda e: e.get_attribute("id") == "copy-summary")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    status = browser.find_element(By.ID, "status")
    wait.until(lambda d: status.text != "")
    assert status.text == "De samenvatting staat op het klembord. Plak ze waar je wil."
    copied = browser.execute_async_script("navigator.clipboard.readText().then(arguments[0])")
    assert "16" in copied and "werken" in copied.lower()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT_DIR / "chat-outflow-summary.png"))
    _no_policy_violations(browser)


def test_a_print_shows_the_conversation_without_controls(services: Stack, browser: WebDriver) -> None:
    wait = _fresh_page(services, browser)
    before = len(_bot_messages(browser))
    browser.switch_to.active_element.send_keys("wat is naft?", Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        for hidden in ("form", ".toolbar", ".welcome", ".feedback"):
            assert not browser.find_element(By.CSS_SELECTOR, hidden).is_displayed(), hidden
        assert _bot_messages(browser)[before].is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_new_conversation_starts_afresh(services: Stack, browser: WebDriver) -> None:
    wait = _fresh_page(services, browser)
    before = len(_bot_messages(browser))
    browser.switch_to.active_element.send_keys("wat is naft?", Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    old_session = browser.execute_script("return localStorage.getItem('afwezig-op-school-session')")
    assert old_session
    browser.find_element(By.ID, "restart").click()
    assert browser.find_elements(By.CSS_SELECTOR, ".msg.user") == []
    assert browser.execute_script("return localStorage.getItem('afwezig-op-school-session')") is None
    browser.refresh()
    assert browser.find_elements(By.CSS_SELECTOR, ".msg.user") == []
