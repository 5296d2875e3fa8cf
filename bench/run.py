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
  against the empty app's;
- for `--page-sizes`, every page's first load (fresh context, empty cache) and redraw after the
  change in Chromium, against an empty app with one Plotly chart, runs interleaved
  (bench/page_times.py). `--only browser` measures just that, for each of --sizes, and puts its
  section into the existing report (`python bench/run.py --only browser --sizes bundled`).

The filter change is the sidebar's pair, cycled through CHANGES on every page and size. The
report (bench/results.md and stdout) ends with the targets of #9. The exit code is 0 even when a
target is missed (it is a measurement) and 1 when a measurement failed.
"""

import argparse
import shutil
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

# `python bench/run.py` puts bench/ first on the path; the repository root makes `bench` a package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import websockets
from playwright.sync_api import Browser, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from bench.folders import data_folder
from bench.page_times import EMPTY_PLOTLY_APP, load_average, measure_pages
from bench.protocol import page_bytes, run_apart
from bench.redraw import CHROMIUM, CHROMIUM_ARGS, redraw_ms
from bench.report import build_report, pages_section, splice_section
from bench.scenario import BROWSER_PAGE, EMPTY_APP, PAGES
from bench.server import APP, ROOT, RestartingServer, streamlit_server
from bench.tables import label
from bench.workers import WORKERS, run_worker, spawn


def main() -> None:
    args = _parser().parse_args()
    if args.sizes is None:
        args.sizes = args.page_sizes if args.only == "browser" else _sizes(ALL_SIZES)
    if args.worker:
        run_worker(args)
        return
    if args.only == "browser":
        _browser_only(args)
        return
    rows, floors, errors, browser_version = _measure_all(args)
    report = build_report(args, rows, floors, errors, browser_version)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    print(report)
    sys.exit(1 if errors else 0)


def _measure_all(args: argparse.Namespace) -> tuple[list[dict], dict, list[str], str | None]:
    """The floors (empty app), then each size; a failed measurement is an error, not a stop."""
    floors: dict = {}
    errors: list[str] = []
    try:
        floors["empty_script"] = spawn("empty", args)["timings"]
    except RuntimeError as error:
        errors.append(f"empty app: {error}")
    wants_browser = any(size in args.sizes for size in args.browser_sizes)
    wants_pages = any(size in args.sizes for size in args.page_sizes)
    with sync_playwright() as playwright, ExitStack() as stack:
        browser, baseline = None, None
        if wants_browser or wants_pages:
            browser = _launch(playwright)
        if wants_browser:
            errors += _measure_empty_redraw(browser, args, floors)
        if wants_pages:
            try:
                baseline = stack.enter_context(_baseline_server(args, errors))
            except RuntimeError as error:  # the pages cannot be measured; the rest can
                errors.append(f"baseline app: {error}")
        rows = []
        for size in args.sizes:
            print(f"measuring {label(size)} …", file=sys.stderr, flush=True)
            rows.append(_measure_size(size, args, browser, baseline))
            errors += rows[-1]["errors"]
        chromium = browser.version if browser else None
    return rows, floors, errors, chromium


def _browser_only(args: argparse.Namespace) -> None:
    """`--only browser`: every page's first load and redraw for each of --sizes; the section goes
    into --out in place of its last version (the rest of the report stays), and to stdout."""
    errors: list[str] = []
    rows = []
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        with _baseline_server(args, errors) as baseline:
            for size in args.sizes:
                print(f"measuring {label(size)} in Chromium …", file=sys.stderr, flush=True)
                row: dict = {"size": size, "errors": []}
                try:
                    folder = data_folder(size, args.cache)
                    row["pages"] = _measure_pages(browser, folder, baseline, args)
                    row["errors"] += row["pages"]["errors"]
                except Exception as error:  # a failed size is reported; the others still run
                    row["errors"].append(f"{type(error).__name__}: {error}")
                row["errors"] = [f"{label(size)}: {e}" for e in row["errors"]]
                errors += row["errors"]
                rows.append(row)
        chromium = browser.version
    section = pages_section(rows, args, chromium, errors)
    old = args.out.read_text() if args.out.is_file() else None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(splice_section(old, section))
    print("\n".join(section))
    sys.exit(1 if errors else 0)


def _launch(playwright: Playwright) -> Browser:
    executable = shutil.which(CHROMIUM)
    if executable is None:
        sys.exit(
            f"{CHROMIUM} is not on PATH; the browser measurements need it"
            " (or --browser-sizes '' --page-sizes '')"
        )
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


@contextmanager
def _baseline_server(args: argparse.Namespace, errors: list[str]) -> Iterator[RestartingServer]:
    """The empty app with one Plotly chart, for the whole run; its server errors into `errors`."""
    with RestartingServer(script=EMPTY_PLOTLY_APP, timeout=args.timeout) as baseline:
        yield baseline
    errors += [f"baseline app server error: {t}" for t in baseline.tracebacks]


def _measure_pages(
    browser: Browser, folder: Path, baseline: RestartingServer, args: argparse.Namespace
) -> dict:
    """First load and redraw of every page against the baseline, on a server of their own, and
    the load average before and after."""
    start, stopped = load_average(), len(baseline.restarts)
    with RestartingServer(script=APP, data=folder, timeout=args.timeout) as app:
        result = measure_pages(browser, app, baseline, args)
    result["errors"] += [f"server error: {t}" for t in app.tracebacks]
    result["stopped"] = [f"app server {r}" for r in app.restarts]
    result["stopped"] += [f"baseline server {r}" for r in baseline.restarts[stopped:]]
    return result | {"load_start": start, "load_end": load_average(), "runs": args.page_runs}


def _measure_empty_redraw(browser: Browser, args: argparse.Namespace, floors: dict) -> list[str]:
    """The empty app's redraw into `floors`; return the errors."""
    errors = []
    with streamlit_server(EMPTY_APP, timeout=args.timeout) as empty:
        try:
            floors["empty_redraw"] = redraw_ms(browser, empty.base, args)
            if floors["empty_redraw"]["timed_out"]:
                errors.append("empty app redraw: timed out")
        except (RuntimeError, PlaywrightError) as error:
            errors.append(f"empty app redraw: {error}")
    return errors + [f"empty app server error: {t}" for t in empty.tracebacks]


