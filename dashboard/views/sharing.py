"""Share and download controls: the link of exactly this view, and its events as files."""

import numpy as np
import streamlit as st

from dashboard.core.export import export_frame, to_csv_text, to_json_text
from dashboard.core.filters import describe, to_params
from dashboard.core.gdelt.layer import export_gdelt_frame
from dashboard.core.schema import load_schema
from dashboard.core.share import VERSION_KEY, file_stem, share_url
from dashboard.core.snapshot import SnapshotParts, snapshot_html
from dashboard.core.text import plural
from dashboard.core.url_state import VIEW_KEYS, UrlState, encode
from dashboard.views.context import PageContext, take_rows

DOWNLOAD_LIMIT = 100_000  # events per downloaded file (and in the snapshot)


def view_params(ctx: PageContext, event: str | None = "current") -> dict[str, list[str]]:
    """The parameters of this view, from the state itself (not read back from the URL)."""
    chosen = ctx.event if event == "current" else event
    params = encode(UrlState(ctx.filters, chosen))
    # A page control is in the link only when it differs from its default. `loc` has no
    # widget: the map writes it into the address when a place is clicked.
    for spec in sorted(VIEW_KEYS, key=lambda spec: spec.key == "loc"):  # loc last, as ever
        value = (
            st.query_params.get(spec.key) if spec.key == "loc" else st.session_state.get(spec.key)
        )
        if value not in (None, "", spec.default):
            params[spec.key] = [str(value)]
    params[VERSION_KEY] = [ctx.dataset.version]
    return params


def page_url() -> str:
    """This page's address as the browser sees it: scheme, host, path prefix and page."""
    return st.context.url or ""


def share_popover(ctx: PageContext) -> None:
    """A 'Share' button showing the full link of this view, with a copy button."""
    with st.popover("Share", icon=":material/share:", width="stretch"):
        st.caption("Link to exactly this view (filters, page, open event, data version):")
        st.code(share_url(page_url(), view_params(ctx)), language=None, wrap_lines=True)


def event_links(ctx: PageContext, event_id: str) -> None:
    """Permalinks to one event: alone, and within the current filters."""
    root = page_url()
    alone = {"event": [event_id], VERSION_KEY: [ctx.dataset.version]}
    st.caption("Link to this event")
    st.code(share_url(root, alone), language=None, wrap_lines=True)
    st.caption("Link to this event with the current filters")
    st.code(share_url(root, view_params(ctx, event=event_id)), language=None, wrap_lines=True)


def _snapshot(ctx: PageContext, parts: SnapshotParts, schema, link: str) -> str:
    """Built when the button is clicked, outside the run: `link` was taken during the run,
    when the page's address (st.context.url) and its controls could still be read."""
    build_figure, build_network = parts.figure, parts.network_html
    return snapshot_html(
        page=ctx.page_title,
        description=describe(ctx.filters, ctx.actor_names),
        rows=export_frame(_rows(ctx, 1), schema),
        total=len(ctx.dataset.events),
        link=link,
        version=ctx.dataset.version,
        figure=build_figure() if build_figure else None,
        network_html=build_network() if build_network else None,
    )


def _part(ctx: PageContext) -> tuple[int, int]:
    """Which part of a large result the downloads hold (1-based), and how many parts there are."""
    parts = max(1, -(-ctx.count // DOWNLOAD_LIMIT))
    part = 1
    if parts > 1:
        part = int(st.number_input(f"Part (of {parts})", 1, parts, 1, key="download_part"))
    return part, parts


def _rows(ctx: PageContext, part: int):
    """The events of one part, in date order, taken by position (a million rows stay put)."""
    if ctx.count <= DOWNLOAD_LIMIT:
        return ctx.shown
    positions = np.flatnonzero(ctx.mask)[(part - 1) * DOWNLOAD_LIMIT : part * DOWNLOAD_LIMIT]
    return take_rows(ctx.dataset.events, positions)


def download_popover(ctx: PageContext, snapshot: SnapshotParts) -> None:
    """CSV and JSON of exactly the events counted on the page; built only when clicked."""
    schema = load_schema()
    with st.popover("Download", icon=":material/download:", width="stretch"):
        part, parts = _part(ctx)
        if parts > 1:
            first = (part - 1) * DOWNLOAD_LIMIT + 1
            last = min(part * DOWNLOAD_LIMIT, ctx.count)
            st.caption(
                f"{ctx.count:,} events match: too many for one file, so they come in {parts}"
                f" parts of {DOWNLOAD_LIMIT:,}. This is part {part}: events {first:,} to"
                f" {last:,} by date. `python -m dashboard export` with the same filters writes"
                " them all at once. The snapshot lists the first part only."
            )
        else:
            st.caption(f"The {plural(ctx.count, 'event')} shown, with their sources.")
        stem = file_stem(ctx.page_slug, to_params(ctx.filters))
        stem = stem if parts == 1 else f"{stem}-part-{part}"
        st.download_button(
            "Events as CSV",
            data=lambda: to_csv_text(export_frame(_rows(ctx, part), schema)),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key="download_csv",
            on_click="ignore",
        )
        link = share_url(page_url(), view_params(ctx))
        st.download_button(
            "Snapshot (HTML)",
            data=lambda: _snapshot(ctx, snapshot, schema, link),
            file_name=f"{file_stem(ctx.page_slug, to_params(ctx.filters))}-snapshot.html",
            mime="text/html",
            key="download_snapshot",
            on_click="ignore",
            help="One file with the chart, the events and their sources, the filters and the"
            " link; it opens in any browser with no server and no internet.",
        )
        st.download_button(
            "Events as JSON",
            data=lambda: to_json_text(export_frame(_rows(ctx, part), schema)),
            file_name=f"{stem}.json",
            mime="application/json",
            key="download_json",
            on_click="ignore",
        )
        if ctx.gdelt_shown is not None:
            gdelt = ctx.gdelt_shown
            st.caption(
                f"The {len(gdelt):,} automated (GDELT) events that match, in their own columns"
                " (the same as `export --layer gdelt`)."
            )
            st.download_button(
                "GDELT events as CSV",
                data=lambda: to_csv_text(export_gdelt_frame(gdelt)),
                file_name=f"{file_stem(ctx.page_slug, to_params(ctx.filters))}-gdelt.csv",
                mime="text/csv",
                key="download_gdelt_csv",
                on_click="ignore",
            )
