"""#15 in real Chromium: six pair lines apart, capitals clicked apart, the place list in view,
names on the network without collisions, phone layouts, the dark theme, the snapshot's link."""

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard.core.style import COUNTRY_NODE

# A phone's own user agent (an iPhone's Safari): the app sizes the map and the network by it.
PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
    " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
PHONE = dict(
    viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, user_agent=PHONE_UA
)
MAP = "[data-testid=stPlotlyChart]"
SINCE_TREATY = 179  # as in test_pages: from=2024-06-19


def _geo_traces(page: Page):
    traces = page.locator(f"{MAP} .scattergeo.trace")
    expect(traces.first).to_be_attached()
    return traces


def test_the_six_pairs_are_six_lines_drawn_apart(server, visit):
    seen = visit(f"{server.base}/map?from=all")
    seen.count()
    page = seen.page
    expect(page.locator(f"{MAP} .scattergeo path.js-line")).not_to_have_count(0)
    seen.settle()
    # The middle of each drawn line, in screen pixels (the two width samples draw no path).
    middles = page.evaluate(
        """(sel) => [...document.querySelectorAll(sel + ' .scattergeo path.js-line')]
              .filter((p) => p.getTotalLength() > 0)
              .map((p) => {
                 const m = p.getPointAtLength(p.getTotalLength() / 2);
                 const r = p.getScreenCTM();
                 return [m.x * r.a + r.e, m.y * r.d + r.f];
              })""",
        MAP,
    )
    assert len(middles) == 6
    for i, (x1, y1) in enumerate(middles):
        for x2, y2 in middles[i + 1 :]:
            assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 > 15, middles
    # The legend names both the colour (the colour bar) and the width (two samples).
    expect(page.locator(f"{MAP} .legendtext", has_text="between two capitals")).to_have_count(2)
    expect(page.locator(f"{MAP} .colorbar .cbtitle", has_text="Mean intensity")).to_be_attached()
    seen.assert_clean(server.host)


def _click_capital(page: Page, index: int) -> None:
    """Click a capital's star (the last trace: KOR, PRK, RUS, UKR) at its centre."""
    stars = _geo_traces(page).last.locator(".point")
    expect(stars).to_have_count(4)
    star = stars.nth(index)
    star.scroll_into_view_if_needed()
    box = star.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_seoul_and_pyongyang_are_clicked_apart_and_their_list_opens_in_view(server, visit):
    seen = visit(f"{server.base}/map?region=korea&from=all")
    seen.count()
    seen.settle()
    page = seen.page
    for index, city in ((0, "Seoul"), (1, "Pyongyang")):
        _click_capital(page, index)
        listed = page.get_by_role("dialog")
        expect(listed).to_be_visible()
        expect(listed).to_be_in_viewport()
        expect(listed).to_contain_text(re.compile(rf"^{city}: [\d,]+ events"))
        expect(page).to_have_url(re.compile(r"[?&]loc=\d+\.\d\d(%2C|,)\d+\.\d\d"))
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(page).not_to_have_url(re.compile(r"[?&]loc="))
        seen.settle()
    # An event in the list opens its details, and closing them returns to the list.
    _click_capital(page, 0)
    page.get_by_role("dialog").get_by_role("button").filter(
        has_text=re.compile(r"^\d{4}-")
    ).first.click()
    expect(page).to_have_url(re.compile(r"[?&]event="))
    expect(page.get_by_role("dialog")).to_contain_text("Event details")
    seen.assert_clean(server.host)


def _label_boxes(frame) -> list[dict]:
    frame.wait_for_function(
        "document.body && document.body.dataset.labels === 'ready'", polling=200
    )
    return frame.evaluate(
        """() => nodes.get().filter((n) => n.label.trim()).map((n) => {
              const s = network.body.nodes[n.id].labelModule.size;
              return {id: n.id, l: s.left, t: s.top, r: s.left + s.width, b: s.top + s.height};
           })"""
    )


def _network_frame(page: Page):
    element = page.locator("iframe[data-testid=stIFrame]").first
    expect(element).to_be_visible()
    return element, element.element_handle().content_frame()


def test_network_names_do_not_collide_and_the_frame_fits_its_content(server, visit):
    seen = visit(f"{server.base}/network?nodes=all&from=all")
    seen.count()
    element, frame = _network_frame(seen.page)
    boxes = _label_boxes(frame)
    assert len(boxes) >= 10  # the four countries and the busiest people are named
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a["r"] <= b["l"] or b["r"] <= a["l"] or a["b"] <= b["t"] or b["b"] <= a["t"]
            assert apart, (a["id"], b["id"])
    # Nothing of the frame's page is cut: its content fits its width and height.
    size = frame.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " document.documentElement.scrollHeight, document.documentElement.clientHeight]"
    )
    assert size[0] <= size[1] and size[2] <= size[3], size


