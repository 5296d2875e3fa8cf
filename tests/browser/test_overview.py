"""The overview in real Chromium: count line, table, no exception, nothing fetched elsewhere."""

import re

from playwright.sync_api import expect

# Rows of data/events.csv, counted once with the csv module (not with dashboard.core):
#   len(list(csv.DictReader(open("data/events.csv", encoding="utf-8", newline=""))))
# Pinned on purpose: a change to the bundled events must update it.
BUNDLED_EVENTS = 708
# Of them, those whose last day is on or after the default start, 2022-02-24 (counted as in
# test_pages): a visit with no parameters opens that window.
SINCE_INVASION = 343


def test_overview_draws_the_count_and_table_with_no_foreign_request(server, visit):
    seen = visit(server.base + "/")
    page = seen.page
    seen.expect_count(SINCE_INVASION, BUNDLED_EVENTS)
    table = page.get_by_test_id("stDataFrame")
    expect(table).to_be_visible()
    expect(table.locator("canvas").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    seen.assert_clean(server.host)
    assert any(re.search(r"/_stcore/", url) for url in seen.requests)
