"""A data folder built to attack: every page shows the strings literally and runs nothing."""

import csv
import json

import pytest
from factories import IMG, LONG, SCRIPT, TEMPLATE, write_hostile_folder
from playwright.sync_api import expect

from bench.server import streamlit_server

HOSTILE_EVENTS = 11  # write_hostile_folder: the three factory EVENTS and hostile-0 to hostile-7
FETCHING = "hostile-7"  # its title, summary and place are factories.FETCH


def _every_date(path: str) -> str:
    """The path with `from=all`: one factory event (1961) is before the default window."""
    return path + ("&" if "?" in path else "?") + "from=all"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = write_hostile_folder(tmp_path_factory.mktemp("hostile"))
    with streamlit_server(data=folder) as running:
        yield running


def _check(seen, host: str) -> None:
    page = seen.page
    seen.settle()
    assert seen.dialogs == []
    seen.assert_clean(host)  # also: no request to evil.example (an image, a CSS url())
    # No link to it either: the data's URLs are text, never autolinks or anchors.
    assert page.locator('a[href*="evil.example"]').count() == 0
    # Long strings wrap instead of widening the page.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 2


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/timeline",
        "/timeline?lanes=type",
        "/timeline?chart=index",
        "/map",
        "/map?loc=37.57,126.98",  # the place list of the hostile events (in a dialog)
        "/map?region=korea",
        "/network?nodes=all",
        "/network?nodes=all&focus=hostile-person",
        "/?actor=hostile-person",  # the actor's name in the sidebar's caption
        f"/?event={FETCHING}",
        f"/map?event={FETCHING}",
        "/about",
        "/seed",
    ],
)
def test_every_page_runs_nothing_from_the_data(hostile, visit, path):
    seen = visit(hostile.base + _every_date(path))
    if "actor=" in path:
        seen.expect_count(HOSTILE_EVENTS - 3, HOSTILE_EVENTS)  # not the three factory events
    else:
        seen.expect_count(HOSTILE_EVENTS, HOSTILE_EVENTS)
    _check(seen, hostile.host)


@pytest.mark.parametrize(
    ("event", "text"), [("hostile-0", SCRIPT), ("hostile-1", IMG), ("hostile-2", TEMPLATE)]
)
def test_details_show_hostile_strings_literally(hostile, visit, event, text):
    seen = visit(f"{hostile.base}/?event={event}")
    details = seen.page.locator(".st-key-event_details")
    expect(details.get_by_text(text, exact=False).first).to_be_visible()
    _check(seen, hostile.host)


def test_a_ten_thousand_character_title_does_not_break_the_layout(hostile, visit):
    seen = visit(f"{hostile.base}/timeline?event=hostile-6")
    # The whole title is on the page (so the layout check below measures it), not a cut of it.
    expect(seen.page.locator(".st-key-event_details")).to_contain_text(LONG)
    _check(seen, hostile.host)


def test_network_tooltips_show_labels_as_text(hostile, visit):
    seen = visit(f"{hostile.base}/network?nodes=all")
    page = seen.page
    frame_element = page.locator("iframe[data-testid=stIFrame]").first
    expect(frame_element).to_be_visible()
    frame = frame_element.element_handle().content_frame()
    expect(frame.locator("#net canvas")).to_be_attached()
    seen.settle()
    # The node's place on screen, once the layout has stopped moving between two polls.
    point = frame.wait_for_function(
        """() => { if (typeof network === 'undefined') return null;
                   const p = network.getPositions(['hostile-person'])['hostile-person'];
                   if (!p) return null;
                   const dom = network.canvasToDOM(p), last = window.__lastPoint;
                   window.__lastPoint = dom;
                   return last && last.x === dom.x && last.y === dom.y ? dom : null; }""",
        polling=250,
    ).json_value()
    box = frame_element.bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = frame.locator(".vis-tooltip")
    expect(tooltip).to_be_visible()
    assert SCRIPT in tooltip.inner_text()
    assert tooltip.locator("script, img").count() == 0
    assert seen.dialogs == [] and seen.errors == []
    assert seen.foreign_requests(hostile.host) == []


@pytest.mark.parametrize("path", ["/timeline", "/map"])
def test_snapshot_of_hostile_data_runs_nothing_offline(hostile, visit, offline_snapshot, path):
    """The map's snapshot carries the capital names (South Korea's holds a CSS url(), an
    image and an anchor to evil.example) in its Plotly text."""
    seen = visit(hostile.base + _every_date(path))
    seen.expect_count(HOSTILE_EVENTS, HOSTILE_EVENTS)
    seen.settle()
    offline = offline_snapshot(seen.page)
    expect(offline.page.get_by_text(SCRIPT).first).to_be_visible()
    expect(offline.page.locator(".main-svg").first).to_be_attached()  # the chart has drawn
    # Opening waited for the load event: an injected script or onerror handler has run by now.
    assert offline.dialogs == []
    assert offline.page.locator("table img").count() == 0
    assert not [url for url in offline.requests if "evil.example" in url]
    assert offline.page.locator('a[href*="evil.example"]').count() == 0


def test_csv_and_json_downloads_carry_hostile_strings_unchanged(hostile, visit, tmp_path):
    seen = visit(hostile.base + _every_date("/"))
    page = seen.page
    seen.expect_count(HOSTILE_EVENTS, HOSTILE_EVENTS)
    seen.settle()
    page.get_by_role("button", name="Download", exact=True).click()
    files = {}
    for label, name in (("Events as CSV", "events.csv"), ("Events as JSON", "events.json")):
        with page.expect_download() as download:
            page.get_by_role("button", name=label).click()
        files[name] = tmp_path / name
        download.value.save_as(files[name])
    rows = list(csv.DictReader(files["events.csv"].open(encoding="utf-8", newline="")))
    records = json.loads(files["events.json"].read_text(encoding="utf-8"))
    titles = {r["id"]: r["title"] for r in rows}
    assert titles == {r["id"]: r["title"] for r in records}
    assert titles["hostile-0"] == SCRIPT and len(titles["hostile-6"]) == len(LONG)
    assert seen.dialogs == [] and seen.errors == []
