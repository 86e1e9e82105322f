"""The chat page, the widget on another website and the dashboard in headless Chromium: feedback, embedding,
accessibility (axe-core, narrow screens, zoom) and the screenshots of the README."""

from __future__ import annotations

import importlib.util
import random
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy.orm import Session

from api.analytics import Analytics, TurnInfo
from bot.stack import Stack
from knowledge.db import make_engine
from tests.e2e.conftest import DASHBOARD_TOKEN, EMBEDDING_PORT

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Another site, that the allow-list does not name.
FOREIGN_PORT = EMBEDDING_PORT + 1
# The WCAG 2.0, 2.1 and 2.2 rules of levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def _axe_script() -> str:
    """axe-core as shipped by the pinned axe-playwright-python package (read, not imported: no Playwright used)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None and spec.submodule_search_locations, "pip install -r requirements/dev.txt"
    return (Path(next(iter(spec.submodule_search_locations))) / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(driver: WebDriver) -> list[str]:
    """The WCAG A/AA violations axe-core finds in the current page (and its same-origin frames)."""
    driver.execute_script(_axe_script())
    result: dict[str, Any] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done(r), e => done({error: String(e)}));",
        WCAG_AA,
    )
    assert "error" not in result, result
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def bot_messages(driver: WebDriver) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, ".msg.bot")


def fresh_page(services: Stack, driver: WebDriver, width: int = 1280, height: int = 900) -> WebDriverWait:  # type: ignore[type-arg]
    driver.set_window_size(width, height)
    driver.get(services.api + "/")
    driver.execute_script("localStorage.clear(); sessionStorage.clear()")
    driver.get(services.api + "/")
    driver.get_log("browser")  # the console afresh
    return WebDriverWait(driver, 60)


def ask(driver: WebDriver, wait: WebDriverWait, text: str) -> list[WebElement]:  # type: ignore[type-arg]
    """Type ``text`` and send it; the new bot messages."""
    before = len(bot_messages(driver))
    field = driver.find_element(By.ID, "message")
    field.send_keys(text, Keys.ENTER)
    wait.until(lambda d: len(bot_messages(d)) > before)
    return bot_messages(driver)[before:]


def no_horizontal_scroll(driver: WebDriver) -> None:
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow} px wider than the window"


# -- a school's website with the widget --------------------------------------------------------------------------
def _site(port: int, api: str) -> Iterator[str]:
    page = (
        '<!doctype html><html lang="nl-BE"><head><meta charset="utf-8"><title>Basisschool De Linde</title></head>'
        f"<body><main><h1>Basisschool De Linde</h1><p>Welkom op onze website.</p></main>"
        f'<script src="{api}/static/widget.js" defer></script></body></html>'
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def school_site(services: Stack) -> Iterator[str]:
    yield from _site(EMBEDDING_PORT, services.api)


@pytest.fixture(scope="module")
def foreign_site(services: Stack) -> Iterator[str]:
    yield from _site(FOREIGN_PORT, services.api)


def test_the_widget_opens_the_chat_on_an_allowed_site(services: Stack, browser: WebDriver, school_site: str) -> None:
    browser.set_window_size(1280, 900)
    browser.get(school_site)
    wait = WebDriverWait(browser, 60)
    launcher = wait.until(lambda d: d.find_element(By.ID, "afwezig-op-school-launcher"))
    assert launcher.get_attribute("aria-expanded") == "false"
    assert browser.find_elements(By.TAG_NAME, "iframe") == []  # nothing of the chat loads before it is opened
    launcher.send_keys(Keys.ENTER)
    frame = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#afwezig-op-school-panel iframe"))
    assert launcher.get_attribute("aria-expanded") == "true"
    assert frame.get_attribute("title") == "Chat: Afwezig op school"
    assert axe_violations(browser) == []
    browser.switch_to.frame(frame)
    try:
        wait.until(lambda d: d.find_elements(By.ID, "message"))
        assert "embedded" in browser.find_element(By.TAG_NAME, "body").get_attribute("class")
        replies = ask(browser, wait, "wat is naft?")
        assert "NAFT" in replies[0].text
        assert axe_violations(browser) == []
    finally:
        browser.switch_to.default_content()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / "widget-1280.png"))
    browser.find_element(By.ID, "afwezig-op-school-close").click()
    assert not browser.find_element(By.ID, "afwezig-op-school-panel").is_displayed()
    assert browser.switch_to.active_element.get_attribute("id") == "afwezig-op-school-launcher"


def test_a_site_not_on_the_allow_list_cannot_show_the_chat(
    services: Stack, browser: WebDriver, foreign_site: str
) -> None:
    browser.get(foreign_site)
    wait = WebDriverWait(browser, 60)
    wait.until(lambda d: d.find_element(By.ID, "afwezig-op-school-launcher")).click()
    frame = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#afwezig-op-school-panel iframe"))
    browser.switch_to.frame(frame)
    try:
        # The browser refuses the frame (Content-Security-Policy frame-ancestors): no chat in it.
        WebDriverWait(browser, 5).until(lambda d: d.execute_script("return document.readyState") == "complete")
        assert browser.find_elements(By.ID, "message") == []
    finally:
        browser.switch_to.default_content()


# -- feedback and the dashboard ------------------------------------------------------------------------------------
def test_feedback_with_a_comment_reaches_the_dashboard(services: Stack, browser: WebDriver) -> None:
    wait = fresh_page(services, browser)
    answer = ask(browser, wait, "wat doet ROTS?")[0]
    assert "ROTS" in answer.text
    answer.find_element(By.CSS_SELECTOR, '.thumb[data-rating="down"]').send_keys(Keys.ENTER)
    field = answer.find_element(By.CSS_SELECTOR, ".feedback input")
    assert browser.switch_to.active_element == field  # the comment field gets the focus
    field.send_keys("Ik mis het telefoonnummer 0470 12 34 56", Keys.ENTER)
    wait.until(lambda d: "Bedankt voor je reactie." in answer.text)
    figures = httpx.get(
        services.api + "/api/v1/dashboard", headers={"Authorization": f"Bearer {DASHBOARD_TOKEN}"}, timeout=30
    ).json()
    comments = [c["comment"] for c in figures["comments"]]
    assert any(c.startswith("Ik mis het telefoonnummer") and "0470" not in c for c in comments), comments


def seed_fortnight(database_url: str) -> tuple[int, int]:
    """A fortnight of made-up usage in the stack's database, so that the plots and the screenshots show a
    realistic dashboard: (conversations, messages) written. Fixed random seed: the same rows every run."""
    rng = random.Random(7)
    topics = [
        ("ask_b_code_steps", "code:B", "b_code_form"),
        ("ask_what_is", "partner:clb", None),
        ("ask_illness_support", "partner:bednet", "illness_form"),
        ("ask_outflow", None, "outflow_form"),
        ("ask_what_is", "partner:naft", None),
        ("ask_which_code", "code:R", "which_code_form"),
    ]
    unplaced = ["wat kost een nieuwe fiets", "mag mijn kind op reis in mei", "hoe laat begint de school"]
    now = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0)
    engine = make_engine(database_url)
    conversations = messages = 0
    try:
        with Session(engine) as session:
            analytics = Analytics(session)
            for day in range(14, 0, -1):
                for n in range(rng.randint(2, 7)):
                    sid = f"demo-{day}-{n}-0123456789"
                    role = rng.choice(["staff", "staff", "parent", "youth", None])
                    at = now - timedelta(days=day, minutes=rng.randint(0, 600))
                    intent, topic, journey = rng.choice(topics)
                    analytics.record_turn(sid, role, TurnInfo(intent, topic, journey_started=journey), None, at)
                    messages += 1
                    if journey and rng.random() < 0.7:
                        analytics.record_turn(sid, role, TurnInfo("inform", journey_finished=journey), None, at)
                        messages += 1
                    if rng.random() < 0.2:
                        question = rng.choice(unplaced)
                        analytics.record_turn(sid, role, TurnInfo("nlu_fallback", fallback=True), question, at)
                        messages += 1
                    if rng.random() < 0.4:
                        rating = "up" if rng.random() < 0.75 else "down"
                        analytics.record_feedback(sid, role, rating, topic, None, at)
                    conversations += 1
            session.commit()
    finally:
        engine.dispose()
    return conversations, messages


def test_the_dashboard_needs_its_token_and_passes_the_scan(services: Stack, browser: WebDriver) -> None:
    seeded_conversations, seeded_messages = seed_fortnight(services.env["DATABASE_URL"])
    # A conversation that the assistant cannot place, so that the dashboard has one to show (masked).
    wait = fresh_page(services, browser)
    ask(browser, wait, "wat kost een nieuwe fiets")
    totals = httpx.get(
        services.api + "/api/v1/dashboard", headers={"Authorization": f"Bearer {DASHBOARD_TOKEN}"}, timeout=30
    ).json()["totals"]
    assert totals["conversations"] >= seeded_conversations + 1 and totals["messages"] >= seeded_messages + 1
    assert httpx.get(services.api + "/dashboard", timeout=30).status_code == 401
    assert httpx.get(services.api + "/api/v1/dashboard.csv", timeout=30).status_code == 401
    for width in (1280, 360):
        browser.set_window_size(width, 1000)
        browser.get(f"{services.api}/dashboard?token={DASHBOARD_TOKEN}")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Dashboard Afwezig op school"
        assert browser.find_elements(By.CSS_SELECTOR, "svg")
        assert axe_violations(browser) == []
        browser.save_screenshot(str(SCREENSHOTS / f"dashboard-{width}.png"))
    violations = [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
    assert violations == []


# -- the chat page: scan, narrow screen, zoom, screenshots ---------------------------------------------------------
def test_the_chat_page_passes_the_scan_mid_journey_with_a_source_open(services: Stack, browser: WebDriver) -> None:
    wait = fresh_page(services, browser)
    assert axe_violations(browser) == []  # the welcome
    browser.find_element(By.CSS_SELECTOR, '[data-role="staff"]').click()
    wait.until(lambda d: len(bot_messages(d)) > 1)
    replies = ask(browser, wait, "een leerling van 15 heeft al 6 B-codes, wat nu?")
    answer = next(r for r in replies if r.find_elements(By.CSS_SELECTOR, ".sources"))
    answer.find_element(By.CSS_SELECTOR, ".sources summary").click()
    assert answer.find_element(By.CSS_SELECTOR, ".sources ul").is_displayed()
    assert axe_violations(browser) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    details = answer.find_element(By.CSS_SELECTOR, ".sources")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", details)
    browser.save_screenshot(str(SCREENSHOTS / "chat-1280.png"))
    browser.set_window_size(360, 800)
    no_horizontal_scroll(browser)
    assert axe_violations(browser) == []
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", details)
    browser.save_screenshot(str(SCREENSHOTS / "chat-360.png"))


@pytest.mark.parametrize("width", [360, 640])
def test_the_chat_reflows_on_a_phone_and_at_200_percent_zoom(services: Stack, browser: WebDriver, width: int) -> None:
    # 640 CSS pixels is a 1280 px wide window at 200 % zoom.
    wait = fresh_page(services, browser, width=width, height=800)
    no_horizontal_scroll(browser)
    replies = ask(browser, wait, "hoe vragen we bednet aan")
    no_horizontal_scroll(browser)
    for control in browser.find_elements(By.CSS_SELECTOR, "button, textarea"):
        if control.is_displayed():
            size = control.size
            assert size["width"] >= 24 and size["height"] >= 24, control.text  # WCAG 2.2 target size (2.5.8)
    assert replies[0].is_displayed()


def test_the_scan_can_fail(services: Stack, browser: WebDriver) -> None:
    # The scan is not a formality: a control without a name and an image without text are found.
    fresh_page(services, browser)
    browser.execute_script(
        "const main = document.querySelector('main');"
        "main.appendChild(document.createElement('button'));"
        "const i = document.createElement('img'); i.src = '/static/none.png'; main.appendChild(i);"
    )
    found = " ".join(axe_violations(browser))
    assert "button-name" in found and "image-alt" in found
