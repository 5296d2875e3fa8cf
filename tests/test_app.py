"""The app as a user sees it, through Streamlit's AppTest: wiring, counts, notices, details."""

import csv
import io
from pathlib import Path

import pytest
from factories import EVENTS, SOURCES, SUMMONS, write_folder
from streamlit.testing.v1 import AppTest

from dashboard.core.folders import DATA_ENV

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
DOLLARS = dict(
    SUMMONS, id="dollars", summary="Seoul pledged $1.2 billion and $3 million :red[now]."
)

# A small world whose counts are taken by hand, so the page's count is checked against a number
# rather than against the same filter code the page runs. Pair, date, type, intensity, status:
#   1 kor-summons-envoy  KOR-RUS 2024-06-21 DISAPPROVE  -3 confirmed  (people: Georgy Zinoviev)
#   2 treaty-1961        PRK-RUS 1961-07    AGREE       10 confirmed  (the Soviet Union)
#   3 shells-alleged     PRK-RUS 2023-08    AID          8 alleged    (claimed by KOR)
#   4 invasion           RUS-UKR 2022-02-24 ASSAULT    -10 confirmed
#   5 kor-aid-ukr        KOR-UKR 2023-07-15 AID          6 confirmed
#   6 kor-rus-talks      KOR-RUS 2019-03-10 CONSULT      3 confirmed
#   7 troops-denied      PRK-UKR 2024-10-15 ASSAULT     -8 denied     (claimed by UKR)
#   8 rus-bans-imports   KOR-RUS 2024-07-01 SANCTION    -5 confirmed
#   9 rus-prk-pact       PRK-RUS 2024-06-19 AGREE        9 confirmed
INVASION = dict(
    SUMMONS,
    id="invasion",
    date="2022-02-24",
    source_actor="RUS",
    target_actor="UKR",
    people="",
    event_type="ASSAULT",
    intensity="-10",
    title="Russia invades Ukraine",
    summary="A full-scale invasion.",
    location_name="Kyiv",
    latitude="50.45",
    longitude="30.52",
    key="false",
)
KOR_AID_UKR = dict(
    INVASION,
    id="kor-aid-ukr",
    date="2023-07-15",
    source_actor="KOR",
    event_type="AID",
    intensity="6",
    title="Seoul sends aid to Kyiv",
    summary="Humanitarian aid.",
)
KOR_RUS_TALKS = dict(
    INVASION,
    id="kor-rus-talks",
    date="2019-03-10",
    source_actor="KOR",
    target_actor="RUS",
    event_type="CONSULT",
    intensity="3",
    title="Talks in Moscow",
    summary="Vice-ministers meet.",
    location_name="Moscow",
    latitude="55.76",
    longitude="37.62",
)
TROOPS_DENIED = dict(
    INVASION,
    id="troops-denied",
    date="2024-10-15",
    source_actor="PRK",
    intensity="-8",
    status="denied",
    claimed_by="UKR",
    title="Troops said to fight Ukraine",
    summary="Kyiv says North Korean troops fight it; Pyongyang denies it.",
)
RUS_BANS_IMPORTS = dict(
    KOR_RUS_TALKS,
    id="rus-bans-imports",
    date="2024-07-01",
    source_actor="RUS",
    target_actor="KOR",
    event_type="SANCTION",
    intensity="-5",
    title="Moscow bans imports from Seoul",
    summary="A ban on some goods.",
)
RUS_PRK_PACT = dict(
    INVASION,
    id="rus-prk-pact",
    date="2024-06-19",
    target_actor="PRK",
    event_type="AGREE",
    intensity="9",
    title="A pact signed in Pyongyang",
    summary="A treaty of strategic partnership.",
    location_name="Pyongyang",
    latitude="39.04",
    longitude="125.76",
    key="true",
)
WORLD = [
    *EVENTS,
    INVASION,
    KOR_AID_UKR,
    KOR_RUS_TALKS,
    TROOPS_DENIED,
    RUS_BANS_IMPORTS,
    RUS_PRK_PACT,
]
TOTAL = 9  # the rows of the table above


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return write_folder(tmp_path_factory.mktemp("world"), events=WORLD)


