"""Map aggregates and figure: places, capital lines, playback periods; counted, not looked at."""

import pytest
from factories import ACTORS, EVENTS, SUMMONS, write_folder

from dashboard.core.dataset import load_dataset
from dashboard.core.geo import (
    capitals,
    events_at,
    in_period,
    location_points,
    map_figure,
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
    lines = [t for t in fig.data if t.mode == "lines"]
    places = next(t for t in fig.data if t.name == "Event locations")
    capitals_trace = next(t for t in fig.data if t.name == "Capitals")
    assert len(lines) == 2  # KOR-RUS and PRK-RUS
    assert list(places.customdata) == list(points["key"])
    assert len(capitals_trace.lat) == 4
    assert any("&lt;img src=x onerror=alert(1)&gt;" in h for h in places.hovertext)
    assert not any("<img" in h for h in places.hovertext)
