"""Browser redraw: how long real Chromium takes from choosing a pair until the page is quiet."""

import argparse
import time

from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.scenario import CHANGES
from dashboard.core.countries import PAIRS

CHROMIUM = "chromium"  # Debian's, found on PATH, as the browser tests use it
CHROMIUM_ARGS = [  # the browser tests launch it the same way
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUIET_MS = 500  # the page has finished redrawing when its DOM has not changed for this long
# Settled, for the browser tests and deploy/check.py: the script is not running and the DOM
# has not changed for `quiet` ms (the observer is installed on the first call, so the first
# call waits at least that long).
SETTLED_JS = """(quiet) => {
  if (!window.__settle) {
    const s = (window.__settle = {last: performance.now()});
    new MutationObserver(() => { s.last = performance.now(); }).observe(
      document.body, {attributes: true, childList: true, subtree: true, characterData: true});
  }
  const app = document.querySelector('[data-testid=stApp]');
  return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
    && performance.now() - window.__settle.last > quiet;
}"""

# In the page, before the app's own code: the time of the last websocket message received. The
# script-state attribute alone cannot say that a rerun happened: React may batch a fast run's
# "running" and "notRunning" into one render, so the attribute never changes.
WEBSOCKET_JS = """(() => {
  window.__received = 0;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { window.__received = performance.now(); });
    }
  };
})();"""
# When the change was made (pointer down on an option or on "Clear value"), and when the frame
# after the DOM's last mutation was painted.
OBSERVE_JS = """() => {
  const b = (window.__bench = {down: null, last: performance.now(), painted: 0});
  new MutationObserver(() => {
    b.last = performance.now();
    requestAnimationFrame(() => setTimeout(() => { b.painted = performance.now(); }));
  }).observe(document.body, {attributes: true, childList: true, subtree: true,
                             characterData: true});
  document.addEventListener('pointerdown', (e) => {
    if (e.target.closest('[role=option], button[aria-label="Clear value"]')) {
      b.down = performance.now();
    }
  }, true);
}"""
# Finished: the script is not running, and neither the DOM nor the socket moved for QUIET_MS.
QUIET_JS = f"""() => {{
  const app = document.querySelector('[data-testid=stApp]');
  const last = Math.max(window.__bench.last, window.__received);
  return app.getAttribute('data-test-script-state') === 'notRunning'
    && performance.now() - last > {QUIET_MS};
}}"""
# The redraw took until the later of the last message and the paint after the last mutation (a
# rerun that changes nothing in the DOM still ends with its last message).
DONE_JS = f"""() => {{
  const b = window.__bench;
  return b.down !== null && window.__received > b.down && ({QUIET_JS})()
    ? Math.max(b.painted, window.__received) - b.down : null;
}}"""


def redraw_ms(browser: Browser, url: str, args: argparse.Namespace) -> dict:
    """From choosing a pair in the page until the script has run and the DOM is quiet again.

    A page that takes longer than --browser-timeout is a result, not a failure: `timed_out`.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    wait = {"timeout": args.browser_timeout * 1000, "polling": 50}
    timings: list[float] = []
    try:
        page = context.new_page()
        page.add_init_script(WEBSOCKET_JS)
        page.goto(url, timeout=wait["timeout"])
        page.evaluate(OBSERVE_JS)
        deadline = time.monotonic() + args.budget
        for i in range(args.browser_runs):
            page.wait_for_function(QUIET_JS, **wait)
            change_in_page(page, CHANGES[i % len(CHANGES)])
            timings.append(page.wait_for_function(DONE_JS, **wait).json_value())
            if page.locator("[data-testid=stException]").count():
                raise RuntimeError(f"{url}: the page shows an exception")
            if i >= 2 and time.monotonic() > deadline:
                break
    except PlaywrightTimeout:
        return {"timings": timings, "timed_out": True}
    finally:
        context.close()
    return {"timings": timings, "timed_out": False}


def change_in_page(page: Page, change: str | None) -> None:
    # The visible Pair menu shows names (its bound twin, which keeps the id, is hidden); its
    # options come in PAIRS order, so the change is picked by position, whatever the names.
    select = page.locator(".st-key-pair_named, .st-key-pair").first  # the empty app: no twin
    if change is None:
        select.get_by_role("button", name="Clear value").click()
        return
    select.get_by_role("combobox").click()
    page.get_by_role("option").nth(PAIRS.index(change)).click()
