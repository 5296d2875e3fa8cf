"""First load and redraw of every page in real Chromium, against an empty app with one chart (#15).

- First load: a fresh browser context (empty cache) opens the page; the time runs from the
  navigation's start (`performance.timeOrigin`) until the page has settled.
- Redraw: in an open page, the sidebar's pair is changed (bench/redraw.py's change); the time
  runs from pointer down on the option (or 'Clear value') until the page has settled again.

Settled: the count line (`Showing N of`) is there; every Plotly chart (`.js-plotly-plot`) has
drawn its `.main-svg`; every iframe's document has loaded and, when it holds a canvas (the
network page's vis-network graph), has drawn on it; stApp's script state is `notRunning`; no
fetch or XHR is pending; and for QUIET_MS nothing moved: no DOM mutation, canvas drawing or
websocket message, in the page or its iframes. Changes inside a canvas element are not
counted: they are its fallback content, which is never painted (st.dataframe's grid rebuilds
its screen-reader table there, debounced by 200 ms, after the grid has drawn). The time taken
is the latest of the last websocket message and the paint after the last DOM mutation or canvas
drawing.

The baseline, bench/empty_plotly_app.py, is measured in the same run, each of its runs next to
one of the page's (alternately before and after it), so that machine load weighs on both alike.
"""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.redraw import QUIET_MS, change_in_page
from bench.scenario import CHANGES, PAGES
from bench.server import ROOT, RestartingServer

EMPTY_PLOTLY_APP = ROOT / "bench" / "empty_plotly_app.py"
VIEWPORT = {"width": 1400, "height": 1000}
RETRIES = 2  # repeats of a measurement that a server stopped from outside broke
# What each app's tab title contains: a check that a page came from the server it should have.
APP_TITLE = "Four Capitals"
BASELINE_TITLE = "Empty app with one chart"
POLL_MS = 50

# In every document (the page and each iframe), before its own scripts: the times, in ms since
# the epoch (comparable across frames), of the last DOM mutation, canvas drawing and websocket
# message, the paint after each, the fetches and XHRs pending, and the pointer down of a change.
INIT_JS = """(() => {
  const now = () => performance.timeOrigin + performance.now();
  const b = (window.__bench = {last: now(), painted: 0, drawn: 0, drawnPainted: 0,
                               received: 0, pending: 0, fetched: 0, down: null});
  const after = (key) => requestAnimationFrame(() => setTimeout(() => { b[key] = now(); }));
  // A change inside a canvas is to its fallback content, which is never painted: the data
  // grid (st.dataframe) rebuilds its screen-reader table there 200 ms after it has drawn.
  const painted = (m) => {
    const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
    return !(node && node.closest('canvas'));
  };
  new MutationObserver((records) => {
    if (records.some(painted)) { b.last = now(); after('painted'); }
  }).observe(document, {attributes: true, childList: true, subtree: true, characterData: true});
  let waiting = false;
  const drew = () => {
    b.drawn = now();
    if (!waiting) {
      waiting = true;
      requestAnimationFrame(() => setTimeout(() => { waiting = false; b.drawnPainted = now(); }));
    }
  };
  const canvas = CanvasRenderingContext2D.prototype;
  for (const name of ['fill', 'stroke', 'fillRect', 'strokeRect', 'fillText', 'strokeText',
                      'drawImage', 'putImageData']) {
    const native = canvas[name];
    canvas[name] = function (...args) { drew(); return native.apply(this, args); };
  }
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { b.received = now(); });
    }
  };
  const fetch = window.fetch;
  window.fetch = function (...args) {
    b.pending++;
    return fetch.apply(this, args).finally(() => { b.pending--; b.fetched = now(); });
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    b.pending++;
    this.addEventListener('loadend', () => { b.pending--; b.fetched = now(); });
    return send.apply(this, args);
  };
  document.addEventListener('pointerdown', (e) => {
    if (e.target.closest('[role=option], button[aria-label="Clear value"]')) b.down = now();
  }, true);
})();"""

