"""Overview: where each of the six relationships stands in the chosen window."""

import numpy as np
import streamlit as st

from dashboard.core.aggregate import ROLLING_MONTHS, active_pairs
from dashboard.core.charts import index_figure, sparkline_svg
from dashboard.core.filters import INTENSITY_RANGE
from dashboard.core.gdelt.layer import pair_volume
from dashboard.core.snapshot import SnapshotParts
from dashboard.core.text import escape_markdown, plural
from dashboard.views import cached
from dashboard.views.context import PageContext, empty_notice, open_event, take_rows

CARDS = "pair_cards"
# Cards side by side stretch to the tallest of their row (a fixed height would cut them on a
# phone, where they stack): the columns stretch, and each card fills its column.
CARD_CSS = f"""<style>
.st-key-{CARDS} [data-testid="stHorizontalBlock"] {{ align-items: stretch; }}
.st-key-{CARDS} [data-testid="stColumn"] > [data-testid="stVerticalBlock"],
.st-key-{CARDS} [data-testid="stColumn"] [data-testid="stLayoutWrapper"],
.st-key-{CARDS} [class*="st-key-card_"] {{ height: 100%; }}
</style>"""
INTENSITY_SCALE_WORDS = f"{INTENSITY_RANGE[0]} hostile … +{INTENSITY_RANGE[1]} cooperative"
INTENSITY_HELP = (
    "The mean of the events' intensity in this window, on the scale from"
    f" {INTENSITY_RANGE[0]} (most hostile) to +{INTENSITY_RANGE[1]} (most cooperative)."
)
TABLE_LIMIT = 1000  # rows sent to the browser at most; more is a download
_COLUMNS = {
    "id": None,  # hidden: a selected row opens its event by id
    "date": st.column_config.TextColumn("Date"),
    "title": st.column_config.TextColumn("Event", width="large"),
    "source_actor": st.column_config.TextColumn("Source"),
    "target_actor": st.column_config.TextColumn("Target"),
    "event_type": st.column_config.TextColumn("Type"),
    "intensity": st.column_config.NumberColumn("Intensity", format="%+d"),
    "status": st.column_config.TextColumn("Status"),
    "location_name": st.column_config.TextColumn("Place"),
}


def _card(row, monthly, ctx: PageContext, gdelt: dict) -> None:
    with st.container(border=True, key=f"card_{row['pair']}"):
        st.markdown(f"**{escape_markdown(row['label'])}**")
        c1, c2 = st.columns(2)
        c1.metric("Events", row["count"])
        mean = row["mean_intensity"]
        c2.metric(
            "Mean intensity",
            "–" if mean is None else f"{mean:+.1f}",
            help=INTENSITY_HELP,
        )
        c2.caption(INTENSITY_SCALE_WORDS)
        mine = monthly[monthly["pair"] == row["pair"]]
        if row["count"]:
            st.markdown(sparkline_svg(mine, row["label"]), unsafe_allow_html=True)
        else:
            st.caption("No events in this window.")
        if ctx.gdelt_shown is not None:
            count, mean = gdelt.get(row["pair"], (0, None))
            tone = "" if mean is None else f", mean Goldstein {mean:+.1f}"
            st.caption(f"Automated (GDELT): {plural(count, 'event')}{tone}")
        if row["latest_key_id"]:
            st.caption("Latest key event")
            st.button(
                f"{row['latest_key_date']}: {escape_markdown(row['latest_key_title'])}",
                key=f"key_{row['pair']}",
                on_click=open_event,
                args=(row["latest_key_id"],),
                type="tertiary",
            )
        st.page_link(
            ctx.pages["timeline"],
            label="Open its timeline →",  # the card's title names the pair
            query_params={"pair": row["pair"]},
            icon=":material/timeline:",
        )


def render(ctx: PageContext) -> SnapshotParts:
    """Six cards, one per pair: events, mean intensity, monthly index sparkline, latest key."""
    st.header("Where do things stand?")
    if empty_notice(ctx):
        return SnapshotParts()
    summary = cached.pair_summary(ctx.key, ctx.rows, ctx.country_names)
    monthly, markers = cached.index_frames(ctx.key, ctx.rows)
    names = ctx.country_names
    rows = summary.to_dict("records")
    gdelt = {}
    if ctx.gdelt_shown is not None:
        volume = pair_volume(ctx.gdelt_shown)
        gdelt = {
            p: (int(n), float(m))
            for p, n, m in zip(
                volume["pair"], volume["events"], volume["mean_goldstein"], strict=True
            )
        }
    st.html(CARD_CSS)
    with st.container(key=CARDS):
        for start in range(0, len(rows), 3):
            for col, row in zip(st.columns(3), rows[start : start + 3], strict=False):
                with col:
                    _card(row, monthly, ctx, gdelt)
    st.caption(
        "Sparklines: the monthly relationship index (intensity summed per month,"
        f" {ROLLING_MONTHS}-month mean)."
    )
    st.subheader("Events")
    table = _table_rows(ctx)
    st.dataframe(
        table,
        column_config=_COLUMNS,
        hide_index=True,
        width="stretch",
        height=480,
        key="events_table",
        on_select=lambda: _on_row(table),
        selection_mode="single-row",
    )
    if ctx.count > TABLE_LIMIT:
        st.caption(
            f"The latest {TABLE_LIMIT:,} of {ctx.count:,} matching events, newest first. Select a"
            " row to open its details; narrow the filter, or use Download or `python -m"
            " dashboard export` with the same filters, for the rest."
        )
    else:
        st.caption("Select a row to open its details.")
    return SnapshotParts(
        figure=lambda: index_figure(monthly, markers, active_pairs(monthly), names)
    )


def _table_rows(ctx: PageContext):
    """All matching rows, or the latest TABLE_LIMIT (taken by position, not by copying all)."""
    if ctx.count <= TABLE_LIMIT:
        return ctx.shown[list(_COLUMNS)]
    latest = np.flatnonzero(ctx.mask)[-TABLE_LIMIT:][::-1]
    return take_rows(ctx.dataset.events, latest, list(_COLUMNS))


def _on_row(shown) -> None:
    rows = st.session_state["events_table"].selection.get("rows") or []
    if rows:
        open_event(shown.iloc[rows[0]]["id"])
