"""Entry point: `streamlit run dashboard/app.py [-- --data DIR]`; load, URL, sidebar, pages."""

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.state.session_state_proxy import get_session_state

from dashboard.core.countries import pair_key, pair_label
from dashboard.core.dataset import Dataset, folder_fingerprint
from dashboard.core.filters import (
    DEFAULT_FROM,
    FILTER_KEYS,
    Filters,
    describe,
    layer_on,
    not_applied,
    to_params,
)
from dashboard.core.folders import Folders, folders_from_argv
from dashboard.core.gdelt import LABEL
from dashboard.core.gdelt.layer import GdeltLayer, gdelt_fingerprint
from dashboard.core.releases import ReleaseUnreadable, changes_since, load_release
from dashboard.core.schema import load_schema
from dashboard.core.seeds import load_article, load_claims
from dashboard.core.share import VERSION_KEY
from dashboard.core.snapshot import SnapshotParts
from dashboard.core.text import plural
from dashboard.core.url_state import VIEW_KEYS, Catalogue, decode
from dashboard.views import (
    about,
    cached,
    details,
    network,
    overview,
    problems,
    seed,
    sharing,
    sidebar,
    theme_watch,
    timeline,
    touch,
)
from dashboard.views import map as map_view
from dashboard.views.context import NOTICES, PageContext, theme
from dashboard.views.loading import load

FAVICON = Path(__file__).with_name("static") / "favicon.png"
APP_NAME = "Four Capitals"
FIRST_RUN_DONE = "_url_read"
LAST_PAGE = "_last_page"
REWRITE_FROM = "_rewrite_from"


@st.cache_data(max_entries=1)
def load_seed() -> tuple:
    """The seed article and its claims (bundled with the code, not the data folder)."""
    return load_article(), load_claims()


def _raw_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _changes_since(version: str, dataset: Dataset) -> list[str]:
    """For a link from an older data version: what changed since, from the release record."""
    if not version or version == dataset.version:
        return []
    try:
        release = load_release(dataset.folder, version)
    except ReleaseUnreadable as err:
        return [
            f"v: the record of release '{version[:20]}' is unreadable ({err}), so its"
            " changes cannot be listed."
        ]
    if release is None:
        return [f"v: '{version[:20]}' is not a recorded release, so its changes cannot be listed."]
    head = f"Since data version {version} (released {release.released}):"
    corrections = dataset.tables["corrections"]
    return [f"{head} {line}" for line in changes_since(release, dataset.events, corrections)]


def _write_what_was_used(raw: dict[str, list[str]], state) -> None:
    """Put into the address the filter values the decoder used, before the widgets bind
    it: a bound widget reads the address itself, and would take a value the notice says was
    ignored (the last of a repeated `q`, or `imin=٣` read as 3). Page controls given twice
    keep their first value, as the notice says. `from` is _write_start's."""
    used = to_params(state.filters)
    for spec in FILTER_KEYS:
        if spec.key == "from" or spec.key not in raw:
            continue
        if raw[spec.key] != used.get(spec.key, []):
            if spec.key in used:
                st.query_params[spec.key] = used[spec.key]
            else:
                del st.query_params[spec.key]
    for spec in VIEW_KEYS:
        if len(raw.get(spec.key, [])) > 1:
            st.query_params[spec.key] = raw[spec.key][0]
    # On a session's first run, bound widgets are seeded from the address as it was loaded,
    # not from st.query_params: make that the address as just written. (A private method of
    # Streamlit 1.67's QueryParams, pinned in requirements.txt; Streamlit calls it itself
    # after a page change. tests/browser/test_reading.py checks the result in Chromium.)
    with get_session_state().query_params() as params:
        params.set_initial_query_params_from_current()


def _read_link_once(cat: Catalogue, dataset: Dataset) -> str | None:
    """First run of a session: decode the raw URL before any widget binds it; seed widgets."""
    if st.session_state.get(FIRST_RUN_DONE):
        return None
    raw = _raw_params()
    state, notices = decode(raw, cat)
    notices += _changes_since((raw.get(VERSION_KEY) or [""])[0], dataset)
    seeded = sidebar.seed(state, cat)
    st.session_state[FIRST_RUN_DONE] = True
    st.session_state[NOTICES] = notices
    # A start the date field cannot take from the link as it stands (`from=all`, a clamped
    # day, an old share link's open start) is written into the address by _write_start.
    start = seeded.get("from", DEFAULT_FROM)
    if start != DEFAULT_FROM and (raw.get("from") or [""])[0] != start.isoformat():
        st.session_state[REWRITE_FROM] = start
    _write_what_was_used(raw, state)
    if "event" in raw and state.event != (raw["event"] or [None])[0]:
        if state.event:
            st.query_params["event"] = state.event
        else:
            del st.query_params["event"]
    return state.view


