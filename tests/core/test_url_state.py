"""Links decode into what to show, with a notice for each ignored part; encode inverts decode."""

from datetime import date

import pytest
from factories import EVENTS, SUMMONS, write_folder
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.dataset import load_dataset
from dashboard.core.filters import Filters
from dashboard.core.schema import load_schema
from dashboard.core.url_state import LANES, VIEWS, UrlState, build_catalogue, decode, encode

MERGED = dict(SUMMONS, former_ids="old-summons-id")


@pytest.fixture(scope="module")
def cat(tmp_path_factory):
    folder = write_folder(tmp_path_factory.mktemp("d"), events=[MERGED, *EVENTS[1:]])
    ds = load_dataset(folder)
    return build_catalogue(ds.events, ds.actors, load_schema().vocabularies)


CASES = [
    # (query parameters, expected state, notices expected to start with)
    ({}, UrlState(), []),
    ({"event": [SUMMONS["id"]]}, UrlState(event=SUMMONS["id"]), []),
    (
        {"event": ["old-summons-id"]},
        UrlState(event=SUMMONS["id"]),
        ["event: 'old-summons-id' is an old id; opened its successor"],
    ),
    ({"event": ["nope"]}, UrlState(), ["event: 'nope' is not an event id; ignored."]),
    ({"lanes": ["type"], "view": ["timeline"]}, UrlState(lanes="type", view="timeline"), []),
    ({"lanes": ["colour"]}, UrlState(), ["lanes: 'colour' is not one of pair, type; ignored."]),
    ({"view": ["map3d"]}, UrlState(), ["view: 'map3d' is not one of"]),
    ({"utm_source": ["x"]}, UrlState(), ["'utm_source' is not a parameter of this dashboard"]),
    ({"embed": ["true"]}, UrlState(), []),
    (
        {"from": ["1900-01-01"]},
        UrlState(Filters(date_from=date(1961, 7, 1))),
        ["from: 1900-01-01 is before the first event; used 1961-07-01."],
    ),
    (
        {"to": ["2099-01-01"]},
        UrlState(Filters(date_to=date(2024, 6, 21))),
        ["to: 2099-01-01 is after the last event; used 2024-06-21."],
    ),
    (
        {"from": ["2024-05-01"], "to": ["2024-01-01"], "actor": ["KOR"]},
        UrlState(Filters(actors=("KOR",))),
        ["date range: 2024-05-01 is after 2024-01-01; both ends ignored."],
    ),
    # The start: without `from` the default window (never clamped, never a notice); `all`,
    # or blank as a cleared date field writes it, every date; a share link (it carries `v`)
    # made before the default window meant every date.
    ({"from": ["all"]}, UrlState(Filters(date_from=None)), []),
    ({"from": [""], "pair": ["KOR-RUS"]}, UrlState(Filters(None, pair=("KOR", "RUS"))), []),
    ({"pair": ["KOR-RUS"]}, UrlState(Filters(pair=("KOR", "RUS"))), []),
    ({"pair": ["KOR-RUS"], "v": ["abc"]}, UrlState(Filters(None, pair=("KOR", "RUS"))), []),
    ({"from": ["2023-01-01"], "v": ["abc"]}, UrlState(Filters(date(2023, 1, 1))), []),
    # Keys that take one value, repeated: the first counts, and the link says so (#17).
    ({"q": ["treaty", "summons"]}, UrlState(Filters(q="treaty")), ["q: given 2 times"]),
    (
        {"view": ["map", "network"]},
        UrlState(Filters(), view="map"),
        ["view: given 2 times"],
    ),
    ({"region": ["korea", "europe"]}, UrlState(Filters()), ["region: given 2 times"]),
    # Digits that are not ASCII (int() reads them) are not a number or a date here.
    ({"imin": ["٣"]}, UrlState(Filters()), ["imin: '٣' is not a whole number"]),
    ({"from": ["٢٠٢٤-٠٦-١٩"]}, UrlState(Filters()), ["from: '٢٠٢٤-٠٦-١٩' is not a date"]),
    ({"frame": ["٢٠٢٤-06"]}, UrlState(Filters()), ["frame: '٢٠٢٤-06' is not of the form"]),
]


@pytest.mark.parametrize(("params", "state", "notices"), CASES, ids=[str(c[0]) for c in CASES])
def test_decode_reads_links_and_names_what_it_ignored(cat, params, state, notices):
    decoded, got = decode(params, cat)
    assert decoded == state
    assert len(got) == len(notices)
    assert all(g.startswith(n) for g, n in zip(got, notices, strict=True)), got


def test_encode_leaves_defaults_out_and_writes_ids():
    state = UrlState(Filters(actors=("KOR", "georgy-zinoviev"), pair=("KOR", "RUS")), "e1")
    assert encode(state) == {
        "actor": ["KOR", "georgy-zinoviev"],
        "pair": ["KOR-RUS"],
        "event": ["e1"],
        "from": ["2022-02-24"],
    }
    assert encode(UrlState()) == {"from": ["2022-02-24"]}
    assert encode(UrlState(Filters(date_from=None))) == {"from": ["all"]}


def test_decode_inverts_encode(cat):
    dates = st.dates(min_value=cat.first_day, max_value=cat.last_day)
    states = st.builds(
        UrlState,
        filters=st.builds(
            Filters,
            date_from=st.none() | dates,
            date_to=st.none() | dates,
            actors=st.lists(st.sampled_from(sorted(cat.vocab.actor_ids)), unique=True).map(tuple),
            statuses=st.lists(st.sampled_from(sorted(cat.vocab.statuses)), unique=True).map(tuple),
        ).filter(lambda f: None in (f.date_from, f.date_to) or f.date_from <= f.date_to),
        event=st.none() | st.sampled_from(sorted(cat.event_ids)),
        lanes=st.sampled_from(LANES),
        view=st.none() | st.sampled_from(VIEWS),
    )

    @given(states)
    def check(state):
        assert decode(encode(state), cat) == (state, [])

    check()
