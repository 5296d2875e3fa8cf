"""Real Chromium against a real `streamlit run` on a free port; a missing browser fails loudly."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 90
_PROBE = re.compile(r"^/(?:[^/]+/)+_stcore/(health|host-config)$")
_PROBE_MESSAGE = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_health(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            health = f"{base}/_stcore/health"  # http on loopback only
            with urllib.request.urlopen(health, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer {base}/_stcore/health in {STARTUP_SECONDS}s")


@dataclass
class Server:
    """A running app: its base URL and the process behind it."""

    base: str
    process: subprocess.Popen

    @property
    def host(self) -> str:
        return urlsplit(self.base).netloc


def start_server(
    data: Path | None = None,
    extra_args: tuple[str, ...] = (),
    base_path: str = "",
    app_args: tuple[str, ...] = (),
) -> Server:
    """Start `streamlit run dashboard/app.py` from the repo root (so .streamlit/ applies)."""
    port = _free_port()
    env = dict(os.environ)
    env.pop("FOUR_CAPITALS_DATA", None)
    env.pop("FOUR_CAPITALS_GDELT", None)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard/app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        *extra_args,
        *(("--server.baseUrlPath", base_path) if base_path else ()),
    ]
    if data is not None or app_args:
        command += ["--", *(("--data", str(data)) if data is not None else ()), *app_args]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(f"{base}/{base_path}".rstrip("/"), process)
    except RuntimeError:
        process.kill()
        raise
    return Server(base, process)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    running = start_server()
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium"
            " (apt-get install -y chromium fonts-noto-cjk; .ci/run does this)."
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """A page plus everything it requested and every error it logged."""

    page: Page
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Console and page errors, less the 404s of Streamlit's own base-path probe.

        Opening a page path directly (/timeline) makes Streamlit's frontend try
        /timeline/_stcore/health and /timeline/_stcore/host-config before the root ones
        (streamlit/streamlit#7074, open). Exactly those 404s are discounted, nothing else.
        """
        probes = [u for u in self.failed if _PROBE.search(urlsplit(u).path)]
        errors = list(self.console_errors)
        for _ in probes:
            if _PROBE_MESSAGE in errors:
                errors.remove(_PROBE_MESSAGE)
        return errors

    def foreign_requests(self, host: str) -> list[str]:
        """Requests to any host but `host` (data: and blob: URLs stay in the page)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != host
        ]


@pytest.fixture
def visit(browser: Browser) -> Iterator:
    """Open a URL in a fresh context, recording requests, console errors and page errors."""
    contexts = []

    def _open(url: str) -> Visit:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda msg: msg.type == "error" and seen.console_errors.append(msg.text))
        page.on("pageerror", lambda err: seen.console_errors.append(str(err)))
        page.on("response", lambda r: r.status == 404 and seen.failed.append(r.url))
        # alert() from injected data would open a dialog: record it, dismiss it, fail on it.
        page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        return seen

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def offline_snapshot(browser, tmp_path):
    """Download the page's snapshot, then open it from disk in an offline context."""
    contexts = []

    def _open(page: Page) -> Visit:
        page.get_by_role("button", name="Download", exact=True).click()
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Snapshot (HTML)").click()
        path = tmp_path / "snapshot.html"
        download.value.save_as(path)
        context = browser.new_context()
        contexts.append(context)
        context.set_offline(True)
        seen = Visit(context.new_page())
        seen.page.on("request", lambda request: seen.requests.append(request.url))
        seen.page.on("dialog", lambda d: (seen.dialogs.append(d.message), d.dismiss()))
        seen.page.goto(path.as_uri())
        return seen

    yield _open
    for context in contexts:
        context.close()
