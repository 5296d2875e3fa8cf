"""Fast at a million events (#9): load, script time, bytes, memory and redraw, per data size.

`make bench` runs `python bench/run.py`. For each size (`--sizes bundled,10000,...`; synthetic
folders from `python -m dashboard synth` are cached in bench/.cache/synth-N) it measures, each
in its own process so that nothing is warm by accident:

- the cold load (`load_dataset`) and the cached load (second `dashboard.views.loading.load` call,
  fingerprint included) in a fresh process, and that process's peak RSS;
- per page, the script time of one filter change (AppTest rerun) and its floor, the same query
  in bare pandas; the same change against an empty app is the floor for Streamlit itself;
- per page, the bytes the server sends for that change to a websocket client that speaks the
  browser's protocol (bench/load.py's approach), and the server's peak memory (VmHWM);
- for `--browser-sizes`, the time real Chromium takes to redraw the timeline after the change,
  against the empty app's.

The filter change is the sidebar's pair, cycled through CHANGES on every page and size. The
report (bench/results.md and stdout) ends with the targets of #9. The exit code is 0 even when a
target is missed (it is a measurement) and 1 when a measurement failed.
"""

import argparse
import asyncio
import json
import os
import platform
import resource
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import websockets
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest

from dashboard.core.dataset import folder_fingerprint, load_dataset
from dashboard.core.filters import Filters, apply_filters
from dashboard.views.loading import load

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
EMPTY_APP = ROOT / "bench" / "empty_app.py"
PAGES = ("overview", "timeline", "map", "network", "about", "seed")
CHANGES = ("PRK-RUS", "KOR-UKR", None)  # the sidebar's pair, cycled: the same change everywhere
BROWSER_PAGE = "timeline"
MILLION = "1000000"
MB = 1024 * 1024
RESULT = "BENCH-RESULT "  # a worker's last stdout line: this marker, then JSON
CHROMIUM = "chromium"  # Debian's, found on PATH, as the browser tests use it
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAX_CACHED_MESSAGE_AGE = 2  # Streamlit's global.maxCachedMessageAge, which the browser applies
QUIET_MS = 500  # the page has finished redrawing when its DOM has not changed for this long

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


METHOD = (
    "- Cold load: `load_dataset(folder)` in a fresh process, after its imports (the OS file cache"
    " is warm). Cached load: the second `dashboard.views.loading.load` call with the same"
    " arguments, `folder_fingerprint` included. Load process peak RSS: that process's `ru_maxrss`.",
    "- Script time: `AppTest.run()` after `selectbox(key='pair').set_value(...)`, once the page"
    " has run. Pandas floor: `apply_filters` + a monthly `groupby(...).size()` on the prepared"
    " events, same queries. Empty app: bench/empty_app.py, same change.",
    "- Bytes: the ForwardMsgs on the websocket from the rerun's BackMsg to `script_finished`, with"
    " the browser's message cache (hash references) emulated; lazily fetched dataframe rows and"
    " static files are not counted. Server peak: VmHWM of the `streamlit run` process at the end.",
    "- Redraw: from pointer down on the option (or 'Clear value') to the later of the last"
    " websocket message and the paint after the last DOM mutation, once stApp's"
    f" `data-test-script-state` is `notRunning` and nothing has moved for {QUIET_MS} ms.",
)


# --- numbers ---------------------------------------------------------------------------------


