"""Fuzzed links: random keys and values, huge and control characters, broken escapes."""

from urllib.parse import quote_from_bytes

import pytest
from factories import write_folder
from fuzzing import DECODER_EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.core.dataset import load_dataset
from dashboard.core.filters import FILTER_KEYS, apply_filters
from dashboard.core.schema import load_schema
from dashboard.core.share import params_from_url
from dashboard.core.url_state import EXTRA_KEYS, build_catalogue, decode

KEYS = [k.key for k in FILTER_KEYS] + list(EXTRA_KEYS)
# Values that are sometimes valid, so both paths are exercised.
NEAR_VALID = [
    "KOR",
    "RUS",
    "KOR-RUS",
    "2024-06-21",
    "1961-07",
    "-3",
    "10",
    "AGREE",
    "verbal_conflict",
    "alleged",
    "Sinowiew",
    "treaty-1961",
    "type",
    "all",
    "2024-Q2",
]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    ds = load_dataset(write_folder(tmp_path_factory.mktemp("d")))
    return ds, build_catalogue(ds.events, ds.actors, load_schema().vocabularies, ds.version)


values = st.one_of(
    st.sampled_from(NEAR_VALID),
    st.text(max_size=40),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "So"]), max_size=20),
    # Huge values, built rather than drawn character by character (which is slow).
    st.integers(5000, 20000).map(lambda n: ("x%<>Ж" * n)[:n]),
)
raw_queries = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(KEYS), st.text(max_size=12)),
        st.one_of(
            values.map(lambda v: quote_from_bytes(v.encode("utf-8", "surrogatepass"))),
            st.binary(max_size=30).map(quote_from_bytes),  # invalid UTF-8 once decoded
            st.sampled_from(["%", "%zz", "%E2%82", "%ff%fe", "&&", "=="]),
        ),
    ),
    max_size=12,
)


def _ignored_without_notice(params, state, notices) -> list[str]:
    """Filter keys given a non-blank value that neither took effect nor got a notice."""
    missing = []
    for spec in FILTER_KEYS:
        given_values = [v for v in params.get(spec.key, []) if v.strip()]
        if not given_values or spec.key == "q":
            continue
        took = getattr(state.filters, spec.attr) not in (None, (), "") or (
            spec.everything
            and [v.strip().casefold() for v in given_values][:1] == [spec.everything]
        )
        noticed = any(
            n.startswith((f"{spec.key}:", "date range", "intensity range")) for n in notices
        )
        if not (took or noticed):
            missing.append(spec.key)
    return missing


@settings(max_examples=DECODER_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw_queries)
def test_decode_and_filter_never_raise_and_notice_what_they_ignore(world, pairs):
    ds, cat = world
    query = "&".join(
        f"{quote_from_bytes(k.encode('utf-8', 'surrogatepass'))}={v}" for k, v in pairs
    )
    params = params_from_url("http://h/?" + query)
    state, notices = decode(params, cat)
    apply_filters(ds.events, state.filters)
    assert _ignored_without_notice(params, state, notices) == []
