"""Broken files give one readable sentence naming the file (and row), never an exception."""

import csv

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from factories import EVENTS, write_folder

from dashboard.core.dataset import load_dataset
from dashboard.core.files import ROW, read_table
from dashboard.core.schema import load_schema

EVENT_COLUMNS = len(load_schema().tables["events"].columns)


def _break(folder, name, mutate):
    path = folder / name
    path.write_bytes(mutate(path.read_bytes()))


CASES = [
    ("missing file", lambda b: None, "events.csv: the file is missing from the data folder."),
    ("empty file", lambda b: b"", "events.csv: the file is empty; expected a header row."),
    (
        "truncated file",
        lambda b: b[: b.rindex(b",alleged,")],
        f"events.csv row 4: has 11 fields, expected {EVENT_COLUMNS}",
    ),
    (
        "truncated inside quotes",
        lambda b: b + b'x,"unfinished',
        "events.csv line 5: cannot be read as CSV",
    ),
    (
        "non-UTF-8 file",
        lambda b: b.replace(b"Seoul", "S\xe9oul".encode("latin-1")),
        "events.csv line 2: the file is not UTF-8 (byte 0xe9",
    ),
    (
        "wrong delimiter",
        lambda b: b.replace(b",", b";"),
        "events.csv row 1: the header is one column; the file seems to use the semicolon",
    ),
    (
        "missing column",
        lambda b: b.replace(b",summary,", b",", 1),
        "events.csv, column 'summary': missing from the header",
    ),
]


@pytest.mark.parametrize(("what", "mutate", "expected"), CASES, ids=[c[0] for c in CASES])
def test_load_dataset_reports_broken_files(tmp_path, what, mutate, expected):
    folder = write_folder(tmp_path / "data")
    if what == "missing file":
        (folder / "events.csv").unlink()
    else:
        _break(folder, "events.csv", mutate)
    dataset = load_dataset(folder)
    assert dataset.events.empty
    assert any(p.startswith(expected) for p in dataset.problems), dataset.problems


def test_a_broken_file_still_lets_the_other_tables_be_checked(tmp_path):
    folder = write_folder(tmp_path / "data")
    (folder / "events.csv").write_bytes(b"")
    _break(folder, "sources.csv", lambda b: b.replace(b"https://example.org/a", b"ftp://x"))
    problems = load_dataset(folder).problems
    assert any(p.startswith("events.csv: the file is empty") for p in problems)
    assert any(p.startswith("sources.csv row 2, url: 'ftp://x'") for p in problems)


def test_a_missing_folder_is_a_problem_not_a_crash(tmp_path):
    dataset = load_dataset(tmp_path / "nowhere")
    assert dataset.problems == (f"{tmp_path / 'nowhere'}: the data folder does not exist.",)


