"""Plotly figures built from frames that aggregate.py prepared; views only place them."""

import html
import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from dashboard.core.aggregate import ROLLING_MONTHS
from dashboard.core.countries import pair_label
from dashboard.core.style import (
    CHART_TEXT,
    COLORAXIS,
    COOPERATIVE,
    COUNT_MARK,
    FONT,
    HOSTILE,
    INK,
    KEY_STAR,
    NEUTRAL_MARK,
    OUTLINE,
)
from dashboard.core.text import plain_hover

STATUS_SYMBOLS = {"confirmed": "circle", "alleged": "diamond", "denied": "x"}
DAY_MS = 86_400_000
# Date ticks that suit the zoom: days in a short window, then months, then years; never
# sub-second times, never one label repeated on several ticks.
DATE_TICKS = [
    dict(dtickrange=[None, 28 * DAY_MS], value="%d %b %Y"),
    dict(dtickrange=[28 * DAY_MS, "M12"], value="%b %Y"),
    dict(dtickrange=["M12", None], value="%Y"),
]
PANEL_PX, PANEL_GAP_PX = 170, 70  # the index: one panel per pair, and the room between two
BAR_WIDTH_MS = 24 * DAY_MS  # every month's bar in every panel: one width
KEY_LABEL_CHARS = 24  # key events' labels on the timeline: this many characters at most
KEY_LABEL_LEVELS = 2  # rows of labels above a lane
LABEL_HEADROOM = 0.45  # lanes of room above the top lane, for its key-event labels
KEY_LABEL_ROOM = 0.22  # a label's width (about 170 px of a 780 px plot), as a share of the window


def _symbol(status: str, month_precision: bool) -> str:
    return STATUS_SYMBOLS[status] + ("-open" if month_precision else "")


def timeline_figure(
    points: pd.DataFrame, lane_order: list[str], labels: Mapping[str, str] | None = None
) -> go.Figure:
    """Events along time, one lane each; colour = intensity, shape = status, hollow = month only.
    `labels` names the lanes (pair keys become 'North Korea – Russia')."""
    data, legend = [], set()
    for status in STATUS_SYMBOLS:
        for month in (False, True):
            part = points[(points["status"] == status) & (points["month_precision"] == month)]
            if part.empty:
                continue
            hover = [
                f"{plain_hover(t)}<br>{d} · intensity {i:+d} · {s}"
                for t, d, i, s in zip(
                    part["title"], part["date"], part["intensity"], part["status"], strict=True
                )
            ]
            data.append(
                dict(
                    type="scatter",
                    x=part["x"],
                    y=part["lane"],
                    mode="markers",
                    name=f"{status} (month only)" if month else status,
                    customdata=part["id"],
                    hovertext=hover,
                    hoverinfo="text",
                    marker=dict(
                        symbol=_symbol(status, month),
                        size=11,
                        color=part["intensity"],
                        coloraxis="coloraxis",
                        line=dict(width=1.5 if month else 0.6, color=OUTLINE),
                    ),
                    showlegend=False,
                )
            )
            if status in legend:
                continue
            legend.add(status)
            # One legend entry per status (hollow for month-only is in the caption), short
            # enough to stay clear of the toolbar; a legend-only twin in mid grey, as the real
            # trace's icon would be black, unreadable in the dark theme, and its colour means
            # nothing (colour is intensity).
            data.append(
                dict(
                    type="scatter",
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=status,
                    marker=dict(symbol=_symbol(status, False), size=11, color=NEUTRAL_MARK),
                    hoverinfo="skip",
                )
            )
    data += key_label_traces(key_labels(points))
    layout = dict(
        coloraxis=COLORAXIS,
        height=max(360, 70 * len(lane_order) + 200),
        margin=dict(l=10, r=10, t=30, b=110),
        # Streamlit sets dragmode from selection_mode; setting it here breaks click-to-select.
        selectdirection="h",
        hovermode="closest",
        font=FONT,
        legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0, title_text="Status: "),
        yaxis=dict(
            categoryorder="array",
            categoryarray=list(reversed(lane_order)),
            # Room above the top lane for its two rows of key-event labels, under the legend.
            range=[-0.5, len(lane_order) - 0.5 + LABEL_HEADROOM],
            title=None,
            tickvals=list(reversed(lane_order)),
            ticktext=[(labels or {}).get(lane, lane) for lane in reversed(lane_order)],
            # Room for the lane names wherever the figure is drawn (also the snapshot's plain
            # plotly.js, where Streamlit's theme does not add it).
            automargin=True,
        ),
        xaxis=dict(
            title=None,
            range=_padded_range(points["x"]),
            tickformatstops=DATE_TICKS,
            minor=dict(showgrid=False),
        ),
    )
    return go.Figure(data=data, layout=layout, _validate=False)  # validated in the tests