def test_a_country_focus_keeps_its_people_lit_and_lists_its_events_in_view(server, visit):
    seen = visit(f"{server.base}/network?nodes=all&focus=PRK")
    seen.count()
    page = seen.page
    _, frame = _network_frame(page)
    _label_boxes(frame)
    colours = frame.evaluate(
        "['kim-jong-un', 'kim-yo-jong', 'choe-son-hui'].map((id) => nodes.get(id).color)"
    )
    assert colours == [COUNTRY_NODE] * 3
    listed = page.get_by_role("heading", name=re.compile(r"^North Korea: [\d,]+ events$"))
    expect(listed).to_be_in_viewport()


def test_on_a_phone_the_map_fills_the_width_without_a_blank_band(server, visit):
    seen = visit(f"{server.base}/map?region=korea&from=all", **PHONE)
    seen.count()
    page = seen.page
    chart = page.locator(MAP).first
    chart.scroll_into_view_if_needed()
    land = page.locator(f"{MAP} .geo .bg").first  # the map's own drawing area
    expect(land).to_be_attached()
    page.wait_for_function(
        "(s) => document.querySelector(s).getBoundingClientRect().width > 0", arg=f"{MAP} .geo .bg"
    )
    frame, drawn = chart.bounding_box(), land.bounding_box()
    assert drawn["width"] >= 0.9 * frame["width"], (drawn, frame)
    assert drawn["height"] >= 300, drawn  # a useful height, not a strip
    assert frame["height"] - drawn["height"] <= 160, (frame, drawn)  # legend and colour bar only
    assert page.locator(f"{MAP} .modebar").count() == 0  # no toolbar over the legend


