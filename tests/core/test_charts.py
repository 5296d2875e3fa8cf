"""Figures are counted, not looked at: points per lane, months in the index, key markers."""

import re

import pandas as pd
import pytest
from factories import EVENTS, SUMMONS, write_folder

from dashboard.core.aggregate import (
    key_event_markers,
    monthly_index,
    timeline_points,
)
from dashboard.core.charts import (
    KEY_LABEL_CHARS,
    KEY_LABEL_ROOM,
    SPARK_SIZE,
    index_figure,
    key_label_traces,
    key_labels,
    sparkline_svg,
    timeline_figure,
)
from dashboard.core.countries import PAIRS
from dashboard.core.dataset import load_dataset

NAMES = {"KOR": "South Korea", "PRK": "North Korea", "RUS": "Russia", "UKR": "Ukraine"}

HOSTILE = dict(SUMMONS, id="hostile", title="<script>alert(1)</script> & $1.2 billion")


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    return load_dataset(
        write_folder(tmp_path_factory.mktemp("d"), events=[*EVENTS, HOSTILE])
    ).events


def _event_traces(fig):
    """The traces that draw events (the grey legend-only twins carry no event ids)."""
    return [t for t in fig.data if t.customdata is not None]


def _points_per_lane(fig):
    counts = {}
    for trace in _event_traces(fig):
        for lane in trace.y:
            counts[lane] = counts.get(lane, 0) + 1
    return counts


def test_timeline_figure_has_one_point_per_event_in_its_lane(events):
    points = timeline_points(events)
    fig = timeline_figure(points, list(PAIRS))
    # The summons and its hostile copy are KOR-RUS; the treaty and the shells PRK-RUS.
    assert _points_per_lane(fig) == {"KOR-RUS": 2, "PRK-RUS": 2}
    ids = [i for trace in _event_traces(fig) for i in trace.customdata]
    assert sorted(ids) == sorted(events["id"])


def test_timeline_figure_marks_status_by_shape_and_month_precision_hollow(events):
    fig = timeline_figure(timeline_points(events), list(PAIRS))
    symbols = {trace.name: trace.marker.symbol for trace in fig.data}
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == ["confirmed", "alleged"]  # hollow for month-only is the caption's
    assert symbols["confirmed"] == "circle"
    assert symbols["confirmed (month only)"] == "circle-open"
    assert symbols["alleged"] == "diamond"


def test_timeline_hover_is_escaped_plain_text(events):
    fig = timeline_figure(timeline_points(events), list(PAIRS))
    hovers = [h for trace in _event_traces(fig) for h in trace.hovertext]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt; &amp; $1.2 billion" in h for h in hovers)
    assert not any("<script>" in h for h in hovers)


def test_index_figure_has_a_bar_per_active_month_a_mean_per_month_and_key_markers(events):
    monthly = monthly_index(events)
    pairs = ["KOR-RUS", "PRK-RUS"]
    fig = index_figure(monthly, key_event_markers(events, monthly), pairs, NAMES)
    bars = [t for t in fig.data if t.type == "bar"]
    # KOR-RUS: June 2024 (both summonses); PRK-RUS: July 1961 and August 2023.
    assert [len(b.x) for b in bars] == [1, 2]
    means = [t for t in fig.data if t.name == "3-month rolling mean"]
    months = (2024 - 1961) * 12 + (6 - 7) + 1  # July 1961 to June 2024, inclusive
    assert [len(m.x) for m in means] == [months, months]
    stars = [t for t in fig.data if t.name == "Key event"]
    assert sum(len(t.x) for t in stars) == 2  # the summons and its hostile copy are key
    # The mean is read in its month's bar: its own hover would take a star's click where the
    # line passes through the star.
    assert all(m.hoverinfo == "skip" for m in means)
    june = monthly[(monthly["pair"] == "KOR-RUS") & (monthly["count"] > 0)]
    assert [tuple(c) for c in bars[0].customdata] == list(
        zip(june["count"], june["rolling_mean"], strict=True)
    )
    assert "mean %{customdata[1]:.1f}" in bars[0].hovertemplate


