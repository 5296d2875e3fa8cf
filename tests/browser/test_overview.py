"""The overview in real Chromium: count line, table, no exception, nothing fetched elsewhere."""

import re

from playwright.sync_api import expect

from dashboard.core.dataset import BUNDLED_DATA, load_dataset


def test_overview_draws_the_count_and_table_with_no_foreign_request(server, visit):
    total = len(load_dataset(BUNDLED_DATA).events)
    seen = visit(server.base + "/")
    page = seen.page
    seen.expect_count(total, total)
    table = page.get_by_test_id("stDataFrame")
    expect(table).to_be_visible()
    expect(table.locator("canvas").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    seen.assert_clean(server.host)
    assert any(re.search(r"/_stcore/", url) for url in seen.requests)
