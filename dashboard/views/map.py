"""Map: event places and the lines between capitals, with month-by-month playback."""

import pandas as pd
import streamlit as st

from dashboard.core.gdelt import SQUARE_PREFIX as GDELT_SQUARE
from dashboard.core.gdelt.charts import gdelt_map_traces
from dashboard.core.gdelt.layer import (
    events_in_square,
    gdelt_in_period,
    pair_volume,
    place_counts,
)
from dashboard.core.geo import (
    TOPOJSON_URL,
    capitals,
    events_at,
    map_figure,
)
from dashboard.core.places import grid_square, periods
from dashboard.core.snapshot import SnapshotParts
from dashboard.core.text import escape_markdown, plural
from dashboard.core.url_state import VIEW
from dashboard.views import cached
from dashboard.views.context import PageContext, empty_notice, event_buttons, gdelt_list

ALL = "all"
CHART_KEY = "map_chart"
PLAY_SECONDS = 1.2
PLACE_LIMIT = 500  # circles drawn at most: the busiest places


def _on_select() -> None:
    points = st.session_state[CHART_KEY].selection.get("points") or []
    keys = [p.get("customdata") for p in points if p.get("customdata")]
    if keys:
        st.query_params["loc"] = keys[0]


def _advance(frames: list[str]) -> None:
    """While playing, move the bound `frame` on by one step (before its widget is drawn)."""
    current = st.session_state.get("frame", ALL)
    position = frames.index(current) if current in frames else -1
    if position + 1 >= len(frames):
        st.session_state["playing"] = False
        return
    st.session_state["frame"] = frames[position + 1]


def _map_body(ctx: PageContext, frames: list[str]) -> SnapshotParts:
    if st.session_state.get("playing"):
        _advance(frames)
    control = VIEW["frame"]
    frame = st.select_slider(
        "Frame",
        [control.default, *frames],
        value=control.default,
        key=control.key,
        bind="query-params",
        help=control.tip,
    )
    caps = capitals(ctx.dataset.actors)
    points, lines, count = cached.map_frames(ctx.key, frame, PLACE_LIMIT, ctx.rows, caps)
    st.caption(
        f"{'Whole window' if frame == ALL else frame}: {count:,} events. Lines join the"
        " capitals of active pairs (colour = mean intensity, width = events); circles are places,"
        " sized by events. Click a circle to list its events."
    )
    extra = []
    if ctx.gdelt_shown is not None:
        gdelt = ctx.gdelt_shown if frame == ALL else gdelt_in_period(ctx.gdelt_shown, frame)
        extra = gdelt_map_traces(pair_volume(gdelt), place_counts(gdelt), caps)
        st.caption(
            f"Automated (GDELT): {len(gdelt):,} events. Dashed purple bends join the capitals"
            " (width = events, log scale); hollow purple squares are their busiest places on a"
            " half-degree grid. Click a square to list its GDELT events."
        )
    if len(points) == PLACE_LIMIT:
        st.caption(f"The {PLACE_LIMIT} busiest places are drawn; narrow the filter for the rest.")
    figure = map_figure(points, lines, caps, extra)
    st.plotly_chart(
        figure,
        key=CHART_KEY,
        on_select=_on_select,
        selection_mode="points",
        config={"topojsonURL": TOPOJSON_URL, "displaylogo": False},
        width="stretch",
        alt=f"Map of {count} events: places sized by events, lines between the capitals",
    )
    return SnapshotParts(figure=lambda: figure)


def _location_list(ctx: PageContext) -> None:
    """The clicked place's events; with the GDELT layer on, also GDELT's in the same grid square
    (a curated circle drawn over a GDELT square takes the click)."""
    key = st.query_params.get("loc")
    if not key:
        return
    if not key.startswith(GDELT_SQUARE):
        here = events_at(ctx.shown, key)
        if not here.empty:
            st.subheader(
                f"{escape_markdown(here.iloc[0]['location_name'])}: {plural(len(here), 'event')}",
                anchor=False,
            )
            event_buttons(here, "loc")
    if ctx.gdelt_shown is None:
        return
    square = key.removeprefix(GDELT_SQUARE) if key.startswith(GDELT_SQUARE) else grid_square(key)
    nearby = events_in_square(ctx.gdelt_shown, square)
    if not nearby.empty:
        st.subheader(f"Automated (GDELT) events near {square}", anchor=False)
        gdelt_list(nearby, "gdelt_loc")


def render(ctx: PageContext) -> SnapshotParts:
    """Controls, the map (redrawn alone while playing), then the clicked place's events."""
    st.header("Map")
    if empty_notice(ctx):
        return SnapshotParts()
    c1, c2 = st.columns([2, 1])
    with c1:
        control = VIEW["step"]
        step = st.segmented_control(
            "Playback step",
            list(control.allowed),
            default=control.default,
            key=control.key,
            bind="query-params",
            required=True,
        )
    with c2:
        st.toggle("Play", key="playing", help="Step through the window, one frame a second.")
    starts = ctx.dataset.events["span_start"].to_numpy()[ctx.mask]
    ends = ctx.dataset.events["span_end"].to_numpy()[ctx.mask]
    first, last = pd.Timestamp(starts.min()), pd.Timestamp(ends.max())
    frames = periods(first, last, step or VIEW["step"].default)
    if st.session_state.get("playing"):
        # Only the map redraws while playing; a click then lists its place on the next full run.
        parts = st.fragment(_map_body, run_every=PLAY_SECONDS)(ctx, frames)
    else:
        parts = _map_body(ctx, frames)
    _location_list(ctx)
    return parts
