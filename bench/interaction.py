"""Script time of one interaction per page: AppTest reruns after a filter change, median and p95.

Run with `make bench-interaction` (or `python bench/interaction.py [--runs N]`). It changes the
actor filter back and forth on each page and times only the rerun, not the first load.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PAGES = ("overview", "timeline", "map", "network", "about", "seed")
CHOICES = (["KOR"], ["UKR"], [], ["PRK", "RUS"])


def _time_page(view: str, runs: int) -> list[float]:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = view
    at.run()
    timings = []
    for i in range(runs):
        at.multiselect(key="actor").set_value(CHOICES[i % len(CHOICES)])
        start = time.perf_counter()
        at.run()
        timings.append((time.perf_counter() - start) * 1000)
        if at.exception:
            sys.exit(f"{view}: exception during rerun: {at.exception[0].value}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print("| Page | median ms | p95 ms | runs |")
    print("| --- | --- | --- | --- |")
    for view in PAGES:
        t = sorted(_time_page(view, args.runs))
        p95 = t[min(len(t) - 1, round(0.95 * (len(t) - 1)))]
        print(f"| {view} | {statistics.median(t):.1f} | {p95:.1f} | {len(t)} |")


if __name__ == "__main__":
    main()
