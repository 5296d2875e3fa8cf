"""The bundled data: valid, covering every pair, and the seed's claims tied to real events."""

import csv
from collections import Counter
from itertools import combinations

import pytest

from dashboard.core.dataset import load_dataset
from dashboard.core.folders import BUNDLED_DATA
from dashboard.core.geo import capitals
from dashboard.core.rules import has_kind_exception
from dashboard.core.seeds import SEEDS_DIR, claims_problems, load_claims
from dashboard.core.sourcing import OUTLET_ALIASES, sourcing_report, spelling_key
from dashboard.core.validation import likely_duplicates, people_not_named

COUNTRIES = ("KOR", "PRK", "RUS", "UKR")
PAIRS = ["-".join(p) for p in combinations(COUNTRIES, 2)]
MIN_EVENTS = 500
MIN_PER_PAIR = 40
MIN_RELEASE_IDS = 200  # the previous release (tests/fixtures) had 256 events
# #16 asks for zero on each sourcing check. These are the counts the data has now: a ceiling that
# may only come down. Lower it in the commit that brings a count down; the test below fails until
# you do, so the figure never lags the data. Raise it only when a stricter check or a re-read of
# the stored pages shows that records were wrong, and say why in that commit and in
# data/audits/README.md, which keeps the history of every step (217 pages without headline or
# date at the start of 2026-12-06, for example, and why each count moved since).
MAX_UNDER_SOURCED = {
    "incomplete_sources": 59,
    "events_without_complete_source": 21,
    "strong_events_without_two_outlets": 11,
    "events_on_one_sides_state_media": 4,
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
    # Above the ceiling: the data got worse. Below it: lower the ceiling in this commit.
    assert len(found) == MAX_UNDER_SOURCED[check], (
        f"{check} is {len(found)}, its ceiling {MAX_UNDER_SOURCED[check]}: {found}"
    )


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


def test_each_publisher_is_spelled_one_way(dataset):
    """Two spellings of one outlet would count it twice in the coverage list ('Dongpo News'
    beside 'Dongpo News (재외동포신문)' did, until 2026-12-06). The two-outlet check reads every
    spelling through spelling_key; the spellings OUTLET_ALIASES declares are allowed."""
    spellings: dict[str, set[str]] = {}
    for publisher in dataset.sources["publisher"]:
        if publisher.strip().lower() not in OUTLET_ALIASES:
            spellings.setdefault(spelling_key(publisher), set()).add(publisher.strip())
    assert {k: v for k, v in spellings.items() if len(v) > 1} == {}


# kinds.csv codes a visit from the visitor: the visiting side is the source, the host the target.
VISIT_KINDS = ("summit", "minister-talks", "envoy-visit")


def test_a_visit_held_in_the_source_s_own_capital_says_why(dataset):
    """A visit coded from the host (held in the source actor's own capital, as actors.csv names
    it) breaks its kind's direction unless its notes give a kind exception. The seed-20261217
    audit found two 2003 envoy visits to Moscow coded from Moscow."""
    caps = capitals(dataset.actors)
    capital_of = dict(zip(caps["country"], caps["capital"], strict=True))
    from_host = [
        row["id"]
        for _, row in dataset.events.iterrows()
        if row["kind"] in VISIT_KINDS
        and row["location_name"].startswith(capital_of.get(row["source_country"], "\0"))
        and not has_kind_exception(row["notes"])
    ]
    assert from_host == []


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