def _measure_size(
    size: str, args: argparse.Namespace, browser: Browser | None, baseline: RestartingServer | None
) -> dict:
    row: dict = {"size": size, "errors": []}
    try:
        folder = data_folder(size, args.cache)
        row["load"] = spawn("load", args, folder)
        row["script"] = spawn("script", args, folder)
        row["errors"] += [f"{view}: {e}" for view, e in row["script"]["errors"].items()]
        server = _measure_server(folder, size, args, browser)
        row["errors"] += server.pop("errors")
        row.update(server)
        if baseline is not None and size in args.page_sizes:
            row["pages"] = _measure_pages(browser, folder, baseline, args)
            row["errors"] += [f"per page, {e}" for e in row["pages"]["errors"]]
    except Exception as error:  # a failed size is reported; the other sizes still run
        row["errors"].append(f"{type(error).__name__}: {error}")
    row["errors"] = [f"{label(size)}: {e}" for e in row["errors"]]
    return row


def _measure_server(
    folder: Path, size: str, args: argparse.Namespace, browser: Browser | None
) -> dict:
    """Bytes per page, the browser's redraw (if asked), and the server's peak memory."""
    result: dict = {"bytes": {}, "errors": []}
    with streamlit_server(APP, data=folder, timeout=args.timeout) as server:
        opened = set()
        for view in PAGES:
            try:
                page_hash, result["bytes"][view] = run_apart(page_bytes(server.port, view, args))
                opened.add(page_hash)
            except (RuntimeError, OSError, TimeoutError, websockets.WebSocketException) as error:
                result["errors"].append(f"bytes, {error}")
        if len(opened) < len(result["bytes"]):
            result["errors"].append(
                f"bytes: {len(result['bytes'])} views opened {len(opened)} pages"
            )
        if browser is not None and size in args.browser_sizes:
            try:
                result["redraw"] = redraw_ms(browser, f"{server.base}/{BROWSER_PAGE}", args)
            except (RuntimeError, PlaywrightError) as error:
                result["errors"].append(f"browser redraw: {error}")
        result["server_mb"] = server.peak_mb()
    result["errors"] += [f"server error: {t}" for t in server.tracebacks]
    return result


ALL_SIZES = "bundled,10000,100000,1000000"


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
        help="'bundled' (data/) and event counts, comma-separated (default all four; with"
        " --only browser, --page-sizes)",
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
        "--page-sizes",
        type=_sizes,
        default=_sizes("bundled"),
        help="sizes (of --sizes) whose every page's first load and redraw Chromium measures"
        " against the empty app with one chart (default bundled)",
    )
    parser.add_argument(
        "--page-runs",
        type=int,
        default=5,
        help="first loads and redraws per page, and as many of the baseline (default 5)",
    )
    parser.add_argument(
        "--only",
        choices=["browser"],
        help="'browser': only every page's first load and redraw, for each of --sizes; the"
        " section replaces its old version in --out, the rest of the report stays"
        " (python bench/run.py --only browser --sizes bundled: ~8 min)",
    )
    parser.add_argument(
        "--budget", type=float, default=30, help="seconds per page after 3 runs (default 30)"
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds for one run")
    parser.add_argument(
        "--browser-timeout",
        type=float,
        default=60,
        help="seconds for one browser redraw or page load (default 60)",
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


if __name__ == "__main__":
    main()
