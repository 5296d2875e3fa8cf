"""Entry point: `streamlit run dashboard/app.py [-- --data DIR]`; load, then show the page."""

import os
import sys
from pathlib import Path

import streamlit as st

from dashboard.core.dataset import Dataset, folder_fingerprint, load_dataset, resolve_data_dir
from dashboard.views import overview, problems


@st.cache_data(show_spinner="Loading events…", max_entries=4)
def load(folder: str, fingerprint: tuple) -> Dataset:
    """Read and validate the data folder once per change of its files (the fingerprint)."""
    del fingerprint  # only part of the cache key
    return load_dataset(Path(folder))


def main() -> None:
    """Load the data, then show either its problems or the overview."""
    st.set_page_config(page_title="Four Capitals", page_icon="🧭", layout="wide")
    folder = resolve_data_dir(sys.argv[1:], os.environ)
    dataset = load(str(folder), folder_fingerprint(folder))
    if dataset.problems:
        problems.render(dataset)
        return
    overview.render(dataset)


main()
