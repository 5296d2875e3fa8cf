"""The GDELT layer in the app (AppTest): off by default, counted apart, drawn as aggregates."""

from pathlib import Path

import pytest
from factories import write_folder, write_gdelt_folder
from streamlit.testing.v1 import AppTest

from dashboard.core.folders import DATA_ENV, GDELT_ENV

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")


@pytest.fixture
def gdelt_folder(tmp_path):
    return write_gdelt_folder(tmp_path / "gdelt")


@pytest.fixture
def curated(tmp_path):
    """The factory's three curated events: SUMMONS 2024-06-21, TREATY 1961-07, SHELLS 2023-08."""
    return write_folder(tmp_path / "data")


def _app(monkeypatch, params=None, gdelt=None, curated=None) -> AppTest:
    if curated is None:
        monkeypatch.delenv(DATA_ENV, raising=False)
    else:
        monkeypatch.setenv(DATA_ENV, str(curated))
    if gdelt is None:
        monkeypatch.delenv(GDELT_ENV, raising=False)
    else:
        monkeypatch.setenv(GDELT_ENV, str(gdelt))
    at = AppTest.from_file(APP, default_timeout=60)
    # Every date unless the link gives `from` (the curated fixture has a 1961 event).
    for key, value in ({"from": "all"} | (params or {})).items():
        at.query_params[key] = value
    return at.run()


def _count_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Showing"))


def _notices(at) -> list[str]:
    return [t.value for t in at.text if t.value.startswith("•")]


def test_the_layer_is_off_by_default_even_when_loaded(monkeypatch, gdelt_folder, curated):
    at = _app(monkeypatch, gdelt=gdelt_folder, curated=curated)
    assert not at.exception
    assert _count_line(at) == "**Showing 3 of 3 events**"


def test_layer_gdelt_counts_the_two_layers_apart(monkeypatch, gdelt_folder, curated):
    at = _app(monkeypatch, {"layer": ["gdelt"], "from": ["2024-06-20"]}, gdelt_folder, curated)
    assert not at.exception
    # Curated: only the summons (2024-06-21) is on or after June 20. GDELT: 1002, 1003 and
    # 1004 (June 20, July 2, July 15), not 1001 (June 19).
    assert _count_line(at) == (
        "**Showing 1 of 3 curated events** · **3 of 4 automated (GDELT) events**"
    )


def test_layer_gdelt_without_a_loaded_layer_gets_a_notice(monkeypatch):
    at = _app(monkeypatch, {"layer": ["gdelt"]})
    assert not at.exception
    assert any(n.startswith("• layer: 'gdelt' is not loaded") for n in _notices(at))
    assert "GDELT" not in _count_line(at)


def test_a_gdelt_event_link_opens_its_details_with_the_source_article(monkeypatch, gdelt_folder):
    at = _app(monkeypatch, {"event": ["gdelt-1003"]}, gdelt_folder)
    assert not at.exception
    assert "Automated (GDELT) event 1003" in [s.value for s in at.subheader]
    assert any("https://news.example.org/1003" in m.value for m in at.markdown)
    assert any("CAMEO 190: Use conventional military force" in t.value for t in at.text)


def test_an_unknown_gdelt_event_id_gets_a_notice(monkeypatch, gdelt_folder):
    at = _app(monkeypatch, {"event": ["gdelt-999"]}, gdelt_folder)
    assert any("not in the loaded GDELT layer" in n for n in _notices(at))


def test_a_broken_gdelt_folder_is_listed_and_the_curated_data_still_shows(
    monkeypatch, tmp_path, curated
):
    (tmp_path / "gdelt_events.parquet").write_text("not parquet")
    at = _app(monkeypatch, {"layer": ["gdelt"]}, tmp_path, curated)
    assert not at.exception
    assert _count_line(at) == "**Showing 3 of 3 events**"
    assert any("cannot be read as Parquet" in t.value for t in at.text)


@pytest.mark.parametrize("view", ["overview", "timeline", "map", "network"])
def test_every_view_runs_with_the_layer_on(monkeypatch, gdelt_folder, view):
    at = _app(monkeypatch, {"layer": ["gdelt"], "view": [view]}, gdelt_folder)
    assert not at.exception
    assert "automated (GDELT)" in _count_line(at)


