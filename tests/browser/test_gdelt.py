"""The GDELT layer in a real browser: switched on by its pill, drawn offline, counted apart."""

import re

import pytest
from factories import GDELT_ROWS, write_gdelt_folder
from playwright.sync_api import expect

from bench.server import streamlit_server

# Distinct places (latitude, longitude) of the RUS-UKR events in data/events.csv, counted once
# with the csv module, not with dashboard.core's location_points (which the map draws with);
# pinned on purpose, so a change to the bundled events must update it:
#   country = {r["id"]: r["country"] for r in csv.DictReader(open("data/actors.csv"))}
#   len({(float(r["latitude"]), float(r["longitude"]))
#        for r in csv.DictReader(open("data/events.csv"))
#        if {country[r["source_actor"]], country[r["target_actor"]]} == {"RUS", "UKR"}})
# (The file's coordinates have at most two decimals, the map's place key.)
RUS_UKR_PLACES = 69


@pytest.fixture(scope="module")
def layered(tmp_path_factory):
    folder = write_gdelt_folder(tmp_path_factory.mktemp("gdelt"), GDELT_ROWS)
    with streamlit_server(app_args=("--gdelt", str(folder))) as running:
        yield running


def test_the_layer_pill_turns_the_layer_on_and_writes_it_into_the_link(layered, visit):
    seen = visit(f"{layered.base}/")
    page = seen.page
    seen.count()
    page.get_by_role("button", name="gdelt", exact=True).click()
    expect(page.get_by_text(re.compile(r"4 of 4 automated \(GDELT\) events"))).to_be_visible()
    assert "layer=gdelt" in page.evaluate("location.href")
    seen.settle()
    seen.assert_clean(layered.host)


def test_the_timeline_draws_the_gdelt_context_offline(layered, visit):
    seen = visit(f"{layered.base}/timeline?layer=gdelt")
    page = seen.page
    heading = page.get_by_role("heading", name="Automated (GDELT) context")
    expect(heading).to_be_visible()
    chart = page.locator(".st-key-gdelt_chart")
    expect(chart.locator(".scatterlayer .trace").first).to_be_attached()
    assert chart.locator(".scatterlayer .trace").count() == 8  # 4 pairs x 2 panels
    seen.settle()
    seen.assert_clean(layered.host)


def test_the_map_adds_gdelt_places_and_a_click_lists_them(layered, visit):
    seen = visit(f"{layered.base}/map?layer=gdelt&pair=RUS-UKR&from=all")
    page = seen.page
    expect(page.locator("[data-testid=stPlotlyChart] .geo .countries path").first).to_be_attached()
    points = page.locator("[data-testid=stPlotlyChart] .scattergeo path.point")
    expect(points.first).to_be_attached()
    # The GDELT place (drawn first), the pair line's middle dot, the curated places, the four
    # capitals' stars and their click targets.
    assert points.count() == 1 + 1 + RUS_UKR_PLACES + 4 + 4
    expect(page.get_by_text(re.compile(r"Automated \(GDELT\): 1 event\. "))).to_be_visible()
    seen.settle()
    box = points.first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    listed = page.get_by_role("button", name=re.compile(r"^2024-07-02: UKR → RUS"))
    expect(listed).to_be_visible()
    # The curated Kharkiv circle lies over the GDELT square and takes the click; the list
    # then shows the curated place's events and GDELT's in the same half-degree cell.
    assert "loc=" in page.evaluate("location.href")
    seen.settle()
    seen.assert_clean(layered.host)


def test_a_gdelt_event_link_shows_its_source_article(layered, visit):
    seen = visit(f"{layered.base}/?event=gdelt-1003")
    page = seen.page
    expect(page.get_by_role("heading", name="Automated (GDELT) event 1003")).to_be_visible()
    # The URL as the link's text (an invisible word joiner after its ':', as text from the
    # data is never an autolink), and as its target.
    link = page.locator('a[href="https://news.example.org/1003"]')
    expect(link).to_be_visible()
    assert link.inner_text().replace("\u2060", "") == "https://news.example.org/1003"
    seen.settle()
    seen.assert_clean(layered.host)
