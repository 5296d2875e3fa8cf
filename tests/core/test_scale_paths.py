"""The fast paths give the same answers as the plain ones, and large windows are aggregated."""

from datetime import date

import numpy as np
import pytest

from dashboard.core.aggregate import key_event_markers, monthly_index, timeline_density
from dashboard.core.dataset import load_dataset
from dashboard.core.filters import Filters, apply_filters, filter_mask
from dashboard.core.geo import location_points
from dashboard.core.graph import NODE_LIMIT, build_actor_graph, graph_elements
from dashboard.core.synth import write_synthetic_folder


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    dataset = load_dataset(write_synthetic_folder(tmp_path_factory.mktemp("s"), 6000, 3))
    assert dataset.problems == ()
    return dataset


@pytest.mark.parametrize(
    "filters",
    [
        Filters(actors=("KOR",)),
        Filters(actors=("UKR", "PRK"), date_from=date(2022, 2, 24)),
        Filters(pair=("PRK", "RUS"), statuses=("alleged",)),
    ],
)
def test_the_links_table_gives_the_same_actor_filter_as_the_sets(big, filters):
    fast = filter_mask(big.events, filters, big.links)
    plain = filter_mask(big.events, filters)
    assert fast.sum() > 0 and np.array_equal(fast, plain)
    assert len(apply_filters(big.events, filters, big.links)) == fast.sum()


def test_a_person_filter_uses_the_links_too(big):
    person = big.actors.loc[big.actors["actor_type"] == "person", "id"].iloc[0]
    fast = filter_mask(big.events, Filters(actors=(person,)), big.links)
    assert np.array_equal(fast, filter_mask(big.events, Filters(actors=(person,))))


def test_the_graph_is_the_same_with_and_without_links(big):
    shown = apply_filters(big.events, Filters(date_from=date(2024, 1, 1)))
    with_links = build_actor_graph(shown, big.actors, "all", big.links)
    without = build_actor_graph(shown, big.actors, "all")
    assert graph_elements(with_links) == graph_elements(without)
    people = [n for n, d in with_links.nodes(data=True) if d["kind"] != "country"]
    assert len(people) == min(NODE_LIMIT, with_links.graph["people_total"])


def test_timeline_density_counts_every_event_once(big):
    density = timeline_density(big.events, "pair")
    assert density["count"].sum() == len(big.events)
    assert set(density["lane"]) <= {
        "KOR-PRK",
        "KOR-RUS",
        "KOR-UKR",
        "PRK-RUS",
        "PRK-UKR",
        "RUS-UKR",
    }


def test_key_markers_keep_the_latest_per_pair(big):
    monthly = monthly_index(big.events)
    marks = key_event_markers(big.events, monthly, per_pair=3)
    assert marks.groupby("pair").size().max() <= 3
    assert len(key_event_markers(big.events, monthly)) > len(marks)


def test_location_points_keeps_the_busiest_places(big):
    every = location_points(big.events)
    top = location_points(big.events, limit=10)
    assert len(top) == 10 < len(every)
    assert top["count"].min() >= every["count"].nlargest(10).min()


def test_the_density_figure_passes_plotly_validation(big):
    import plotly.graph_objects as go

    from dashboard.core.charts import density_figure
    from dashboard.core.countries import PAIRS

    figure = density_figure(timeline_density(big.events), list(PAIRS), len(big.events))
    go.Figure(figure.to_dict())  # built unvalidated for speed: validate here
    assert len(figure.data[0].x) == len(timeline_density(big.events))
