"""The chat page in Debian's headless Chromium, used with the keyboard only."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from bot.stack import Stack

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "results" / "screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.fail("Chromium or chromedriver missing: bot/ensure_browser.sh installs them")
    profile = tempfile.mkdtemp(prefix="chromium-e2e-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1000,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


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
    sources = answer.find_element(By.CSS_SELECTOR, ".sources")
    assert "actoren.2" in sources.text and "actieplan.1.2" in sources.text
    # The input is cleared once the answer arrived and keeps the focus.
    field = browser.find_element(By.ID, "message")
    assert field.get_attribute("value") == ""
    assert browser.switch_to.active_element.get_attribute("id") == "message"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOT_DIR / "chat-b-codes.png"))
    # A reload shows the same conversation again.
    browser.refresh()
    wait.until(lambda d: any("signaleert de school" in m.text for m in _bot_messages(d)))
    reloaded = next(m for m in _bot_messages(browser) if "signaleert de school" in m.text)
    assert "actoren.2" in reloaded.find_element(By.CSS_SELECTOR, ".sources").text


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
    assert mine.text == markup
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
    finally:
        services.start("rasa")
        services.wait_healthy()
    before = len(_bot_messages(browser))
    retry.send_keys(Keys.ENTER)
    wait.until(lambda d: len(_bot_messages(d)) > before)
    assert "NAFT" in _bot_messages(browser)[before].text
    assert browser.find_element(By.ID, "message").get_attribute("value") == ""
    assert browser.find_element(By.ID, "error").is_displayed() is False