def _dismiss_notices() -> None:
    st.session_state[NOTICES] = []


def _show_notices() -> None:
    notices = st.session_state.get(NOTICES) or []
    if not notices:
        return
    with st.container(border=True, key="link_notices"):
        st.warning(f"Parts of this link were ignored ({len(notices)}):")
        for notice in notices:
            st.text(f"• {notice}")
        st.button("Dismiss", key="dismiss_notices", on_click=_dismiss_notices)


def _current_event(cat: Catalogue) -> str | None:
    value = st.query_params.get("event")
    return value if value in cat.event_ids or value in cat.gdelt_ids else None


def _layer_problems(layer: GdeltLayer | None) -> None:
    """A GDELT folder that cannot be used is said once per page; the curated data still shows."""
    if layer is None or not layer.problems:
        return
    with st.expander(f"The GDELT layer was not loaded ({len(layer.problems)} problems)"):
        st.caption(f"Folder: {layer.folder.name}. Fix these and reload; nothing was changed.")
        for problem in layer.problems:
            st.text(f"• {problem}")


def _count_line(ctx: PageContext) -> str:
    line = f"**Showing {ctx.count:,} of {len(ctx.dataset.events):,} events**"
    if ctx.gdelt_shown is None:
        return line
    return (
        line.replace(" events**", " curated events**")
        + f" · **{len(ctx.gdelt_shown):,} of {len(ctx.gdelt):,} {LABEL} events**"
    )


def _load(folders: Folders) -> tuple[Dataset, GdeltLayer | None, Catalogue | None]:
    """The cached data (and GDELT) folders, keyed on their files' fingerprints."""
    gdelt_dir = folders.gdelt
    return load(
        str(folders.data),
        folder_fingerprint(folders.data),
        str(gdelt_dir) if gdelt_dir else None,
        gdelt_fingerprint(gdelt_dir) if gdelt_dir else (),
    )


def _pages(run: Callable) -> dict[str, st.Page]:
    """The six pages; `run(render, **kwargs)` makes each one's page function."""
    article, claims = load_seed()
    return {
        "overview": st.Page(
            run(overview.render), title="Overview", icon=":material/dashboard:", default=True
        ),
        "timeline": st.Page(
            run(timeline.render), title="Timeline", url_path="timeline", icon=":material/timeline:"
        ),
        "map": st.Page(run(map_view.render), title="Map", url_path="map", icon=":material/map:"),
        "network": st.Page(
            run(network.render), title="Network", url_path="network", icon=":material/hub:"
        ),
        "about": st.Page(
            run(about.render), title="About", url_path="about", icon=":material/info:"
        ),
        "seed": st.Page(
            run(seed.render, article=article, claims=claims),
            title="Seed article",
            url_path="seed",
            icon=":material/article:",
        ),
    }


def _follow_link_view(view: str | None, pages: dict, nav: st.Page, cat: Catalogue) -> None:
    """`?view=` on the first run switches page; a page change adopts the new link's filters."""
    if view:
        # First run: nothing is bound yet, so every other parameter can travel with the switch.
        keep = {k: v for k, v in _raw_params().items() if k != "view"}
        if pages[view] is not nav:
            st.switch_page(pages[view], query_params=keep)
        del st.query_params["view"]
    if st.session_state.get(LAST_PAGE) not in (None, nav.url_path):
        # A page change may come from a link that sets a filter (the overview's pair cards).
        sidebar.adopt(_raw_params(), cat)
    st.session_state[LAST_PAGE] = nav.url_path


def _write_start(nav: st.Page) -> None:
    """A start the date field could not take from the link as it stood (`from=all`, a
    clamped day, an old share link's open start) is written into the address: the page
    opens again with it, so its field binds it."""
    start = st.session_state.pop(REWRITE_FROM, None)
    if start is not None:
        st.switch_page(nav, query_params=_raw_params() | {"from": [start.isoformat()]})


