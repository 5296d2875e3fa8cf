"""The app as a user sees it, through Streamlit's AppTest: wiring, counts, notices, details."""

import csv
import io
from pathlib import Path

import pytest
from factories import EVENTS, SUMMONS, write_folder
from streamlit.testing.v1 import AppTest

from dashboard.core.dataset import BUNDLED_DATA, DATA_ENV, load_dataset
from dashboard.core.export import export_frame
from dashboard.core.filters import apply_filters, build_vocabulary, parse_params
from dashboard.core.schema import load_schema

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
BUNDLED = load_dataset(BUNDLED_DATA)
TOTAL = len(BUNDLED.events)
DOLLARS = dict(
    SUMMONS, id="dollars", summary="Seoul pledged $1.2 billion and $3 million :red[now]."
)


def _app(monkeypatch, params=None, folder=None) -> AppTest:
    if folder is not None:
        monkeypatch.setenv(DATA_ENV, str(folder))
    else:
        monkeypatch.delenv(DATA_ENV, raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def _count_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Showing"))


def _export_count(params) -> int:
    schema = load_schema()
    vocab = build_vocabulary(BUNDLED.actors, schema.vocabularies)
    filters, _ = parse_params(params, vocab)
    return len(export_frame(apply_filters(BUNDLED.events, filters), schema))


def test_overview_shows_all_six_pairs_and_the_event_table(monkeypatch):
    """Opening the dashboard shows every event counted, six pair cards and the table."""
    at = _app(monkeypatch)
    assert not at.exception
    assert _count_line(at) == f"**Showing {TOTAL} of {TOTAL} events**"
    labels = [m.value for m in at.markdown if m.value.startswith("**") and "–" in m.value]
    assert len(labels) == 6
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == TOTAL


@pytest.mark.parametrize(
    "params",
    [{"actor": ["UKR"]}, {"pair": ["KOR-RUS"], "from": ["2022-02-24"]}, {"status": ["alleged"]}],
)
def test_count_line_agrees_with_the_export_for_the_same_link(monkeypatch, params):
    """The count on the page is the number of rows the export writes for the same link."""
    at = _app(monkeypatch, params)
    expected = _export_count(params)
    assert _count_line(at) == f"**Showing {expected} of {TOTAL} events**"


def test_changing_a_filter_widget_changes_the_count(monkeypatch):
    """Choosing Ukraine in the actor filter narrows the count to Ukraine's events."""
    at = _app(monkeypatch)
    at.multiselect(key="actor").set_value(["UKR"]).run()
    assert _count_line(at) == f"**Showing {_export_count({'actor': ['UKR']})} of {TOTAL} events**"


def test_a_bad_link_gets_a_notice_for_each_ignored_part_and_still_works(monkeypatch):
    """A hand-edited link names what it ignored; the valid parts still apply."""
    params = {"actor": ["KOR", "XYZ"], "from": ["2024-02-30"], "event": ["nope"], "foo": ["1"]}
    at = _app(monkeypatch, params)
    assert not at.exception
    notices = [t.value for t in at.text if t.value.startswith("•")]
    assert len(notices) == 4
    assert any("XYZ" in n for n in notices) and any("2024-02-30" in n for n in notices)
    assert _count_line(at) == f"**Showing {_export_count({'actor': ['KOR']})} of {TOTAL} events**"


def test_event_link_opens_details_even_when_the_filter_hides_it(monkeypatch):
    """?event= opens the details on the overview; a filter that hides it adds a warning."""
    event_id = "kor-summons-zinoviev-over-treaty-2024"
    at = _app(monkeypatch, {"event": [event_id], "pair": ["PRK-UKR"]})
    title = BUNDLED.events.set_index("id").loc[event_id, "title"]
    assert title in [s.value for s in at.subheader]
    assert any("hide this event" in w.value for w in at.warning)


def test_view_alias_opens_that_page_and_keeps_the_filters(monkeypatch):
    """?view=timeline on the root path opens the timeline with the link's filters."""
    at = _app(monkeypatch, {"view": ["timeline"], "pair": ["KOR-UKR"]})
    assert not at.exception
    assert "Timeline" in [h.value for h in at.header]
    assert (
        _count_line(at) == f"**Showing {_export_count({'pair': ['KOR-UKR']})} of {TOTAL} events**"
    )


@pytest.mark.parametrize(
    ("view", "heading"),
    [
        ("overview", "Where do things stand?"),
        ("timeline", "Timeline"),
        ("about", "About Four Capitals"),
        ("seed", "The seed article"),
    ],
)
def test_each_page_renders_without_exception(monkeypatch, view, heading):
    """Smoke test per page."""
    at = _app(monkeypatch, {"view": [view]})
    assert not at.exception
    assert heading in [h.value for h in at.header]


def test_an_empty_result_says_so_and_how_to_widen(monkeypatch):
    """No match gives advice, not a blank chart."""
    at = _app(monkeypatch, {"q": ["no event says this"], "view": ["timeline"]})
    assert _count_line(at) == f"**Showing 0 of {TOTAL} events**"
    assert any("No event matches" in i.value for i in at.info)


def test_dollar_amounts_in_the_data_show_literally(monkeypatch, tmp_path):
    """'$1.2 billion' stays text: no LaTeX, no coloured directive."""
    folder = write_folder(tmp_path / "data", events=[DOLLARS, *EVENTS[1:]])
    at = _app(monkeypatch, {"event": ["dollars"]}, folder)
    assert DOLLARS["summary"] in [t.value for t in at.text]


def test_the_data_folder_can_be_chosen_by_environment(monkeypatch, tmp_path):
    """FOUR_CAPITALS_DATA points the app at another folder of the same format."""
    at = _app(monkeypatch, folder=write_folder(tmp_path / "data"))
    assert not at.exception
    assert _count_line(at) == "**Showing 3 of 3 events**"


def test_a_broken_data_folder_gives_a_readable_list_of_problems(monkeypatch, tmp_path):
    """A bad file gives a page naming the file, row and field; no traceback, no table."""
    folder = write_folder(tmp_path / "data")
    text = (folder / "events.csv").read_text(encoding="utf-8").replace(",-3,", ",-30,")
    (folder / "events.csv").write_text(text, encoding="utf-8")
    at = _app(monkeypatch, folder=folder)
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
    at = _app(monkeypatch, folder=folder)
    assert any("'<script>x</script>' is not one of" in t.value for t in at.text)
    assert not any("<script>" in m.value for m in at.markdown)


def test_network_page_embeds_the_graph_and_lists_a_focused_actor_s_events(monkeypatch):
    """?focus=KOR highlights South Korea and lists its events under the graph."""
    at = _app(monkeypatch, {"view": ["network"], "focus": ["KOR"], "pair": ["KOR-UKR"]})
    assert not at.exception
    expected = _export_count({"pair": ["KOR-UKR"]})
    assert f"KOR: {expected} events" in [s.value for s in at.subheader]


def test_map_and_network_keys_get_notices_for_bad_values(monkeypatch):
    """Bad step, nodes, frame, loc and focus values are named, not silently dropped."""
    params = {
        "view": ["map"],
        "step": ["decade"],
        "nodes": ["most"],
        "frame": ["June"],
        "loc": ["here"],
        "focus": ["XYZ"],
    }
    at = _app(monkeypatch, params)
    assert not at.exception
    notices = [t.value for t in at.text if t.value.startswith("•")]
    assert [n.split(":")[0] for n in notices] == [
        "• step",
        "• nodes",
        "• frame",
        "• loc",
        "• focus",
    ]


LINKS = [
    "http://localhost:8501/?actor=KOR",
    "http://localhost:8501/timeline?pair=PRK-RUS&from=2024-01-01&lanes=type",
    "http://localhost:8501/map?status=alleged&status=denied&step=quarter",
    "http://localhost:8501/network?q=Zinoviev&nodes=all",
    "http://localhost:8501/?type=SANCTION&type=THREATEN&imax=-4&actor=XYZ",
    "http://localhost:8501/?from=2030-01-01",
]


@pytest.mark.parametrize("link", LINKS)
def test_count_csv_and_json_agree_for_a_link(monkeypatch, capsys, link):
    """The page's count, the CSV rows and the JSON rows are the same events for any link."""
    import json

    from dashboard.cli import main
    from dashboard.core.share import params_from_url

    at = _app(monkeypatch, params_from_url(link))
    shown = int(_count_line(at).split()[1])
    assert main(["export", "--format", "json", "--url", link]) == 0
    from_json = json.loads(capsys.readouterr().out)
    assert main(["export", "--format", "csv", "--url", link]) == 0
    csv_rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    assert shown == len(from_json) == len(csv_rows)
    assert [r[0] for r in csv_rows] == [r["id"] for r in from_json]


def test_a_link_from_an_older_release_lists_what_changed_since(monkeypatch, tmp_path):
    """A link whose v names an older release opens and lists the events added since."""
    from datetime import date

    from dashboard.core.releases import write_release

    folder = write_folder(tmp_path / "data")
    write_release(folder, "0ldversion", [SUMMONS["id"]], date(2026, 1, 1))
    at = _app(monkeypatch, {"v": ["0ldversion"]}, folder)
    assert not at.exception
    notices = [t.value for t in at.text if t.value.startswith("•")]
    assert any("this link was made with data version '0ldversion'" in n for n in notices)
    assert any(
        "Since data version 0ldversion (released 2026-01-01): 2 event(s) added" in n
        for n in notices
    )
