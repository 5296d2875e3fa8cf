"""The shared filter: widgets keyed and bound by their URL names, so every page is a link."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard.core.countries import COUNTRIES, PAIRS, country_names, pair_label
from dashboard.core.filters import DEFAULT_FROM, FILTER_KEYS, INTENSITY_RANGE, Filters
from dashboard.core.gdelt import LAYER as GDELT
from dashboard.core.url_state import Catalogue, UrlState, decode
from dashboard.views.named import HIDDEN_CSS, actor_labels, bound, named

BIND = "query-params"
# A typed date applies when its field loses focus; Enter does that too. A constant script (no
# data in it), added once per page load.
ENTER_APPLIES_DATES = """<script>
(() => {
  if (window.fourCapitalsEnterDates) return;
  window.fourCapitalsEnterDates = true;
  // The field commits when focus moves elsewhere (a bare blur() does not), so Enter moves
  // focus to an invisible element of our own.
  const sink = document.createElement("span");
  sink.tabIndex = -1;
  sink.setAttribute("aria-hidden", "true");
  document.body.appendChild(sink);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !event.target.closest) return;
    if (!event.target.closest('[data-testid="stDateInput"]')) return;
    event.preventDefault();
    sink.focus({ preventScroll: true });
  }, true);
})();
</script>"""
TREATY_2024 = date(2024, 6, 19)


def _values(state: UrlState, first_day: date) -> dict:
    """The widget value of each filter key the state sets (or unsets against its default).

    The start date is always a day: 'every date' is the first event's day, so the address
    always says its window (a link without `from` opens the default window)."""
    values = {
        spec.key: spec.to_widget(spec.value(state.filters))
        for spec in FILTER_KEYS
        if spec.is_set(state.filters) or spec.differs(state.filters)
    }
    if "from" in values and values["from"] is None:
        values["from"] = first_day
    return values


def seed(state: UrlState, cat: Catalogue) -> dict:
    """On a session's first run, put the decoded link into session_state before widgets exist;
    return the widget values set."""
    values = _values(state, cat.first_day)
    for key, value in values.items():
        st.session_state[key] = value
    return values


def adopt(params: dict[str, list[str]], cat: Catalogue) -> None:
    """On a page change, take filter values that the new page's link sets (before widgets)."""
    state, _ = decode(params, cat)
    for key, value in _values(state, cat.first_day).items():
        if st.session_state.get(key) != value:
            st.session_state[key] = value


def _set_range(start: date) -> None:
    """A quick range is one action, so one Back step: it writes an absolute `from` and opens
    `to` (the latest event); each bound key it changes would add a step of its own."""
    for key, value in (("from", start), ("to", None)):
        if st.session_state.get(key) != value:
            st.session_state[key] = value


def _quick_ranges(cat: Catalogue) -> None:
    """Buttons that write an absolute start date, so a link starts on the same day next year."""
    year_ago = max(cat.first_day, cat.last_day - timedelta(days=364))
    ranges = [
        ("Since invasion", "From 24 Feb 2022 to the latest event", DEFAULT_FROM),
        (
            "Since treaty",
            "From the Russia–North Korea treaty of 19 June 2024 to the latest event",
            TREATY_2024,
        ),
        (
            "Past year",
            f"The last 12 months of data: from {year_ago} to the latest event",
            year_ago,
        ),
        ("All dates", f"From the first event ({cat.first_day}) to the latest", cat.first_day),
    ]
    cols = st.columns(2)
    for i, (label, tip, start) in enumerate(ranges):
        cols[i % 2].button(
            label,
            key=f"range_{i}",
            help=tip,
            on_click=_set_range,
            args=(start,),
            width="stretch",
        )