def _median(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def _p95(values: list[float] | None) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _get(row: dict, *path: str) -> object:
    """A nested value of a result, or None where a measurement is missing."""
    for key in path:
        row = row.get(key) if isinstance(row, dict) else None
    return row


def _ratio(value: float | None, floor: float | None) -> float | None:
    return value / floor if value is not None and floor else None


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _filters(change: str | None) -> Filters:
    return Filters(pair=tuple(change.split("-")) if change else None)


# --- workers: each runs in a fresh process and prints one RESULT line ------------------------


def _work_load(args: argparse.Namespace) -> dict:
    """Cold load, then the app's cached load hit (fingerprint included), then peak RSS."""
    folder = Path(args.folder)
    start = time.perf_counter()
    dataset = load_dataset(folder)
    cold = time.perf_counter() - start
    if dataset.problems:
        raise RuntimeError(f"{folder.name} has problems: {dataset.problems[0]}")
    events = len(dataset.events)
    del dataset
    load(str(folder), folder_fingerprint(folder), None, ())
    start = time.perf_counter()
    load(str(folder), folder_fingerprint(folder), None, ())
    cached = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB
    return {"events": events, "cold_s": cold, "cached_s": cached, "rss_mb": peak}


def _time_reruns(at: AppTest, args: argparse.Namespace) -> tuple[list[float], set[str]]:
    """Rerun after each change of the pair; return the times and the 'Showing' lines seen."""
    timings, shown = [], set()
    deadline = time.monotonic() + args.budget
    for i in range(args.runs):
        at.selectbox(key="pair").set_value(CHANGES[i % len(CHANGES)])
        start = time.perf_counter()
        at.run()
        timings.append(_ms(start))
        if at.exception:
            raise RuntimeError(f"exception during rerun: {at.exception[0].value}")
        shown |= {m.value for m in at.markdown if m.value.startswith("**Showing")}
        if i >= 2 and time.monotonic() > deadline:
            break
    return timings, shown


def _work_script(args: argparse.Namespace) -> dict:
    """Per page, AppTest reruns after the change; then the same queries in bare pandas."""
    sys.argv = [str(APP)]  # the app reads `--data` from argv before $FOUR_CAPITALS_DATA
    pages, errors, headers = {}, {}, set()
    for view in PAGES:
        at = AppTest.from_file(str(APP), default_timeout=args.timeout)
        at.query_params["view"] = view
        try:
            at.run()
            if at.exception:
                raise RuntimeError(f"exception on opening: {at.exception[0].value}")
            timings, shown = _time_reruns(at, args)
            if len(timings) > 1 and len(shown) < 2:
                raise RuntimeError(f"the pair filter changed nothing: {sorted(shown)}")
            pages[view] = timings
            headers.add(at.header[0].value if at.header else "")
        except RuntimeError as error:
            errors[view] = str(error)
    if len(headers) < len(pages):
        errors["views"] = f"{len(pages)} views opened {len(headers)} distinct pages"
    folder = Path(args.folder)
    events = load(str(folder), folder_fingerprint(folder), None, ())[0].events
    floor = []
    for i in range(args.runs):
        start = time.perf_counter()
        shown = apply_filters(events, _filters(CHANGES[i % len(CHANGES)]))
        shown.groupby(shown["span_start"].dt.to_period("M")).size()
        floor.append(_ms(start))
    return {"pages": pages, "errors": errors, "pandas": floor}


def _work_empty(args: argparse.Namespace) -> dict:
    """The empty app, rerun after the same change: what a Streamlit rerun costs at least."""
    at = AppTest.from_file(str(EMPTY_APP), default_timeout=args.timeout)
    at.run()
    return {"timings": _time_reruns(at, args)[0]}


WORKERS = {"load": _work_load, "script": _work_script, "empty": _work_empty}


def _env(folder: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOUR_CAPITALS_")}
    if folder is not None:
        env["FOUR_CAPITALS_DATA"] = str(folder)
    return env


def _spawn(worker: str, args: argparse.Namespace, folder: Path | None = None) -> dict:
    command = [sys.executable, __file__, "--worker", worker, "--runs", str(args.runs)]
    command += ["--budget", str(args.budget), "--timeout", str(args.timeout)]
    command += ["--folder", str(folder)] if folder else []
    done = subprocess.run(
        command, cwd=ROOT, env=_env(folder), capture_output=True, text=True, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if done.returncode != 0 or not lines:
        tail = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise RuntimeError(f"{worker} worker failed: {tail[0]}")
    return json.loads(lines[-1][len(RESULT) :])


# --- data folders ----------------------------------------------------------------------------


def _synth_available() -> bool:
    command = [sys.executable, "-m", "dashboard", "synth", "--help"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, check=False).returncode == 0


def _folder(size: str, cache: Path) -> Path:
    """The bundled data, or the cached synthetic folder of `size` events (made if missing)."""
    if size == "bundled":
        return ROOT / "data"
    folder = cache / f"synth-{size}"
    if folder.is_dir():
        return folder
    if not _synth_available():
        raise RuntimeError("`python -m dashboard synth` does not exist yet")
    partial = cache / f"synth-{size}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "dashboard", "synth", "--events", size, "--seed", "0"]
    done = subprocess.run(
        [*command, "--out", str(partial)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"synth failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    partial.rename(folder)  # only a finished folder gets the real name
    return folder


# --- a real server ---------------------------------------------------------------------------


class Server:
    """`streamlit run SCRIPT [-- --data FOLDER]` on a free port, its stderr kept for errors."""

    def __init__(self, script: Path, folder: Path | None, timeout: float) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        command = [sys.executable, "-m", "streamlit", "run", str(script.relative_to(ROOT))]
        command += ["--server.port", str(self.port), "--server.address", "127.0.0.1"]
        command += ["--server.headless", "true", "--server.fileWatcherType", "none"]
        command += ["--", "--data", str(folder)] if folder else []
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=_env(None), stdout=subprocess.DEVNULL, stderr=self.log
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{script.name}: the server did not answer /_stcore/health")

    def peak_mb(self) -> float:
        """The process's peak resident memory so far (VmHWM)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) * 1024 / MB

    def stop(self) -> list[str]:
        """Stop the server; return the tracebacks it logged (a server error fails the run)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.seek(0)
        text = self.log.read().decode(errors="replace")
        self.log.close()
        return [chunk.strip()[-300:] for chunk in text.split("Traceback")[1:]]


# --- bytes per interaction: the browser's websocket protocol ---------------------------------


class MessageCache:
    """The browser's ForwardMsg cache: what it holds, the server sends as a hash reference."""

    def __init__(self) -> None:
        self.runs = 0
        self.used: dict[str, int] = {}

    def note(self, msg: ForwardMsg) -> None:
        if msg.metadata.cacheable:
            self.used[msg.hash] = self.runs
        elif msg.WhichOneof("type") == "ref_hash":
            self.used[msg.ref_hash] = self.runs

    def finish_run(self) -> None:
        self.runs += 1
        self.used = {h: r for h, r in self.used.items() if self.runs - r <= MAX_CACHED_MESSAGE_AGE}


async def _rerun(
    ws, page: str, seen: dict, cache: MessageCache, pair: tuple[str | None, ...] = ()
) -> int:
    """Send a rerun as the browser does, with the pair's new value if `pair` holds one;
    return the bytes received until the run finished. `seen` collects what the run showed."""
    back = BackMsg()
    state = back.rerun_script
    state.page_name, state.query_string = page, seen.get("query", "")
    state.page_script_hash = seen.get("page_hash", "")
    state.cached_message_hashes.extend(cache.used)
    for value in pair:
        widget = state.widget_states.widgets.add()
        widget.id = seen["pair"]
        if value is not None:  # a widget state without a value is a cleared selectbox
            widget.string_value = value
    await ws.send(back.SerializeToString())
    total = 0
    while True:
        raw = await ws.recv()
        msg = ForwardMsg.FromString(raw)
        total += len(raw)
        cache.note(msg)
        kind = msg.WhichOneof("type")
        if kind == "navigation":  # the page that ran, as the browser learns it
            seen["page_hash"] = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            seen["query"] = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            _note_element(msg.delta.new_element, seen)
        elif (
            kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        ):
            cache.finish_run()
            if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                seen["exception"] = "the script did not finish"
            return total


def _note_element(element, seen: dict) -> None:
    kind = element.WhichOneof("type")
    if kind == "selectbox" and element.selectbox.id.endswith("-pair"):
        seen["pair"] = element.selectbox.id
    elif kind == "markdown" and element.markdown.body.startswith("**Showing"):
        seen.setdefault("shown", set()).add(element.markdown.body)
    elif kind == "exception":
        seen["exception"] = element.exception.message


async def _page_bytes(port: int, view: str, args: argparse.Namespace) -> tuple[str, list[int]]:
    """Open `view` in a new session, then apply each change; the page's script hash (to check
    that each view opened its own page) and the bytes of each rerun."""
    page = "" if view == "overview" else view
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    seen: dict = {}
    cache = MessageCache()
    sizes = []
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        await asyncio.wait_for(_rerun(ws, page, seen, cache), args.timeout)
        if "exception" in seen:
            raise RuntimeError(f"{view}, on opening: {seen['exception']}")
        if "pair" not in seen:
            raise RuntimeError(f"{view}: no pair selectbox in the page")
        opened = seen.get("page_hash", "")
        deadline = time.monotonic() + args.budget
        for i in range(args.runs):
            rerun = _rerun(ws, page, seen, cache, (CHANGES[i % len(CHANGES)],))
            sizes.append(await asyncio.wait_for(rerun, args.timeout))
            if "exception" in seen:
                raise RuntimeError(f"{view}: {seen['exception']}")
            if seen.get("page_hash") != opened:
                raise RuntimeError(f"{view}: the filter change left the page")
            if i >= 2 and time.monotonic() > deadline:
                break
    if len(sizes) > 1 and len(seen.get("shown", ())) < 2:
        raise RuntimeError(f"{view}: the pair filter changed nothing")
    return opened, sizes


def _run_apart(coroutine: Coroutine) -> object:
    """Run a coroutine in its own thread: Playwright's sync API holds this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


# --- browser redraw --------------------------------------------------------------------------


def _change_in_page(page: Page, change: str | None) -> None:
    select = page.locator("[data-testid=stSelectbox]").filter(has_text="Pair")
    if change is None:
        select.get_by_role("button", name="Clear value").click()
        return
    select.get_by_role("combobox").click()
    page.get_by_role("option", name=change, exact=True).click()


def _redraw_ms(browser: Browser, url: str, args: argparse.Namespace) -> dict:
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
            _change_in_page(page, CHANGES[i % len(CHANGES)])
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


# --- one size --------------------------------------------------------------------------------


def _measure_server(
    folder: Path, size: str, args: argparse.Namespace, browser: Browser | None
) -> dict:
    """Bytes per page, the browser's redraw (if asked), and the server's peak memory."""
    server = Server(APP, folder, args.timeout)
    result: dict = {"bytes": {}, "errors": []}
    try:
        opened = set()
        for view in PAGES:
            try:
                page_hash, result["bytes"][view] = _run_apart(_page_bytes(server.port, view, args))
                opened.add(page_hash)
            except (RuntimeError, OSError, TimeoutError, websockets.WebSocketException) as error:
                result["errors"].append(f"bytes, {error}")
        if len(opened) < len(result["bytes"]):
            result["errors"].append(
                f"bytes: {len(result['bytes'])} views opened {len(opened)} pages"
            )
        if browser is not None and size in args.browser_sizes:
            try:
                result["redraw"] = _redraw_ms(browser, f"{server.base}/{BROWSER_PAGE}", args)
            except (RuntimeError, PlaywrightError) as error:
                result["errors"].append(f"browser redraw: {error}")
        result["server_mb"] = server.peak_mb()
    finally:
        result["errors"] += [f"server error: {t}" for t in server.stop()]
    return result


def _measure_size(size: str, args: argparse.Namespace, browser: Browser | None) -> dict:
    row: dict = {"size": size, "errors": []}
    try:
        folder = _folder(size, args.cache)
        row["load"] = _spawn("load", args, folder)
        row["script"] = _spawn("script", args, folder)
        row["errors"] += [f"{view}: {e}" for view, e in row["script"]["errors"].items()]
        server = _measure_server(folder, size, args, browser)
        row["errors"] += server.pop("errors")
        row.update(server)
    except Exception as error:  # a failed size is reported; the other sizes still run
        row["errors"].append(f"{type(error).__name__}: {error}")
    row["errors"] = [f"{_label(size)}: {e}" for e in row["errors"]]
    return row


# --- report ----------------------------------------------------------------------------------


def _label(size: str) -> str:
    return size if size == "bundled" else f"{int(size):,}"


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    mem = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return f"{cpu}, {os.cpu_count()} cores, {mem / 1024 / 1024:.1f} GB RAM"


def _versions(browser_version: str | None) -> str:
    names = ("streamlit", "pandas", "plotly", "pyarrow", "numpy")
    parts = [f"Python {platform.python_version()}", *(f"{n} {version(n)}" for n in names)]
    return ", ".join(parts + ([f"Chromium {browser_version}"] if browser_version else []))


def _load_table(rows: list[dict]) -> list[str]:
    lines = [
        "| N | events | cold load s | cached load s | load process peak RSS MB | server peak MB |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        ld = row.get("load", {})
        lines.append(
            f"| {_label(row['size'])} | {ld.get('events', '–')} | {_fmt(ld.get('cold_s'), 2)}"
            f" | {_fmt(ld.get('cached_s'), 4)} | {_fmt(ld.get('rss_mb'), 0)}"
            f" | {_fmt(row.get('server_mb'), 0)} |"
        )
    return lines


def _page_table(rows: list[dict]) -> list[str]:
    lines = [
        "| N | page | median ms | p95 ms | runs | × pandas floor | KB per interaction |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        floor = _median(_get(row, "script", "pandas"))
        for view in PAGES:
            t = _get(row, "script", "pages", view)
            sent = _median(_get(row, "bytes", view))
            lines.append(
                f"| {_label(row['size'])} | {view} | {_fmt(_median(t))} | {_fmt(_p95(t))}"
                f" | {len(t or [])} | {_fmt(_ratio(_median(t), floor))}"
                f" | {_fmt(_ratio(sent, 1024))} |"
            )
    return lines


def _floor_table(rows: list[dict], empty: list[float] | None) -> list[str]:
    lines = [
        "| floor | N | median ms | p95 ms | runs |",
        "| --- | --- | --- | --- | --- |",
        f"| empty app rerun (AppTest) | – | {_fmt(_median(empty))} | {_fmt(_p95(empty))}"
        f" | {len(empty or [])} |",
    ]
    for row in rows:
        t = _get(row, "script", "pandas")
        lines.append(
            f"| pandas filter + monthly count | {_label(row['size'])} | {_fmt(_median(t), 2)}"
            f" | {_fmt(_p95(t), 2)} | {len(t or [])} |"
        )
    return lines


def _browser_table(rows: list[dict], empty: list[float] | None, timeout: float) -> list[str]:
    lines = [
        f"| N | {BROWSER_PAGE} redraw median ms | p95 ms | runs | empty app median ms"
        " | × empty app |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    notes = []
    for row in rows:
        if "redraw" in row:
            t = row["redraw"]["timings"]
            lines.append(
                f"| {_label(row['size'])} | {_fmt(_median(t))} | {_fmt(_p95(t))} | {len(t)}"
                f" | {_fmt(_median(empty))} | {_fmt(_ratio(_median(t), _median(empty)), 2)} |"
            )
            if row["redraw"]["timed_out"]:
                notes.append(
                    f"- {_label(row['size'])}: after {len(t)} runs, the page did not finish"
                    f" loading or redrawing within --browser-timeout ({timeout:g} s)."
                )
    return lines + ([""] + notes if notes else [])


def _check(target: str, value: float | None, limit: float, unit: str) -> str:
    if value is None:
        return f"| {target} | ≤ {limit:g} {unit} | – | not measured |"
    result = "PASS" if value <= limit else "MISS"
    return f"| {target} | ≤ {limit:g} {unit} | {value:.3g} {unit} | {result} |"


def _targets(rows: list[dict], floors: dict) -> list[str]:
    """The targets of #9; the script time of a page is its median over the reruns."""
    by_size = {row["size"]: row for row in rows}
    small, big = by_size.get("bundled", {}), by_size.get(MILLION, {})
    lines = ["| target | limit | value | result |", "| --- | --- | --- | --- |"]
    for view in PAGES:
        ms = _median(_get(small, "script", "pages", view))
        lines.append(_check(f"bundled: {view} script", ms, 100, "ms"))
    redraw = _median(_get(small, "redraw", "timings"))
    redraw = _ratio(redraw, _median(_get(floors, "empty_redraw", "timings")))
    lines.append(_check("bundled: browser redraw / empty app", redraw, 2, "×"))
    floor = _median(_get(big, "script", "pandas"))
    for view in PAGES:
        ms = _median(_get(big, "script", "pages", view))
        lines.append(_check(f"1M: {view} script", ms, 300, "ms"))
        lines.append(_check(f"1M: {view} / pandas floor", _ratio(ms, floor), 3, "×"))
        sent = _ratio(_median(_get(big, "bytes", view)), MB)
        lines.append(_check(f"1M: {view} bytes per interaction", sent, 1.5, "MB"))
    ld = big.get("load", {})
    lines.append(_check("1M: cold load", ld.get("cold_s"), 5, "s"))
    lines.append(_check("1M: cached load", ld.get("cached_s"), 0.2, "s"))
    peaks = [p for p in (ld.get("rss_mb"), big.get("server_mb")) if p is not None]
    peak = max(peaks) / 1024 if peaks else None
    lines.append(_check("1M: peak memory (load process, server)", peak, 1.5, "GB"))
    return lines


def _report(
    args: argparse.Namespace, rows: list[dict], floors: dict, errors: list[str], browser: str | None
) -> str:
    command = shlex.join(["python", "bench/run.py", *sys.argv[1:]])
    parts = [
        "# Benchmark: fast at a million events (#9)",
        "",
        f"- Date: {datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Machine: {_machine()}",
        f"- Versions: {_versions(browser)}",
        f"- Command: `{command}` (`make bench`)",
        "- Interaction: the sidebar's pair cycled through "
        + ", ".join(c or "none" for c in CHANGES)
        + "; MB = 2^20 bytes.",
        "",
        "## Load and memory",
        "",
        *_load_table(rows),
        "",
        "## Interaction per page (AppTest script time, bytes to the browser)",
        "",
        *_page_table(rows),
        "",
        "## Floors",
        "",
        *_floor_table(rows, floors.get("empty_script")),
        "",
        f"## Browser redraw ({BROWSER_PAGE}, Chromium)",
        "",
        *_browser_table(rows, _get(floors, "empty_redraw", "timings"), args.browser_timeout),
        "",
        "## Targets",
        "",
        *_targets(rows, floors),
        "",
        "## How each number is measured",
        "",
        *METHOD,
    ]
    if errors:
        parts += ["", "## Failed measurements", "", *(f"- {e}" for e in errors)]
    return "\n".join(parts) + "\n"


# --- main ------------------------------------------------------------------------------------


def _sizes(text: str) -> list[str]:
    sizes = [s.strip().replace("_", "") for s in text.split(",") if s.strip()]
    for size in sizes:
        if size != "bundled" and not size.isdigit():
            raise argparse.ArgumentTypeError(f"{size!r}: a size is 'bundled' or a number")
    return sizes


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=_sizes("bundled,10000,100000,1000000"),
        help="'bundled' (data/) and event counts, comma-separated (default all four)",
    )
    parser.add_argument("--runs", type=int, default=20, help="reruns per page (default 20)")
    parser.add_argument(
        "--browser-sizes",
        type=_sizes,
        default=_sizes("bundled,1000000"),
        help="sizes (of --sizes) whose redraw Chromium measures (default bundled,1000000)",
    )
    parser.add_argument("--browser-runs", type=int, default=10, help="redraws (default 10)")
    parser.add_argument(
        "--budget", type=float, default=30, help="seconds per page after 3 runs (default 30)"
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds for one run")
    parser.add_argument(
        "--browser-timeout", type=float, default=60, help="seconds for one browser redraw"
    )
    parser.add_argument(
        "--cache", type=Path, default=ROOT / "bench" / ".cache", help="synth-N folders live here"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench" / "results.md", help="the markdown report"
    )
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    return parser


def _measure_all(args: argparse.Namespace) -> tuple[list[dict], dict, list[str], str | None]:
    floors: dict = {}
    errors: list[str] = []
    try:
        floors["empty_script"] = _spawn("empty", args)["timings"]
    except RuntimeError as error:
        errors.append(f"empty app: {error}")
    wants_browser = any(size in args.sizes for size in args.browser_sizes)
    with sync_playwright() as playwright:
        browser = None
        if wants_browser:
            executable = shutil.which(CHROMIUM)
            if executable is None:
                sys.exit(f"{CHROMIUM} is not on PATH; the redraw needs it (or --browser-sizes '')")
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            empty = Server(EMPTY_APP, None, args.timeout)
            try:
                floors["empty_redraw"] = _redraw_ms(browser, empty.base, args)
                if floors["empty_redraw"]["timed_out"]:
                    errors.append("empty app redraw: timed out")
            except (RuntimeError, PlaywrightError) as error:
                errors.append(f"empty app redraw: {error}")
            finally:
                errors += [f"empty app server error: {t}" for t in empty.stop()]
        rows = []
        for size in args.sizes:
            print(f"measuring {_label(size)} …", file=sys.stderr, flush=True)
            rows.append(_measure_size(size, args, browser))
            errors += rows[-1]["errors"]
        chromium = browser.version if browser else None
    return rows, floors, errors, chromium


def main() -> None:
    args = _parser().parse_args()
    if args.worker:
        print(RESULT + json.dumps(WORKERS[args.worker](args)))
        return
    rows, floors, errors, browser_version = _measure_all(args)
    report = _report(args, rows, floors, errors, browser_version)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    print(report)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