def _short(title: str, limit: int = KEY_LABEL_CHARS) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def key_labels(points: pd.DataFrame) -> list[dict]:
    """Short labels for the key events, above their marks; in each lane a label takes the
    lowest of KEY_LABEL_LEVELS rows that is free that far along, else it is left out (its
    mark keeps the full title on hover), so labels never overlap."""
    keys = points[points["key"]].sort_values("x")
    if keys.empty:
        return []
    span = max(points["x"].max() - points["x"].min(), pd.Timedelta(days=30))
    room = span * KEY_LABEL_ROOM
    labels, free_from = [], {}
    for rec in keys.to_dict("records"):
        rows = free_from.setdefault(rec["lane"], [rec["x"] - room] * KEY_LABEL_LEVELS)
        level = next((n for n, free in enumerate(rows) if free <= rec["x"]), None)
        if level is None:
            continue
        rows[level] = rec["x"] + room
        labels.append(
            dict(x=rec["x"], y=rec["lane"], text=plain_hover(_short(rec["title"])), level=level)
        )
    return labels


def key_label_traces(labels: list[dict]) -> list[dict]:
    """The key events' labels as one text trace per row above the lanes. Plotly draws a text
    trace's labels together, where 23 annotations cost about 60 ms of every redraw; blank
    lines under a label lift it to its row. They take no hover or click: the marks do."""
    traces = []
    for level in range(KEY_LABEL_LEVELS):
        mine = [label for label in labels if label["level"] == level]
        if not mine:
            continue
        traces.append(
            dict(
                type="scatter",
                mode="text",
                x=[label["x"] for label in mine],
                y=[label["y"] for label in mine],
                text=[label["text"] + "<br> " * (level + 1) for label in mine],
                textposition="top right",
                textfont=dict(size=10, color=CHART_TEXT),
                hoverinfo="skip",
                cliponaxis=False,
                showlegend=False,
                name="Key event labels",
            )
        )
    return traces


def density_figure(density: pd.DataFrame, lane_order: list[str], total: int) -> go.Figure:
    """Lane x month circles (area = events, colour = mean intensity) for a large window."""
    biggest = max(int(density["count"].max()), 1) if not density.empty else 1
    trace = dict(
        type="scatter",
        mode="markers",
        x=density["x"],
        y=density["lane"],
        marker=dict(
            size=[4 + 26 * (c / biggest) ** 0.5 for c in density["count"]],
            color=density["mean_intensity"],
            coloraxis="coloraxis",
            line=dict(width=0.5, color=OUTLINE),
        ),
        customdata=density["count"],
        hovertemplate="%{y}, %{x|%b %Y}: %{customdata:,} events, mean intensity"
        " %{marker.color:+.1f}<extra></extra>",
        showlegend=False,
    )
    layout = dict(
        height=max(260, 60 * len(lane_order) + 160),
        margin=dict(l=10, r=10, t=20, b=90),
        font=FONT,
        coloraxis=COLORAXIS,
        xaxis=dict(type="date", range=_padded_range(density["x"]), tickformatstops=DATE_TICKS),
        yaxis=dict(
            categoryorder="array",
            categoryarray=list(reversed(lane_order)),
            type="category",
            automargin=True,
        ),
        meta=dict(total=total),
    )
    return go.Figure(data=[trace], layout=layout, _validate=False)  # validated in the tests


def _padded_range(x: pd.Series) -> list[pd.Timestamp] | None:
    """Pad the time axis so a short window (one day) still reads as dates, not milliseconds."""
    if x.empty:
        return None
    span = x.max() - x.min()
    pad = max(pd.Timedelta(days=20), span * 0.03)
    return [x.min() - pad, x.max() + pad]