def test_on_a_phone_one_tap_on_a_timeline_point_opens_its_details(server, visit):
    seen = visit(f"{server.base}/timeline?from=2024-06-19", **PHONE)
    seen.count()
    page = seen.page
    chart = page.locator(".st-key-timeline_chart")
    points = chart.locator(".scatterlayer .point")
    expect(points.first).to_be_attached()
    page.wait_for_function("window.fourCapitalsTapSelects === true")
    expect(chart.locator(".modebar")).to_have_count(0)  # the toolbar would cover the legend
    # Lane names fit: on a phone they are country codes, left of the plot, not cut.
    ticks = chart.locator(".ytick text")
    expect(ticks.first).to_have_text(re.compile(r"^[A-Z]{3} – [A-Z]{3}$"))
    assert ticks.first.bounding_box()["x"] >= 0
    point = points.nth(points.count() // 2)
    point.scroll_into_view_if_needed()
    seen.settle()  # a tap while the chart is redrawn would be lost
    box = point.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_be_in_viewport()
    expect(page).to_have_url(re.compile(r"[?&]event="))


def test_on_a_phone_the_filters_close_after_a_choice(server, visit):
    seen = visit(f"{server.base}/", **PHONE)
    seen.count()
    page = seen.page
    sidebar = page.get_by_test_id("stSidebar")
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    page.get_by_role("button", name="Since treaty").click()
    expect(page.get_by_text(f"Showing {SINCE_TREATY} of")).to_be_visible()
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    expect(page.get_by_text(f"Showing {SINCE_TREATY} of")).to_be_in_viewport()


def test_on_a_phone_no_toolbar_covers_the_about_page_s_text(server, visit):
    """A phone shows element toolbars without hover; one sat on the data version."""
    seen = visit(f"{server.base}/about", **PHONE)
    seen.count()
    page = seen.page
    version = (
        page.get_by_test_id("stMarkdown")
        .filter(has_text="the last day a source was read")
        .locator("code")
    )
    expect(version).to_be_visible()
    page.get_by_test_id("stTable").or_(page.get_by_test_id("stDataFrame")).first.wait_for()
    text = version.bounding_box()
    for toolbar in page.get_by_test_id("stElementToolbar").all():
        box = toolbar.bounding_box() if toolbar.is_visible() else None
        if box is None:
            continue
        apart = (
            box["x"] >= text["x"] + text["width"]
            or text["x"] >= box["x"] + box["width"]
            or box["y"] >= text["y"] + text["height"]
            or text["y"] >= box["y"] + box["height"]
        )
        assert apart, (box, text)


def _contrast(one: str, two: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(css: str) -> float:
    """Relative luminance of a computed 'rgb(r, g, b)' or 'rgba(...)' colour."""
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_the_theme_follows_the_browser_s_preference_in_page_charts_and_network(
    server, visit, scheme
):
    dark = scheme == "dark"
    seen = visit(f"{server.base}/timeline?from=all", color_scheme=scheme)
    seen.count()
    page = seen.page
    # Both read only once the app and the chart have drawn with their colours.
    page.wait_for_function(
        """() => { const app = document.querySelector('[data-testid=stApp]');
                   const tick = document.querySelector('.st-key-timeline_chart .ytick text');
                   return app && tick && /^rgb/.test(getComputedStyle(app).backgroundColor)
                       && /^rgb/.test(getComputedStyle(tick).fill); }""",
        polling=200,
    )
    seen.settle()
    background = page.evaluate(
        "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
    )
    assert (_luminance(background) < 0.05) if dark else (_luminance(background) > 0.9)
    tick = page.locator(".st-key-timeline_chart .ytick text").first
    expect(tick).to_be_attached()
    fill = tick.evaluate("(t) => getComputedStyle(t).fill")
    assert _contrast(fill, background) >= 4.5, (fill, background)  # WCAG AA for text
    # The rolling mean of the index chart: light on dark, dark on light.
    page.goto(f"{server.base}/timeline?from=all&chart=index")
    seen.count()
    mean = page.locator(".st-key-index_chart .scatterlayer .trace path.js-line").first
    expect(mean).to_be_attached()
    stroke = page.evaluate(
        """() => [...document.querySelectorAll('.st-key-index_chart path.js-line')]
              .map((p) => getComputedStyle(p).stroke)"""
    )
    shades = [_luminance(s) for s in stroke if s.startswith("rgb")]
    assert (max(shades) > 0.5) if dark else (min(shades) < 0.05), stroke
    page.goto(f"{server.base}/network?from=all")
    seen.count()
    _, frame = _network_frame(page)
    _label_boxes(frame)
    net = frame.evaluate("getComputedStyle(document.getElementById('net')).backgroundColor")
    text = frame.evaluate("getComputedStyle(document.body).color")
    assert (_luminance(net) < 0.05) if dark else (_luminance(net) > 0.9), net
    assert (_luminance(text) > 0.8) if dark else (_luminance(text) < 0.1), text


def test_the_snapshot_links_to_the_full_view_and_keeps_its_lane_names(
    server, visit, offline_snapshot
):
    seen = visit(f"{server.base}/timeline?lanes=type&pair=KOR-RUS&from=2024-06-19")
    count = seen.count()
    seen.settle()
    offline = offline_snapshot(seen.page)
    link = offline.page.locator(".meta a").first.get_attribute("href")
    assert link.startswith(f"{server.base}/timeline?"), link
    for part in ("lanes=type", "pair=KOR-RUS", "from=2024-06-19", "v="):
        assert part in link, link
    ticks = offline.page.locator("#chart .ytick text")
    expect(ticks.first).to_be_attached()
    for i in range(ticks.count()):
        assert ticks.nth(i).bounding_box()["x"] >= 0, ticks.nth(i).inner_text()
    again = visit(link)
    assert again.count() == count
    expect(
        again.page.locator(".st-key-timeline_chart .ytick text", has_text="DISAPPROVE").first
    ).to_be_attached()


def test_choosing_dark_in_the_menu_redraws_the_charts_in_dark_colours(server, visit):
    """Streamlit restyles its own elements when the reader picks a theme in the ⋮ menu but
    does not rerun; our watcher then reruns, so the server-coloured charts follow."""
    seen = visit(f"{server.base}/timeline?from=all&chart=index", color_scheme="light")
    seen.count()
    page = seen.page
    line = page.locator(".st-key-index_chart path.js-line").first
    expect(line).to_be_attached()
    seen.settle()
    stroke = "getComputedStyle(document.querySelector('.st-key-index_chart path.js-line')).stroke"
    assert _luminance(page.evaluate(stroke)) < 0.05  # the rolling mean: dark on white
    page.get_by_test_id("stMainMenu").click()
    page.get_by_role("menuitemradio", name=re.compile("Dark")).click()
    page.wait_for_function(f"() => {{ const s = {stroke}; return s === 'rgb(232, 232, 232)'; }}")
    background = page.evaluate(
        "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
    )
    tick = page.locator(".st-key-index_chart .ytick text").first
    fill = tick.evaluate("(t) => getComputedStyle(t).fill")
    assert _contrast(fill, background) >= 4.5, (fill, background)
