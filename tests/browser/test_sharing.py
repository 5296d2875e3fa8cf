"""Share, snapshot and embed in real Chromium."""

import re

from playwright.sync_api import expect

# Counted once over data/events.csv and data/actors.csv with the csv module, not with
# dashboard.core; pinned on purpose, so a change to the bundled events must update it:
#   country = {r["id"]: r["country"] for r in csv.DictReader(open("data/actors.csv"))}
#   sum({country[r["source_actor"]], country[r["target_actor"]]} == {"KOR", "UKR"}
#       for r in csv.DictReader(open("data/events.csv")))
KOR_UKR_EVENTS = 66
BUNDLED_EVENTS = 708  # rows of data/events.csv, counted the same way
FIRST_DAY = "1948-10-12"  # min(r["date"] for r in csv.DictReader(open("data/events.csv")))
SUMMONS = "kor-summons-zinoviev-over-treaty-2024"


def test_share_opens_the_same_page_count_and_event_in_a_fresh_browser(server, visit):
    seen = visit(f"{server.base}/timeline?pair=KOR-RUS&lanes=type&event={SUMMONS}")
    count = seen.count()
    seen.settle()
    seen.expect_details(SUMMONS)
    # The details dialog is modal; its own link is the view's link with this event open.
    link = seen.page.get_by_role("dialog").locator("code").nth(1).inner_text().replace("\n", "")
    assert link.startswith(f"{server.base}/timeline?") and "lanes=type" in link
    assert f"event={SUMMONS}" in link
    assert "from=2022-02-24" in link  # the default window, written out
    assert re.search(r"[?&]v=[0-9a-f]{10}", link)
    fresh = visit(link)
    assert fresh.count() == count
    expect(fresh.page.get_by_role("heading", name="Timeline")).to_be_visible()
    fresh.expect_details(SUMMONS)
    # Lanes by event type: the timeline's y axis names PLOVER types, not pairs.
    lane = fresh.page.locator("[data-testid=stPlotlyChart] .ytick text", has_text="DISAPPROVE")
    expect(lane.first).to_be_attached()


def test_snapshot_opens_from_disk_offline_with_chart_and_events(server, visit, offline_snapshot):
    seen = visit(f"{server.base}/map?pair=PRK-UKR")
    count = seen.count()
    seen.settle()
    offline = offline_snapshot(seen.page)
    shapes = offline.page.locator("#chart .geo .countries path").first
    expect(shapes).to_be_attached()
    assert len(shapes.get_attribute("d")) > 1000
    assert offline.page.locator("table tr").count() == int(count.split()[1]) + 1
    assert [u for u in offline.requests if not u.startswith("file:")] == []


def test_embed_mode_keeps_the_view_the_count_and_the_filters_in_words(server, visit):
    seen = visit(f"{server.base}/timeline?pair=KOR-UKR&from={FIRST_DAY}&embed=true")
    page = seen.page
    seen.expect_count(KOR_UKR_EVENTS, BUNDLED_EVENTS)
    words = f"Events from {FIRST_DAY} to the last event, between South Korea and Ukraine"
    expect(page.get_by_text(words)).to_be_visible()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert seen.foreign_requests(server.host) == []
