"""What a reader clicks opens where they are looking; names where people read, ids in links."""

import json
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

# Counted once over data/events.csv and data/actors.csv with the csv module (not with
# dashboard.core, whose filters the page uses); a change to the bundled data must update them:
#   rows = list(csv.DictReader(open("data/events.csv", encoding="utf-8", newline="")))
#   pair = lambda r: "-".join(sorted({country[r["source_actor"]], country[r["target_actor"]]}))
#   (country: actors.csv id -> country, with SUN -> RUS)
BUNDLED_EVENTS = 708  # len(rows)
PRK_RUS = 136  # sum(pair(r) == "PRK-RUS" for r in rows)
FIRST_DAY = "1948-10-12"  # min(r["date"] for r in rows): where All dates starts
# The default window: events whose last day is on or after 2022-02-24 (a month-precision
# event's last day is the month's 31st, as in test_pages).
SINCE_INVASION = 343
SUMMONS = "kor-summons-zinoviev-over-treaty-2024"  # the one KOR-RUS event on 2024-06-21
ONE_DAY = "pair=KOR-RUS&from=2024-06-21&to=2024-06-21"


def _click_first_table_row(page) -> None:
    """Tick the first data row of the events table (a canvas grid: click where it is drawn)."""
    table = page.locator(".st-key-events_table")
    table.scroll_into_view_if_needed()
    expect(table.locator("canvas").first).to_be_visible()
    box = table.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 55)


def _open_from_the_table(server, visit):
    """The overview of the one-event day, with that event opened from its table row."""
    seen = visit(f"{server.base}/?{ONE_DAY}")
    seen.expect_count(1, BUNDLED_EVENTS)
    seen.settle()
    _click_first_table_row(seen.page)
    seen.expect_details(SUMMONS)
    return seen


def test_selecting_a_table_row_opens_its_details_in_view_and_close_closes_them(server, visit):
    seen = _open_from_the_table(server, visit)
    assert seen.page.get_by_test_id("stException").count() == 0
    seen.page.get_by_role("button", name="Close ✕").click()
    seen.expect_no_details()


def test_back_closes_the_details_a_click_opened(server, visit):
    seen = _open_from_the_table(server, visit)
    seen.settle()
    seen.page.go_back()
    seen.expect_no_details()
    seen.expect_count(1, BUNDLED_EVENTS)  # the filters stay


def _open_listed_summons(seen) -> None:
    """Click the summons in an event list (perhaps far down the page); its details open in view."""
    entry = seen.page.get_by_role("button", name=re.compile(r"^2024-06-21: "))
    entry.scroll_into_view_if_needed()
    entry.click()
    seen.expect_details(SUMMONS)


def test_details_opened_far_down_a_page_appear_in_view(server, visit):
    seen = visit(f"{server.base}/network?{ONE_DAY}&focus=KOR")
    seen.expect_count(1, BUNDLED_EVENTS)
    _open_listed_summons(seen)


def test_a_seed_claim_opens_its_event_by_title(server, visit):
    seen = visit(f"{server.base}/seed")
    page = seen.page
    button = page.get_by_role("button", name=re.compile(r"^2024-06-21: .*[Zz]inoviev"))
    expect(button.first).to_be_visible()
    button.first.scroll_into_view_if_needed()
    button.first.click()
    seen.expect_details(SUMMONS)


def test_the_pair_menu_shows_names_while_the_link_keeps_ids(server, visit):
    seen = visit(f"{server.base}/?from={FIRST_DAY}")
    page = seen.page
    seen.expect_count(BUNDLED_EVENTS, BUNDLED_EVENTS)
    seen.settle()
    page.locator(".st-key-pair_named").click()
    page.get_by_role("option", name="North Korea – Russia").click()
    seen.expect_count(PRK_RUS, BUNDLED_EVENTS)
    expect(page).to_have_url(re.compile(r"[?&]pair=PRK-RUS(&|$)"))
    words = f"Events from {FIRST_DAY} to the last event, between North Korea and Russia"
    expect(page.get_by_text(words)).to_be_visible()
    expect(page).to_have_title("Overview · North Korea – Russia · Four Capitals")


