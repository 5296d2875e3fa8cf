"""Overview page: how many events match, and the events themselves as a table."""

import streamlit as st

from dashboard.core.dataset import Dataset
from dashboard.core.filters import Filters, apply_filters

_COLUMNS = {
    "date": st.column_config.TextColumn("Date"),
    "title": st.column_config.TextColumn("Event", width="large"),
    "source_actor": st.column_config.TextColumn("Source"),
    "target_actor": st.column_config.TextColumn("Target"),
    "event_type": st.column_config.TextColumn("Type"),
    "intensity": st.column_config.NumberColumn("Intensity", format="%+d"),
    "status": st.column_config.TextColumn("Status"),
    "location_name": st.column_config.TextColumn("Place"),
    "source_urls": st.column_config.ListColumn("Sources"),
}


def render(dataset: Dataset, filters: Filters | None = None) -> None:
    """Show the count line and the table of matching events."""
    events = dataset.events
    shown = apply_filters(events, filters or Filters())
    st.title("Four Capitals")
    st.caption("Events among Seoul, Moscow, Pyongyang and Kyiv, each with its source.")
    st.markdown(f"**Showing {len(shown)} of {len(events)} events**")
    st.dataframe(
        shown[list(_COLUMNS)],
        column_config=_COLUMNS,
        hide_index=True,
        width="stretch",
        height=640,
        key="events_table",
    )
