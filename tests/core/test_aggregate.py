"""Aggregates that views draw: built from tiny frames, expectations derived from the constants."""

import pandas as pd
import pytest
from factories import ALLEGED_SHELLS, EVENTS, SUMMONS, TREATY_1961, write_folder

from dashboard.core.aggregate import (
    active_pairs,
    key_event_markers,
    lane_order,
    monthly_index,
    pair_summary,
    related_events,
    timeline_points,
)
from dashboard.core.countries import PAIRS, pair_keys
from dashboard.core.dataset import load_dataset

NAMES = {"KOR": "South Korea", "PRK": "North Korea", "RUS": "Russia", "UKR": "Ukraine"}

NEAR_SUMMONS = dict(SUMMONS, id="near", date="2024-07-15", key="false", people="")
FAR_SUMMONS = dict(SUMMONS, id="far", date="2024-08-15", key="false", people="")


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    folder = write_folder(tmp_path_factory.mktemp("d"), events=[*EVENTS, NEAR_SUMMONS, FAR_SUMMONS])
    return load_dataset(folder).events


def test_pair_keys_are_alphabetical_and_count_the_soviet_union_as_russia(events):
    keys = dict(zip(events["id"], pair_keys(events), strict=True))
    assert keys[SUMMONS["id"]] == "KOR-RUS"
    assert keys[TREATY_1961["id"]] == "PRK-RUS"
    assert keys[ALLEGED_SHELLS["id"]] == "PRK-RUS"


def test_monthly_index_has_every_month_for_every_pair(events):
    frame = monthly_index(events)
    months = (2024 - 1961) * 12 + (8 - 7) + 1  # July 1961 to August 2024, inclusive
    assert len(frame) == months * len(PAIRS)
    assert set(frame.groupby("pair").size()) == {months}


def test_monthly_index_sums_intensity_and_counts_events(events):
    frame = monthly_index(events).set_index(["pair", "month"])
    june = frame.loc[("KOR-RUS", pd.Timestamp("2024-06-01"))]
    assert (june["intensity_sum"], june["count"]) == (int(SUMMONS["intensity"]), 1)
    july = frame.loc[("KOR-RUS", pd.Timestamp("2024-07-01"))]
    assert july["rolling_mean"] == pytest.approx((int(SUMMONS["intensity"]) * 2) / 3)


def test_pair_summary_gives_count_mean_and_latest_key_event(events):
    summary = pair_summary(events, NAMES).set_index("pair")
    assert summary.loc["KOR-RUS", "count"] == 3
    assert summary.loc["KOR-RUS", "mean_intensity"] == int(SUMMONS["intensity"])
    assert summary.loc["KOR-RUS", "latest_key_id"] == SUMMONS["id"]
    assert summary.loc["KOR-UKR", "count"] == 0
    assert summary.loc["KOR-UKR", "latest_key_id"] is None


def test_timeline_points_draw_month_events_mid_month(events):
    points = timeline_points(events).set_index("id")
    assert points.loc[TREATY_1961["id"], "x"] == pd.Timestamp("1961-07-15")
    assert points.loc[TREATY_1961["id"], "month_precision"]
    assert points.loc[SUMMONS["id"], "x"] == pd.Timestamp(SUMMONS["date"])


def test_timeline_points_use_event_types_as_lanes_on_request(events):
    points = timeline_points(events, lanes="type").set_index("id")
    assert points.loc[SUMMONS["id"], "lane"] == SUMMONS["event_type"]


def test_related_events_are_the_same_pair_within_thirty_days(events):
    summons = events[events["id"] == SUMMONS["id"]].iloc[0]
    assert list(related_events(events, summons)["id"]) == ["near"]


def test_key_event_markers_sit_on_their_month_of_the_index(events):
    monthly = monthly_index(events)
    marks = key_event_markers(events, monthly)
    assert list(marks["id"]) == [SUMMONS["id"]]
    assert marks.iloc[0]["intensity_sum"] == int(SUMMONS["intensity"])


def test_lane_order_keeps_pairs_fixed_and_drops_empty_lanes(events):
    assert lane_order(timeline_points(events), "pair") == ["KOR-RUS", "PRK-RUS"]
    types = lane_order(timeline_points(events, lanes="type"), "type")
    assert types == sorted(set(events["event_type"]))


def test_active_pairs_are_those_with_events(events):
    assert active_pairs(monthly_index(events)) == ["KOR-RUS", "PRK-RUS"]


def test_events_on_one_day_in_one_lane_get_their_own_marks(tmp_path):
    twin = dict(SUMMONS, id="same-day-twin", people="")
    events = load_dataset(write_folder(tmp_path, events=[*EVENTS, twin])).events
    points = timeline_points(events).set_index("id")
    first, second = points.loc[SUMMONS["id"], "x"], points.loc["same-day-twin", "x"]
    assert first.normalize() == second.normalize()  # still drawn on their day
    assert abs(second - first) == pd.Timedelta(hours=8)  # but side by side, both clickable
