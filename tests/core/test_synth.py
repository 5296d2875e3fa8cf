"""Synthetic data folders: valid, obviously synthetic, shaped like the real thing, repeatable."""

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard.core.dataset import load_dataset
from dashboard.core.schema import load_schema
from dashboard.core.synth import write_synthetic_folder

EVENTS = 2000
SCHEMA = load_schema()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_synthetic_folder(tmp_path_factory.mktemp("synth"), EVENTS, seed=1)


@pytest.fixture(scope="module")
def dataset(folder):
    return load_dataset(folder)


def test_write_synthetic_folder_writes_a_folder_that_validates_with_no_problems(dataset):
    assert dataset.problems == ()
    assert len(dataset.events) == EVENTS


def test_synthetic_events_are_parquet_and_the_other_tables_csv(folder):
    files = {p.name for p in folder.iterdir()}
    assert files == {
        "events.parquet",
        "actors.csv",
        "roles.csv",
        "sources.csv",
        "corrections.csv",
        "kinds.csv",
    }
    header = (folder / "corrections.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == ",".join(c.name for c in SCHEMA.tables["corrections"].columns)


def test_synthetic_sources_are_plainly_synthetic_and_point_nowhere_real(dataset):
    sources = dataset.sources
    assert sources["url"].str.fullmatch(r"https://synthetic\.invalid/\d+").all()
    assert (sources["publisher"] == "Synthetic data").all()
    assert sources["title"].str.fullmatch(r"Synthetic source \d+").all()


def test_the_same_seed_writes_the_same_events_and_another_seed_others(folder, tmp_path):
    again = write_synthetic_folder(tmp_path / "again", EVENTS, seed=1)
    other = write_synthetic_folder(tmp_path / "other", EVENTS, seed=2)
    events = pq.read_table(folder / "events.parquet")
    assert pq.read_table(again / "events.parquet").equals(events)
    assert not pq.read_table(other / "events.parquet").equals(events)


def test_russia_ukraine_and_north_korea_russia_are_the_busiest_pairs(dataset):
    shares = dataset.events["pair"].value_counts(normalize=True)
    assert set(shares.index[:2]) == {"RUS-UKR", "PRK-RUS"}
    assert shares["KOR-UKR"] < shares["KOR-PRK"]


def test_events_burst_around_february_2022(dataset):
    months = dataset.events["span_start"].dt.to_period("M").value_counts()
    assert months[pd.Period("2022-02")] > 10 * months.median()


def test_about_one_event_in_seven_is_known_only_to_the_month(dataset):
    month = (dataset.events["date_precision"] == "month").mean()
    assert 0.10 < month < 0.20


@pytest.mark.parametrize(
    ("column", "vocabulary"),
    [("status", "status"), ("event_type", "event_type"), ("quad_class", "quad_class")],
)
def test_every_value_of_a_vocabulary_occurs(dataset, column, vocabulary):
    assert set(dataset.events[column]) == set(SCHEMA.vocabularies[vocabulary])


def test_some_events_are_key_and_some_name_people_serving_on_the_day(dataset):
    assert 0 < dataset.events["key"].sum() < EVENTS / 20
    assert dataset.events["people"].map(len).gt(0).mean() > 0.2  # roles cover them: no problems


def test_write_synthetic_folder_refuses_a_folder_that_holds_events_csv(tmp_path):
    (tmp_path / "events.csv").write_text("id\n", encoding="utf-8")
    with pytest.raises(FileExistsError, match="events.csv exists"):
        write_synthetic_folder(tmp_path, 10)
