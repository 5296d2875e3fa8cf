"""The bundled data: valid, covering every pair, and the seed's claims tied to real events."""

import csv
from collections import Counter
from itertools import combinations

import pytest

from dashboard.core.dataset import load_dataset
from dashboard.core.folders import BUNDLED_DATA
from dashboard.core.seeds import SEEDS_DIR, claims_problems, load_claims
from dashboard.core.sourcing import sourcing_report
from dashboard.core.validation import likely_duplicates, people_not_named

COUNTRIES = ("KOR", "PRK", "RUS", "UKR")
PAIRS = ["-".join(p) for p in combinations(COUNTRIES, 2)]
MIN_EVENTS = 500
MIN_PER_PAIR = 40
MIN_RELEASE_IDS = 200  # the previous release (tests/fixtures) had 256 events
# #16 asks for zero on each sourcing check. These are the counts reached on 2026-12-05, when the
# stored-page search ran out: a ceiling that may only come down. Lower it when sources are found;
# never raise it to let a new event or source in. (22 pages without headline or date were kept on
# purpose: each is its event's only outlet that is not one side's state media, or the second
# outlet of a key or ±7 event. The audit of seed 20261208 found one more such page to be the only
# evidence that an event took place, so incomplete_sources went from 64 to 65 on purpose. The
# source sample of seed 20261209 then found 9 records showing a headline or date their stored copy
# does not; emptying them raised three ceilings on purpose: 65->74, 18->20, 17->18. Sweep 3 then
# re-read the 727 returned pages of the 468 events no audit had read and emptied the 89 titles and
# 111 dates their stored copies do not show: 74->223, 20->72, 18->37, on purpose; see
# data/audits/README.md. Its checked follow-ups then brought two down: 72->70, 37->35; and checked
# pages for the events it left thin, further: 70->44, 35->28. The only stored page giving the
# 13-0 vote on Resolution 825 shows no date and was added anyway: 223->224. On 2026-12-06 the
# 349 remaining pages recorded as complete were read; emptying the 16 titles and 49 dates their
# copies do not show raised the counts on purpose: 224->280, 44->54, 28->52. Checked pages for the
# thin events, treaty texts as primary documents among them, then brought them to 276, 39, 41,
# and a second round to 278, 31, 18: the two pages without headline that give the 1999 Kumgang
# suspension its day (21 June) were added on purpose. The audit of seed 20261212 dropped an
# untitled undated page, and a Korea Herald page turned out to be its own report: 277, 31, 17;
# two more checked pages: 277, 30, 16. A later check of 179 events found that the complete pages
# of 34 confirm every date, actor, place, person and number without the incomplete ones, which
# were dropped, and one record got the date its address gives: 277->244. A second read of the
# events the check could not finish dropped four more from two events; three checked pages were
# added and an EFE stub dropped: 239, 28, 15. Checked complete copies then replaced 12 pages
# without headline or date, three records got the headline their copy shows, and a Yonhap
# report joined the TASS-only Lee Jae-myung remark: 224, 28, 15, 2. Seven more checked pages,
# four of them for copies no search had returned: 219, 28, 14 (the Busan summit of 2005 leaves
# the list only on a page announcing it, which its notes say; the check cannot tell). Two
# more checked swaps for 1990s events: 217. The check then learned that a page dated more than a
# day before the act only announced it, which raised two counts on purpose: 28->30 (Hong
# Soon-young in Moscow, 1999; Seoul's aid flights of December 2022), 14->17 (the 1994 and 2005
# summits and Kuchma's Moscow visit of December 2002). Checked reports for the 1994 summit
# (Maeil) and Jeju 1991 (NRC), and the aid flights dated to their announcement: 29, 16. Then
# 108 events whose complete pages confirm the act were trimmed to what those pages show, and
# the 132 citations of pages without headline or date they no longer need were dropped: 217->89.
# Checked complete pages then restored cut details to twelve events and let the 2024 treaty
# drop its undated TAG24 page: 88. The seed-20261215 audit dropped LBCI's copy of a Reuters text and
# brought back the undated Korea Times page that dates Rudenko's démarche a day earlier: 88. The
# state-media check then learned government web addresses (.go.kr, .gov.ua, government.ru) and
# two reposts of Seoul's releases were marked as such, which raised the last count on purpose: 2->7
# (two Korea-Ukraine consultations on a foreign ministry release, two Ukrainian foreign ministry
# statements, Ukraine's state radio on Russia's airline ban). Checked complete pages then replaced
# 15 pages without headline or date on 13 events that kept them for a day, an act or an
# independent outlet: 88->73. A checked Interfax report (Apostrophe) joined Ukraine's state radio on
# Russia's 2015 airline ban: 7->6. Maeil's history of the treaties joined the 1961 treaty's
# text: 16->15.)
MAX_UNDER_SOURCED = {
    "incomplete_sources": 73,
    "events_without_complete_source": 29,
    "strong_events_without_two_outlets": 15,
    "events_on_one_sides_state_media": 6,
}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(BUNDLED_DATA)


def _pair(row) -> str:
    return "-".join(sorted((row["source_country"], row["target_country"])))


def test_bundled_data_validates_with_no_problems(dataset):
    assert list(dataset.problems) == []


