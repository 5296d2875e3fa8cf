"""Filter semantics as a table of cases, like datasette's tests/test_filters.py."""

from dataclasses import fields, replace
from datetime import date

import pytest
from factories import write_folder
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.dataset import load_dataset
from dashboard.core.filters import (
    DEFAULT_FROM,
    FILTER_KEYS,
    Filters,
    apply_filters,
    build_vocabulary,
    describe,
    parse_params,
    to_params,
)
from dashboard.core.schema import load_schema

SUMMONS, TREATY, SHELLS = "kor-summons-envoy", "treaty-1961", "shells-alleged"
ALL = {SUMMONS, TREATY, SHELLS}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return load_dataset(write_folder(tmp_path_factory.mktemp("data")))


@pytest.fixture(scope="module")
def vocab(dataset):
    return build_vocabulary(dataset.actors, load_schema().vocabularies)


# Without `from` a link opens the default window, from DEFAULT_FROM (2022-02-24).
DEFAULT_WINDOW_CASES = [({}, {SUMMONS, SHELLS}), ({"pair": ["PRK-RUS"]}, {SHELLS})]
CASES = [
    # (query string as parameters, ids expected); a case without `from` gets `from=all`.
    ({}, ALL),
    ({"from": ["all"]}, ALL),
    ({"from": ["ALL"]}, ALL),
    ({"from": [""]}, ALL),  # what a cleared date field writes
    ({"from": ["2024-06-21"]}, {SUMMONS}),
    ({"to": ["2024-06-21"]}, ALL),
    ({"from": ["2024-06-22"]}, set()),
    ({"from": ["1961-07-31"], "to": ["1961-07-31"]}, {TREATY}),
    ({"from": ["1961-07-01"], "to": ["1961-07-01"]}, {TREATY}),
    ({"from": ["1961-08-01"]}, {SUMMONS, SHELLS}),
    ({"to": ["1961-06-30"]}, set()),
    ({"from": ["2023-08-31"], "to": ["2023-08-31"]}, {SHELLS}),
    ({"to": ["2023-08-01"]}, {TREATY, SHELLS}),
    ({"from": ["2023-09-01"], "to": ["2024-01-01"]}, set()),
    ({"actor": ["RUS"]}, ALL),
    ({"actor": ["SUN"]}, {TREATY}),
    ({"actor": ["georgy-zinoviev"]}, {SUMMONS}),
    ({"actor": ["KOR"]}, {SUMMONS}),
    ({"actor": ["KOR", "PRK"]}, ALL),
    ({"pair": ["KOR-RUS"]}, {SUMMONS}),
    ({"pair": ["RUS-KOR"]}, {SUMMONS}),
    ({"pair": ["PRK-RUS"]}, {TREATY, SHELLS}),
    ({"pair": ["KOR-PRK"]}, set()),
    ({"type": ["AGREE", "AID"]}, {TREATY, SHELLS}),
    ({"quad": ["verbal_conflict"]}, {SUMMONS}),
    ({"quad": ["verbal_cooperation", "material_cooperation"]}, {TREATY, SHELLS}),
    ({"imin": ["8"]}, {TREATY, SHELLS}),
    ({"imax": ["-3"]}, {SUMMONS}),
    ({"imin": ["-3"], "imax": ["-3"]}, {SUMMONS}),
    ({"status": ["alleged"]}, {SHELLS}),
    ({"status": ["confirmed", "denied"]}, {SUMMONS, TREATY}),
    ({"q": ["sinowiew"]}, {SUMMONS}),
    ({"q": ["SEOUL SUMMONS"]}, {SUMMONS}),
    ({"q": ["Зиновьев"]}, {SUMMONS}),
    ({"q": ["mutual assistance"]}, {TREATY}),
    ({"actor": ["RUS"], "type": ["AID"]}, {SHELLS}),
    ({"pair": ["PRK-RUS"], "to": ["2000-01-01"]}, {TREATY}),
]


@pytest.mark.parametrize(("params", "expected"), CASES, ids=[str(c[0]) for c in CASES])
def test_apply_filters_matches_the_table(dataset, vocab, params, expected):
    filters, notices = parse_params({"from": ["all"]} | params, vocab)
    assert notices == []
    assert set(apply_filters(dataset.events, filters)["id"]) == expected


@pytest.mark.parametrize(("params", "expected"), DEFAULT_WINDOW_CASES)
def test_a_link_without_from_opens_the_default_window(dataset, vocab, params, expected):
    filters, notices = parse_params(params, vocab)
    assert notices == [] and filters.date_from == DEFAULT_FROM
    assert set(apply_filters(dataset.events, filters)["id"]) == expected


NOTICE_CASES = [
    (
        {"from": ["2024-13-01"]},
        "from: '2024-13-01' is not a real calendar day (or 'all'); ignored.",
    ),
    ({"from": ["always"]}, "from: 'always' is not a date of the form YYYY-MM-DD (or 'all')"),
    ({"actor": ["XYZ"]}, "actor: 'XYZ' is not a known country code or actor id; ignored."),
    ({"pair": ["KOR-KOR"]}, "pair: 'KOR-KOR' is not two different country codes joined by '-'"),
    ({"type": ["HUG"]}, "type: 'HUG' is not one of AGREE, AID,"),
    ({"imin": ["abc"]}, "imin: 'abc' is not a whole number; ignored."),
    ({"imax": ["11"]}, "imax: '11' is outside -10 to 10; ignored."),
    (
        {"from": ["2024-01-02"], "to": ["2024-01-01"]},
        "date range: 2024-01-02 is after 2024-01-01; both ends ignored.",
    ),
    ({"from": ["2024-01-01", "2025-01-01"]}, "from: given 2 times; used the first value only."),
]


