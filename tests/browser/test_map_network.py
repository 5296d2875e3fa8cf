"""The map draws its base map from our own server (also under a path prefix); the network draws."""

import re

import pytest
from conftest import start_server, stop_server
from playwright.sync_api import expect

from dashboard.core.dataset import BUNDLED_DATA, load_dataset
from dashboard.core.filters import Filters, apply_filters
from dashboard.core.geo import location_points

EVENTS = load_dataset(BUNDLED_DATA).events


def _expected_places(pair: tuple[str, str]) -> int:
    return len(location_points(apply_filters(EVENTS, Filters(pair=pair))))


def _check_map(seen, host: str, places: int) -> None:
    page = seen.page
    countries = page.locator("[data-testid=stPlotlyChart] .geo .countries path").first
    expect(countries).to_be_attached(timeout=30_000)
    # The country shapes come from the topology file: without it the path is empty.
    assert len(countries.get_attribute("d") or "") > 1000
    markers = page.locator("[data-testid=stPlotlyChart] .scattergeo .point")
    expect(markers.first).to_be_attached()
    assert markers.count() == places + 4  # one per place, plus the four capitals
    page.wait_for_load_state("networkidle")
    assert seen.errors == []
    assert seen.foreign_requests(host) == []
    assert any("/app/static/topojson/world_50m.json" in u for u in seen.requests)


def test_map_draws_country_shapes_and_the_filter_s_markers_offline(server, visit):
    seen = visit(f"{server.base}/map?pair=PRK-UKR")
    _check_map(seen, server.host, _expected_places(("PRK", "UKR")))


def test_clicking_a_map_marker_lists_that_place_s_events(server, visit):
    seen = visit(f"{server.base}/map?pair=KOR-UKR")
    page = seen.page
    marker = page.locator("[data-testid=stPlotlyChart] .scattergeo .point").first
    expect(marker).to_be_attached(timeout=30_000)
    page.wait_for_timeout(1000)
    box = marker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.get_by_role("heading", name=re.compile(r": \d+ events$"))).to_be_visible(
        timeout=15_000
    )
    # The address bar changes by replaceState, which page.url does not follow: ask the page.
    href = page.evaluate("location.href")
    assert re.search(r"loc=-?\d+\.\d\d(%2C|,)-?\d+\.\d\d", href), href


@pytest.fixture(scope="module")
def prefixed():
    running = start_server(base_path="four-capitals")
    yield running
    stop_server(running)


def test_map_draws_under_a_path_prefix(prefixed, visit):
    seen = visit(f"{prefixed.base}/four-capitals/map?pair=PRK-UKR")
    _check_map(seen, prefixed.host, _expected_places(("PRK", "UKR")))
    assert any("/four-capitals/app/static/topojson/" in u for u in seen.requests)


def test_network_canvas_draws_pixels_from_our_own_vis_network(server, visit):
    seen = visit(f"{server.base}/network?nodes=all")
    page = seen.page
    frame = page.frame_locator("iframe[data-testid=stIFrame]").first
    canvas = frame.locator("#net canvas")
    expect(canvas).to_be_attached(timeout=30_000)
    page.wait_for_timeout(3000)
    painted = canvas.evaluate(
        """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""
    )
    assert painted > 5000
    assert seen.errors == []
    assert seen.foreign_requests(server.host) == []
    assert any("/app/static/vis/vis-network.min.js" in u for u in seen.requests)


def test_share_link_under_a_path_prefix_keeps_the_prefix(prefixed, visit):
    seen = visit(f"{prefixed.base}/four-capitals/map?pair=PRK-UKR")
    page = seen.page
    expect(page.get_by_text(re.compile(r"^Showing \d+ of \d+ events$"))).to_be_visible(
        timeout=30_000
    )
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Share").click()
    code = page.get_by_test_id("stPopoverBody").locator("code").first
    expect(code).to_be_visible()
    assert code.inner_text().replace("\n", "").startswith(f"{prefixed.base}/four-capitals/map?")