def test_bundled_data_has_enough_events(dataset):
    assert len(dataset.events) >= MIN_EVENTS


@pytest.fixture(scope="module")
def sourcing(dataset):
    return sourcing_report(dataset.events, dataset.sources)


@pytest.mark.parametrize("check", MAX_UNDER_SOURCED)
def test_sourcing_gaps_only_shrink(sourcing, check):
    found = getattr(sourcing, check)
    assert len(found) <= MAX_UNDER_SOURCED[check], found


@pytest.mark.parametrize("pair", PAIRS)
def test_every_pair_among_the_four_countries_has_at_least_forty_events(dataset, pair):
    counts = Counter(_pair(row) for _, row in dataset.events.iterrows())
    assert counts[pair] >= MIN_PER_PAIR


def test_every_event_is_between_two_of_the_four_countries(dataset):
    outside = [
        row["id"]
        for _, row in dataset.events.iterrows()
        if not {row["source_country"], row["target_country"]} <= set(COUNTRIES)
    ]
    assert outside == []


def test_the_1961_treaty_counts_in_the_russia_north_korea_pair(dataset):
    soviet = dataset.events[
        dataset.events["source_actor"].eq("SUN") | dataset.events["target_actor"].eq("SUN")
    ]
    assert "PRK-RUS" in {_pair(row) for _, row in soviet.iterrows()}


def test_claims_file_refers_only_to_existing_events(dataset):
    claims = load_claims(SEEDS_DIR)
    assert len(claims) > 0
    assert claims_problems(claims, set(dataset.events["id"])) == []


def test_claims_file_flags_the_seed_articles_mistakes():
    claims = load_claims(SEEDS_DIR)
    assert (claims["status"] == "corrected").sum() >= 3


def test_no_two_events_look_like_duplicates(dataset):
    assert likely_duplicates(dataset.events) == []


def test_every_person_an_event_lists_is_named_in_its_text(dataset):
    """A reader must be able to tell what each listed person did (27 events once failed this)."""
    assert people_not_named(dataset.events, dataset.actors) == []


def test_every_id_of_the_previous_release_still_opens(dataset):
    """Links to events of the last release keep working: live ids, or former_ids of a successor."""
    from pathlib import Path

    from dashboard.core.schema import load_schema
    from dashboard.core.url_state import build_catalogue, decode

    fixture = Path(__file__).parent / "fixtures" / "previous_release_ids.txt"
    ids = [line for line in fixture.read_text(encoding="utf-8").splitlines()[1:] if line]
    cat = build_catalogue(dataset.events, dataset.actors, load_schema().vocabularies)
    unresolved = [i for i in ids if decode({"event": [i]}, cat)[0].event is None]
    assert len(ids) >= MIN_RELEASE_IDS
    assert unresolved == []


# Independent audits of random samples (data/audits/README.md; #16 point 7).
AUDITS = BUNDLED_DATA / "audits"
AUDIT_FLAGS = (
    "date_ok",
    "actors_ok",
    "type_intensity_ok",
    "status_ok",
    "names_place_ok",
    "sources_ok",
)
# Samples of events, named <date>-seed-<seed>.csv, oldest seed first (samples of sources are
# named otherwise: source-swaps-..., source-sample-...).
SAMPLE_AUDITS = sorted(
    AUDITS.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]-seed-*.csv"),
    key=lambda p: p.stem.rsplit("-", 1)[1],
)


def _audit_rows(path):
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("path", SAMPLE_AUDITS, ids=lambda p: p.name)
def test_a_sample_audit_names_events_that_open_and_says_what_it_found(dataset, path):
    """Every audited id still opens, a verdict is one of three, 'correct' means every field
    checked out, and each finding cites a page the search returned."""
    opens = set(dataset.events["id"]) | {
        old for olds in dataset.events["former_ids"] for old in olds
    }
    rows = _audit_rows(path)
    assert len(rows) >= 40
    for row in rows:
        assert row["event_id"] in opens, row["event_id"]
        assert row["verdict"] in {"correct", "minor", "wrong"}, row
        assert {row[f] for f in AUDIT_FLAGS} <= {"true", "false"}, row
        if row["verdict"] == "correct":
            assert all(row[f] == "true" for f in AUDIT_FLAGS), row["event_id"]
        assert row["evidence_url"].startswith(("http://", "https://")), row["event_id"]


@pytest.mark.parametrize("path", SAMPLE_AUDITS, ids=lambda p: p.name)
def test_the_audits_readme_states_each_sample_audit_s_result(path):
    counts = Counter(row["verdict"] for row in _audit_rows(path))
    readme = (AUDITS / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(f"`{path.name}`") :]
    result = section[section.index("- Result:") :].split("\n", 1)[0].replace("**", "")
    expected = f"{counts['correct']} correct, {counts['minor']} minor, {counts['wrong']} wrong."
    assert result == f"- Result: {expected}"


def test_the_latest_sample_audit_found_no_wrong_event():
    """#16: re-audit until a sample of 40 has no wrong event."""
    rows = _audit_rows(SAMPLE_AUDITS[-1])
    assert len(rows) >= 40
    assert [r["event_id"] for r in rows if r["verdict"] == "wrong"] == []