def _most_in_a_month(monthly: pd.DataFrame, pair: str) -> int:
    """The most events of one pair in a month (for its count axis)."""
    counts = monthly.loc[monthly["pair"] == pair, "count"]
    return int(counts.max()) if len(counts) else 0


def _whole_step(top: int) -> int:
    """A whole-number tick step giving about three ticks up to `top` (never 0.5: no 1, 1, 2)."""
    return max(1, -(-top // 3))


def _axis(n: int) -> str:
    return "" if n == 1 else str(n)


def _index_traces(mine: pd.DataFrame, keys: pd.DataFrame, n: int, first: bool) -> list[dict]:
    """The four traces of one pair's panel, on x axis n, y axis n and its right-hand twin."""
    x, y, y2 = f"x{_axis(n)}", f"y{_axis(2 * n - 1)}", f"y{_axis(2 * n)}"
    active = mine[mine["count"] > 0]  # empty months draw nothing as bars or counts: skip them
    sums = active["intensity_sum"].tolist()
    traces = [
        dict(
            type="bar",
            x=active["month"],
            y=sums,
            xaxis=x,
            yaxis=y,
            name="Intensity summed per month",
            legendgroup="sum",
            showlegend=first,
            width=[BAR_WIDTH_MS] * len(sums),
            marker=dict(color=[HOSTILE if v < 0 else COOPERATIVE for v in sums]),
            customdata=list(zip(active["count"], active["rolling_mean"], strict=True)),
            hovertemplate="%{x|%b %Y}: sum %{y:+d}, %{customdata[0]} events; "
            + f"{ROLLING_MONTHS}-month mean"
            + " %{customdata[1]:.1f}<extra></extra>",
        ),
        dict(
            type="scatter",
            mode="lines",
            x=mine["month"],
            y=mine["rolling_mean"],
            xaxis=x,
            yaxis=y,
            name=f"{ROLLING_MONTHS}-month rolling mean",
            legendgroup="mean",
            showlegend=first,
            line=dict(color=INK, width=1.5),
            # Read in the bars' hover: where the line passes through a key event's star, its
            # hover would take the star's click.
            hoverinfo="skip",
        ),
        dict(
            type="scatter",
            mode="markers",
            x=active["month"],
            y=active["count"],
            xaxis=x,
            yaxis=y2,
            name="Events per month (right axis)",
            legendgroup="count",
            showlegend=first,
            marker=dict(color=COUNT_MARK, symbol="line-ew-open", size=12, line=dict(width=2.5)),
            hovertemplate="%{x|%b %Y}: %{y} events<extra></extra>",
        ),
    ]
    if not keys.empty:
        traces.append(
            dict(
                type="scatter",
                mode="markers",
                x=keys["month"],
                y=keys["intensity_sum"],
                xaxis=x,
                yaxis=y,
                name="Key event",
                legendgroup="key",
                showlegend=first,
                marker=dict(symbol="star", size=12, color=KEY_STAR, line=dict(width=1)),
                hovertext=[
                    f"{d}: {plain_hover(t)}"
                    for d, t in zip(keys["date"], keys["title"], strict=True)
                ],
                hoverinfo="text",
                customdata=keys["id"],
            )
        )
    return traces


def index_figure(
    monthly: pd.DataFrame,
    key_events: pd.DataFrame,
    pairs: list[str],
    names: Mapping[str, str],
) -> go.Figure:
    """Per pair: intensity summed per month (bars), its rolling mean (line), counts, key events.

    Built as one dict rather than with make_subplots, whose per-trace validation cost most of a
    rerun (about 170 ms for six pairs on the bundled data).
    """
    rows = len(pairs)
    # Each panel has its own date labels under it and its title above: leave room for both.
    plot_px = PANEL_PX * rows + PANEL_GAP_PX * max(rows - 1, 0)
    height, gap = PANEL_PX / max(plot_px, 1), PANEL_GAP_PX / max(plot_px, 1)
    layout: dict = dict(
        height=plot_px + 120,
        margin=dict(l=10, r=10, t=90, b=30),
        barmode="relative",
        font=FONT,
        legend=dict(orientation="h", yref="container", yanchor="top", y=0.99, x=0),
        hovermode="closest",
        annotations=[],
    )
    data: list[dict] = []
    for n, pair in enumerate(pairs, start=1):
        top = 1 - (n - 1) * (height + gap)
        domain = [max(top - height, 0), top]
        x = f"x{_axis(n)}"
        layout[f"xaxis{_axis(n)}"] = dict(
            anchor=f"y{_axis(2 * n - 1)}",
            matches="x" if n > 1 else None,
            showticklabels=True,  # every panel has its own readable time axis
            type="date",
            tickformatstops=DATE_TICKS,
        )
        layout[f"yaxis{_axis(2 * n - 1)}"] = dict(anchor=x, domain=domain)
        layout[f"yaxis{_axis(2 * n)}"] = dict(
            anchor=x,
            overlaying=f"y{_axis(2 * n - 1)}",
            side="right",
            showgrid=False,
            rangemode="tozero",
            tickformat="d",
            tick0=0,
            dtick=_whole_step(_most_in_a_month(monthly, pair)),
        )
        layout["annotations"].append(
            dict(
                text=pair_label(pair, names),
                x=0.5,
                y=top,
                xref="paper",
                yref="paper",
                xanchor="center",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=14),
            )
        )
        mine = monthly[monthly["pair"] == pair]
        keys = key_events[key_events["pair"] == pair]
        data += _index_traces(mine, keys, n, n == 1)
    # Validated in the tests (tests/core/test_charts.py); skipping it here halves a rerun.
    return go.Figure(data=data, layout=layout, _validate=False)


SPARK_SIZE = (300, 96)  # the sparkline's drawing units (it scales to the card's width)


def _tick(value: float) -> str:
    return f"{value:+.0f}".replace("+0", "0").replace("-", "−") if round(value) else "0"


def sparkline_svg(monthly_pair: pd.DataFrame, label: str) -> str:
    """A small line of one pair's monthly rolling index for the overview cards, as inline SVG
    (six Plotly charts made the overview's redraw 2.8x an empty app's): the area to zero, the
    zero line, the scale's extremes on the right and the first and last year below. Drawn in
    currentColor, so it takes the theme's text colour; only numbers and years are in it, and
    `label` (the pair's names) is escaped."""
    width, height = SPARK_SIZE
    left, right, top, bottom = 2, 36, 8, 20
    months = pd.to_datetime(monthly_pair["month"])
    values = [float(v) for v in monthly_pair["rolling_mean"]]
    if not values:
        return ""
    low, high = min(0.0, *values), max(0.0, *values)
    high = high if high > low else low + 1
    start, end = months.min().toordinal(), months.max().toordinal()
    span = max(end - start, 1)

    def x(day) -> float:
        return left + (width - left - right) * (day.toordinal() - start) / span

    def y(value: float) -> float:
        return top + (height - top - bottom) * (high - value) / (high - low)

    points = " ".join(f"{x(m):.1f},{y(v):.1f}" for m, v in zip(months, values, strict=True))
    zero = y(0.0)
    first, last = x(months.min()), x(months.max())
    area = f"M{first:.1f},{zero:.1f} L{points.replace(' ', ' L')} L{last:.1f},{zero:.1f} Z"
    # The extremes (whole numbers inside the range) and 0, each at least a line apart from 0.
    marks = [0] + [v for v in (math.trunc(high), math.trunc(low)) if v and abs(y(v) - zero) >= 11]
    ticks = "".join(
        f'<text x="{width - right + 4}" y="{y(v) + 4:.1f}">{_tick(v)}</text>'
        for v in sorted(set(marks), reverse=True)
    )
    years = (
        f'<text x="{first:.1f}" y="{height - 4}">{months.min().year}</text>'
        f'<text x="{last:.1f}" y="{height - 4}" text-anchor="end">{months.max().year}</text>'
    )
    name = html.escape(f"Monthly relationship index of {label}", quote=True)
    return (
        f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{name}"'
        ' style="color: inherit; display: block; font: 11px sans-serif; fill: currentColor">'
        f'<path d="{area}" fill="currentColor" fill-opacity="0.15" stroke="none"/>'
        f'<line x1="{left}" x2="{width - right}" y1="{zero:.1f}" y2="{zero:.1f}"'
        ' stroke="currentColor" stroke-opacity="0.55" stroke-width="1"/>'
        f'<polyline points="{points}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
        f'<g fill-opacity="0.8">{ticks}{years}</g></svg>'
    )
