"""The snapshot: one file, everything inlined, every data string escaped."""

import re

import pytest
from factories import EVENTS, SUMMONS, write_folder

from dashboard.core.aggregate import timeline_points
from dashboard.core.charts import timeline_figure
from dashboard.core.countries import PAIRS
from dashboard.core.dataset import load_dataset
from dashboard.core.export import export_frame
from dashboard.core.geo import capitals, location_points, map_figure, pair_lines
from dashboard.core.schema import load_schema
from dashboard.core.snapshot import snapshot_html

HOSTILE = dict(
    SUMMONS,
    id="hostile",
    title="</script><script>alert(1)</script>",
    summary="<img src=x onerror=alert(2)> $1.2 billion",
)


@pytest.fixture(scope="module")
def ds(tmp_path_factory):
    return load_dataset(write_folder(tmp_path_factory.mktemp("d"), events=[*EVENTS, HOSTILE]))


def _snapshot(ds, figure):
    return snapshot_html(
        page="Timeline",
        description="All events",
        rows=export_frame(ds.events, load_schema()),
        total=len(ds.events),
        link="http://h/timeline?v=abc&q=<x>",
        version="abc",
        figure=figure,
    )


def test_snapshot_inlines_plotly_and_loads_nothing_by_address(ds):
    page = _snapshot(ds, timeline_figure(timeline_points(ds.events), list(PAIRS)))
    assert "plotly.js v" in page
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)


def test_snapshot_escapes_every_data_string(ds):
    page = _snapshot(ds, None)
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(2)&gt; $1.2 billion" in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<tr>") == len(ds.events) + 1
    assert 'href="http://h/timeline?v=abc&amp;q=&lt;x&gt;"' in page


@pytest.mark.parametrize(("region", "outlines"), [("all", "world_110m"), ("korea", "world_50m")])
def test_snapshot_of_a_map_carries_the_topology_it_draws_with(ds, region, outlines):
    caps = capitals(ds.actors)
    points, lines = location_points(ds.events), pair_lines(ds.events, caps)
    page = _snapshot(ds, map_figure(points, lines, caps, region=region))
    assert f"window.PlotlyGeoAssets = {{topojson: {{{outlines}:" in page
