"""Broken data folders give a readable problem page; no run of the app or export writes data/."""

import hashlib
from pathlib import Path

import pytest
from factories import write_folder
from streamlit.testing.v1 import AppTest

from dashboard.cli import main
from dashboard.core.folders import BUNDLED_DATA, DATA_ENV
from dashboard.core.url_state import VIEWS

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def _replace(name, old, new):
    def mutate(folder):
        path = folder / name
        path.write_bytes(path.read_bytes().replace(old, new, 1))

    return mutate


BROKEN = [
    ("missing column", _replace("events.csv", b",summary,", b","), "events.csv, column 'summary'"),
    (
        "truncated file",
        lambda f: (f / "events.csv").write_bytes((f / "events.csv").read_bytes()[:-40]),
        "events.csv row 4: has",
    ),
    (
        "wrong delimiter",
        lambda f: (f / "sources.csv").write_bytes(
            (f / "sources.csv").read_bytes().replace(b",", b";")
        ),
        "sources.csv row 1: the header",
    ),
    (
        "non-UTF-8 file",
        _replace("actors.csv", b"Seoul", "S\xe9oul".encode("latin-1")),
        "actors.csv line 2: the file is not UTF-8",
    ),
    ("empty file", lambda f: (f / "roles.csv").write_bytes(b""), "roles.csv: the file is empty"),
    ("missing file", lambda f: (f / "sources.csv").unlink(), "sources.csv: the file is missing"),
    (
        "unknown actor",
        _replace("events.csv", b",KOR,RUS,", b",KOR,XXX,"),
        "events.csv row 2, target_actor: 'XXX' is not an id in actors.csv.",
    ),
]


@pytest.mark.parametrize(("case", "mutate", "expected"), BROKEN, ids=[c[0] for c in BROKEN])
def test_a_broken_folder_gives_the_problem_page_with_no_traceback(
    monkeypatch, tmp_path, case, mutate, expected
):
    folder = write_folder(tmp_path / "data")
    mutate(folder)
    monkeypatch.setenv(DATA_ENV, str(folder))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "nothing is shown" in at.error[0].value
    assert any(t.value.startswith(f"• {expected}") for t in at.text), [t.value for t in at.text]


def _fingerprint(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_the_app_and_the_export_leave_the_data_folder_byte_for_byte_unchanged(monkeypatch, capsys):
    before = _fingerprint(BUNDLED_DATA)
    monkeypatch.delenv(DATA_ENV, raising=False)
    for view in VIEWS:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["view"] = view
        at.query_params["event"] = "kor-summons-zinoviev-over-treaty-2024"
        at.run()
        assert not at.exception
    for fmt in ("csv", "json"):
        assert main(["export", "--format", fmt, "--url", "http://h/?actor=KOR"]) == 0
    capsys.readouterr()
    assert _fingerprint(BUNDLED_DATA) == before
