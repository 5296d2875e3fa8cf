"""Event details: every field, its sources as links, corrections and related events."""

import pandas as pd
import streamlit as st

from dashboard.core.aggregate import RELATED_DAYS, related_events
from dashboard.core.claims import claim_chain, claim_verb
from dashboard.core.gdelt.layer import GDELT_QUADS, find_gdelt_event
from dashboard.core.sourcing import byline
from dashboard.core.text import escape_markdown
from dashboard.views import sharing
from dashboard.views.context import PageContext, close_event, open_event


def _names(ids, names: dict) -> str:
    return ", ".join(f"{names.get(i, i)} ({i})" for i in ids) or "–"


def _native(aliases: str) -> str:
    """The first alias in Hangul or Cyrillic: a person's name in their own script."""
    return next(
        (
            a
            for a in aliases.split("|")
            if any("\uac00" <= c <= "\ud7a3" or "\u0400" <= c <= "\u04ff" for c in a)
        ),
        "",
    )


def _sources(event: pd.Series, sources: pd.DataFrame) -> None:
    by_id = sources.set_index("id")
    for sid in event["source_ids"]:
        src = by_id.loc[sid]
        title = src["title"] or src["url"]
        url = _safe_url(src["url"])
        st.markdown(f"- [{escape_markdown(title)}]({url}) — {escape_markdown(byline(src))}")


def _safe_url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _gdelt(ctx: PageContext, row: pd.Series) -> None:
    """A GDELT event: its coding, counts and source article, marked as machine-coded."""
    with st.container(border=True, key="event_details"):
        top, close = st.columns([10, 1])
        top.subheader(f"Automated (GDELT) event {row['event_id']}", anchor=False)
        _close_button(close)
        st.caption(
            "Machine-coded by GDELT from news reports, not verified by us. It may be wrong,"
            " duplicated or misdated; the curated events are the checked record."
        )
        if ctx.gdelt_shown is None:
            st.info("The GDELT layer is off; its details are shown because the link names it.")
        plover = row["plover_type"] or f"none ({row['plover_rule']})"
        quad = row["plover_quad"].replace("_", " ") or "–"
        place = row["location_name"] or "not given"
        if pd.notna(row["lat"]):
            place += f" ({row['lat']:.2f}, {row['lon']:.2f})"
        st.text(
            "\n".join(
                [
                    f"Date: {row['date']} (GDELT day of the report's event)",
                    f"Actors: {row['source_name']} ({row['source_country']}) → "
                    f"{row['target_name']} ({row['target_country']})",
                    f"CAMEO {row['cameo_code']}: {row['cameo_name']}",
                    f"PLOVER: {plover} · PLOVER quad: {quad}",
                    f"Goldstein: {row['goldstein']:+.1f} · GDELT QuadClass {row['gdelt_quad']}"
                    f" ({GDELT_QUADS.get(int(row['gdelt_quad']), '?')})",
                    f"Action location: {place}",
                    f"Mentions {row['num_mentions']}, sources {row['num_sources']}, articles"
                    f" {row['num_articles']}; {row['reports']} report(s) folded into this row",
                ]
            )
        )
        st.caption("Source article")
        url = str(row["source_url"])
        if url.startswith(("http://", "https://")):
            st.markdown(f"- [{escape_markdown(url)}]({_safe_url(url)})")
        else:
            st.text(url or "none given")


def render(ctx: PageContext) -> None:
    """Show the open event (`?event=`) in a dialog over the page, wherever the reader has
    scrolled to, even when the filters hide it. Close, Esc or a click outside closes it."""
    row = find_gdelt_event(ctx.gdelt, ctx.event or "")
    if row is not None:
        _dialog(_gdelt)(ctx, row)
        return
    position = ctx.catalogue.event_ids.position(ctx.event)
    if position >= 0:
        _dialog(_curated)(ctx, position)


