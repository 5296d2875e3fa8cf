"""The page shown instead of the dashboard when the data folder has problems."""

import streamlit as st

from dashboard.core.dataset import Dataset

MAX_SHOWN = 300


def render(dataset: Dataset) -> None:
    """List every problem as plain text (never markdown or HTML), with what to do next."""
    count = len(dataset.problems)
    st.title("Four Capitals")
    st.error(
        f"The data folder has {count} problem{'s' if count != 1 else ''}, so nothing is shown."
        " Fix the files listed below and reload the page; nothing was changed on disk."
    )
    st.text(f"Data folder: {dataset.folder}")
    for problem in dataset.problems[:MAX_SHOWN]:
        st.text(f"• {problem}")
    if count > MAX_SHOWN:
        st.text(f"… and {count - MAX_SHOWN} more.")
