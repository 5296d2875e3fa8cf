"""Map aggregates and figure: places, capital lines, playback periods; counted, not looked at."""

import itertools
import math

import plotly.graph_objects as go
import pytest
from factories import ACTORS, EVENTS, SUMMONS, write_folder

from dashboard.core.countries import PAIRS, split_pair
from dashboard.core.dataset import load_dataset
from dashboard.core.geo import (
    REGIONS,
    arc,
    capitals,
    events_at,
    in_period,
    location_points,
    map_figure,
    map_height,
    pair_lines,
)

SEOUL_AGAIN = dict(SUMMONS, id="seoul-again", date="2024-06-25", people="", intensity="-5")
HOSTILE_PLACE = dict(
    SUMMONS,
    id="hostile-place",
    date="2024-01-05",
    people="",
    location_name="<img src=x onerror=alert(1)>",
    latitude="40",
    longitude="130",
)


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(
        write_folder(tmp_path_factory.mktemp("d"), events=[*EVENTS, SEOUL_AGAIN, HOSTILE_PLACE])
    )


def test_location_points_count_events_per_place(ds):
    points = location_points(ds.events).set_index("key")
    seoul = points.loc["37.57,126.98"]
    assert (seoul["count"], seoul["mean_intensity"]) == (2, (-3 + -5) / 2)
    assert len(points) == 4  # Seoul, Moscow, Rajin and the hostile place


def test_events_at_returns_the_place_s_events(ds):
    assert sorted(events_at(ds.events, "37.57,126.98")["id"]) == [
        "kor-summons-envoy",
        "seoul-again",
    ]


def test_pair_lines_join_the_capitals_of_active_pairs(ds):
    caps = capitals(ds.actors)
    lines = pair_lines(ds.events, caps).set_index("pair")
    assert sorted(lines.index) == ["KOR-RUS", "PRK-RUS"]
    seoul = next(a for a in ACTORS if a["id"] == "KOR")
    assert lines.loc["KOR-RUS", "lat_a"] == float(seoul["latitude"])
    assert lines.loc["KOR-RUS", "count"] == 3


def test_in_period_keeps_events_overlapping_the_frame(ds):
    assert set(in_period(ds.events, "2024-06")["id"]) == {"kor-summons-envoy", "seoul-again"}
    assert set(in_period(ds.events, "2024-Q1")["id"]) == {"hostile-place"}
    assert set(in_period(ds.events, "2023-08")["id"]) == {"shells-alleged"}


def test_map_figure_has_a_line_per_pair_a_marker_per_place_and_four_capitals(ds):
    caps = capitals(ds.actors)
    points = location_points(ds.events)
    fig = map_figure(points, pair_lines(ds.events, caps), caps)
    lines = [t for t in fig.data if t.mode == "lines" and t.meta]
    places = next(t for t in fig.data if t.name == "Event locations")
    capitals_trace = next(t for t in fig.data if t.name == "Capitals")
    target = fig.data[-1]
    assert sorted(t.meta for t in lines) == ["KOR-RUS", "PRK-RUS"]
    # A capital's click lists the events at its coordinates, like a place's circle; its target
    # is drawn last and smaller than any place, so that plotly gives it the hover.
    assert target.name == "Capital targets" and capitals_trace.hoverinfo == "skip"
    assert target.marker.size < min(places.marker.size)
    assert list(target.customdata) == [
        f"{a:.2f},{b:.2f}" for a, b in zip(caps["latitude"], caps["longitude"], strict=True)
    ]
    assert list(places.customdata) == list(points["key"])
    assert len(capitals_trace.lat) == 4
    assert any("&lt;img src=x onerror=alert(1)&gt;" in h for h in places.hovertext)
    assert not any("<img" in h for h in places.hovertext)


def test_the_six_pair_arcs_are_apart_and_the_lines_leave_the_capitals_to_their_own_hover():
    caps = {"KOR": (37.57, 126.98), "PRK": (39.04, 125.76), "RUS": (55.76, 37.62),
            "UKR": (50.45, 30.52)}  # fmt: skip
    middles = {}
    for pair in PAIRS:
        a, b = split_pair(pair)
        lats, lons, middle = arc(pair, *caps[a], *caps[b])
        assert (lats[0], lons[0]) == caps[a] and (lats[-1], lons[-1]) == pytest.approx(caps[b])
        middles[pair] = middle
    # South and North Korea share their far ends (Moscow, Kyiv): their arcs' middles must still
    # lie degrees apart, and so must every other two pairs'.
    for one, two in itertools.combinations(PAIRS, 2):
        (a, b), (c, d) = middles[one], middles[two]
        assert math.hypot(a - c, b - d) > 2, (one, two)


def test_every_active_pair_has_its_own_line_a_middle_dot_and_a_width_legend(ds):
    caps = capitals(ds.actors)
    fig = map_figure(location_points(ds.events), pair_lines(ds.events, caps), caps)
    lines = [t for t in fig.data if t.mode == "lines" and t.meta]
    assert all(t.hoverinfo == "skip" for t in lines)
    middles = next(t for t in fig.data if t.meta == "pair-middles")
    assert len(middles.lat) == len(lines)
    assert all("events, mean intensity" in h for h in middles.hovertext)
    legend = [t for t in fig.data if t.showlegend]
    assert [t.name for t in legend] == [
        "1 event between two capitals",
        "3 events between two capitals",
    ]
    assert legend[0].line.width < legend[1].line.width
    fig.layout.template = None
    go.Figure(fig.to_dict())  # valid plotly


@pytest.mark.parametrize("region", list(REGIONS))
def test_each_region_frames_its_capitals_and_its_height_fits_the_width(ds, region):
    caps = capitals(ds.actors)
    fig = map_figure(location_points(ds.events), pair_lines(ds.events, caps), caps, region=region)
    box = REGIONS[region]
    assert tuple(fig.layout.geo.lonaxis.range) == box["lon"]
    inside = caps[caps["longitude"].between(*box["lon"]) & caps["latitude"].between(*box["lat"])]
    wanted = {"all": 4, "korea": 2, "europe": 2}[region]
    assert len(inside) == wanted
    # Wider region, flatter frame; a phone's frame is shorter than a desktop's.
    assert map_height(region, 360) < map_height(region, 900)
    assert map_height("all", 900) < map_height("korea", 900)


def test_capital_names_reach_plotly_text_as_escaped_text(ds):
    """Plotly renders a subset of HTML in text: a capital's <span style=url()> or <a> from
    actors.csv must show as text, not fetch or link (the map and the offline snapshot)."""
    hostile = '<span style="background-image: url(http://evil.example/c.png)">s</span>'
    actors = ds.actors.copy()
    actors.loc[actors["id"] == "KOR", "capital"] = f"Seoul {hostile}"
    caps = capitals(actors)
    fig = map_figure(location_points(ds.events), pair_lines(ds.events, caps), caps)
    texts = [
        str(t) for trace in fig.data for t in list(trace.text or []) + list(trace.hovertext or [])
    ]
    assert any("Seoul &lt;span style=" in t for t in texts)
    assert not any("<span" in t or "<a " in t for t in texts)
