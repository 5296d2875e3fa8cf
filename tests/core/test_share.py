"""Share links round-trip through parse."""

from dashboard.core.share import file_stem, params_from_url, share_url


def test_share_url_keeps_prefix_and_page_and_repeats_list_keys():
    url = share_url(
        "https://example.org/four-capitals/timeline",
        {"actor": ["KOR", "UKR"], "q": ["Зиновьев & co"], "v": ["abc123"]},
    )
    assert url.startswith("https://example.org/four-capitals/timeline?actor=KOR&actor=UKR&q=")
    assert params_from_url(url) == {
        "actor": ["KOR", "UKR"],
        "q": ["Зиновьев & co"],
        "v": ["abc123"],
    }


def test_params_from_url_keeps_blank_values():
    assert params_from_url("http://h/?q=&actor=KOR") == {"q": [""], "actor": ["KOR"]}


def test_file_stem_names_the_page_and_each_filter_but_not_the_version():
    params = {"from": ["2024-06-19"], "pair": ["KOR-RUS"], "v": ["abc"]}
    assert file_stem("timeline", params) == "four-capitals-timeline-from-2024-06-19-pair-KOR-RUS"
    assert file_stem("", {}) == "four-capitals-overview"
    assert file_stem("map", {"q": ["Kim / 김정은"]}) == "four-capitals-map-q-Kim"