# Settled (see the docstring): the ms since the start (the navigation, or with `change` true the
# pointer down, after which a websocket message must have come), else null.
SETTLED_JS = f"""(change) => {{
  const now = () => performance.timeOrigin + performance.now();
  const top = window.__bench;
  const start = change ? top.down : performance.timeOrigin;
  if (start === null || (change && !(top.received > start))) return null;
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return null;
  if (!/Showing [\\d,]+ of/.test(document.body.textContent)) return null;
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {{
    if (!plot.querySelector('.main-svg')) return null;
  }}
  const states = [top];
  for (const frame of document.querySelectorAll('iframe')) {{
    const inner = frame.contentWindow, doc = frame.contentDocument;
    if (!inner || !doc || !inner.__bench || doc.readyState !== 'complete') return null;
    if (frame.hasAttribute('srcdoc') && doc.URL === 'about:blank') return null;
    if (doc.querySelector('canvas') && !inner.__bench.drawn) return null;
    states.push(inner.__bench);
  }}
  let moved = top.received, end = top.received;
  for (const s of states) {{
    if (s.pending > 0) return null;
    moved = Math.max(moved, s.last, s.drawn, s.fetched);
    end = Math.max(end, s.last, s.painted, s.drawn, s.drawnPainted);
  }}
  return now() - moved > {QUIET_MS} ? end - start : null;
}}"""


def page_url(base: str, view: str) -> str:
    """The address of a dashboard page: the overview is the root."""
    return f"{base}/" if view == "overview" else f"{base}/{view}"


def measure_pages(
    browser: Browser, app: RestartingServer, baseline: RestartingServer, args: argparse.Namespace
) -> dict:
    """Per page, `--page-runs` first loads and redraws of the app and of the baseline.

    Returns {"first": {view: {"app": [ms], "base": [ms]}}, "redraw": {...}, "errors": [...],
    "timed_out": [...], "restarts": [...]}. A page that fails or times out is not measured
    further; when a server was stopped from outside, it is started again, warmed up, and the
    measurement it broke is repeated (RETRIES times at most)."""
    result: dict = {"first": {}, "redraw": {}, "errors": [], "timed_out": [], "restarts": []}
    failed: set[str] = set()

    def app_load(view: str) -> float:
        return first_load_ms(browser, page_url(app.base, view), APP_TITLE, args)

    def base_load() -> float:
        return first_load_ms(browser, f"{baseline.base}/", BASELINE_TITLE, args)

    def log(view: str, what: str, times: dict) -> None:
        shown = ", ".join(
            f"{side} {' '.join(f'{t:.0f}' for t in ts)}" for side, ts in times.items()
        )
        print(f"  {page_url('', view)} {what} ms: {shown}", file=sys.stderr, flush=True)

    def attempt(view: str, what: str, measure: Callable[[], object]) -> object | None:
        for _ in range(RETRIES + 1):
            if view in failed:
                return None
            try:
                value = measure()
                # A server that stopped meanwhile may have left its port to another's server.
                if all(s.server.process.poll() is None for s in (app, baseline)):
                    return value
                error: Exception = RuntimeError("a server stopped during the measurement")
            except (PlaywrightTimeout, RuntimeError, PlaywrightError) as failure:
                error = failure
            revived = [n for n, s in (("app", app), ("baseline", baseline)) if s.revive()]
            if not revived:
                if isinstance(error, PlaywrightTimeout):
                    result["timed_out"].append(f"{view} {what}")
                else:
                    result["errors"].append(f"{view} {what}: {str(error).splitlines()[0]}")
                failed.add(view)
                return None
            result["restarts"].append(f"{' and '.join(revived)} during {view} {what}")
            print(f"  restarted {' and '.join(revived)}", file=sys.stderr, flush=True)
            warm_up([view] if "app" in revived and view in PAGES else [], "baseline" in revived)
        result["errors"].append(f"{view} {what}: servers stopped from outside {RETRIES + 1} times")
        failed.add(view)
        return None

    def warm_up(views: list[str], base: bool) -> None:
        # Untimed, so that no run pays the server's cold caches.
        for view in views:
            attempt(view, "first load (warm-up)", lambda v=view: app_load(v))
        if base and attempt("baseline", "first load (warm-up)", base_load) is None:
            failed.update(PAGES)

    warm_up(list(PAGES), base=True)
    if "baseline" in failed:
        result["errors"].append("the baseline app did not load: nothing measured")
        return result
    for view in PAGES:
        result["first"][view] = {"app": [], "base": []}
        result["redraw"][view] = {"app": [], "base": []}
    for i in range(args.page_runs):
        for view in PAGES:
            pair = [("app", lambda v=view: app_load(v)), ("base", base_load)]
            got = {}
            for side, measure in pair if i % 2 == 0 else pair[::-1]:
                ms = attempt(view, f"first load ({side})", measure)
                if ms is not None:
                    result["first"][view][side].append(ms)
                    got[side] = [ms]
            if got:
                log(view, f"first load, run {i + 1}", got)
    for view in PAGES:
        redraws = attempt(
            view,
            "redraws",
            lambda v=view: _redraws(browser, page_url(app.base, v), f"{baseline.base}/", args),
        )
        if redraws is not None:
            result["redraw"][view] = redraws
            log(view, "redraws", redraws)
    return result


