"""The markdown report of a `make bench` run: what ran where, the tables, how each is measured."""

import argparse
import os
import platform
import shlex
import sys
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from bench.redraw import QUIET_MS
from bench.scenario import BROWSER_PAGE, CHANGES
from bench.tables import (
    PAGE_TARGET,
    browser_table,
    floor_table,
    label,
    load_table,
    page_misses,
    page_table,
    pages_table,
    targets_table,
)

PAGES_HEADING = "## First load and redraw per page (Chromium)"
PAGES_METHOD = (
    "- First load: a fresh browser context (empty cache) opens the page; from the navigation's"
    " start (`performance.timeOrigin`) until the page has settled. Redraw: in an open page, the"
    " sidebar's pair is changed as above; from pointer down on the option (or 'Clear value')"
    " until the page has settled again, after a websocket message.",
    "- Settled: the count line (`Showing N of`) is shown, every `.js-plotly-plot` has its"
    " `.main-svg`, every iframe's document has loaded and drawn on its canvas if it has one (the"
    " network's vis-network graph), stApp's `data-test-script-state` is `notRunning`, no fetch"
    f" or XHR is pending, and for {QUIET_MS} ms no DOM mutation, canvas drawing or websocket"
    " message happened in the page or its iframes (a change inside a `<canvas>` is its fallback"
    " content, never painted, and does not count: st.dataframe rebuilds its screen-reader table"
    " there 200 ms after drawing). The time taken ends at the latest of the last websocket"
    " message and the paint after the last mutation or canvas drawing.",
    "- Baseline: bench/empty_plotly_app.py (a title, the pair selectbox, a count line and one"
    " Plotly chart that changes with the pair) on its own server, with the same change; each of"
    " its runs is next to one of the page's, alternately before and after, so that the machine's"
    " load weighs on both alike. Untimed first: one load of every page and of the baseline, and"
    " one round of the changes on each, so no run pays a cold server cache. Ratio: page median"
    " / baseline median.",
)

TITLE = "# Benchmark: fast at a million events (#9)"
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


def build_report(
    args: argparse.Namespace, rows: list[dict], floors: dict, errors: list[str], browser: str | None
) -> str:
    """The whole report: header, one section per table, the targets, the method, the failures."""
    command = shlex.join(["python", "bench/run.py", *sys.argv[1:]])
    parts = [
        TITLE,
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
        *load_table(rows),
        "",
        "## Interaction per page (AppTest script time, bytes to the browser)",
        "",
        *page_table(rows),
        "",
        "## Floors",
        "",
        *floor_table(rows, floors.get("empty_script")),
        "",
        f"## Browser redraw ({BROWSER_PAGE}, Chromium)",
        "",
        *browser_table(rows, floors, args.browser_timeout),
        "",
        *pages_section(rows, args, browser, []),
        "",
        "## Targets",
        "",
        *targets_table(rows, floors),
        "",
        "## How each number is measured",
        "",
        *METHOD,
    ]
    if errors:
        parts += ["", "## Failed measurements", "", *(f"- {e}" for e in errors)]
    return "\n".join(parts) + "\n"


def pages_section(
    rows: list[dict], args: argparse.Namespace, browser: str | None, errors: list[str]
) -> list[str]:
    """Every page's first load and redraw against the baseline, with when, how and the load the
    machine was under; `errors` are listed at its end (a whole report lists its own)."""
    measured = [row for row in rows if "pages" in row]
    lines = [PAGES_HEADING, ""]
    if not measured:
        return [*lines, "Not measured in this run (see --page-sizes and --only browser)."]
    command = shlex.join(["python", "bench/run.py", *sys.argv[1:]])
    lines += [
        f"- Run: {datetime.now().strftime('%Y-%m-%d %H:%M')}, `{command}`,"
        f" {measured[0]['pages']['runs']} runs of each (medians), Chromium {browser or '?'},"
        f" {_machine()}.",
        f"- Target (#15): every ratio ≤ {PAGE_TARGET:g} × (page median / baseline median).",
        *PAGES_METHOD,
    ]
    for row in measured:
        pages = row["pages"]
        count, misses = page_misses(pages)
        lines += [
            "",
            f"N = {label(row['size'])}. Load average (1, 5, 15 min): {pages['load_start']} at"
            f" the start, {pages['load_end']} at the end.",
            "",
            *pages_table(pages),
            "",
            f"Ratios at most {PAGE_TARGET:g} ×: {count - len(misses)} of {count}"
            + (f"; above: {', '.join(misses)}." if misses else "."),
        ]
        lines += [
            f"- Did not settle within --browser-timeout ({args.browser_timeout:g} s): {t};"
            " the page was not measured further."
            for t in pages["timed_out"]
        ]
        if pages.get("stopped"):
            lines.append(
                "- Stopped from outside and started again: "
                + "; ".join(pages["stopped"])
                + f". The measurements they broke ({'; '.join(pages['restarts'])}) were"
                " repeated after an untimed warm-up."
            )
    if errors:
        lines += ["", "Failed measurements:", "", *(f"- {e}" for e in errors)]
    return lines


def splice_section(old: str | None, section: list[str]) -> str:
    """A report with `section` in place of its last version (or before the targets, or at the
    end); without an old report, the section alone under the report's title."""
    text = "\n".join(section).rstrip("\n") + "\n"
    if old is None:
        return f"{TITLE}\n\n{text}"
    if f"\n{PAGES_HEADING}\n" in old:
        before, rest = old.split(f"\n{PAGES_HEADING}\n", 1)
        after = rest.split("\n## ", 1)[1] if "\n## " in rest else None
        return f"{before}\n{text}" + (f"\n## {after}" if after is not None else "")
    for anchor in ("\n## Targets\n", "\n## How each number"):
        if anchor in old:
            at = old.index(anchor)
            return f"{old[:at]}\n{text}{old[at:]}"
    return f"{old.rstrip()}\n\n{text}"


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
