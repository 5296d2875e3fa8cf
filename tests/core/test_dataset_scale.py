"""Loading at scale: Parquet events, the links and pair columns, and versions that see Parquet."""

import csv
import hashlib

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from factories import ALLEGED_SHELLS, EVENTS, SUMMONS, TREATY_1961, write_folder

from dashboard.core.dataset import data_version, folder_fingerprint, load_dataset
from dashboard.core.schema import load_schema
from dashboard.core.synth import write_synthetic_folder

SYNTHETIC_EVENTS = 2000


def _csv_to_parquet(folder):
    """Store the folder's events as events.parquet, every cell the string the CSV holds."""
    with (folder / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = {name: pa.array([row[name] for row in rows], pa.string()) for name in rows[0]}
    pq.write_table(pa.table(columns), folder / "events.parquet")
    (folder / "events.csv").unlink()
    return folder


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return load_dataset(write_synthetic_folder(tmp_path_factory.mktemp("synth"), SYNTHETIC_EVENTS))


def test_parquet_and_csv_of_the_same_rows_load_to_equal_events_and_links(tmp_path):
    from_csv = load_dataset(write_folder(tmp_path / "csv"))
    from_parquet = load_dataset(_csv_to_parquet(write_folder(tmp_path / "parquet")))
    assert from_parquet.problems == ()
    pd.testing.assert_frame_equal(from_parquet.events, from_csv.events)
    pd.testing.assert_frame_equal(from_parquet.links, from_csv.links)


def test_a_broken_parquet_value_is_named_by_file_parquet_row_and_field(tmp_path):
    folder = write_folder(
        tmp_path / "data", events=[*EVENTS[:2], dict(ALLEGED_SHELLS, intensity="11")]
    )
    problems = load_dataset(_csv_to_parquet(folder)).problems
    assert "events.parquet row 3, intensity: 11 is out of range (-10 to 10)." in problems


def test_a_correction_of_an_unknown_event_names_events_parquet(tmp_path):
    ghost = dict(event_id="ghost", correction_date="2025-01-01", field="date", new_value="x")
    folder = write_folder(tmp_path / "data", corrections=[dict(ghost, reason="y")])
    problems = load_dataset(_csv_to_parquet(folder)).problems
    assert problems == ("corrections.csv row 2, event_id: 'ghost' is not an id in events.parquet.",)


def test_pair_is_the_alphabetical_country_pair_as_a_category(tmp_path):
    events = load_dataset(write_folder(tmp_path / "data")).events.set_index("id")
    assert isinstance(events["pair"].dtype, pd.CategoricalDtype)
    pairs = events["pair"].astype(str).to_dict()
    assert pairs == {
        SUMMONS["id"]: "KOR-RUS",
        TREATY_1961["id"]: "PRK-RUS",
        ALLEGED_SHELLS["id"]: "PRK-RUS",
    }


def test_links_hold_each_actor_and_country_of_an_event_once(tmp_path):
    dataset = load_dataset(write_folder(tmp_path / "data"))
    links = dataset.links
    assert links["row"].dtype == "int64"
    assert isinstance(links["actor"].dtype, pd.CategoricalDtype)
    ids = dataset.events["id"]
    found = {ids[row]: sorted(group["actor"].astype(str)) for row, group in links.groupby("row")}
    assert found == {
        SUMMONS["id"]: ["KOR", "RUS", "georgy-zinoviev"],
        TREATY_1961["id"]: ["PRK", "RUS", "SUN"],  # the USSR, and Russia as its country
        ALLEGED_SHELLS["id"]: ["PRK", "RUS"],
    }


def test_links_match_actor_ids_and_countries_on_synthetic_events(synthetic):
    linked = synthetic.links.groupby("row")["actor"].agg(lambda a: frozenset(a.astype(str)))
    expected = [
        ids | places
        for ids, places in zip(
            synthetic.events["actor_ids"], synthetic.events["countries"], strict=True
        )
    ]
    assert list(linked.index) == list(synthetic.events.index)
    assert list(linked) == expected
    assert not synthetic.links.duplicated().any()


def test_a_loaded_dataset_keeps_only_id_and_row_of_the_events_text(synthetic):
    assert list(synthetic.tables["events"].columns) == ["id", "_row"]
    assert set(synthetic.tables) == set(load_schema().tables)


def test_data_version_and_fingerprint_see_the_parquet_file(tmp_path):
    folder = _csv_to_parquet(write_folder(tmp_path / "data"))
    version, fingerprint = data_version(folder), folder_fingerprint(folder)
    table = pq.read_table(folder / "events.parquet")
    pq.write_table(
        table.set_column(0, "id", pa.array(["a", "b", "c"], pa.string())), folder / "events.parquet"
    )
    assert data_version(folder) != version
    assert folder_fingerprint(folder) != fingerprint


def test_data_version_of_a_csv_folder_hashes_its_files_as_before(tmp_path):
    folder = write_folder(tmp_path / "data")
    digest = hashlib.sha256()
    for table in sorted(load_schema().tables.values(), key=lambda t: t.file):
        digest.update(table.file.encode() + (folder / table.file).read_bytes())
    assert data_version(folder) == digest.hexdigest()[:10]
