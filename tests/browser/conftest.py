"""Real Chromium against a real `streamlit run` on a free port; a missing browser fails loudly.

The helpers every browser test shares live here once: the server (bench/server.py's, the one the
benchmarks use too) and, on each Visit, the count line, the share link and waiting for the page.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bench.redraw import CHROMIUM_ARGS, QUIET_MS, SETTLED_JS
from bench.server import Server, streamlit_server

CHROMIUM = Path("/usr/bin/chromium")
# Every wait and expect(...) in these tests: generous, for a cold server on a busy CI machine.
WAIT_MS = 60_000
COUNT = re.compile(r"^Showing [\d,]+ of [\d,]+ events$")
_PROBE = re.compile(r"^/(?:[^/]+/)+_stcore/(health|host-config)$")
_PROBE_MESSAGE = "Failed to load resource: the server responded with a status of 404 (Not Found)"


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """The dashboard on the bundled data, shared by the tests that need nothing else."""
    with streamlit_server() as running:
        yield running


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's chromium"
            " (apt-get install -y chromium fonts-noto-cjk; .ci/run does this)."
        )
    expect.set_options(timeout=WAIT_MS)  # every expect(...) waits this long unless told
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

    def count(self) -> str:
        """The count line ('Showing 35 of 256 events'), once the page shows one."""
        line = self.page.get_by_text(COUNT)
        expect(line).to_be_visible()
        return line.inner_text()

    def expect_count(self, shown: int, total: int) -> None:
        """Wait until the count line reads 'Showing {shown} of {total} events'."""
        line = self.page.get_by_text(COUNT)
        expect(line).to_have_text(f"Showing {shown:,} of {total:,} events")

    def settle(self) -> None:
        """Wait until the network is idle, the script has run and the page has stopped changing."""
        self.page.wait_for_load_state("networkidle")
        self.page.wait_for_function(SETTLED_JS, arg=QUIET_MS, polling=100)

    def share_link(self) -> str:
        """Open the Share popover and read the link it offers."""
        self.page.get_by_role("button", name="Share").click()
        code = self.page.get_by_test_id("stPopoverBody").locator("code").first
        expect(code).to_be_visible()
        return code.inner_text().replace("\n", "")

    def expect_details(self, event_id: str) -> None:
        """The event's details are open where the reader is looking, and named in the address."""
        expect(self.page).to_have_url(re.compile(f"[?&]event={re.escape(event_id)}(&|$)"))
        dialog = self.page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        expect(dialog).to_be_in_viewport()

    def expect_no_details(self) -> None:
        """No details dialog, and no event in the address."""
        expect(self.page.get_by_role("dialog")).to_have_count(0)
        expect(self.page).not_to_have_url(re.compile(r"[?&]event="))

    def assert_clean(self, host: str) -> None:
        """No exception element, no console error, no request to any host but `host`."""
        assert self.page.get_by_test_id("stException").count() == 0
        assert self.errors == []
        assert self.foreign_requests(host) == []


@pytest.fixture
def visit(browser: Browser) -> Iterator:
    """Open a URL in a fresh context, recording requests, console errors and page errors;
    `options` go to the context (a phone's viewport and user agent, a colour scheme)."""
    contexts = []

    def _open(url: str, **options) -> Visit:
        context = browser.new_context(**({"viewport": {"width": 1400, "height": 1000}} | options))
        context.set_default_timeout(WAIT_MS)
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
        with page.expect_download() as download:
            page.get_by_role("button", name="Snapshot (HTML)").click()
        path = tmp_path / "snapshot.html"
        download.value.save_as(path)
        context = browser.new_context()
        context.set_default_timeout(WAIT_MS)
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
