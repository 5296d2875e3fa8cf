"""The app as a user sees it, through Streamlit's AppTest."""

from pathlib import Path

from factories import write_folder
from streamlit.testing.v1 import AppTest

from dashboard.core.dataset import BUNDLED_DATA, DATA_ENV, load_dataset

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


def _run(monkeypatch, folder=None) -> AppTest:
    if folder is not None:
        monkeypatch.setenv(DATA_ENV, str(folder))
    else:
        monkeypatch.delenv(DATA_ENV, raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return at


def test_overview_shows_every_bundled_event_in_a_table(monkeypatch):
    """Opening the dashboard shows 'Showing N of N events' and the table of them."""
    at = _run(monkeypatch)
    total = len(load_dataset(BUNDLED_DATA).events)
    assert not at.exception
    assert any(f"Showing {total} of {total} events" in m.value for m in at.markdown)
    assert len(at.dataframe) == 1
    assert len(at.dataframe[0].value) == total


def test_the_data_folder_can_be_chosen_by_environment(monkeypatch, tmp_path):
    """FOUR_CAPITALS_DATA points the app at another folder of the same format."""
    at = _run(monkeypatch, write_folder(tmp_path / "data"))
    assert not at.exception
    assert any("Showing 3 of 3 events" in m.value for m in at.markdown)


def test_a_broken_data_folder_gives_a_readable_list_of_problems(monkeypatch, tmp_path):
    """A bad file gives a page naming the file, row and field; no traceback, no table."""
    folder = write_folder(tmp_path / "data")
    text = (folder / "events.csv").read_text(encoding="utf-8").replace(",-3,", ",-30,")
    (folder / "events.csv").write_text(text, encoding="utf-8")
    at = _run(monkeypatch, folder)
    assert not at.exception
    assert "1 problem" in at.error[0].value
    assert [t.value for t in at.text][-1] == (
        "• events.csv row 2, intensity: -30 is out of range (-10 to 10)."
    )
    assert len(at.dataframe) == 0


def test_a_hostile_string_in_the_data_is_shown_as_text(monkeypatch, tmp_path):
    """A problem quoting <script> is plain text, never markup."""
    folder = write_folder(tmp_path / "data")
    text = (folder / "events.csv").read_text(encoding="utf-8")
    (folder / "events.csv").write_text(
        text.replace(",DISAPPROVE,", ",<script>x</script>,"), encoding="utf-8"
    )
    at = _run(monkeypatch, folder)
    assert any("'<script>x</script>' is not one of" in t.value for t in at.text)
    assert not any("<script>" in m.value for m in at.markdown)
