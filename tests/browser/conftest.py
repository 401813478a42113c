"""End-to-end browser tests: Playwright (Python, sync API) driving Debian's Chromium against `live_server`.

Skip / require rule
-------------------
Without the `playwright` package or without Chromium at /usr/bin/chromium (``PORTAL_CHROMIUM`` overrides the
path) every test in this folder is SKIPPED with the reason. With ``PORTAL_REQUIRE_BROWSER=1`` (CI sets it) the
same situation FAILS each test instead, so a CI machine that lost its browser cannot pass silently.
No new pytest marker is used (the suite runs with --strict-markers); the folder is the selection.

Other things this file takes care of
------------------------------------
* The browser is installed by apt, never by ``playwright install``. It is started once per package with a
  throw-away profile whose only setting is Chrome's "download PDFs instead of opening them"
  (``plugins.always_open_pdf_externally``): headless Chromium otherwise previews an inline PDF and no download
  event is ever fired. Every test opens fresh, isolated contexts from that browser (``new_context``).
* Playwright's sync API keeps an asyncio loop running in the test thread, which trips Django's async-unsafe
  guard for ORM calls made by the tests: ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set for exactly as long as Playwright
  runs (the loop is stopped, and the variable restored, when the package is done).
* ``live_server`` needs a transactional database, which is flushed after each test. On SQLite the audit
  table's append-only trigger refuses that DELETE, so after each test the audit rows are removed with the
  trigger lifted for that one statement, then the trigger is put back (PostgreSQL flushes with TRUNCATE, which
  the row trigger does not see).
* A page that logs a console error (a JavaScript error, a Content-Security-Policy violation) fails the test.
* Each test saves a screenshot per step to ``test-artifacts/browser/<test-name>/<nn>-<step>.png`` (and a
  ``99-failure`` shot of every open page when it fails).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.fixtures.live import empty_audit_tables

REQUIRE_BROWSER = os.environ.get("PORTAL_REQUIRE_BROWSER") == "1"
CHROMIUM = Path(os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent

# Timeouts (ms): generous for a loaded CI machine, bounded so a broken page fails in seconds, not minutes.
ACTION_TIMEOUT = 15_000
NAVIGATION_TIMEOUT = 20_000


def browser_problem() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (pip install 'playwright>=1.50,<2'; never `playwright install`)"
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def _in_this_folder(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config, items):
    problem = browser_problem()
    if problem is None or REQUIRE_BROWSER:
        return
    skip = pytest.mark.skip(
        reason=f"browser test skipped: {problem}. Set PORTAL_REQUIRE_BROWSER=1 to make this a failure (CI does)."
    )
    for item in items:
        if _in_this_folder(item):
            item.add_marker(skip)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Required but missing: the test itself FAILS (not a setup error, not a skip)."""
    if REQUIRE_BROWSER and _in_this_folder(pyfuncitem):
        problem = browser_problem()
        if problem is not None:
            pytest.fail(f"PORTAL_REQUIRE_BROWSER=1 but {problem}", pytrace=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_browser_report_{report.when}", report)
    return report


# -- the browser ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def chromium(tmp_path_factory):
    """One headless Chromium for the whole folder (None when it cannot run: the hooks above skip or fail)."""
    if browser_problem() is not None:
        yield None
        return
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=ACTION_TIMEOUT)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    profile = tmp_path_factory.mktemp("chromium-profile")
    (profile / "Default").mkdir()
    (profile / "Default" / "Preferences").write_text(json.dumps({"plugins": {"always_open_pdf_externally": True}}))
    playwright = sync_playwright().start()
    try:
        holder = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            assert holder.browser is not None, "this Playwright version gives no Browser for a persistent context"
            yield holder.browser
        finally:
            holder.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(chromium, live_server, request):
    """`new_context(**options)`: an isolated browser context (own cookies) on the live server, in Chinese.

    Options are Playwright's `Browser.new_context` ones, e.g. `java_script_enabled=False`.
    """
    contexts = []
    errors: list[str] = []

    def console(message) -> None:
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(f"console error at {message.location.get('url')}: {message.text}")

    def make(**options):
        options = {
            "base_url": live_server.url,
            "locale": "zh-CN",
            "timezone_id": "Asia/Shanghai",
            "accept_downloads": True,
            "viewport": {"width": 1280, "height": 900},
        } | options
        context = chromium.new_context(**options)
        context.set_default_timeout(ACTION_TIMEOUT)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT)
        context.on("console", console)  # JavaScript errors and Content-Security-Policy violations
        context.on("weberror", lambda error: errors.append(f"uncaught JavaScript error: {error.error}"))
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "_browser_report_call", None)
    if report is not None and report.failed:
        folder = _artifact_folder(request)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                try:
                    page.screenshot(path=str(folder / f"99-failure-{i}{j}.png"), full_page=True, timeout=5_000)
                except Exception:  # noqa: BLE001 - a failure shot must never hide the real failure
                    pass
    for context in contexts:
        context.close()
    assert not errors, "the pages logged errors:\n" + "\n".join(errors)


@pytest.fixture
def page(chromium, new_context):
    """A page in a fresh context: the common case of one person at one browser."""
    if chromium is None:
        return None  # no browser, yet required: the test itself fails (pytest_pyfunc_call above)
    return new_context().new_page()


# -- screenshots ---------------------------------------------------------------------------------------------------


def _artifact_folder(request) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    folder = Path(str(request.config.rootpath)) / "test-artifacts" / "browser" / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Shots:
    """`shot(page, "step")` saves <nn>-<step>.png, numbered in the order taken."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def __call__(self, page, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{re.sub(r'[^A-Za-z0-9_.-]+', '-', step)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shot(request) -> Shots:
    folder = _artifact_folder(request)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Shots(folder)


# -- the server side -----------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Statement PDFs, uploads and attachments go to the test's own folder (the server thread sees it too)."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _audit_rows_removable(transactional_db):
    """Let the flush after a live-server test empty the append-only audit table on SQLite (see module doc)."""
    yield
    empty_audit_tables()
