"""What every page gets: the data, the filters, the matching events, and the open event."""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.core.countries import country_names
from dashboard.core.dataset import Dataset
from dashboard.core.filters import Filters
from dashboard.core.gdelt.layer import page_of
from dashboard.core.style import theme_of
from dashboard.core.text import escape_markdown
from dashboard.core.url_state import VIEW, Catalogue
from dashboard.views import cached


@dataclass(frozen=True)
class PageContext:
    """Built once per run in app.py; pages only read it.

    `mask` marks the events that match the filters. The rows themselves (`shown`) are taken
    only when a page needs them: a page whose aggregates are cached never copies them."""

    dataset: Dataset
    catalogue: Catalogue
    filters: Filters
    mask: np.ndarray
    event: str | None
    pages: dict = field(default_factory=dict)
    page_title: str = ""
    page_slug: str = ""  # the page's url_path ('' for the overview)
    # The GDELT layer: all its rows (empty when none is loaded), and those matching the filters
    # when the link turns the layer on (None when it is off).
    gdelt: pd.DataFrame = field(default_factory=pd.DataFrame)
    gdelt_shown: pd.DataFrame | None = None
    gdelt_manifest: dict = field(default_factory=dict)
    gdelt_key: str = ""  # which GDELT import is loaded ('' for none)
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def shown(self) -> pd.DataFrame:
        """The matching events, taken once per run and only when asked for."""
        if "shown" not in self.memo:
            events = self.dataset.events
            # Without search_text (only the q filter reads it): taking rows of that chunked
            # column joined all its chunks, 126 MB more at a million events, on every miss.
            if self.mask.all():  # copy-on-write: dropping a column shares the rest, no copy
                rows = events.drop(columns=["search_text"], errors="ignore")
            else:
                rows = take_rows(events, np.flatnonzero(self.mask))
            self.memo["shown"] = rows
        return self.memo["shown"]

    def rows(self) -> pd.DataFrame:
        """`shown` as a call, for caches that take the rows only on a miss."""
        return self.shown

    @property
    def count(self) -> int:
        """How many events match (the count line), without taking the rows."""
        if "count" not in self.memo:
            self.memo["count"] = int(self.mask.sum())
        return self.memo["count"]

    @property
    def country_names(self) -> dict[str, str]:
        """The four countries' display names, from the data's actors table."""
        if "country_names" not in self.memo:
            self.memo["country_names"] = country_names(self.dataset.actors)
        return self.memo["country_names"]

    @property
    def actor_names(self) -> dict[str, str]:
        """Every actor's display name by id (countries, people, organisations)."""
        if "actor_names" not in self.memo:
            actors = self.dataset.actors
            self.memo["actor_names"] = dict(zip(actors["id"], actors["name"], strict=True))
        return self.memo["actor_names"]

    @property
    def key(self) -> str:
        """A small cache key for everything derived from the filtered events (both layers)."""
        return f"{self.dataset.version}|{self.filters!r}|{self.gdelt_key}"


def take_rows(events: pd.DataFrame, positions, columns: list[str] | None = None) -> pd.DataFrame:
    """Rows by position, only the given columns (default: all but search_text). Taking rows of
    the chunked search_text column would join all its chunks first."""
    wanted = columns or [c for c in events.columns if c != "search_text"]
    return events.iloc[positions, events.columns.get_indexer(wanted)]


def open_event(event_id: str) -> None:
    """Callback: open an event's details (`event` is the one key no widget binds)."""
    st.query_params["event"] = event_id


def close_event() -> None:
    """Callback: close the details."""
    if "event" in st.query_params:
        del st.query_params["event"]


def event_buttons(events: pd.DataFrame, key_prefix: str, in_dialog: bool = False) -> None:
    """One 'date: title' button per event, each opening its details. In a dialog a click
    reruns only the dialog, so there the button opens the event and reruns the whole app."""
    for rec in events.to_dict("records"):
        label, key = f"{rec['date']}: {escape_markdown(rec['title'])}", f"{key_prefix}_{rec['id']}"
        if not in_dialog:
            st.button(label, key=key, on_click=open_event, args=(rec["id"],), type="tertiary")
        elif st.button(label, key=key, type="tertiary"):
            open_event(rec["id"])
            st.rerun(scope="app")