def test_an_actor_is_found_by_a_name_in_its_own_script(server, visit):
    seen = visit(f"{server.base}/")
    page = seen.page
    seen.expect_count(SINCE_INVASION, BUNDLED_EVENTS)
    seen.settle()
    page.locator(".st-key-actor_named").click()
    page.keyboard.type("김정은")
    page.get_by_role("option", name=re.compile("^Kim Jong Un")).click()
    expect(page).to_have_url(re.compile(r"[?&]actor=kim-jong-un(&|$)"))
    words = "^Events from 2022-02-24 to the last event, involving Kim Jong Un"
    expect(page.get_by_text(re.compile(words))).to_be_visible()


def test_a_download_is_named_for_its_page_and_filters(server, visit):
    seen = visit(f"{server.base}/timeline?pair=KOR-RUS&from=2024-06-19")
    page = seen.page
    seen.settle()
    page.get_by_role("button", name="Download", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Events as CSV").click()
    assert download.value.suggested_filename == (
        "four-capitals-timeline-from-2024-06-19-pair-KOR-RUS.csv"
    )


def test_a_key_event_star_on_the_index_opens_its_event(server, visit):
    seen = visit(f"{server.base}/timeline?{ONE_DAY}&chart=index")
    page = seen.page
    seen.expect_count(1, BUNDLED_EVENTS)
    index = page.locator(".st-key-index_chart")
    expect(index.locator(".scatterlayer .trace").first).to_be_attached()
    # The key events' trace, found by its symbol in plotly's own data (its class is its uid).
    uid = index.locator(".js-plotly-plot").evaluate(
        "(p) => p._fullData.find((t) => t.marker && t.marker.symbol === 'star').uid"
    )
    star = index.locator(f".scatterlayer .trace{uid} .point").first
    expect(star).to_be_attached()
    seen.settle()
    star.scroll_into_view_if_needed()
    box = star.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    seen.expect_details(SUMMONS)


def test_on_a_phone_a_seed_claim_opens_its_details_in_view(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"{server.base}/seed")
        button = page.get_by_role("button", name=re.compile(r"^2024-06-21: .*[Zz]inoviev"))
        button.first.scroll_into_view_if_needed()
        button.first.click()
        expect(page).to_have_url(re.compile(f"event={SUMMONS}"))
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_in_viewport()
        box = dialog.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # not wider than the phone
    finally:
        context.close()


SINCE_TREATY = 179  # sum(last day of r >= "2024-06-19" for r in rows), as in test_pages


def test_a_quick_range_is_one_back_step(server, visit):
    seen = visit(f"{server.base}/")
    page = seen.page
    seen.expect_count(SINCE_INVASION, BUNDLED_EVENTS)
    seen.settle()
    before = page.evaluate("history.length")
    page.get_by_role("button", name="Since treaty").click()
    seen.expect_count(SINCE_TREATY, BUNDLED_EVENTS)
    seen.settle()
    assert page.evaluate("location.search") == "?from=2024-06-19"
    assert page.evaluate("history.length") == before + 1
    page.go_back()
    seen.expect_count(SINCE_INVASION, BUNDLED_EVENTS)
    assert page.evaluate("location.search") == ""


def _export_count(link: str) -> int:
    """Rows of `python -m dashboard export --url LINK` on the bundled data (header aside)."""
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "--format", "json", "--url", link],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    return len(json.loads(result.stdout))


def test_a_bare_visit_opens_the_default_window_and_all_dates_is_one_click(server, visit):
    seen = visit(f"{server.base}/")
    page = seen.page
    seen.expect_count(SINCE_INVASION, BUNDLED_EVENTS)
    start = page.get_by_test_id("stDateInput").first
    expect(start).to_contain_text("From")
    expect(page.get_by_text("Events from 2022-02-24 to the last event")).to_be_visible()
    assert _export_count(page.url) == SINCE_INVASION  # the export reads a bare link the same
    seen.settle()
    before = page.evaluate("history.length")
    page.get_by_role("button", name="All dates").click()
    seen.expect_count(BUNDLED_EVENTS, BUNDLED_EVENTS)
    seen.settle()
    assert page.evaluate("location.search") == f"?from={FIRST_DAY}"
    assert page.evaluate("history.length") == before + 1
    assert _export_count(page.url) == BUNDLED_EVENTS
    fresh = visit(page.url)
    fresh.expect_count(BUNDLED_EVENTS, BUNDLED_EVENTS)
    page.go_back()
    seen.expect_count(SINCE_INVASION, BUNDLED_EVENTS)