def _actor_options(actors: pd.DataFrame) -> list[str]:
    """Countries first (the four, then others), then people and organisations by name."""
    kinds = {"country": 0, "person": 1, "organisation": 1}
    ordered = actors.assign(
        _k=actors["actor_type"].map(kinds),
        _four=~actors["id"].isin(COUNTRIES),
        _name=actors["name"].str.casefold(),
    ).sort_values(["_k", "_four", "_name"])
    return list(ordered["id"])


def render(actors: pd.DataFrame, cat: Catalogue, vocabularies: dict) -> Filters:
    """Draw the filter widgets in the sidebar and return the Filters they describe."""
    names = country_names(actors)
    pair_labels = {p: pair_label(p, names) for p in PAIRS}
    actor_options = _actor_options(actors)
    with st.sidebar:
        st.html(HIDDEN_CSS)
        st.html(ENTER_APPLIES_DATES, unsafe_allow_javascript=True)
        st.subheader("Filter")
        # The bounds take in the default start, which a folder's data may not reach.
        bounds = dict(
            min_value=min(cat.first_day, DEFAULT_FROM),
            max_value=max(cat.last_day, DEFAULT_FROM),
            format="YYYY-MM-DD",
        )
        date_from = st.date_input(
            "From",
            value=DEFAULT_FROM,
            key="from",
            bind=BIND,
            help=f"A link without a start date opens at {DEFAULT_FROM} (see the README);"
            " All dates starts at the first event.",
            **bounds,
        )
        date_to = st.date_input("To", value=None, key="to", bind=BIND, **bounds)
        _quick_ranges(cat)
        named(
            st.multiselect,
            "Actor",
            actor_options,
            "actor",
            actor_labels(actors),
            empty=[],
            placeholder="Any actor: type a name, in any script",
            help="A country matches every event involving that country or its people.",
        )
        named(st.selectbox, "Pair", list(PAIRS), "pair", pair_labels, index=None, placeholder="Any")
        # The bound twins: they keep ids in the URL (hidden; see views/named.py).
        with bound("filters"):
            chosen = st.multiselect("actor", actor_options, key="actor", bind=BIND)
            pair = st.selectbox("pair", PAIRS, index=None, key="pair", bind=BIND)
        types = st.multiselect(
            "Event type (PLOVER)",
            list(vocabularies["event_type"]),
            key="type",
            bind=BIND,
            placeholder="Any type",
        )
        quads = st.multiselect(
            "Quad class",
            list(vocabularies["quad_class"]),
            key="quad",
            bind=BIND,
            placeholder="Any",
        )
        low, high = INTENSITY_RANGE
        imin = st.slider("Lowest intensity", low, high, low, key="imin", bind=BIND)
        imax = st.slider("Highest intensity", low, high, high, key="imax", bind=BIND)
        statuses = st.multiselect(
            "Status", list(vocabularies["status"]), key="status", bind=BIND, placeholder="Any"
        )
        q = st.text_input("Search text", key="q", bind=BIND, placeholder="e.g. Zinoviev")
        layers = _layers(cat)
    chosen_values = {
        "from": date_from,
        "to": date_to,
        "actor": chosen,
        "pair": pair,
        "type": types,
        "quad": quads,
        "imin": imin,
        "imax": imax,
        "status": statuses,
        "q": q,
        "layer": layers,
    }
    return Filters(**{spec.attr: spec.from_widget(chosen_values[spec.key]) for spec in FILTER_KEYS})


def _layers(cat: Catalogue) -> list[str]:
    """The layer switch, shown only when the server has a GDELT layer loaded."""
    if GDELT not in cat.vocab.layers:
        return []
    st.divider()
    # No format_func: a bound widget writes its option's label into the URL, and the value
    # in links must stay the id `gdelt`.
    chosen = st.pills(
        "Automated layer",
        [GDELT],
        selection_mode="multi",
        key="layer",
        bind=BIND,
        help=(
            "Machine-coded GDELT events, shown beside the curated ones as monthly volume, map"
            " and network edges in their own style; never mixed into the curated counts."
        ),
    )
    return list(chosen or [])