def _app(monkeypatch, params=None, folder=None, all_dates=True) -> AppTest:
    """The app on a link; every date unless the link gives `from` (or `all_dates` is off:
    then a link without `from` opens the default window)."""
    if folder is not None:
        monkeypatch.setenv(DATA_ENV, str(folder))
    else:
        monkeypatch.delenv(DATA_ENV, raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    params = dict(params or {})
    if all_dates:
        params.setdefault("from", "all")
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _count_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Showing"))


def test_overview_shows_all_six_pairs_and_the_event_table(monkeypatch, world):
    """Opening the dashboard shows every event counted, six pair cards and the table."""
    at = _app(monkeypatch, folder=world)
    assert not at.exception
    assert _count_line(at) == f"**Showing {TOTAL} of {TOTAL} events**"
    labels = [m.value for m in at.markdown if m.value.startswith("**") and "–" in m.value]
    assert len(labels) == 6
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == TOTAL


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": ["UKR"]}, 3),  # rows 4, 5, 7
        ({"pair": ["KOR-RUS"], "from": ["2022-02-24"]}, 2),  # rows 1, 8 (not 6, from 2019)
        ({"status": ["alleged"]}, 1),  # row 3 (row 7 is denied)
    ],
)
def test_count_line_counts_the_events_the_link_selects(monkeypatch, world, params, expected):
    """The count on the page is the number of events the link's filters select."""
    at = _app(monkeypatch, params, world)
    assert _count_line(at) == f"**Showing {expected} of {TOTAL} events**"


def test_changing_a_filter_widget_changes_the_count(monkeypatch, world):
    """Choosing Ukraine in the actor filter narrows the count to Ukraine's events."""
    at = _app(monkeypatch, folder=world)
    before = _count_line(at)
    at.multiselect(key="actor").set_value(["UKR"]).run()
    after = _count_line(at)
    assert before != after
    assert after == f"**Showing 3 of {TOTAL} events**"  # rows 4, 5, 7


def test_a_bad_link_gets_a_notice_for_each_ignored_part_and_still_works(monkeypatch, world):
    """A hand-edited link names what it ignored; the valid parts still apply."""
    params = {"actor": ["KOR", "XYZ"], "from": ["2024-02-30"], "event": ["nope"], "foo": ["1"]}
    at = _app(monkeypatch, params, world)
    assert not at.exception
    notices = [t.value for t in at.text if t.value.startswith("•")]
    assert len(notices) == 4
    assert any("XYZ" in n for n in notices) and any("2024-02-30" in n for n in notices)
    # KOR: rows 1, 5, 6, 8; the invalid start leaves the default window, without the 2019 talks.
    assert _count_line(at) == f"**Showing 3 of {TOTAL} events**"


def test_event_link_opens_details_even_when_the_filter_hides_it(monkeypatch, world):
    """?event= opens the details on the overview; a filter that hides it adds a warning."""
    at = _app(monkeypatch, {"event": [SUMMONS["id"]], "pair": ["PRK-UKR"]}, world)
    assert SUMMONS["title"] in [s.value for s in at.subheader]
    assert any("hide this event" in w.value for w in at.warning)


def test_view_alias_opens_that_page_and_keeps_the_filters(monkeypatch, world):
    """?view=timeline on the root path opens the timeline with the link's filters."""
    at = _app(monkeypatch, {"view": ["timeline"], "pair": ["KOR-UKR"]}, world)
    assert not at.exception
    assert "Timeline" in [h.value for h in at.header]
    assert _count_line(at) == f"**Showing 1 of {TOTAL} events**"  # row 5


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


def test_about_counts_the_pages_the_events_cite_not_every_row_of_sources(monkeypatch, tmp_path):
    """A page kept only for a role or a past correction is not one the events were checked on."""
    kept = dict(SOURCES[0], id="role-only", url="https://example.org/role")
    folder = write_folder(tmp_path / "data", sources=[*SOURCES, kept])
    at = _app(monkeypatch, {"view": ["about"]}, folder)
    intro = next(m.value for m in at.markdown if "stored page" in m.value)
    assert "checked on the 1 stored page they cite" in intro


def test_an_empty_result_says_so_and_how_to_widen(monkeypatch, world):
    """No match gives advice, not a blank chart."""
    at = _app(monkeypatch, {"q": ["no event says this"], "view": ["timeline"]}, world)
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


