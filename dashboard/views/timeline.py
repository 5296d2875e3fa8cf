"""Timeline: events along time in lanes, and the monthly relationship index per pair."""

from collections.abc import Callable
from datetime import date
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.core.aggregate import ROLLING_MONTHS, active_pairs, lane_order
from dashboard.core.charts import density_figure, index_figure, timeline_figure
from dashboard.core.countries import PAIRS, pair_label
from dashboard.core.gdelt.charts import gdelt_context_figure
from dashboard.core.gdelt.layer import monthly_volume
from dashboard.core.snapshot import SnapshotParts
from dashboard.views import cached
from dashboard.views.context import (
    PageContext,
    empty_notice,
    gdelt_list,
    on_phone,
    plotly_chart,
    view_control,
)

CHART_KEY = "timeline_chart"
INDEX_KEY = "index_chart"
# On a narrow screen the key-event labels cannot fit beside each other: leave them to the hover.
NARROW_CSS = f"""<style>
@media (max-width: 640px) {{ .st-key-{CHART_KEY} .textpoint {{ display: none; }} }}
</style>"""
POINT_LIMIT = cached.LARGE  # above this many events the timeline draws lane x month circles


def _to_day(value: object, low: date, high: date) -> date:
    day = pd.Timestamp(value).date()
    return min(max(day, low), high)


def _on_select(first_day: date, last_day: date) -> None:
    """A horizontal box sets the shared from/to; a clicked point opens its event."""
    selection = st.session_state[CHART_KEY].selection
    boxes = selection.get("box") or []
    if boxes and boxes[0].get("x"):
        xs = sorted(boxes[0]["x"])
        st.session_state["from"] = _to_day(xs[0], first_day, last_day)
        st.session_state["to"] = _to_day(xs[-1], first_day, last_day)
        return
    points = selection.get("points") or []
    ids = [p.get("customdata") for p in points if p.get("customdata")]
    if ids:
        st.query_params["event"] = ids[0]


def _on_star() -> None:
    """A click on a key-event star of the index opens that event (other marks carry no id)."""
    points = st.session_state[INDEX_KEY].selection.get("points") or []
    ids = [p.get("customdata") for p in points if isinstance(p.get("customdata"), str)]
    if ids:
        st.query_params["event"] = ids[0]


def render(ctx: PageContext) -> SnapshotParts:
    """The events in lanes (pair or type), or the monthly relationship index per pair: only
    the chart the reader chose is built and drawn. Views place, core builds."""
    st.header("Timeline")
    chart = view_control("Show", "chart")
    if empty_notice(ctx):
        return SnapshotParts()
    build = _index(ctx) if chart == "index" else _lanes(ctx)
    if ctx.gdelt_shown is not None:
        _gdelt_context(ctx)
    return SnapshotParts(figure=build)


def _lanes(ctx: PageContext) -> Callable[[], go.Figure]:
    lanes = view_control("Lanes", "lanes")
    points = cached.timeline_frame(ctx.key, lanes, POINT_LIMIT, ctx.rows)
    order = lane_order(points, lanes)
    cat = ctx.catalogue
    phone = on_phone()
    if ctx.count > POINT_LIMIT:
        st.caption(
            f"{ctx.count:,} events are too many to draw one by one: each circle is one lane's"
            f" month (area = events, colour = mean intensity). Narrow the filter to"
            f" {POINT_LIMIT:,} events or fewer to see and click single events. To set the dates,"
            " pick 'Box select' in the chart's toolbar and drag across time."
        )
        build = partial(density_figure, points, order, ctx.count)
    else:
        st.caption(
            "Colour: intensity (red hostile, blue cooperative). Shape: status. Hollow: only the"
            " month is known (drawn mid-month). Click a point for its details. To set the dates,"
            " pick 'Box select' in the chart's toolbar and drag across time."
        )
        # On a phone the lanes are named by country codes, which leave the width to time.
        names = {} if phone else ctx.country_names
        labels = {p: pair_label(p, names) for p in PAIRS} if lanes == "pair" else {}
        build = partial(timeline_figure, points, order, labels)
    st.html(NARROW_CSS)
    plotly_chart(
        build,
        f"timeline|{ctx.key}|{lanes}|{phone}",
        key=CHART_KEY,
        on_select=lambda: _on_select(cat.first_day, cat.last_day),
        selection_mode=("points", "box"),
        width="stretch",
        alt=f"Timeline of {ctx.count} events in {len(order)} lanes",
        config={"displaylogo": False, "displayModeBar": not phone},
    )
    return build


def _index(ctx: PageContext) -> Callable[[], go.Figure]:
    monthly, markers = cached.index_frames(ctx.key, ctx.rows)
    build = partial(index_figure, monthly, markers, active_pairs(monthly), ctx.country_names)
    st.caption(
        f"Per pair: intensity summed per month (bars), its {ROLLING_MONTHS}-month rolling mean"
        " (line) and the number of events (right axis). Stars mark key events (above"
        f" {cached.LARGE:,} events, the latest {cached.KEY_MARKS_PER_PAIR} per pair); click one"
        " for its details. Curation is denser after 2022, so sums partly reflect curation"
        " effort."
    )
    plotly_chart(
        build,
        f"index|{ctx.key}",
        key=INDEX_KEY,
        on_select=_on_star,
        selection_mode="points",
        width="stretch",
        alt="Monthly relationship index per pair: intensity summed per month and its mean",
        config={"displaylogo": False, "displayModeBar": not on_phone()},
    )
    return build


def _gdelt_context(ctx: PageContext) -> None:
    """The automated layer's monthly volume and mean Goldstein, then its events a page a time."""
    st.subheader("Automated (GDELT) context")
    monthly = monthly_volume(ctx.gdelt_shown)
    pairs = [p for p in PAIRS if p in set(monthly["pair"])]
    if monthly.empty:
        st.info("No automated (GDELT) event matches these filters.")
        return
    plotly_chart(
        partial(gdelt_context_figure, monthly, pairs, ctx.country_names),
        f"gdelt|{ctx.key}",
        key="gdelt_chart",
        width="stretch",
        alt=f"GDELT events per month and mean Goldstein score for {len(pairs)} pairs",
        config={"displaylogo": False, "displayModeBar": not on_phone()},
    )
    st.caption(
        "Machine-coded GDELT events per month and pair (solid, top) and their mean Goldstein"
        " score from −10 to +10 (dotted, bottom). Volume follows news attention, not only"
        " events; duplicate reports were folded at import."
    )
    with st.expander("Automated (GDELT) events, most-mentioned first"):
        gdelt_list(ctx.gdelt_shown, "gdelt_timeline")
