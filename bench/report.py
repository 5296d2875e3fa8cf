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
from bench.tables import browser_table, floor_table, load_table, page_table, targets_table

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