def test_network_page_embeds_the_graph_and_lists_a_focused_actor_s_events(monkeypatch, world):
    """?focus=KOR highlights South Korea and lists its events under the graph."""
    # A start the page can bind as it is (the first event's month), so that the view switch
    # is the only page change of this run.
    params = {"view": ["network"], "focus": ["KOR"], "pair": ["KOR-RUS"], "from": ["1961-07-01"]}
    at = _app(monkeypatch, params, world)
    assert not at.exception
    # KOR is in rows 1, 5, 6, 8; the pair filter keeps 1, 6, 8 (row 5 is KOR-UKR).
    assert "South Korea: 3 events" in [s.value for s in at.subheader]  # named, not KOR


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
    ("http://localhost:8501/?actor=KOR", 3),  # rows 1, 5, 6, 8 but the 2019 talks (default start)
    ("http://localhost:8501/?actor=KOR&from=all", 4),  # rows 1, 5, 6, 8
    ("http://localhost:8501/timeline?pair=PRK-RUS&from=2024-01-01&lanes=type", 1),  # row 9
    ("http://localhost:8501/map?status=alleged&status=denied&step=quarter", 2),  # rows 3, 7
    ("http://localhost:8501/network?q=Zinoviev&nodes=all", 1),  # row 1, by the person's name
    ("http://localhost:8501/?type=SANCTION&type=THREATEN&imax=-4&actor=XYZ", 1),  # row 8
    # A date after the data is moved back to the last event's day (with a notice): row 7.
    ("http://localhost:8501/?from=2030-01-01", 1),
]


@pytest.mark.parametrize(("link", "expected"), LINKS)
def test_count_csv_and_json_agree_for_a_link(monkeypatch, capsys, world, link, expected):
    """The page's count, the CSV rows and the JSON rows are the same events for any link."""
    import json

    from dashboard.cli import main
    from dashboard.core.share import params_from_url

    # The page on the link as it is (no start added): the export reads the same folder.
    at = _app(monkeypatch, params_from_url(link), world, all_dates=False)
    shown = int(_count_line(at).split()[1])
    assert main(["export", "--format", "json", "--url", link]) == 0
    from_json = json.loads(capsys.readouterr().out)
    assert main(["export", "--format", "csv", "--url", link]) == 0
    csv_rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))[1:]
    assert shown == len(from_json) == len(csv_rows) == expected
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


def test_an_event_s_corrections_are_folded_under_a_count_and_keep_every_reason(
    monkeypatch, tmp_path
):
    """Details list each correction with its reason, folded so a long history stays short."""
    fixes = [
        dict(
            event_id=SUMMONS["id"],
            correction_date=f"2025-02-0{n}",
            field="title",
            old_value=f"Old title {n}",
            new_value=f"New title {n}",
            reason=f"Reason number {n}.",
            source_id=SOURCES[0]["id"],
        )
        for n in (1, 2, 3)
    ]
    folder = write_folder(tmp_path / "data", corrections=fixes)
    at = _app(monkeypatch, {"event": [SUMMONS["id"]]}, folder)
    assert not at.exception
    folded = [e for e in at.expander if e.label == "Corrections (3)"]
    assert len(folded) == 1
    inside = "\n".join(t.value for t in folded[0].text)
    assert all(f"(was Old title {n}). Reason number {n}." in inside for n in (1, 2, 3))
    plain = _app(monkeypatch, {"event": [EVENTS[1]["id"]]}, folder)
    assert not [e for e in plain.expander if e.label.startswith("Corrections")]


def test_an_alleged_act_shows_who_claimed_and_denied_it_and_its_claim_links_back(monkeypatch):
    """Opening an alleged act lists its claims in date order; a disclosure names its act."""
    # Bundled data: the disclosures whose claim_of is north-korean-troops-deployed-to-russia,
    # read off data/events.csv (a data change must update this on purpose).
    at = _app(monkeypatch, {"event": ["north-korean-troops-deployed-to-russia"]})
    assert not at.exception
    text = "\n".join(t.value for t in at.text)
    assert "This act was claimed by Ukraine on 17 Oct 2024; claimed by South Korea on" in text
    assert "denied by North Korea on 21 Oct 2024" in text
    assert not [c for c in at.caption if c.value.startswith("This statement")]  # an act

    claim = _app(monkeypatch, {"event": ["kremlin-accuses-kyiv-of-drone-attempt-on-putin"]})
    assert not claim.exception
    assert "This statement claimed the act" in [c.value for c in claim.caption]
    act = claim.button(key="claimed_kremlin-drone-incident-alleged-ukrainian-attack")
    assert act.label.startswith("2023-05-03: ")


