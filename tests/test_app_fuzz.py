"""Fuzzed links against the real app: no exception ever reaches the page, on any page."""

from pathlib import Path

import pytest
from fuzzing import APP_EXAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard.core.filters import FILTER_KEYS
from dashboard.core.folders import DATA_ENV
from dashboard.core.url_state import EXTRA_KEYS, VIEWS

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
EXAMPLES = APP_EXAMPLES  # 300 per page in `make fuzz`
KEYS = [k.key for k in FILTER_KEYS] + [k for k in EXTRA_KEYS if k != "view"]
VALUES = st.one_of(
    st.sampled_from(
        [
            "KOR",
            "PRK-RUS",
            "2024-06-21",
            "-3",
            "AGREE",
            "alleged",
            "type",
            "all",
            "2024-Q2",
            "kor-summons-zinoviev-over-treaty-2024",
            "nodes",
            "37.57,126.98",
        ]
    ),
    st.text(max_size=30),
    st.integers(1000, 8000).map(lambda n: ("<script>%" * n)[:n]),
)
PARAMS = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=10)),
    st.lists(VALUES, min_size=1, max_size=3),
    max_size=6,
)


@pytest.mark.parametrize("view", VIEWS)
def test_fuzzed_links_never_raise_on_any_page(monkeypatch, view):
    monkeypatch.delenv(DATA_ENV, raising=False)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(PARAMS)
    def check(params):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["view"] = view
        for key, values in params.items():
            if key not in ("view", "embed", "embed_options"):
                at.query_params[key] = values
        at.run()
        assert not at.exception, (params, at.exception)
        assert any(m.value.startswith("**Showing") for m in at.markdown)

    check()
