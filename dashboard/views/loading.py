"""The app's cached load of the data (and GDELT) folders: one shared, read-only copy per server."""

from pathlib import Path

import streamlit as st

from dashboard.core.dataset import Dataset, load_dataset
from dashboard.core.gdelt.layer import GdeltLayer, load_gdelt_layer
from dashboard.core.schema import load_schema
from dashboard.core.url_state import Catalogue, build_catalogue


# cache_resource, not cache_data: the frames are shared read-only, never copied per rerun.
@st.cache_resource(show_spinner="Loading events…", max_entries=4)
def load(
    folder: str, fingerprint: tuple, gdelt_folder: str | None, gdelt_fingerprint: tuple
) -> tuple[Dataset, GdeltLayer | None, Catalogue | None]:
    """Read and validate the data (and GDELT) folders once per change of their files."""
    del fingerprint, gdelt_fingerprint  # only part of the cache key
    dataset = load_dataset(Path(folder))
    layer = load_gdelt_layer(Path(gdelt_folder)) if gdelt_folder else None
    if dataset.problems:
        return dataset, layer, None
    schema = load_schema()
    usable = layer.events if layer is not None and not layer.problems else None
    return (
        dataset,
        layer,
        build_catalogue(
            dataset.events, dataset.actors, schema.vocabularies, dataset.version, usable
        ),
    )
