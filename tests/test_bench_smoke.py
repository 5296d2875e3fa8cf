"""`make bench` at its smallest: every measurement path runs and lands in the report as a number."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("overview", "timeline", "map", "network", "about", "seed")


def _section(report: str, heading: str) -> str:
    """The text under the `## heading...` line, up to the next heading."""
    assert f"\n## {heading}" in report, f"no section {heading!r} in the report:\n{report}"
    return report.split(f"\n## {heading}", 1)[1].split("\n## ", 1)[0]


def _numbers(table: str, *first_cells: str) -> list[float]:
    """The numeric cells of the row that starts with `first_cells`."""
    prefix = "| " + " | ".join(first_cells) + " |"
    row = next((line for line in table.splitlines() if line.startswith(prefix)), None)
    assert row is not None, f"no row {prefix!r} in:\n{table}"
    return [float(cell.strip()) for cell in row.strip("|").split("|")[len(first_cells) :]]


def test_bench_reports_every_measurement_for_the_smallest_size(tmp_path):
    """Load, every page's script time and bytes, the floors and the browser redraw come out as
    numbers above zero, the exit code says nothing failed, and the targets are listed."""
    size = "300"  # a synthetic folder: the same path as the large sizes
    out = tmp_path / "results.md"
    command = [sys.executable, "bench/run.py", "--sizes", size, "--runs", "3"]
    command += ["--browser-sizes", size, "--browser-runs", "2"]
    command += ["--cache", str(tmp_path / "cache"), "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = out.read_text()
    assert all(n > 0 for n in _numbers(_section(report, "Load"), size))
    pages = _section(report, "Interaction")
    for page in PAGES:
        assert all(n > 0 for n in _numbers(pages, size, page)), page
    floors = _section(report, "Floors")
    assert all(n > 0 for n in _numbers(floors, "empty app rerun (AppTest)", "–"))
    assert all(n > 0 for n in _numbers(floors, "pandas filter + monthly count", size))
    assert all(n > 0 for n in _numbers(_section(report, "Browser"), size))
    targets = _section(report, "Targets")
    assert "| bundled: timeline script | ≤ 100 ms |" in targets
    assert "| 1M: cold load | ≤ 5 s |" in targets
