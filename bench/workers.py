"""Measurements that each run in a fresh process (nothing warm by accident) and print a result."""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.scenario import CHANGES, EMPTY_APP, PAGES, change_filters
from bench.server import APP, MB, ROOT, app_env
from dashboard.core.dataset import folder_fingerprint, load_dataset
from dashboard.core.filters import apply_filters
from dashboard.views.loading import load

RESULT = "BENCH-RESULT "  # a worker's last stdout line: this marker, then JSON
RUN = ROOT / "bench" / "run.py"  # the entry that dispatches --worker


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


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
        shown = apply_filters(events, change_filters(CHANGES[i % len(CHANGES)]))
        shown.groupby(shown["span_start"].dt.to_period("M")).size()
        floor.append(_ms(start))
    return {"pages": pages, "errors": errors, "pandas": floor}


def _work_empty(args: argparse.Namespace) -> dict:
    """The empty app, rerun after the same change: what a Streamlit rerun costs at least."""
    at = AppTest.from_file(str(EMPTY_APP), default_timeout=args.timeout)
    at.run()
    return {"timings": _time_reruns(at, args)[0]}


WORKERS = {"load": _work_load, "script": _work_script, "empty": _work_empty}


def run_worker(args: argparse.Namespace) -> None:
    """In the worker's process: measure, then print the RESULT line the parent reads."""
    print(RESULT + json.dumps(WORKERS[args.worker](args)))


def spawn(worker: str, args: argparse.Namespace, folder: Path | None = None) -> dict:
    """Run one worker in a fresh process on `folder`; return its result."""
    command = [sys.executable, str(RUN), "--worker", worker, "--runs", str(args.runs)]
    command += ["--budget", str(args.budget), "--timeout", str(args.timeout)]
    command += ["--folder", str(folder)] if folder else []
    done = subprocess.run(
        command, cwd=ROOT, env=app_env(folder), capture_output=True, text=True, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT)]
    if done.returncode != 0 or not lines:
        tail = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise RuntimeError(f"{worker} worker failed: {tail[0]}")
    return json.loads(lines[-1][len(RESULT) :])
