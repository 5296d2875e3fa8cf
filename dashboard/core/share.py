"""Share links: the full address of a view, built from the state rather than read back."""

import re
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

VERSION_KEY = "v"
APP_SLUG = "four-capitals"
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


def share_url(page_url: str, params: Mapping[str, Sequence[str]]) -> str:
    """The page's address (scheme, host, path prefix, page) with these parameters, in order."""
    parts = urlsplit(page_url)
    query = urlencode([(k, v) for k, values in params.items() for v in values])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def file_stem(page: str, params: Mapping[str, Sequence[str]]) -> str:
    """A download's file name without extension: the app, the page, then each filter of the
    link in its URL order ('four-capitals-timeline-pair-KOR-RUS-from-2024-06-19')."""
    parts = [APP_SLUG, page or "overview"]
    for key, values in params.items():
        if key == VERSION_KEY:
            continue
        parts += [key, *values]
    stem = "-".join(_UNSAFE.sub("_", part).strip("_") or "_" for part in parts)
    return stem[:150]


def params_from_url(url: str) -> dict[str, list[str]]:
    """The query parameters of a link, as lists per key (what st.query_params.get_all gives)."""
    return parse_qs(urlsplit(url).query, keep_blank_values=True)
