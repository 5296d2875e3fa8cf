"""The report's tables (load, pages, floors, browser redraw, first load and redraw per page) and
the targets of #9 and #15, as markdown."""

import statistics

from bench.scenario import BROWSER_PAGE, MILLION, PAGES
from bench.server import MB


def label(size: str) -> str:
    """A size as the report writes it: 'bundled' or the event count with thousands separators."""
    return size if size == "bundled" else f"{int(size):,}"


def load_table(rows: list[dict]) -> list[str]:
    lines = [
        "| N | events | cold load s | cached load s | load process peak RSS MB | server peak MB |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        ld = row.get("load", {})
        lines.append(
            f"| {label(row['size'])} | {ld.get('events', '–')} | {_fmt(ld.get('cold_s'), 2)}"
            f" | {_fmt(ld.get('cached_s'), 4)} | {_fmt(ld.get('rss_mb'), 0)}"
            f" | {_fmt(row.get('server_mb'), 0)} |"
        )
    return lines


def page_table(rows: list[dict]) -> list[str]:
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
                f"| {label(row['size'])} | {view} | {_fmt(_median(t))} | {_fmt(_p95(t))}"
                f" | {len(t or [])} | {_fmt(_ratio(_median(t), floor))}"
                f" | {_fmt(_ratio(sent, 1024))} |"
            )
    return lines


def floor_table(rows: list[dict], empty: list[float] | None) -> list[str]:
    lines = [
        "| floor | N | median ms | p95 ms | runs |",
        "| --- | --- | --- | --- | --- |",
        f"| empty app rerun (AppTest) | – | {_fmt(_median(empty))} | {_fmt(_p95(empty))}"
        f" | {len(empty or [])} |",
    ]
    for row in rows:
        t = _get(row, "script", "pandas")
        lines.append(
            f"| pandas filter + monthly count | {label(row['size'])} | {_fmt(_median(t), 2)}"
            f" | {_fmt(_p95(t), 2)} | {len(t or [])} |"
        )
    return lines


def browser_table(rows: list[dict], floors: dict, timeout: float) -> list[str]:
    empty = _get(floors, "empty_redraw", "timings")
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
                f"| {label(row['size'])} | {_fmt(_median(t))} | {_fmt(_p95(t))} | {len(t)}"
                f" | {_fmt(_median(empty))} | {_fmt(_ratio(_median(t), _median(empty)), 2)} |"
            )
            if row["redraw"]["timed_out"]:
                notes.append(
                    f"- {label(row['size'])}: after {len(t)} runs, the page did not finish"
                    f" loading or redrawing within --browser-timeout ({timeout:g} s)."
                )
    return lines + ([""] + notes if notes else [])


PAGE_TARGET = 2  # #15: a page's first load and redraw take at most this many times the baseline's


def page_path(view: str) -> str:
    """A page as its address writes it: '/' for the overview, '/timeline' and so on."""
    return "/" if view == "overview" else f"/{view}"


def pages_table(pages: dict) -> list[str]:
    """Per page, the medians of the first loads and redraws, the baseline's and their ratio."""
    lines = [
        "| page | first load median ms | baseline ms | ratio | redraw median ms | baseline ms"
        " | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for view in PAGES:
        cells = []
        for kind in ("first", "redraw"):
            app = _median(_get(pages, kind, view, "app"))
            base = _median(_get(pages, kind, view, "base"))
            cells += [_fmt(app, 0), _fmt(base, 0), _fmt(_ratio(app, base), 2)]
        lines.append(f"| {page_path(view)} | {' | '.join(cells)} |")
    return lines


def page_misses(pages: dict) -> tuple[int, list[str]]:
    """How many of the page ratios were measured, and those above PAGE_TARGET."""
    measured, misses = 0, []
    for view in PAGES:
        for kind, name in (("first", "first load"), ("redraw", "redraw")):
            ratio = _ratio(
                _median(_get(pages, kind, view, "app")), _median(_get(pages, kind, view, "base"))
            )
            if ratio is not None:
                measured += 1
                if ratio > PAGE_TARGET:
                    misses.append(f"{page_path(view)} {name} {ratio:.2f}×")
    return measured, misses


def targets_table(rows: list[dict], floors: dict) -> list[str]:
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


def _check(target: str, value: float | None, limit: float, unit: str) -> str:
    if value is None:
        return f"| {target} | ≤ {limit:g} {unit} | – | not measured |"
    result = "PASS" if value <= limit else "MISS"
    return f"| {target} | ≤ {limit:g} {unit} | {value:.3g} {unit} | {result} |"


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


def _fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"
