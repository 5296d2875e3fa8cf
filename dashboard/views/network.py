"""Network: who acts towards whom, with a focus on one actor's neighbourhood."""

import numpy as np
import streamlit as st

from dashboard.core.filters import Filters, filter_mask
from dashboard.core.gdelt.layer import pair_volume
from dashboard.core.graph import HEIGHT, NODE_LIMIT, NODE_MODES, gdelt_edge_elements, graph_html
from dashboard.views import cached
from dashboard.views.context import PageContext, empty_notice, event_buttons, take_rows

FOCUS_LIST_LIMIT = 50


def _focus_events(ctx: PageContext, focus: str) -> None:
    events, links = ctx.dataset.events, getattr(ctx.dataset, "links", None)
    hits = np.flatnonzero(filter_mask(events, Filters(actors=(focus,)), links) & ctx.mask)
    st.subheader(f"{focus}: {len(hits)} events", anchor=False)
    event_buttons(take_rows(events, hits[:FOCUS_LIST_LIMIT]), "focus")
    if len(hits) > FOCUS_LIST_LIMIT:
        st.caption(f"First {FOCUS_LIST_LIMIT} shown; narrow the filter to see the rest.")


def render(ctx: PageContext) -> None:
    """Node mode and focus controls, the graph in an iframe, and the focused actor's events."""
    st.header("Network")
    if empty_notice(ctx):
        return
    c1, c2 = st.columns([1, 2])
    with c1:
        mode = st.segmented_control(
            "Nodes",
            list(NODE_MODES),
            default="countries",
            key="nodes",
            bind="query-params",
            required=True,
            help="Countries only, or also the people and organisations involved.",
        )
    links = getattr(ctx.dataset, "links", None)
    plain, _, _ = cached.graph_parts(
        ctx.key, mode or "countries", None, ctx.rows, ctx.dataset.actors, links
    )
    with c2:
        focus = st.selectbox(
            "Focus",
            [node[0] for node in plain],
            index=None,
            key="focus",
            bind="query-params",
            placeholder="Highlight one actor's neighbourhood",
        )
    nodes, edges, people = cached.graph_parts(
        ctx.key, mode or "countries", focus, ctx.rows, ctx.dataset.actors, links
    )
    extra = gdelt_edge_elements(pair_volume(ctx.gdelt_shown)) if ctx.gdelt_shown is not None else ()
    ctx.snapshot["network_html"] = lambda: graph_html(nodes, edges, gdelt_edges=extra)
    st.iframe(
        graph_html(nodes, edges, gdelt_edges=extra),
        height=HEIGHT + 70,
        width="stretch",
        alt=f"Network of {len(nodes)} actors and {len(edges)} links",
    )
    st.caption(
        f"{len(nodes)} actors, {len(edges)} links. Node size: events;"
        " edge colour: mean intensity (red hostile, blue cooperative); edge width: events. Drag"
        " to rearrange; the starting layout is fixed, so a link draws the same picture."
        + (
            f" Dashed purple curves: {len(ctx.gdelt_shown):,} automated (GDELT) events between"
            " the countries, one edge per pair."
            if extra
            else ""
        )
    )
    if people > NODE_LIMIT:
        st.caption(
            f"The {NODE_LIMIT} busiest of {people:,} people and organisations are drawn;"
            " narrow the filter (for example to one actor) to see others."
        )
    if focus:
        _focus_events(ctx, focus)