def test_the_timeline_adds_the_gdelt_context_chart_and_list(monkeypatch, gdelt_folder):
    at = _app(monkeypatch, {"layer": ["gdelt"], "view": ["timeline"]}, gdelt_folder)
    assert "Automated (GDELT) context" in [s.value for s in at.subheader]
    buttons = [b.label for b in at.button if b.key and b.key.startswith("gdelt_timeline_")]
    assert len(buttons) == 4 and buttons[0].startswith("2024-06-19: RUS → PRK")


def test_a_gdelt_map_cell_lists_its_events(monkeypatch, gdelt_folder):
    at = _app(
        monkeypatch,
        {"layer": ["gdelt"], "view": ["map"], "loc": ["gdelt:37.5,127.0"]},
        gdelt_folder,
    )
    assert not at.exception
    keys = [b.key for b in at.button if b.key and b.key.startswith("gdelt_loc_")]
    assert keys == ["gdelt_loc_gdelt-1001", "gdelt_loc_gdelt-1002"]


def test_a_curated_place_also_lists_gdelt_events_in_its_cell(monkeypatch, gdelt_folder):
    params = {"layer": ["gdelt"], "view": ["map"], "loc": ["37.57,126.98"]}
    at = _app(monkeypatch, params, gdelt_folder)
    assert "Automated (GDELT) events near 37.5,127.0" in [s.value for s in at.subheader]


def test_about_describes_the_loaded_layer_from_its_manifest(monkeypatch, gdelt_folder):
    at = _app(monkeypatch, {"view": ["about"]}, gdelt_folder)
    assert not at.exception
    assert "The automated layer (GDELT)" in [s.value for s in at.subheader]
    assert any("**4 machine-coded GDELT 2.0 events**" in m.value for m in at.markdown)


def test_about_says_nothing_of_gdelt_without_a_layer(monkeypatch):
    at = _app(monkeypatch, {"view": ["about"]})
    assert "The automated layer (GDELT)" not in [s.value for s in at.subheader]


def test_hostile_strings_in_the_layer_stay_text(monkeypatch, tmp_path):
    from factories import GDELT_ROWS, gdelt_row

    hostile = gdelt_row(
        "666",
        "2024-07-01",
        "KOR",
        "RUS",
        source_name="<img src=x onerror=alert(1)> **bold** $x$",
        location_name="</script><script>alert(1)</script>",
        source_url="javascript:alert(1)",
        cameo_name=":red[boom] <b>",
    )
    folder = write_gdelt_folder(tmp_path / "g", [*GDELT_ROWS, hostile])
    at = _app(
        monkeypatch, {"event": ["gdelt-666"], "layer": ["gdelt"], "view": ["timeline"]}, folder
    )
    assert not at.exception
    texts = "\n".join(t.value for t in at.text)
    assert "<img src=x onerror=alert(1)> **bold** $x$" in texts
    assert "javascript:alert(1)" in texts  # shown as text, never as a link
    assert not any("javascript:" in m.value or "<script>" in m.value for m in at.markdown)
    labels = [b.label for b in at.button if b.key == "gdelt_timeline_gdelt-666"]
    assert labels and "\\:\u2060red\\[boom\\]" in labels[0]  # escaped, the directive broken


def test_the_network_counts_the_gdelt_events_it_draws_and_names_the_rest(
    monkeypatch, tmp_path, curated
):
    """With an import `--with USA`, the caption counted every GDELT event (those with the USA
    too) beside one edge per pair of the four; now it counts what is drawn, and the rest."""
    from factories import GDELT_ROWS, gdelt_row, write_gdelt_folder

    rows = [*GDELT_ROWS, gdelt_row("1099", "2024-06-20", "USA", "KOR")]
    folder = write_gdelt_folder(tmp_path / "gdelt", rows)
    at = _app(monkeypatch, {"layer": ["gdelt"], "view": ["network"]}, folder, curated)
    assert not at.exception
    caption = next(c.value for c in at.caption if "Dashed purple curves" in c.value)
    four = [r for r in GDELT_ROWS if r["source_country"] != r["target_country"]]
    pairs = {tuple(sorted((r["source_country"], r["target_country"]))) for r in four}
    assert f"{len(four)} automated (GDELT) events between the four countries" in caption
    assert f"({len(pairs)} edges)" in caption
    assert "Not drawn here: 1 GDELT event with another country." in caption
