"""Per-filter caches: the match mask and each page's aggregates, keyed on small strings.

Every interaction reruns the whole script. The keys are the data version and the filters'
repr (plus a page control or two), so going back to a filter state already seen costs a
dictionary lookup, not a pass over a million rows. Arguments starting with `_` are not hashed.
"""

from collections.abc import Callable

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.core import aggregate, geo, graph
from dashboard.core.countries import pair_keys
from dashboard.core.filters import Filters
from dashboard.core.filters import filter_mask as _filter_mask
from dashboard.core.gdelt.layer import apply_layer_filters
from dashboard.core.sourcing import cited_sources
from dashboard.core.style import recolour

KEY_MARKS_PER_PAIR = 12  # stars on the index in a large window: the latest of each pair
LARGE = 5000  # events above which views aggregate (the timeline draws lane x month circles)
Rows = Callable[[], pd.DataFrame]  # the filtered events, taken only on a cache miss


# A mask is one byte per event (1 MB at a million): 32 of them stay well inside memory.
@st.cache_resource(max_entries=32, show_spinner=False)
def filter_mask(
    version: str, key: str, _events: pd.DataFrame, _filters: Filters, _links: pd.DataFrame | None
) -> np.ndarray:
    """The events matching the filters (read-only: shared by every session)."""
    del version, key  # the cache key
    mask = _filter_mask(_events, _filters, _links)
    mask.setflags(write=False)
    return mask


def _stars(shown: pd.DataFrame) -> int | None:
    """Every key event in a small window; the latest KEY_MARKS_PER_PAIR per pair in a large one."""
    return KEY_MARKS_PER_PAIR if len(shown) > LARGE else None


@st.cache_data(max_entries=64, show_spinner=False)
def pair_summary(key: str, _rows: Rows, _names: dict) -> pd.DataFrame:
    """One row per pair (labelled with `_names`): events, mean intensity, latest key event."""
    del key
    return aggregate.pair_summary(_rows(), _names)


@st.cache_data(max_entries=64, show_spinner=False)
def index_frames(key: str, _rows: Rows) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The monthly relationship index and its key-event markers."""
    del key
    shown = _rows()
    monthly = aggregate.monthly_index(shown)
    return monthly, aggregate.key_event_markers(shown, monthly, _stars(shown))


@st.cache_data(max_entries=64, show_spinner=False)
def timeline_frame(key: str, lanes: str, limit: int, _rows: Rows) -> pd.DataFrame:
    """One point per event, or per lane and month when there are more than `limit` events."""
    del key
    shown = _rows()
    if len(shown) > limit:
        return aggregate.timeline_density(shown, lanes)
    return aggregate.timeline_points(shown, lanes)


@st.cache_data(max_entries=64, show_spinner=False)
def map_frames(
    key: str, frame: str, limit: int, _rows: Rows, _caps: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The busiest `limit` places, the pair lines and the events of one playback frame."""
    del key
    shown = _rows() if frame == "all" else geo.in_period(_rows(), frame)
    return geo.location_points(shown, limit), geo.pair_lines(shown, _caps), len(shown)


@st.cache_data(max_entries=64, show_spinner=False)
def graph_parts(
    key: str, mode: str, focus: str | None, _rows: Rows, _actors, _links
) -> tuple[tuple, tuple, int]:
    """Hashable nodes and edges (for graph_html's own cache) and how many people there were."""
    del key
    built = graph.build_actor_graph(_rows(), _actors, mode, _links)
    nodes, edges = graph.graph_elements(built, focus)
    return nodes, edges, int(built.graph.get("people_total", 0))


@st.cache_data(max_entries=4, show_spinner=False)
def pair_counts(version: str, _events: pd.DataFrame) -> tuple[pd.DataFrame, str, str, int]:
    """Events per pair in the whole dataset, its first and last date and the number of pages its
    events cite (the About page)."""
    del version
    counts = pair_keys(_events).astype(str).value_counts().sort_index()
    dates = _events["date"]
    table = counts.rename("events").rename_axis("pair").reset_index()
    return table, str(dates.min()), str(dates.max()), len(cited_sources(_events))


# The GDELT layer's filtered rows: a few entries, since each may hold many rows.
@st.cache_resource(max_entries=6, show_spinner=False)
def gdelt_rows(folder: str, key: str, _events: pd.DataFrame, _filters: Filters) -> pd.DataFrame:
    """The GDELT rows matching the filters (shared read-only by every session)."""
    del folder, key
    return apply_layer_filters(_events, _filters)


# A figure is rebuilt only when what it shows changes. Shared read-only by every session (a
# cache_resource value is not copied): st.plotly_chart only reads it.
@st.cache_resource(max_entries=64, show_spinner=False)
def themed_figure(key: str, theme: str, _build: Callable[[], go.Figure]) -> go.Figure:
    """The figure `_build` makes, in the reader's theme. `key` must name everything the figure
    depends on (the data version and filters, the page's controls, a phone's shorter labels):
    going back to a filter state, or a rerun that changes nothing it shows, then skips
    building and recolouring it (about 80 ms of a timeline rerun)."""
    del key
    return recolour(_build(), theme)
