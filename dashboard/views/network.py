"""Network: who acts towards whom, with a focus on one actor's neighbourhood."""

import numpy as np
import streamlit as st

from dashboard.core.filters import Filters, filter_mask
from dashboard.core.gdelt.layer import pair_volume
from dashboard.core.graph import HEIGHT, NODE_LIMIT, gdelt_edge_elements, graph_html
from dashboard.core.snapshot import SnapshotParts
from dashboard.core.text import escape_markdown, plural
from dashboard.core.url_state import VIEW
from dashboard.views import cached
from dashboard.views.context import (
    PageContext,
    empty_notice,
    event_buttons,
    link_value_ignored,
    on_phone,
    take_rows,
    theme,
    view_control,
)
from dashboard.views.named import actor_labels, bound, named

FOCUS_LIST_LIMIT = 50
PHONE_HEIGHT = 420  # px of graph on a phone
LEGEND_DESKTOP, LEGEND_PHONE = 80, 150  # px under the graph for its legend


def _focus_events(ctx: PageContext, focus: str) -> None:
    events, links = ctx.dataset.events, ctx.dataset.links
    # The actor alone (every date: the page's own filters are in ctx.mask).
    only_actor = Filters(date_from=None, actors=(focus,))
    hits = np.flatnonzero(filter_mask(events, only_actor, links) & ctx.mask)
    name = ctx.actor_names.get(focus, focus)
    st.subheader(f"{escape_markdown(name)}: {plural(len(hits), 'event')}", anchor=False)
    event_buttons(take_rows(events, hits[:FOCUS_LIST_LIMIT]), "focus")
    if len(hits) > FOCUS_LIST_LIMIT:
        st.caption(f"First {FOCUS_LIST_LIMIT} shown; narrow the filter to see the rest.")


def _gdelt_words(ctx: PageContext, extra: tuple) -> str:
    """The GDELT edges drawn, counted as drawn: only pairs of the four countries have an edge,
    so events with another country (an import `--with USA`) are counted apart."""
    drawn = sum(edge[2] for edge in extra)
    other = len(ctx.gdelt_shown) - drawn
    events = plural(drawn, "automated (GDELT) event")
    words = (
        f" Dashed purple curves: {events} between the four countries, one edge per pair"
        f" ({plural(len(extra), 'edge')})."
    )
    if other:
        words += f" Not drawn here: {plural(other, 'GDELT event')} with another country."
    return words


def render(ctx: PageContext) -> SnapshotParts:
    """Node mode and focus controls, the graph in an iframe, and the focused actor's events."""
    st.header("Network")
    if empty_notice(ctx):
        return SnapshotParts()
    c1, c2 = st.columns([1, 2])
    with c1:
        mode = view_control("Nodes", "nodes")
    links = ctx.dataset.links
    plain, _, _ = cached.graph_parts(ctx.key, mode, None, ctx.rows, ctx.dataset.actors, links)
    options = [node[0] for node in plain]
    link_value_ignored(
        VIEW["focus"].key,
        options,
        lambda v: (
            "is not drawn in this graph"
            + (
                " (people and organisations need nodes=all)"
                if mode != "all"
                else " (no events here)"
            )
        ),
        ctx.catalogue,
    )
    with c2:
        named(
            st.selectbox,
            "Focus",
            options,
            VIEW["focus"].key,
            actor_labels(ctx.dataset.actors),
            index=None,
            placeholder="Highlight one actor: type a name, in any script",
        )
        with bound("focus"):
            focus = st.selectbox(
                "focus", options, index=None, key=VIEW["focus"].key, bind="query-params"
            )
    nodes, edges, people = cached.graph_parts(
        ctx.key, mode, focus, ctx.rows, ctx.dataset.actors, links
    )
    extra = gdelt_edge_elements(pair_volume(ctx.gdelt_shown)) if ctx.gdelt_shown is not None else ()
    phone = on_phone()
    height = PHONE_HEIGHT if phone else HEIGHT
    # The focused actor's events first (on a phone, right under the Focus box), the graph
    # beside them; the frame leaves room for the legend, which wraps on a narrow screen.
    listing, drawing = st.columns([2, 3]) if focus else (None, st.container())
    with drawing:
        st.iframe(
            graph_html(nodes, edges, height=height, gdelt_edges=extra, theme=theme()),
            height=height + (LEGEND_PHONE if phone else LEGEND_DESKTOP),
            width="stretch",
            alt=f"Network of {len(nodes)} actors and {len(edges)} links",
        )
    if listing is not None:
        with listing:
            _focus_events(ctx, focus)
    st.caption(
        f"{len(nodes)} actors, {len(edges)} links. Node size: events;"
        " edge colour: mean intensity (red hostile, blue cooperative); edge width: events. Drag"
        " to rearrange; the starting layout is fixed, so a link draws the same picture."
        + (_gdelt_words(ctx, extra) if extra else "")
    )
    if people > NODE_LIMIT:
        st.caption(
            f"The {NODE_LIMIT} busiest of {people:,} people and organisations are drawn;"
            " narrow the filter (for example to one actor) to see others."
        )
    return SnapshotParts(network_html=lambda: graph_html(nodes, edges, gdelt_edges=extra))
