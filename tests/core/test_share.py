"""Share links round-trip through parse."""

from dashboard.core.share import params_from_url, share_url


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
