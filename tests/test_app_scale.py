"""A large window in the app (AppTest): aggregated timeline, a capped table, said on the page."""

import csv
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.folders import DATA_ENV
from dashboard.core.graph import NODE_LIMIT
from dashboard.core.synth import write_synthetic_folder

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_synthetic_folder(tmp_path_factory.mktemp("big"), 6000, 5)


def _app(monkeypatch, folder, view: str) -> AppTest:
    monkeypatch.setenv(DATA_ENV, str(folder))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = view
    at.query_params["from"] = "all"  # the synthetic years start before the default window
    return at.run()


def test_the_count_line_groups_thousands(monkeypatch, folder):
    at = _app(monkeypatch, folder, "overview")
    assert not at.exception
    assert "**Showing 6,000 of 6,000 events**" in [m.value for m in at.markdown]


def test_the_overview_table_sends_the_latest_thousand_and_says_so(monkeypatch, folder):
    at = _app(monkeypatch, folder, "overview")
    table = at.dataframe[0].value
    assert len(table) == 1000 and table["date"].str[:7].is_monotonic_decreasing  # newest first
    assert any("The latest 1,000 of 6,000 matching events" in c.value for c in at.caption)


def test_the_timeline_draws_lane_months_above_five_thousand_events(monkeypatch, folder):
    at = _app(monkeypatch, folder, "timeline")
    assert not at.exception
    assert any("6,000 events are too many to draw one by one" in c.value for c in at.caption)
    at.selectbox(key="pair").set_value("KOR-UKR").run()
    assert not any("too many to draw" in c.value for c in at.caption)


def test_the_network_says_how_many_people_it_left_out(monkeypatch, folder):
    monkeypatch.setenv(DATA_ENV, str(folder))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["view"] = "network"
    at.query_params["nodes"] = "all"
    at.query_params["from"] = "all"
    at.run()
    assert not at.exception
    people = _people_and_organisations_involved(folder)
    assert people > NODE_LIMIT
    assert any(c.value.startswith(f"The {NODE_LIMIT} busiest of {people:,} ") for c in at.caption)


def _people_and_organisations_involved(folder) -> int:
    """Counted from the files with plain Python, apart from the graph code the page runs."""
    with (folder / "actors.csv").open(encoding="utf-8", newline="") as handle:
        kinds = {row["id"]: row["actor_type"] for row in csv.DictReader(handle)}
    columns = ["source_actor", "target_actor", "other_actors", "people"]
    table = pq.read_table(folder / "events.parquet", columns=columns).to_pydict()
    ids = {i.strip() for column in columns for cell in table[column] for i in cell.split("|")}
    return sum(kinds.get(i) in ("person", "organisation") for i in ids)
