"""The map draws its base map from our own server (also under a path prefix); the network draws."""

import re

import pytest
from playwright.sync_api import expect

from bench.server import streamlit_server

# Distinct places (latitude, longitude) of the PRK-UKR events in data/events.csv, counted once
# with the csv module, not with dashboard.core's location_points (which the map draws with);
# pinned on purpose, so a change to the bundled events must update it:
#   country = {r["id"]: r["country"] for r in csv.DictReader(open("data/actors.csv"))}
#   len({(float(r["latitude"]), float(r["longitude"]))
#        for r in csv.DictReader(open("data/events.csv"))
#        if {country[r["source_actor"]], country[r["target_actor"]]} == {"PRK", "UKR"}})
# (The file's coordinates have at most two decimals, the map's place key.)
PRK_UKR_PLACES = 6


def _check_map(seen, host: str, places: int, pairs: int = 1) -> None:
    page = seen.page
    countries = page.locator("[data-testid=stPlotlyChart] .geo .countries path").first
    expect(countries).to_be_attached()
    # The country shapes come from the topology file: without it the path is empty.
    assert len(countries.get_attribute("d") or "") > 1000
    markers = page.locator("[data-testid=stPlotlyChart] .scattergeo .point")
    expect(markers.first).to_be_attached()
    # One per place, each capital twice (its star, and its click target) and a dot in the
    # middle of each pair's line.
    assert markers.count() == places + 4 + 4 + pairs  # the capitals are stars and click targets
    page.wait_for_load_state("networkidle")
    seen.assert_clean(host)
    # The whole region draws the 1:110m outlines (the zoomed regions 1:50m), from our server.
    assert any("/app/static/topojson/world_110m.json" in u for u in seen.requests)


def test_map_draws_country_shapes_and_the_filter_s_markers_offline(server, visit):
    seen = visit(f"{server.base}/map?pair=PRK-UKR&from=all")
    _check_map(seen, server.host, PRK_UKR_PLACES)


def test_clicking_a_map_marker_lists_that_place_s_events(server, visit):
    seen = visit(f"{server.base}/map?pair=KOR-UKR")
    page = seen.page
    # The traces: the pair's line, its middle dot, then the places, then the capitals.
    traces = page.locator("[data-testid=stPlotlyChart] .scattergeo.trace")
    expect(traces.first).to_be_attached()
    seen.settle()
    marker = traces.nth(traces.count() - 2).locator(".point").first
    marker.scroll_into_view_if_needed()  # the map may start below the fold
    box = marker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    listed = page.get_by_role("dialog")
    expect(listed).to_contain_text(re.compile(r": [\d,]+ events?"))
    expect(listed).to_be_in_viewport()
    # The address bar changes by replaceState, which page.url does not follow: ask the page.
    href = page.evaluate("location.href")
    assert re.search(r"loc=-?\d+\.\d\d(%2C|,)-?\d+\.\d\d", href), href


@pytest.fixture(scope="module")
def prefixed():
    with streamlit_server(base_path="four-capitals") as running:
        yield running


def test_map_draws_under_a_path_prefix(prefixed, visit):
    seen = visit(f"{prefixed.base}/four-capitals/map?pair=PRK-UKR&from=all")
    _check_map(seen, prefixed.host, PRK_UKR_PLACES)
    assert any("/four-capitals/app/static/topojson/" in u for u in seen.requests)


def test_network_canvas_draws_pixels_from_our_own_vis_network(server, visit):
    seen = visit(f"{server.base}/network?nodes=all")
    page = seen.page
    frame_element = page.locator("iframe[data-testid=stIFrame]").first
    expect(frame_element).to_be_visible()
    frame = frame_element.element_handle().content_frame()
    expect(frame.locator("#net canvas")).to_be_attached()
    # Waits until the canvas has more than 5 000 painted (non-transparent) pixels.
    frame.wait_for_function(
        """() => { const c = document.querySelector('#net canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
                   return n > 5000; }""",
        polling=250,
    )
    assert seen.errors == []
    assert seen.foreign_requests(server.host) == []
    assert any("/app/static/vis/vis-network.min.js" in u for u in seen.requests)


def test_share_link_under_a_path_prefix_keeps_the_prefix(prefixed, visit):
    seen = visit(f"{prefixed.base}/four-capitals/map?pair=PRK-UKR")
    seen.count()
    seen.settle()
    assert seen.share_link().startswith(f"{prefixed.base}/four-capitals/map?")
