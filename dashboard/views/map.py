"""Map: event places and the lines between capitals, with month-by-month playback."""

from functools import partial

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
    map_height,
)
from dashboard.core.places import grid_square, periods
from dashboard.core.snapshot import SnapshotParts
from dashboard.core.text import plural
from dashboard.core.url_state import VIEW
from dashboard.views import cached
from dashboard.views.context import (
    PageContext,
    empty_notice,
    event_buttons,
    gdelt_list,
    link_value_ignored,
    on_phone,
    plotly_chart,
    view_control,
)

ALL = "all"
CHART_KEY = "map_chart"
PLAY_SECONDS = 1.2
PLACE_LIMIT = 500  # circles drawn at most: the busiest places


PHONE_WIDTH, DESKTOP_WIDTH, TALLEST = 360, 900, 620  # px of map, to size the frame


def _chart_key() -> str:
    # A new key after the place list closes, so that the chart forgets its selection and a
    # second click on the same place opens the list again.
    return f"{CHART_KEY}_{st.session_state.get('map_resets', 0)}"


def _on_select() -> None:
    points = st.session_state[_chart_key()].selection.get("points") or []
    keys = [p.get("customdata") for p in points if isinstance(p.get("customdata"), str)]
    if keys:
        st.query_params["loc"] = keys[0]


def _close_place() -> None:
    """Dismissing the place list removes `loc` from the address."""
    if "loc" in st.query_params:
        del st.query_params["loc"]
    st.session_state["map_resets"] = st.session_state.get("map_resets", 0) + 1


def _advance(frames: list[str]) -> None:
    """While playing, move the bound `frame` on by one step (before its widget is drawn)."""
    current = st.session_state.get("frame", ALL)
    position = frames.index(current) if current in frames else -1
    if position + 1 >= len(frames):
        st.session_state["playing"] = False
        return
    st.session_state["frame"] = frames[position + 1]


def _map_body(ctx: PageContext, frames: list[str], region: str, step: str) -> SnapshotParts:
    if st.session_state.get("playing"):
        _advance(frames)
    control = VIEW["frame"]
    link_value_ignored(
        control.key,
        [control.default, *frames],
        lambda v: (
            f"is not a {step} (the playback step is {step})"
            if ("Q" in v) != (step == "quarter")
            else f"is outside the window ({frames[0]} to {frames[-1]})"
            if frames
            else "is outside the window"
        ),
        ctx.catalogue,
    )
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
        f"{'Whole window' if frame == ALL else frame}: {plural(count, 'event')}. Lines join the"
        " capitals of active pairs (colour = mean intensity, width = events); circles are places,"
        " sized by events. Click a circle or a capital to list its events; the dot in the middle"
        " of a line gives the pair's numbers."
    )
    extra = []
    if ctx.gdelt_shown is not None:
        gdelt = ctx.gdelt_shown if frame == ALL else gdelt_in_period(ctx.gdelt_shown, frame)
        extra = gdelt_map_traces(pair_volume(gdelt), place_counts(gdelt), caps)
        st.caption(
            f"Automated (GDELT): {plural(len(gdelt), 'event')}. Dashed purple bends join the"
            " capitals"
            " (width = events, log scale); hollow purple squares are their busiest places on a"
            " half-degree grid. Click a square to list its GDELT events."
        )
    if len(points) == PLACE_LIMIT:
        st.caption(f"The {PLACE_LIMIT} busiest places are drawn; narrow the filter for the rest.")
    width = PHONE_WIDTH if on_phone() else DESKTOP_WIDTH
    height = min(map_height(region, width), TALLEST)
    build = partial(map_figure, points, lines, caps, extra, region=region, height=height)
    plotly_chart(
        build,
        f"map|{ctx.key}|{frame}|{region}|{height}",
        key=_chart_key(),
        on_select=_on_select,
        selection_mode="points",
        # No toolbar: on a phone it covers the legend; zoom is the region control's job.
        config={"topojsonURL": TOPOJSON_URL, "displayModeBar": False},
        width="stretch",
        alt=f"Map of {count} events: places sized by events, lines between the capitals",
    )
    return SnapshotParts(figure=build)


def _place_title(key: str, here: pd.DataFrame | None) -> str:
    if here is None:
        return f"Automated (GDELT) events near {key.removeprefix(GDELT_SQUARE)}"
    name = here.iloc[0]["location_name"] if not here.empty else key
    return f"{name}: {plural(len(here), 'event')}"


def _place_events(ctx: PageContext, key: str, here: pd.DataFrame | None) -> None:
    """The clicked place's events (`here`; None for a GDELT square); with the GDELT layer on,
    also GDELT's in the same grid square (a curated circle drawn over a GDELT square takes the
    click)."""
    if here is not None:
        if here.empty:
            st.caption("No event in this window at this place.")
        event_buttons(here, "loc", in_dialog=True)
    if ctx.gdelt_shown is None:
        return
    square = key.removeprefix(GDELT_SQUARE) if here is None else grid_square(key)
    nearby = events_in_square(ctx.gdelt_shown, square)
    if not nearby.empty:
        if here is not None:
            st.subheader(f"Automated (GDELT) events near {square}", anchor=False)
        gdelt_list(nearby, "gdelt_loc")


def _location_list(ctx: PageContext) -> None:
    """The clicked place's events in a dialog over the map, in sight on any screen; an open
    event's details take its place until they are closed."""
    key = st.query_params.get("loc")
    if not key or ctx.event:
        return
    gdelt = key.startswith(GDELT_SQUARE)
    here = None if gdelt else events_at(ctx.shown, key)
    if (gdelt and ctx.gdelt_shown is None) or (here is not None and here.empty):
        link_value_ignored(
            "loc",
            (),
            lambda _: (
                "names a GDELT square, but the GDELT layer is not on (layer=gdelt)"
                if gdelt
                else "is not the place of any event in this window"
            ),
            ctx.catalogue,
        )
        return
    # The title is plain text in the dialog's header (no Markdown is rendered there).
    st.dialog(_place_title(key, here), width="large", on_dismiss=_close_place)(_place_events)(
        ctx, key, here
    )


def render(ctx: PageContext) -> SnapshotParts:
    """Controls, the map (redrawn alone while playing), then the clicked place's events."""
    st.header("Map")
    if empty_notice(ctx):
        return SnapshotParts()
    c0, c1, c2 = st.columns([2, 2, 1])
    with c0:
        region = view_control("Region", "region")
    with c1:
        step = view_control("Playback step", "step")
    with c2:
        st.toggle("Play", key="playing", help="Step through the window, one frame a second.")
    starts = ctx.dataset.events["span_start"].to_numpy()[ctx.mask]
    ends = ctx.dataset.events["span_end"].to_numpy()[ctx.mask]
    first, last = pd.Timestamp(starts.min()), pd.Timestamp(ends.max())
    frames = periods(first, last, step)
    if st.session_state.get("playing"):
        # Only the map redraws while playing; a click then lists its place on the next full run.
        parts = st.fragment(_map_body, run_every=PLAY_SECONDS)(ctx, frames, region, step)
    else:
        parts = _map_body(ctx, frames, region, step)
    _location_list(ctx)
    return parts
