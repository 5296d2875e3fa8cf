"""The GDELT layer's marks: a context figure, map traces and network edges, all aggregated."""

import json

import plotly.graph_objects as go
import pytest
from factories import ACTORS, GDELT_ROWS, gdelt_row, write_folder, write_gdelt_folder

from dashboard.core.dataset import load_dataset
from dashboard.core.gdelt.charts import gdelt_context_figure, gdelt_map_traces
from dashboard.core.gdelt.layer import load_gdelt_layer, monthly_volume, pair_volume, place_counts
from dashboard.core.geo import capitals, location_points, map_figure, pair_lines
from dashboard.core.graph import (
    build_actor_graph,
    gdelt_edge_elements,
    graph_elements,
    graph_html,
)
from dashboard.core.style import GDELT_COLOUR

HOSTILE_PLACE = "</script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def layer(tmp_path_factory):
    rows = [*GDELT_ROWS, gdelt_row("1005", "2024-06-21", "RUS", "PRK", location_name=HOSTILE_PLACE)]
    return load_gdelt_layer(write_gdelt_folder(tmp_path_factory.mktemp("g"), rows)).events


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(write_folder(tmp_path_factory.mktemp("d"), actors=ACTORS))


def test_context_figure_has_a_volume_and_a_goldstein_line_per_pair(layer):
    monthly = monthly_volume(layer)
    pairs = sorted(set(monthly["pair"]))
    figure = gdelt_context_figure(monthly, pairs, {"PRK": "North Korea", "RUS": "Russia"})
    assert len(figure.data) == 2 * len(pairs)
    volume = [t for t in figure.data if t.yaxis == "y" and t.legendgroup == "PRK-RUS"][0]
    assert list(volume.y) == [2, 0]  # two June rows between Russia and North Korea; none in July
    assert volume.mode == "lines+markers"  # a pair with one month of events is a visible point
    go.Figure(figure.to_dict())  # built unvalidated for speed: validate here


def test_map_traces_draw_one_bent_line_per_pair_and_one_trace_of_places(layer, ds):
    caps = capitals(ds.actors)
    traces = gdelt_map_traces(pair_volume(layer), place_counts(layer), caps)
    lines = [t for t in traces if t["mode"] == "lines"]
    assert len(lines) == 4 and all(len(t["lat"]) == 3 for t in lines)
    places = [t for t in traces if t["mode"] == "markers"]
    assert len(places) == 1 and places[0]["customdata"][0].startswith("gdelt:")
    assert all("<img" not in text for text in places[0]["hovertext"])
    events = ds.events
    figure = map_figure(location_points(events), pair_lines(events, caps), caps, traces)
    go.Figure(figure.to_dict())
    assert figure.data[0].line.dash == "dash"  # under the curated marks


def test_network_gets_one_dashed_curved_edge_per_gdelt_pair(layer, ds):
    graph = build_actor_graph(ds.events, ds.actors)
    extra = gdelt_edge_elements(pair_volume(layer))
    html = graph_html(*graph_elements(graph), gdelt_edges=extra)
    edges = json.loads(html.split("new vis.DataSet(")[2].split(");")[0])
    dashed = [e for e in edges if e.get("dashes")]
    assert len(dashed) == 4 and {e["color"] for e in dashed} == {GDELT_COLOUR}
    assert "automated (GDELT) events" in html
    assert "automated (GDELT)" not in graph_html(*graph_elements(graph))
