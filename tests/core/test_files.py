"""Broken files give one readable sentence naming the file (and row), never an exception."""

import pytest
from factories import write_folder

from dashboard.core.dataset import load_dataset
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
