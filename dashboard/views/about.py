"""About: where the data comes from, how to read it, and its known limits."""

import streamlit as st

from dashboard.views.context import PageContext


def render(ctx: PageContext) -> None:
    """Plain prose about sources, coding and caveats."""
    events = ctx.dataset.events
    st.header("About Four Capitals")
    st.markdown(
        f"""
**{len(events)} events** among South Korea, Russia (with the Soviet Union as its own actor),
North Korea and Ukraine, from {events["date"].min()} to {events["date"].max()}, each verified on
a stored news or reference page whose link is shown in the event's details.

- **Coding.** Each event is dyadic: a source actor acts on a target actor. Event types follow the
  PLOVER ontology, grouped into four quad classes. Intensity runs from -10 (most hostile) to +10
  (most cooperative), on the rubric in `data/README.md`.
- **Status.** *confirmed* events were acknowledged by the party that acted, are public acts, or
  are shown by strong independent evidence; *alleged* and *denied* events name who claims them.
- **Dates** are the local date at the place of the act. Month-precision events are drawn
  mid-month with hollow markers and match any date range that overlaps their month.
- **Curation density.** Curation is much denser from 2022 onwards than before, so monthly sums
  and counts partly reflect curation effort, not only the state of a relationship. Compare
  periods with care.
- **Sources** are the pages on which each event was checked. Where a stored copy showed no
  headline, the link shows the address instead of a made-up title.
"""
    )