def _to_parquet(folder, change=lambda table: table):
    """Store the folder's events as events.parquet (every cell a string), as change() makes them."""
    with (folder / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = {name: pa.array([row[name] for row in rows], pa.string()) for name in rows[0]}
    pq.write_table(change(pa.table(columns)), folder / "events.parquet")
    (folder / "events.csv").unlink()
    return folder


def test_read_table_reads_events_parquet_with_parquet_row_numbers(tmp_path):
    folder = _to_parquet(write_folder(tmp_path / "data"))
    read = read_table(folder, load_schema().tables["events"])
    assert (read.problems, read.file) == ((), "events.parquet")
    assert list(read.frame["id"]) == [e["id"] for e in EVENTS]
    assert list(read.frame[ROW]) == [1, 2, 3]


def test_read_table_reads_parquet_nulls_as_empty_cells(tmp_path):
    def blank_notes(table):
        return table.set_column(
            table.schema.get_field_index("notes"), "notes", pa.nulls(3, pa.string())
        )

    folder = _to_parquet(write_folder(tmp_path / "data"), blank_notes)
    assert list(read_table(folder, load_schema().tables["events"]).frame["notes"]) == ["", "", ""]


PARQUET_CASES = [
    (
        "both files",
        lambda folder: (folder / "events.csv").write_text("id\n", encoding="utf-8"),
        "both events.csv and events.parquet exist; keep one.",
    ),
    (
        "not Parquet",
        lambda folder: (folder / "events.parquet").write_bytes(b"PAR1 but not really"),
        "events.parquet: cannot be read as Parquet (",
    ),
    (
        "missing column",
        lambda folder: pq.write_table(
            pq.read_table(folder / "events.parquet").drop_columns(["summary"]),
            folder / "events.parquet",
        ),
        "events.parquet, column 'summary': missing from the header",
    ),
    (
        "numbers stored as numbers",
        lambda folder: pq.write_table(
            pq.read_table(folder / "events.parquet").set_column(
                10, "intensity", pa.array([-3, 10, 8], pa.int64())
            ),
            folder / "events.parquet",
        ),
        "events.parquet, column 'intensity': stored as int64, expected strings",
    ),
]


@pytest.mark.parametrize(
    ("what", "mutate", "expected"), PARQUET_CASES, ids=[c[0] for c in PARQUET_CASES]
)
def test_load_dataset_reports_broken_parquet_files(tmp_path, what, mutate, expected):
    folder = _to_parquet(write_folder(tmp_path / "data"))
    mutate(folder)
    dataset = load_dataset(folder)
    assert dataset.events.empty
    assert any(p.startswith(expected) for p in dataset.problems), dataset.problems


OUTSIDE_LINE = "root-secret-first-line"


def _outside_file(tmp_path):
    outside = tmp_path / "elsewhere.csv"
    outside.write_text(f"{OUTSIDE_LINE},x\n1,2\n", encoding="utf-8")
    return outside


@pytest.mark.parametrize(
    ("what", "make", "expected"),
    [
        (
            "link out of the folder",
            lambda f, t: (f / "roles.csv").symlink_to(_outside_file(t)),
            "roles.csv: is a symbolic link to a file outside the data folder; it was not read",
        ),
        (
            "link to a device",
            lambda f, t: (f / "roles.csv").symlink_to("/dev/zero"),
            "roles.csv: is a symbolic link to a file outside the data folder",
        ),
        (
            "looping link",
            lambda f, t: (f / "roles.csv").symlink_to(f / "roles.csv"),
            "roles.csv: is a symbolic link that leads nowhere",
        ),
        (
            "directory",
            lambda f, t: (f / "roles.csv").mkdir(),
            "roles.csv: is a directory, not a file.",
        ),
    ],
)
def test_a_table_that_is_not_a_file_in_the_folder_is_named_and_never_read(
    tmp_path, what, make, expected
):
    """These said 'the file is missing' (or printed a system file's first line as a column
    name, from a link to it): each is named for what it is, and nothing outside is read."""
    folder = write_folder(tmp_path / "data")
    (folder / "roles.csv").unlink()
    make(folder, tmp_path)
    problems = load_dataset(folder).problems
    assert any(p.startswith(expected) for p in problems), problems
    assert not any(OUTSIDE_LINE in p for p in problems)


def test_a_link_inside_the_folder_is_followed(tmp_path):
    folder = write_folder(tmp_path / "data")
    (folder / "roles.csv").rename(folder / "roles-real.csv")
    (folder / "roles.csv").symlink_to(folder / "roles-real.csv")
    assert load_dataset(folder).problems == ()


def test_a_cell_longer_than_the_csv_limit_says_so_and_not_truncation(tmp_path):
    folder = write_folder(tmp_path / "data")
    _break(folder, "events.csv", lambda b: b.replace(b"Seoul", b"S" + b"x" * 1_000_000, 1))
    problems = load_dataset(folder).problems
    assert any("a cell is longer than 131,072 characters" in p for p in problems), problems
    assert not any("truncated" in p for p in problems)