def test_sparkline_draws_every_month_its_zero_line_scale_and_years_as_plain_svg(events):
    monthly = monthly_index(events)
    one = monthly[monthly["pair"] == "KOR-RUS"]
    svg = sparkline_svg(one, "South Korea – Russia <img src=x onerror=alert(1)>")
    points = re.search(r'<polyline points="([^"]+)"', svg).group(1).split()
    assert len(points) == len(one)
    xs = [float(p.split(",")[0]) for p in points]
    assert xs == sorted(xs) and xs[0] < xs[-1]
    ys = {round(float(p.split(",")[1]), 1) for p in points}
    zero = float(re.search(r'<line [^>]*y1="([\d.]+)"', svg).group(1))
    top, bottom = 8, SPARK_SIZE[1] - 20
    assert top <= zero <= bottom and all(top - 0.1 <= y <= bottom + 0.1 for y in ys)
    labels = re.findall(r">([^<]+)</text>", svg)
    assert "0" in labels
    first, last = one["month"].min(), one["month"].max()
    assert str(pd.Timestamp(first).year) in labels and str(pd.Timestamp(last).year) in labels
    # Only numbers come from the data, and the name is escaped; nothing can run.
    assert "<img" not in svg and "&lt;img src=x" in svg
    label = "Monthly relationship index of South Korea – Russia &lt;img src=x onerror=alert(1)&gt;"
    assert f'aria-label="{label}"' in svg and "<script" not in svg
    assert sparkline_svg(one.iloc[0:0], "x") == ""


def test_every_figure_passes_plotly_validation(events):
    """The figures skip validation for speed, so validate them here, once."""
    import plotly.graph_objects as go

    monthly = monthly_index(events)
    figures = [
        timeline_figure(timeline_points(events), list(PAIRS)),
        index_figure(monthly, key_event_markers(events, monthly), list(PAIRS), NAMES),
    ]
    for fig in figures:
        go.Figure(fig.to_dict())  # raises on any invalid property


def test_index_panels_each_show_dates_whole_count_ticks_and_one_bar_width(events):
    monthly = monthly_index(events)
    pairs = ["KOR-RUS", "PRK-RUS"]
    fig = index_figure(monthly, key_event_markers(events, monthly), pairs, NAMES)
    layout = fig.to_plotly_json()["layout"]
    assert [layout[a]["showticklabels"] for a in ("xaxis", "xaxis2")] == [True, True]
    assert all("tickformatstops" in layout[a] for a in ("xaxis", "xaxis2"))
    # Right-hand count axes step by whole numbers (a step of 0.5 printed 1, 1, 2, 2).
    assert [layout[a]["dtick"] for a in ("yaxis2", "yaxis4")] == [1, 1]
    widths = {w for t in fig.data if t.type == "bar" for w in t.width}
    assert len(widths) == 1  # every month's bar in every panel is as wide


def test_timeline_lanes_are_labelled_with_names_when_given(events):
    fig = timeline_figure(timeline_points(events), ["KOR-RUS"], {"KOR-RUS": "South Korea – Russia"})
    assert list(fig.layout.yaxis.ticktext) == ["South Korea – Russia"]
    assert list(fig.layout.yaxis.tickvals) == ["KOR-RUS"]


def test_key_event_labels_are_short_and_never_share_a_row_within_a_label_s_width():
    day = pd.Timestamp("2024-01-01")
    points = pd.DataFrame(
        {
            "x": [day + pd.Timedelta(days=d) for d in (0, 5, 10, 200, 400)],
            "lane": ["KOR-RUS"] * 5,
            "key": [True] * 5,
            "title": ["A very long title that goes on and on", "B", "C", "D", "E"],
        }
    )
    labels = key_labels(points)
    texts = [a["text"] for a in labels]
    assert texts[0].endswith("…") and len(texts[0]) <= KEY_LABEL_CHARS
    assert "C" not in texts  # three close together: two rows, so the third is left out
    assert [a["level"] for a in labels[:2]] == [0, 1]
    room = (points["x"].max() - points["x"].min()) * KEY_LABEL_ROOM
    for a, b in zip(labels, labels[1:], strict=False):
        assert a["level"] != b["level"] or b["x"] - a["x"] >= room
    # Drawn as one text trace per row, the upper row lifted by one more blank line; no hover.
    rows = key_label_traces(labels)
    assert [t["mode"] for t in rows] == ["text", "text"]
    assert all(t["hoverinfo"] == "skip" for t in rows)
    assert rows[0]["text"][0].endswith("…<br> ") and rows[1]["text"][0] == "B<br> <br> "
