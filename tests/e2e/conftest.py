"""Start the real services once for the end-to-end tests (see bot/stack.py): action server, Rasa server
with the trained model, and the API, on their own loopback ports with their own SQLite files.

They refuse to run against a leftover stack (a port in use) and stop their children when pytest is killed."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver

from bot.stack import MODEL, RASA, PortsInUse, Stack

PORTS = {"actions": 15055, "rasa": 15005, "api": 18000}
# A website of a school that embeds the chat widget (tests/e2e/test_widget.py serves it on this port), and the
# dashboard's token of the test stack.
EMBEDDING_PORT = 18100
DASHBOARD_TOKEN = "e2e-dashboard-token"


@pytest.fixture(scope="session")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists() or not RASA.exists():
        message = f"end-to-end tests need the trained model {MODEL} and .venv-rasa: run `make test`"
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    stack = Stack.prepare(tmp_path_factory.mktemp("e2e"), PORTS)
    stack.env.update({"EMBED_ORIGINS": f'["http://127.0.0.1:{EMBEDDING_PORT}"]', "DASHBOARD_TOKEN": DASHBOARD_TOKEN})
    try:
        # Refuses to start when a port is taken (a stack left behind); stops the children also when pytest is
        # killed (SIGTERM, SIGHUP).
        stack.start_all()
        yield stack
    except PortsInUse as exc:
        pytest.fail(f"end-to-end tests: {exc}")
    finally:
        stack.stop_all()


@pytest.fixture()
def api(services: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=services.api, timeout=60) as client:
        yield client


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
    # The console, to check that the Content-Security-Policy blocks nothing the page needs.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
