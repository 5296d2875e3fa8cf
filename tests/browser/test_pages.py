"""Every page in real Chromium: drawn, no foreign request; links reproduce; Back works."""

import re

import pytest
from playwright.sync_api import expect

# Counted once over data/events.csv with the csv module, not with dashboard.core (whose filters
# the page uses); pinned on purpose, so a change to the bundled events must update them:
#   rows = list(csv.DictReader(open("data/events.csv", encoding="utf-8", newline="")))
#   last = [(r["end_date"] or r["date"]) + ("-31" if len(r["end_date"] or r["date"]) == 7
#           else "") for r in rows]  # a month-precision date covers the month's last day
BUNDLED_EVENTS = 708  # len(rows)
SINCE_TREATY = 179  # sum(day >= "2024-06-19" for day in last): from=2024-06-19
SINCE_INVASION = 343  # sum(day >= "2022-02-24" for day in last): a link without `from`
FIRST_DAY = "1948-10-12"  # min(r["date"] for r in rows): every date
ALLEGED = 3  # sum(r["status"] == "alleged" for r in rows): status=alleged
SUMMONS = "kor-summons-zinoviev-over-treaty-2024"


@pytest.mark.parametrize(
    ("path", "heading", "drawn"),
    [
        ("/", "Where do things stand?", "[class*=st-key-card_] svg[role=img] polyline"),
        ("/timeline", "Timeline", "[data-testid=stPlotlyChart] .scatterlayer .point"),
        ("/map", "Map", "[data-testid=stPlotlyChart] .geo .countries path"),
        ("/network", "Network", "[data-testid=stIFrame]"),
        ("/about", "About Four Capitals", "[data-testid=stMarkdown]"),
        ("/seed", "The seed article", "[data-testid=stText]"),
    ],
)
def test_each_page_draws_its_content_from_our_own_server(server, visit, path, heading, drawn):
    seen = visit(server.base + path)
    page = seen.page
    seen.count()
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.locator(drawn).first).to_be_visible()
    seen.settle()
    seen.assert_clean(server.host)


def test_changing_a_filter_with_the_mouse_writes_a_link_that_reproduces_the_view(server, visit):
    seen = visit(f"{server.base}/timeline?event={SUMMONS}")
    page = seen.page
    seen.expect_count(SINCE_INVASION, BUNDLED_EVENTS)
    seen.expect_details(SUMMONS)
    page.get_by_role("button", name="Close ✕").click()  # the dialog is modal: close it first
    seen.expect_no_details()
    page.get_by_role("button", name="Since treaty").click()
    expect(page).to_have_url(re.compile(r"from=2024-06-19"))
    seen.expect_count(SINCE_TREATY, BUNDLED_EVENTS)
    seen.settle()
    fresh = visit(page.url)
    fresh.expect_count(SINCE_TREATY, BUNDLED_EVENTS)
    expect(fresh.page.get_by_role("heading", name="Timeline")).to_be_visible()
    fresh.expect_no_details()  # closed before the change, so not in the link
    fresh.assert_clean(server.host)


def test_back_returns_to_the_previous_page_with_its_filters(server, visit):
    seen = visit(f"{server.base}/?status=alleged&from={FIRST_DAY}")
    page = seen.page
    seen.expect_count(ALLEGED, BUNDLED_EVENTS)
    page.get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    seen.settle()
    page.go_back()
    expect(page.get_by_role("heading", name="Where do things stand?")).to_be_visible()
    seen.settle()
    assert "status=alleged" in page.url
    seen.expect_count(ALLEGED, BUNDLED_EVENTS)


def test_a_pair_card_opens_the_timeline_filtered_to_that_pair(server, visit):
    seen = visit(server.base + "/")
    page = seen.page
    seen.count()
    card = page.locator(".st-key-card_KOR-PRK")
    expect(card).to_contain_text("South Korea – North Korea")
    card.get_by_role("link", name="Open its timeline →").click()
    expect(page).to_have_url(re.compile(r"/timeline\?.*pair=KOR-PRK"))
    words = "Events from 2022-02-24 to the last event, between South Korea and North Korea"
    expect(page.get_by_text(words)).to_be_visible()


def test_the_timeline_draws_only_the_chart_the_reader_chose(server, visit):
    """Events in lanes by default; 'index' draws the relationship index instead (not both:
    the second chart doubled the redraw), bound to the URL like the other page controls."""
    seen = visit(f"{server.base}/timeline?pair=KOR-RUS&from=2024-06-19")
    page = seen.page
    seen.count()
    expect(page.locator(".st-key-timeline_chart .scatterlayer .point").first).to_be_visible()
    assert page.locator(".st-key-index_chart").count() == 0
    page.get_by_role("radio", name="index", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]chart=index(&|$)"))
    expect(page.locator(".st-key-index_chart path.js-line").first).to_be_attached()
    expect(page.locator(".st-key-timeline_chart")).to_have_count(0)
    expect(page.get_by_text("Lanes", exact=True)).to_have_count(0)  # a control of the lanes
    again = visit(page.url)
    expect(again.page.locator(".st-key-index_chart path.js-line").first).to_be_attached()
    assert again.page.locator(".st-key-timeline_chart").count() == 0


def test_clicking_a_timeline_point_opens_its_details(server, visit):
    seen = visit(f"{server.base}/timeline?pair=KOR-RUS&from=2024-06-21&to=2024-06-21")
    page = seen.page
    seen.expect_count(1, BUNDLED_EVENTS)  # the summons is the one KOR-RUS event that day
    point = page.locator("[data-testid=stPlotlyChart] .scatterlayer .point").first
    expect(point).to_be_visible()
    seen.settle()
    box = point.bounding_box()
    # plotly listens on its drag layer, not on the marker: click where the marker is drawn.
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    seen.expect_details(SUMMONS)  # in a dialog in view, wherever the page was scrolled


def test_dragging_across_the_timeline_sets_from_and_to(server, visit):
    seen = visit(f"{server.base}/timeline?pair=KOR-RUS&from=2022-01-01")
    page = seen.page
    seen.count()
    plot = page.locator("[data-testid=stPlotlyChart] .nsewdrag").first
    expect(plot).to_be_visible()
    seen.settle()
    page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first.hover()
    page.locator('.modebar-btn[data-title="Box Select"]').first.click()
    box = plot.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, y, steps=10)
    page.mouse.up()
    expect(page).to_have_url(re.compile(r"from=2\d{3}-\d\d-\d\d.*to=2\d{3}-\d\d-\d\d"))
    assert "from=2022-01-01" not in page.url