@pytest.mark.parametrize("view", ["overview", "timeline", "map", "network", "about", "seed"])
def test_every_page_draws_a_valid_folder_of_two_countries(monkeypatch, tmp_path, view):
    """Validation accepts a folder without North Korea and Ukraine: every page must draw it
    (the map raised KeyError: "['UKR'] not in index" for the missing capitals)."""
    from factories import ACTORS

    from dashboard.core.dataset import load_dataset

    two = [a for a in ACTORS if a["id"] not in ("PRK", "UKR")]
    folder = write_folder(tmp_path / "data", actors=two, events=[SUMMONS])
    assert load_dataset(folder).problems == ()
    at = _app(monkeypatch, {"view": [view]}, folder)
    assert not at.exception, at.exception
    assert _count_line(at) == "**Showing 1 of 1 events**"


@pytest.mark.parametrize(
    "content",
    [b"", b"# released 2025-13-40\n", b"no date line\n", b"# released 2025-01-01\n\xff\n"],
)
def test_a_link_to_a_malformed_release_record_says_so_and_draws(monkeypatch, tmp_path, content):
    """A malformed data/releases/<v>.txt crashed every link carrying ?v=<v>."""
    folder = write_folder(tmp_path / "data")
    (folder / "releases").mkdir()
    (folder / "releases" / "abc123.txt").write_bytes(content)
    at = _app(monkeypatch, {"v": ["abc123"]}, folder)
    assert not at.exception, at.exception
    notices = [t.value for t in at.text if "releases/abc123.txt" in t.value]
    assert len(notices) == 1 and "cannot be listed" in notices[0], notices


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"view": ["map"], "frame": ["1900-01"]}, "frame: '1900-01' is outside the window"),
        ({"view": ["map"], "frame": ["2024-Q2"]}, "frame: '2024-Q2' is not a month"),
        (
            {"view": ["map"], "step": ["quarter"], "frame": ["2024-06"]},
            "frame: '2024-06' is not a quarter",
        ),
        ({"view": ["map"], "loc": ["10.00,10.00"]}, "is not the place of any event"),
        ({"view": ["map"], "loc": ["gdelt:37.5,127.0"]}, "the GDELT layer is not on"),
        (
            {"view": ["network"], "focus": ["georgy-zinoviev"]},
            "is not drawn in this graph (people and organisations need nodes=all)",
        ),
    ],
)
def test_page_controls_a_widget_would_drop_are_named(monkeypatch, world, params, words):
    """A valid-looking frame outside the window or of the other step, a place without events,
    a GDELT square without the layer, an actor the graph does not draw: each is said."""
    at = _app(monkeypatch, params, world)
    assert not at.exception, at.exception
    notices = [t.value for t in at.text if t.value.startswith("•")]
    assert any(words in n and n.endswith("; ignored.") for n in notices), notices


@pytest.mark.parametrize(
    ("params", "line"),
    [
        # The notice says the first q counts: so must the filter (the bound text box read the
        # address itself and took the last one).
        ({"q": ["summons", "treaty"]}, "matching “summons”"),
        # imin=٣ is ignored, as the notice says: no intensity filter (the widget read it as 3).
        ({"imin": ["٣"]}, None),
    ],
)
def test_the_filter_uses_what_the_notice_says_it_used(monkeypatch, world, params, line):
    at = _app(monkeypatch, params, world)
    assert not at.exception
    words = next(t.value for t in at.text if t.value.startswith(("Events", "Every")))
    if line:
        assert line in words, words
    assert "intensity" not in words, words
    notices = [t.value for t in at.text if t.value.startswith("•")]
    assert notices and all("ignored" in n or "first value" in n for n in notices), notices
