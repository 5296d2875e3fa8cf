"""Network: who acts towards whom, with a focus on one actor's neighbourhood."""

import streamlit as st

from dashboard.core.gdelt_layer import pair_volume
from dashboard.core.graph import (
    HEIGHT,
    NODE_MODES,
    build_actor_graph,
    gdelt_edge_elements,
    graph_elements,
    graph_html,
)
from dashboard.views.context import PageContext, empty_notice, event_buttons

FOCUS_LIST_LIMIT = 50


def _focus_events(ctx: PageContext, focus: str) -> None:
    mine = ctx.shown[
        ctx.shown["actor_ids"].map(lambda ids: focus in ids)
        | ctx.shown["countries"].map(lambda cs: focus in cs)
    ]
    st.subheader(f"{focus}: {len(mine)} events", anchor=False)
    event_buttons(mine.head(FOCUS_LIST_LIMIT), "focus")
    if len(mine) > FOCUS_LIST_LIMIT:
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
    graph = build_actor_graph(ctx.shown, ctx.dataset.actors, mode or "countries")
    with c2:
        focus = st.selectbox(
            "Focus",
            sorted(graph.nodes),
            index=None,
            key="focus",
            bind="query-params",
            placeholder="Highlight one actor's neighbourhood",
        )
    nodes, edges = graph_elements(graph, focus)
    extra = gdelt_edge_elements(pair_volume(ctx.gdelt_shown)) if ctx.gdelt_shown is not None else ()
    ctx.snapshot["network_html"] = lambda: graph_html(nodes, edges, gdelt_edges=extra)
    st.iframe(
        graph_html(nodes, edges, gdelt_edges=extra),
        height=HEIGHT + 70,
        width="stretch",
        alt=f"Network of {graph.number_of_nodes()} actors and {graph.number_of_edges()} links",
    )
    st.caption(
        f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} links. Node size: events;"
        " edge colour: mean intensity (red hostile, blue cooperative); edge width: events. Drag"
        " to rearrange; the starting layout is fixed, so a link draws the same picture."
        + (
            f" Dashed purple curves: {len(ctx.gdelt_shown):,} automated (GDELT) events between"
            " the countries, one edge per pair."
            if extra
            else ""
        )
    )
    if focus:
        _focus_events(ctx, focus)