def empty_notice(ctx: PageContext) -> bool:
    """Say so when nothing matches, with how to widen the filter; return True if empty."""
    if ctx.count:
        return False
    st.info(
        "No event matches these filters. Widen the date range (the 'All dates' button), remove"
        " an actor, pair or type, or clear the search text in the sidebar."
    )
    return True


def gdelt_list(events: pd.DataFrame, key: str, per_page: int = 20) -> None:
    """GDELT rows as buttons, most-mentioned first, a page at a time; each opens its details."""
    if events.empty:
        st.caption("No automated (GDELT) event matches.")
        return
    pages = max(1, -(-len(events) // per_page))
    page = 1
    if pages > 1:
        page = st.number_input(f"Page (of {pages})", 1, pages, 1, key=f"{key}_page")
    rows, _ = page_of(events, int(page), per_page)
    st.caption(
        f"{len(events):,} automated (GDELT) events, most-mentioned first; {len(rows)} shown"
        f" (page {page} of {pages}). Machine-coded and unverified."
    )
    for rec in rows.to_dict("records"):
        st.button(
            f"{rec['date']}: {rec['source_country']} → {rec['target_country']},"
            f" {escape_markdown(rec['cameo_name'])} ({rec['num_mentions']} mentions)",
            key=f"{key}_{rec['id']}",
            on_click=open_event,
            args=(rec["id"],),
            type="tertiary",
        )


def on_phone() -> bool:
    """Whether the browser says it is a phone (its user agent has 'Mobi', as phones' do)."""
    return "Mobi" in (st.context.headers.get("User-Agent") or "")


def theme() -> str:
    """The reader's theme, 'light' or 'dark' (Streamlit follows the browser's preference until
    the reader picks one in the settings)."""
    return theme_of(st.context.theme.type)


def script_now(template: str, **values: str) -> None:
    """A script element that runs on this run: `{run}` in `template` gets a new number each
    time, which makes it a new element (one drawn unchanged again would not run again)."""
    run = st.session_state["_script_runs"] = st.session_state.get("_script_runs", 0) + 1
    st.html(template.format(run=run, **values), unsafe_allow_javascript=True)


def plotly_chart(build: Callable[[], go.Figure], cache: str, **kwargs):
    """st.plotly_chart of the figure `build` makes, in the page colours of the reader's theme,
    built once per `cache` key (see cached.themed_figure: the key names all it depends on)."""
    return st.plotly_chart(cached.themed_figure(cache, theme(), build), **kwargs)


NOTICES = "_notices"  # session_state: what the link said that was ignored, until dismissed


def link_value_ignored(
    key: str, allowed: Collection[str], why: Callable[[str], str], cat: Catalogue
) -> None:
    """A page control's value in the link that its widget cannot take (the widget would drop
    it without a word): add it, with `why(value)`, to the link's notice (app.py draws the
    notice after the page has run; it is plain text). A value of the wrong form is already
    in the notice, from the decoder."""
    value = st.query_params.get(key)
    spec = VIEW.get(key)
    if spec is not None and value and spec.problem(value, cat) is not None:
        return
    if value and value not in allowed:
        notice = f"{key}: '{value[:40]}' {why(value)}; ignored."
        notices = st.session_state.setdefault(NOTICES, [])
        if notice not in notices:
            notices.append(notice)


def view_control(label: str, name: str) -> str:
    """A page control of the ViewKey table as buttons bound to the URL; its value, or its
    default while none is chosen."""
    control = VIEW[name]
    chosen = st.segmented_control(
        label,
        list(control.allowed),
        default=control.default,
        key=control.key,
        bind="query-params",
        required=True,
        help=control.tip,
    )
    return chosen or control.default
