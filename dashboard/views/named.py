"""Widgets that show names while the URL keeps ids.

A widget bound to the URL writes its options' labels there, so a menu of names would put names
in links. Instead the bound widget (values are ids) is drawn hidden, inside a container whose
key starts with `bound_`, and a visible unbound twin with names mirrors it both ways.
"""

from contextlib import AbstractContextManager

import pandas as pd
import streamlit as st

HIDDEN_PREFIX = "bound_"
HIDDEN_CSS = f'<style>[class*="st-key-{HIDDEN_PREFIX}"] {{ display: none; }}</style>'


def actor_labels(actors: pd.DataFrame) -> dict[str, str]:
    """What an actor menu shows and searches: the name, then every alias (Hangul, Cyrillic)."""
    return {
        a: f"{n} · {al.replace('|', ' · ')}" if al else n
        for a, n, al in zip(actors["id"], actors["name"], actors["aliases"], strict=True)
    }


def _copy(source: str, target: str) -> None:
    """Callback: the named widget's choice becomes the bound widget's value (and the URL's)."""
    st.session_state[target] = st.session_state[source]


def named(widget, label: str, options: list, key: str, labels: dict, empty=None, **kwargs):
    """The visible twin of the bound widget `key`: same options, shown by `labels`."""
    shown = f"{key}_named"
    value = st.session_state.get(key)
    if isinstance(value, list):
        value = [v for v in value if v in options]
    elif value not in options:
        value = None
    st.session_state[shown] = empty if value is None else value
    widget(
        label,
        options,
        key=shown,
        format_func=lambda value: labels.get(value, value),
        on_change=_copy,
        args=(shown, key),
        **kwargs,
    )


def bound(name: str) -> AbstractContextManager:
    """The hidden container of the bound twins (the page's CSS hides it; see HIDDEN_CSS)."""
    return st.container(key=f"{HIDDEN_PREFIX}{name}")
