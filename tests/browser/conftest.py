"""Browser fixtures: the app served on a free local port, Chromium through playwright, a
`steps` helper that screenshots every page and checks it with axe-core, and the clock of the
second factor's codes that the tests move on instead of waiting."""

import datetime as dt
import os
import re
import shutil
import signal
import threading
from pathlib import Path

import pytest

from admin_app import create_app

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
BLOCKING_IMPACTS = ("serious", "critical")


class TotpClock:
    """The time TOTP steps are counted with while a browser test runs: the real time plus an
    offset. A test that needs a step the server would accept only later (a third login within
    30 seconds: each code is accepted once) moves the clock on instead of sleeping; the server
    still refuses every code of a step used before."""

    def __init__(self):
        self.offset = dt.timedelta()

    def advance(self, steps: int, interval: int = 30) -> None:
        self.offset += dt.timedelta(seconds=steps * interval)

    def shift(self, for_time):
        if isinstance(for_time, dt.datetime):
            return for_time + self.offset
        return for_time + self.offset.total_seconds()


totp_clock = TotpClock()


@pytest.fixture(autouse=True)
def controlled_totp_time(monkeypatch):
    """Both sides, the server checking a code and the test computing one, count TOTP steps on
    `totp_clock`: pyotp's timecode is shifted by its offset, for this test only."""
    import pyotp

    totp_clock.offset = dt.timedelta()
    timecode = pyotp.TOTP.timecode
    monkeypatch.setattr(pyotp.TOTP, "timecode",
                        lambda self, for_time: timecode(self, totp_clock.shift(for_time)))
    yield totp_clock
    totp_clock.offset = dt.timedelta()


# The app `live_server` serves (its task queue is what a test's consumer runs).
SERVED: dict = {}


@pytest.fixture(scope="session")
def live_server(app, database_url):
    """The base URL of a second app on the test database, with CSRF on, in a thread."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):
            """No access log: it would drown the failure output."""

    browser_app = create_app(
        {"DATABASE_URL": database_url, "WTF_CSRF_ENABLED": True, "SECRET_KEY": "browser",
         "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
         # Its own task queue (a consumer is started by the tests that need one) and files.
         "EXPORT_FOLDER": app.config["EXPORT_FOLDER"],
         "HUEY_SQLITE": str(Path(app.config["EXPORT_FOLDER"]) / "browser-huey.sqlite3")}
    )
    SERVED["app"] = browser_app
    server = make_server("127.0.0.1", 0, browser_app, threaded=True,
                         request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="browser-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


def chromium_path() -> str | None:
    """The Chromium to drive: $CHROMIUM if set, else `chromium` found on PATH."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole run; the tests are skipped where there is none."""
    executable = chromium_path()
    if not executable or not Path(executable).is_file():
        pytest.skip(f"Chromium not found (CHROMIUM={os.environ.get('CHROMIUM', '')!r}, "
                    "nor `chromium` on PATH)")
    sync_api = pytest.importorskip("playwright.sync_api")
    pytest.importorskip("axe_playwright_python")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context (no cookies) per test, German, with the server as base URL."""
    context = chromium.new_context(
        base_url=live_server, locale="de-DE", timezone_id="Europe/Berlin",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    # The Content-Security-Policy forbids inline scripts: every violation is a defect.
    page.csp_violations = []
    page.on("console", lambda message: page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """The axe-core violations on `page` of impact serious or critical."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict]) -> str:
    """Rule id, impact, help text and the CSS targets of every violation, one per line."""
    lines = []
    for violation in violations:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                     f"-> {targets}")
    return "\n".join(lines)


class Steps:
    """Numbered steps of one test: a screenshot and an axe-core check of each page."""

    def __init__(self, page, directory: Path):
        self.page = page
        self.directory = directory
        self.number = 0

    def __call__(self, name: str) -> None:
        """Record the current page as step `name` and fail on serious accessibility errors."""
        self.page.wait_for_load_state("load")
        self.number += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        self.page.screenshot(path=self.directory / f"{self.number:02d}-{slug}.png", full_page=True)
        if self.page.csp_violations:
            pytest.fail(f"Content-Security-Policy violations up to step {self.number} '{name}' "
                        f"({self.page.url}):\n" + "\n".join(self.page.csp_violations),
                        pytrace=False)
        violations = axe_violations(self.page)
        if violations:
            pytest.fail(
                f"axe-core found serious/critical violations at step {self.number} '{name}' "
                f"({self.page.url}):\n{describe_violations(violations)}",
                pytrace=False,
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep the outcome of each phase on the test item for the `steps` teardown."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def steps(page, request):
    """The step recorder; screenshots go to test-artifacts/browser/<test name>/.

    A failing test also leaves a screenshot of the page it failed on."""
    directory = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    recorder = Steps(page, directory)
    yield recorder
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        page.screenshot(path=directory / f"{recorder.number + 1:02d}-failed.png", full_page=True)


@pytest.fixture
def consumer():
    """A real consumer of the served app's queue, started on demand, stopped afterwards."""
    from huey.consumer import Consumer

    huey = SERVED["app"].extensions["fallakte_tasks"].huey
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM,
                                                       signal.SIGHUP)}
    running = []

    def start():
        worker = Consumer(huey, workers=1, worker_type="thread", periodic=False)
        worker.start()
        running.append(worker)

    yield start
    for worker in running:
        worker.stop(graceful=True)
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    huey.flush()