def first_load_ms(browser: Browser, url: str, title: str, args: argparse.Namespace) -> float:
    """From the navigation's start in a fresh context (empty cache) until the page has settled;
    RuntimeError unless the tab's title has `title` in it."""
    context = _context(browser)
    try:
        page = context.new_page()
        page.goto(url, timeout=args.browser_timeout * 1000)
        return _settled(page, title, change=False, args=args)
    finally:
        context.close()


def _redraws(browser: Browser, url: str, empty: str, args: argparse.Namespace) -> dict:
    """The page and the baseline open side by side; the same change on each in turn, alternating
    which goes first. One untimed round of every change first (the server's caches per filter)."""
    contexts = [_context(browser), _context(browser)]
    try:
        pages = {"app": contexts[0].new_page(), "base": contexts[1].new_page()}
        titles = {"app": APP_TITLE, "base": BASELINE_TITLE}
        for side, address in (("app", url), ("base", empty)):
            pages[side].goto(address, timeout=args.browser_timeout * 1000)
            _settled(pages[side], titles[side], change=False, args=args)
        for change in CHANGES:
            for side, page in pages.items():
                _redraw_ms(page, titles[side], change, args)
        times: dict = {"app": [], "base": []}
        for i in range(args.page_runs):
            change = CHANGES[i % len(CHANGES)]
            for side in ("app", "base") if i % 2 == 0 else ("base", "app"):
                times[side].append(_redraw_ms(pages[side], titles[side], change, args))
        return times
    finally:
        for context in contexts:
            context.close()


def _redraw_ms(page: Page, title: str, change: str | None, args: argparse.Namespace) -> float:
    _settled(page, title, change=False, args=args)
    page.evaluate("() => { window.__bench.down = null; }")
    change_in_page(page, change)
    return _settled(page, title, change=True, args=args)


def _context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INIT_JS)
    return context


def _settled(page: Page, title: str, change: bool, args: argparse.Namespace) -> float:
    ms = page.wait_for_function(
        SETTLED_JS, arg=change, timeout=args.browser_timeout * 1000, polling=POLL_MS
    ).json_value()
    if page.locator("[data-testid=stException]").count():
        raise RuntimeError(f"{page.url}: the page shows an exception")
    if title not in page.title():
        raise RuntimeError(f"{page.url}: the tab's title is {page.title()!r}, without {title!r}")
    return ms


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as /proc/loadavg has them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