@pytest.mark.parametrize(
    ("params", "expected"), NOTICE_CASES, ids=[c[1][:30] for c in NOTICE_CASES]
)
def test_parse_params_notices_each_ignored_value(vocab, params, expected):
    filters, notices = parse_params(params, vocab)
    assert any(n.startswith(expected) for n in notices), notices


def test_parse_params_keeps_the_valid_values_beside_an_invalid_one(vocab):
    filters, notices = parse_params({"actor": ["KOR", "XYZ"], "imin": ["2"]}, vocab)
    assert filters == Filters(actors=("KOR",), imin=2)
    assert len(notices) == 1


def test_parse_params_strips_control_characters_from_q(vocab):
    filters, _ = parse_params({"q": ["\x00sino\x1bwiew\n"]}, vocab)
    assert filters.q == "sinowiew"


def test_filter_keys_cover_every_filters_field_once():
    assert [k.attr for k in FILTER_KEYS] == [f.name for f in fields(Filters)]


def test_filter_keys_are_the_documented_url_names():
    expected = [
        *("from", "to", "actor", "pair", "type", "quad", "imin", "imax", "status", "q", "layer")
    ]
    assert [k.key for k in FILTER_KEYS] == expected


def test_layer_gdelt_is_ignored_with_a_notice_when_no_layer_is_loaded(vocab):
    filters, notices = parse_params({"layer": ["gdelt"]}, vocab)
    assert filters.layers == ()
    assert notices == ["layer: 'gdelt' is not loaded (start with --gdelt FOLDER); ignored."]


def test_layer_gdelt_is_kept_when_the_layer_is_loaded(vocab):
    loaded = replace(vocab, layers=frozenset({"gdelt"}))
    filters, notices = parse_params({"layer": ["gdelt", "other"]}, loaded)
    assert filters.layers == ("gdelt",)
    assert len(notices) == 1 and "is not a layer" in notices[0]


def _filters_strategy(vocab):
    dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31))
    intensities = st.integers(min_value=-10, max_value=10)
    countries = sorted(vocab.countries)
    return st.builds(
        Filters,
        date_from=st.none() | dates,
        actors=st.lists(st.sampled_from(sorted(vocab.actor_ids)), unique=True).map(tuple),
        pair=st.none()
        | st.lists(st.sampled_from(countries), min_size=2, max_size=2, unique=True).map(
            lambda p: tuple(sorted(p))
        ),
        types=st.lists(st.sampled_from(sorted(vocab.event_types)), unique=True).map(tuple),
        quads=st.lists(st.sampled_from(sorted(vocab.quads)), unique=True).map(tuple),
        imin=st.none() | intensities,
        statuses=st.lists(st.sampled_from(sorted(vocab.statuses)), unique=True).map(tuple),
        q=st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), max_size=30).map(str.strip),
    )


def test_parse_params_inverts_to_params(vocab):
    @given(_filters_strategy(vocab))
    def check(filters):
        assert parse_params(to_params(filters), vocab) == (filters, [])

    check()


def test_describe_says_actors_and_pairs_by_name_when_it_has_names():
    names = {"KOR": "South Korea", "RUS": "Russia", "kim-jong-un": "Kim Jong Un"}
    filters = Filters(
        date_from=None, actors=("kim-jong-un",), pair=("KOR", "RUS"), types=("CONSULT",)
    )
    assert describe(filters, names) == (
        "Events involving Kim Jong Un, between South Korea and Russia, of type CONSULT"
    )
    assert describe(filters) == "Events involving kim-jong-un, between KOR and RUS, of type CONSULT"


def test_a_link_always_says_its_start_the_default_window_or_all():
    assert Filters().date_from == DEFAULT_FROM == date(2022, 2, 24)
    assert to_params(Filters()) == {"from": ["2022-02-24"]}
    assert to_params(Filters(date_from=None)) == {"from": ["all"]}
    assert to_params(Filters(date_from=None, pair=("KOR", "PRK"))) == {
        "from": ["all"],
        "pair": ["KOR-PRK"],
    }
    assert describe(Filters()) == "Events from 2022-02-24 to the last event"
    assert describe(Filters(date_from=None)) == "All events"


def test_a_link_with_only_an_end_before_the_default_start_says_it_uses_every_date(vocab):
    filters, notices = parse_params({"to": ["2019-12-31"]}, vocab)
    assert filters == Filters(date_from=None, date_to=date(2019, 12, 31))
    assert notices == [
        "from: not given, and the default start 2022-02-24 is after to=2019-12-31; used every"
        " date (from=all)."
    ]
    assert parse_params({"to": ["2023-01-01"]}, vocab) == (Filters(date_to=date(2023, 1, 1)), [])
