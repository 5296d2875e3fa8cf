"""Seed: the article the project started from, and what verification made of each claim."""

import streamlit as st

from dashboard.core.text import escape_markdown
from dashboard.views.context import PageContext, open_event


def _event_label(ctx: PageContext, event_id: str) -> str:
    """'2024-06-21: Seoul summons ...' for an event id (the id itself if it is unknown)."""
    position = ctx.catalogue.event_ids.position(event_id)
    if position < 0:
        return event_id
    event = ctx.dataset.events.iloc[position]
    return f"{event['date']}: {escape_markdown(event['title'])}"


def render(ctx: PageContext, article: str, claims) -> None:
    """The article as received (plain text) and its claims with their status and events."""
    st.header("The seed article")
    st.caption(
        "A translated news report from June 2024. It contains mistakes in names, titles and"
        " days; below, each claim is checked against verified events."
    )
    with st.container(border=True):
        st.text(article)
    st.subheader("Claims")
    for rec in claims.to_dict("records"):
        with st.container(border=True):
            st.text(f"{rec['status'].upper()}: {rec['claim']}")
            if rec["verified_fact"]:
                st.text(f"Verified: {rec['verified_fact']}")
            ids = [i for i in rec["event_ids"].split("|") if i]
            cols = st.columns(max(len(ids), 1))
            for col, event_id in zip(cols, ids, strict=False):
                col.button(
                    _event_label(ctx, event_id),
                    key=f"claim_{rec['claim_id']}_{event_id}",
                    on_click=open_event,
                    args=(event_id,),
                    type="tertiary",
                )