def test_a_link_with_from_all_opens_every_date_and_writes_the_first_day(server, visit):
    seen = visit(f"{server.base}/timeline?from=all&pair=PRK-RUS")
    seen.expect_count(PRK_RUS, BUNDLED_EVENTS)
    expect(seen.page).to_have_url(re.compile(f"from={FIRST_DAY}"))
    expect(seen.page).to_have_url(re.compile("pair=PRK-RUS"))
    assert _export_count(seen.page.url) == PRK_RUS


def test_an_event_in_a_map_place_s_list_opens_its_details_in_view(server, visit):
    seen = visit(f"{server.base}/map?{ONE_DAY}&loc=37.57,126.98")
    page = seen.page
    seen.expect_count(1, BUNDLED_EVENTS)
    expect(page.get_by_role("heading", name="Seoul: 1 event")).to_be_visible()
    _open_listed_summons(seen)


def test_the_network_focus_is_chosen_by_typing_a_name(server, visit):
    seen = visit(f"{server.base}/network?nodes=all")
    page = seen.page
    seen.settle()
    page.locator(".st-key-focus_named").click()
    page.keyboard.type("Kim Jong")
    page.get_by_role("option", name=re.compile("^Kim Jong Un")).click()
    expect(page).to_have_url(re.compile(r"[?&]focus=kim-jong-un(&|$)"))
    expect(
        page.get_by_role("heading", name=re.compile(r"^Kim Jong Un: [\d,]+ events?$"))
    ).to_be_visible()


def test_a_typed_start_date_applies_on_enter(server, visit):
    seen = visit(f"{server.base}/")
    page = seen.page
    seen.expect_count(SINCE_INVASION, BUNDLED_EVENTS)
    seen.settle()
    page.get_by_role("spinbutton", name="year, From").click()
    page.keyboard.type("20240619")  # year, month and day segments in turn
    page.keyboard.press("Enter")  # no click elsewhere: Enter alone applies it
    expect(page).to_have_url(re.compile(r"\?from=2024-06-19$"))
    seen.expect_count(SINCE_TREATY, BUNDLED_EVENTS)


# The latest event's last day is 2026-05-06 (max over rows of end_date or date), so "Past
# year" starts 364 days before it, on 2025-05-07; events whose last day is on or after it:
PAST_YEAR = ("2025-05-07", 76)


def test_each_quick_range_writes_its_start_and_shows_its_count(server, visit):
    seen = visit(f"{server.base}/?from={FIRST_DAY}")
    page = seen.page
    seen.expect_count(BUNDLED_EVENTS, BUNDLED_EVENTS)
    start, since_year = PAST_YEAR
    for button, search, count in (
        ("Since treaty", "?from=2024-06-19", SINCE_TREATY),
        ("Past year", f"?from={start}", since_year),
        ("Since invasion", "", SINCE_INVASION),  # the default window: no `from` needed
        ("All dates", f"?from={FIRST_DAY}", BUNDLED_EVENTS),
    ):
        seen.settle()
        page.get_by_role("button", name=button).click()
        seen.expect_count(count, BUNDLED_EVENTS)
        expect(page).to_have_url(f"{server.base}/{search}")


def test_share_gives_a_link_with_the_window_that_opens_the_same_count(server, visit):
    seen = visit(f"{server.base}/?pair=PRK-RUS")
    count = seen.count()
    seen.settle()
    link = seen.share_link()
    assert "from=2022-02-24" in link and "pair=PRK-RUS" in link
    assert re.search(r"[?&]v=[0-9a-f]{10}", link)
    fresh = visit(link)
    assert fresh.count() == count
    assert _export_count(link) == int(count.split()[1])


@pytest.mark.parametrize("path", ["/", "/map"])
def test_a_link_s_ignored_parts_are_ignored_by_the_filters_too(server, visit, path):
    """The notice said the first q counted and imin=٣ was ignored, while the bound widgets,
    seeded from the address as loaded, took the last q and read ٣ as 3."""
    seen = visit(f"{server.base}{path}?q=summons&q=treaty&imin=%D9%A3")
    page = seen.page
    seen.count()
    words = page.get_by_text(re.compile("^Events from"))
    expect(words).to_contain_text("matching “summons”")
    expect(words).not_to_contain_text("intensity")
    expect(page.get_by_text("q: given 2 times; used the first value only.")).to_be_visible()
    expect(page.get_by_text("imin: '٣' is not a whole number; ignored.")).to_be_visible()
    seen.settle()
    url = page.evaluate("location.search")
    assert "q=summons" in url and "treaty" not in url and "imin" not in url, url