def _claimed_act(ctx: PageContext, event: pd.Series) -> None:
    """For a disclosure: the act it claims, denies or confirms, one click away."""
    position = ctx.catalogue.event_ids.position(event["claim_of"]) if event["claim_of"] else -1
    if position < 0:
        return
    act = ctx.dataset.events.iloc[position]
    st.caption(f"This statement {claim_verb(event['event_type'])} the act")
    if st.button(
        f"{act['date']}: {escape_markdown(act['title'])} ({act['status']})",
        key=f"claimed_{act['id']}",
        type="tertiary",
    ):
        _rerun_with(act["id"])


def _rerun_with(event_id: str | None) -> None:
    """Open another event (or none) and rerun the whole app: a click inside the dialog reruns
    only the dialog, which would keep showing the event it was opened with."""
    if event_id:
        open_event(event_id)
    else:
        close_event()
    st.rerun()


def _close_button(column) -> None:
    if column.button("Close ✕", key="close_event"):
        _rerun_with(None)


def _dialog(body):
    """`body` as the event dialog; dismissing it removes `event` from the address."""
    return st.dialog("Event details", width="large", on_dismiss=close_event)(body)


def _curated(ctx: PageContext, position: int) -> None:
    """A curated event: every field, its sources, its link, corrections and related events."""
    events = ctx.dataset.events
    event = events.iloc[position]
    actors = ctx.dataset.actors
    names = {
        i: f"{n} / {_native(a)}" if _native(a) and k == "person" else n
        for i, n, a, k in zip(
            actors["id"], actors["name"], actors["aliases"], actors["actor_type"], strict=True
        )
    }
    with st.container(border=True, key="event_details"):
        top, close = st.columns([10, 1])
        top.subheader(escape_markdown(event["title"]), anchor=False)
        _close_button(close)
        if not ctx.mask[position]:
            st.warning("The current filters hide this event; its details are shown anyway.")
        precision = "day" if event["date_precision"] == "day" else "month only"
        end = f" to {event['end_date']}" if event["end_date"] else ""
        claimed = (
            f", claimed by {_names(event['claimed_by'], names)}" if event["claimed_by"] else ""
        )
        lines = [
            f"Date: {event['date']}{end} (precision: {precision})",
            f"Actors: {_names([event['source_actor']], names)} → "
            f"{_names([event['target_actor']], names)}",
        ]
        if event["other_actors"]:
            lines.append(f"Also involved: {_names(event['other_actors'], names)}")
        if event["people"]:
            lines.append(f"People: {_names(event['people'], names)}")
        lines += [
            f"Type: {event['event_type']} ({event['quad_class'].replace('_', ' ')}) · "
            f"Intensity: {event['intensity']:+d}",
            f"Status: {event['status']}{claimed}",
            f"Location: {event['location_name']} "
            f"({event['latitude']:.2f}, {event['longitude']:.2f})",
        ]
        chain = claim_chain(event["id"], events, actors)
        if chain:
            lines.append(f"This act was {chain}.")
        st.text("\n".join(lines))
        st.text(event["summary"])
        _claimed_act(ctx, event)
        if event["notes"]:
            st.caption("Notes")
            st.text(event["notes"])
        st.caption("Sources")
        _sources(event, ctx.dataset.sources)
        sharing.event_links(ctx, event["id"])
        corrections = ctx.dataset.tables["corrections"]
        mine = corrections[corrections["event_id"] == event["id"]]
        if not mine.empty:
            # Folded: an event corrected many times would otherwise run to pages on a phone.
            with st.expander(f"Corrections ({len(mine)})"):
                for rec in mine.to_dict("records"):
                    old = f" (was {rec['old_value']})" if rec["old_value"] else ""
                    st.text(
                        f"{rec['correction_date']}: {rec['field']} → {rec['new_value']}{old}."
                        f" {rec['reason']}"
                    )
        related = related_events(events, event)
        if not related.empty:
            st.caption(f"Same pair within {RELATED_DAYS} days")
            for rec in related.to_dict("records"):
                label = f"{rec['date']}: {escape_markdown(rec['title'])}"
                if st.button(label, key=f"related_{rec['id']}", type="tertiary"):
                    _rerun_with(rec["id"])
