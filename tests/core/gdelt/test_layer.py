"""The GDELT layer: its folder is checked, filtered on the filters it has, and aggregated."""

import json
from datetime import date

import pandas as pd
import pytest
from factories import GDELT_ROWS, gdelt_row, write_gdelt_folder

from dashboard.core.filters import Filters, not_applied
from dashboard.core.gdelt.layer import (
    apply_layer_filters,
    events_in_square,
    export_gdelt_frame,
    find_gdelt_event,
    load_gdelt_layer,
    monthly_volume,
    page_of,
    pair_volume,
    place_counts,
)
from dashboard.core.places import grid_square


@pytest.fixture
def layer(tmp_path):
    return load_gdelt_layer(write_gdelt_folder(tmp_path / "gdelt"))


def test_load_gdelt_layer_prepares_ids_days_and_unordered_pairs(layer):
    assert layer.problems == ()
    assert list(layer.events["id"]) == ["gdelt-1001", "gdelt-1002", "gdelt-1003", "gdelt-1004"]
    assert list(layer.events["pair"].astype(str)) == ["PRK-RUS", "KOR-RUS", "RUS-UKR", "KOR-PRK"]
    assert layer.events["day"].iloc[0] == pd.Timestamp("2024-06-19")
    assert layer.manifest["totals"]["events_written"] == 4


def test_a_missing_parquet_is_one_problem_that_says_how_to_make_it(tmp_path):
    layer = load_gdelt_layer(tmp_path)
    assert layer.events.empty
    assert len(layer.problems) == 1 and "import-gdelt" in layer.problems[0]


def test_bad_rows_are_named_by_file_row_and_field(tmp_path):
    rows = [*GDELT_ROWS, gdelt_row("9", "2024-13-40", "KOR", "rus", goldstein=12.0)]
    layer = load_gdelt_layer(write_gdelt_folder(tmp_path, rows))
    assert layer.events.empty
    assert "gdelt_events.parquet row 5, field date: '2024-13-40' is not a date" in layer.problems[0]
    assert any("row 5, field target_country: 'rus'" in p for p in layer.problems)


def test_a_file_that_is_not_parquet_is_one_problem_not_an_exception(tmp_path):
    (tmp_path / "gdelt_events.parquet").write_text("not parquet")
    layer = load_gdelt_layer(tmp_path)
    assert layer.events.empty and "cannot be read as Parquet" in layer.problems[0]


def test_a_broken_manifest_is_reported(tmp_path):
    write_gdelt_folder(tmp_path)
    (tmp_path / "manifest.json").write_text("{")
    assert "manifest.json" in load_gdelt_layer(tmp_path).problems[0]


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        (Filters(), ["1001", "1002", "1003", "1004"]),
        (Filters(date_from=date(2024, 6, 20), date_to=date(2024, 7, 2)), ["1002", "1003"]),
        (Filters(actors=("UKR",)), ["1003"]),
        (Filters(pair=("KOR", "PRK")), ["1004"]),
        (Filters(types=("ASSAULT", "ACCUSE")), ["1002", "1003"]),
        (Filters(quads=("verbal_cooperation",)), ["1001"]),
        (Filters(statuses=("alleged",), imin=3), ["1001", "1002", "1003", "1004"]),
    ],
)
def test_apply_layer_filters_uses_the_filters_gdelt_has(layer, filters, ids):
    assert list(apply_layer_filters(layer.events, filters)["event_id"]) == ids


def test_not_applied_names_each_ignored_filter_once():
    assert not_applied(Filters(imin=1, imax=3, q="x")) == [
        "intensity (GDELT has the Goldstein score instead)",
        "search text",
    ]
    assert not_applied(Filters(actors=("KOR",))) == []


def test_monthly_volume_counts_events_and_reports_per_pair_and_month(layer):
    rows = [*GDELT_ROWS, gdelt_row("1005", "2024-06-28", "RUS", "PRK", goldstein=2.0, reports=2)]
    events = load_gdelt_layer(write_gdelt_folder(layer.folder, rows)).events
    monthly = monthly_volume(events)
    june = monthly[(monthly["pair"] == "PRK-RUS") & (monthly["month"] == "2024-06-01")].iloc[0]
    assert (june["events"], june["reports"], june["mean_goldstein"]) == (2, 3, 3.0)
    # Every pair has every month of the span (June and July 2024), a month without events at
    # 0 with no mean: lines drop to zero across a gap instead of bridging it (#17).
    assert len(monthly) == 4 * 2  # PRK-RUS, KOR-RUS, RUS-UKR, KOR-PRK; June and July
    july = monthly[(monthly["pair"] == "PRK-RUS") & (monthly["month"] == "2024-07-01")].iloc[0]
    assert (july["events"], july["reports"]) == (0, 0) and pd.isna(july["mean_goldstein"])


def test_pair_volume_and_place_counts_aggregate_rows(layer):
    volume = pair_volume(layer.events).set_index("pair")
    assert volume.loc["RUS-UKR", "events"] == 1 and volume.loc["RUS-UKR", "mean_goldstein"] == -10
    places = place_counts(layer.events)
    seoul = places[places["key"] == "37.5,127.0"].iloc[0]
    assert seoul["events"] == 2  # the unlocated row is left out
    assert list(events_in_square(layer.events, "37.5,127.0")["event_id"]) == ["1001", "1002"]


def test_page_of_ranks_by_mentions_and_clamps_the_page(layer):
    first, pages = page_of(layer.events, page=9, per_page=3)
    assert pages == 2 and list(first["event_id"]) == ["1002"]  # ties: the latest first
    first, _ = page_of(layer.events, page=1, per_page=3)
    assert first["event_id"].iloc[0] == "1001"


def test_find_gdelt_event_needs_the_prefix(layer):
    assert find_gdelt_event(layer.events, "gdelt-1003")["location_country"] == "UKR"
    assert find_gdelt_event(layer.events, "1003") is None


def test_export_gdelt_frame_is_json_safe(layer):
    frame = export_gdelt_frame(layer.events)
    assert frame.columns[:2].tolist() == ["id", "pair"]
    records = json.loads(frame.to_json(orient="records"))
    assert records[0]["pair"] == "PRK-RUS" and records[0]["source_country"] == "RUS"


def test_grid_cell_puts_a_curated_place_in_its_half_degree_cell():
    assert grid_square("49.99,36.23") == "50.0,36.0"
    assert grid_square("-33.74,151.26") == "-33.5,151.5"


def test_what_import_gdelt_writes_is_what_the_layer_reads(tmp_path):
    from gdelt_samples import ROWS, write_export

    from dashboard.core.gdelt.ingest import import_gdelt

    export = write_export(tmp_path / "in" / "20240619094500.export.CSV", list(ROWS.values()))
    manifest = import_gdelt(tmp_path / "out", [export])
    layer = load_gdelt_layer(tmp_path / "out")
    assert layer.problems == ()
    assert len(layer.events) == manifest["totals"]["events_written"] > 0
    assert layer.events["id"].str.startswith("gdelt-").all()
    assert apply_layer_filters(layer.events, Filters(pair=("KOR", "PRK"))).shape[0] > 0


def test_a_malformed_cell_key_matches_nothing(layer):
    assert grid_square("here") == ""
    assert events_in_square(layer.events, "x,y").empty