def _context(
    dataset: Dataset,
    layer: GdeltLayer | None,
    cat: Catalogue,
    filters: Filters,
    pages: dict,
    nav: st.Page,
) -> PageContext:
    """What every page reads: the data, the filters, their cached mask, the GDELT rows."""
    mask = cached.filter_mask(
        dataset.version, repr(filters), dataset.events, filters, dataset.links
    )
    gdelt = layer.events if layer is not None else pd.DataFrame()
    gdelt_shown, gdelt_key = None, ""
    if layer_on(filters):
        gdelt_key = f"{layer.folder}|{layer.manifest.get('imported_at')}|{len(gdelt)}"
        gdelt_shown = cached.gdelt_rows(gdelt_key, repr(filters), gdelt, filters)
    return PageContext(
        dataset,
        cat,
        filters,
        mask,
        _current_event(cat),
        pages,
        page_title=nav.title,
        page_slug=nav.url_path,
        gdelt=gdelt,
        gdelt_manifest=layer.manifest if layer is not None else {},
        gdelt_shown=gdelt_shown,
        gdelt_key=gdelt_key,
    )


def _tab_title(ctx: PageContext) -> str:
    """The browser tab: the page, its main filter in names, and the app."""
    main = ""
    if ctx.filters.pair:
        main = pair_label(pair_key(*ctx.filters.pair), ctx.country_names)
    elif ctx.filters.actors:
        main = " or ".join(ctx.actor_names.get(a, a) for a in ctx.filters.actors)
    return " · ".join(part for part in (ctx.page_title, main, APP_NAME) if part)


def _title(ctx: PageContext) -> None:
    """The app's name, what the data is, and how current it is."""
    events, sources = ctx.dataset.events, ctx.dataset.sources
    st.title(APP_NAME, anchor=False)
    st.caption(
        "Real, sourced events among South Korea, Russia, North Korea and Ukraine: who did what"
        f" to whom, when and where. {plural(len(events), 'event')} from"
        f" {events['date'].min()[:4]} to {events['date'].max()[:7]}, each citing the pages it"
        f" was checked on; sources read up to {sources['accessed_date'].max()}."
    )


def _header(ctx: PageContext, layer: GdeltLayer | None, top) -> None:
    """The count line, the filters in words, and what the GDELT layer could not apply."""
    top.markdown(_count_line(ctx))
    top.text(describe(ctx.filters, ctx.actor_names))
    ignored = not_applied(ctx.filters) if ctx.gdelt_shown is not None else []
    if ignored:
        top.caption(f"Not applied to the {LABEL} layer: {', '.join(ignored)}.")
    _layer_problems(layer)


def main() -> None:
    """Load the data, read the link, draw the sidebar, then run the chosen page."""
    st.set_page_config(page_title=APP_NAME, page_icon=str(FAVICON), layout="wide")
    dataset, layer, cat = _load(folders_from_argv(sys.argv[1:], os.environ))
    if cat is None:
        problems.render(dataset)
        return
    view = _read_link_once(cat, dataset)
    holder: dict = {}

    def run(render, **kwargs):
        """A page function: render with this run's context, keep what its snapshot needs."""
        return lambda: holder.update(snapshot=render(holder["ctx"], **kwargs))

    pages = _pages(run)
    nav = st.navigation(list(pages.values()), position="sidebar")
    _follow_link_view(view, pages, nav, cat)
    _write_start(nav)
    filters = sidebar.render(dataset.actors, cat, load_schema().vocabularies)
    ctx = holder["ctx"] = _context(dataset, layer, cat, filters, pages, nav)
    with st.sidebar:  # invisible script elements, out of the page's flow
        touch.install()
        touch.close_sidebar_after_change(filters)
        theme_watch.watch(theme())
    st.set_page_config(page_title=_tab_title(ctx))
    _title(ctx)
    top, share_col, download_col = st.columns([5, 1.3, 1.6], vertical_alignment="bottom")
    _header(ctx, layer, top)
    # Filled after the page has run, so that the page's own controls (lanes, frame, focus)
    # are in session_state when the share link is written.
    share_slot, download_slot = share_col.empty(), download_col.empty()
    # Also after the page: its controls add what their widgets cannot take from the link.
    notice_slot = st.empty()
    nav.run()
    with notice_slot.container():
        _show_notices()
    if ctx.event:  # after the page, so its controls (lanes, frame...) are in the event's link
        details.render(ctx)
    with share_slot.container():
        sharing.share_popover(ctx)
    with download_slot.container():
        sharing.download_popover(ctx, holder.get("snapshot") or SnapshotParts())


main()
