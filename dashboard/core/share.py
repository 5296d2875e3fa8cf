"""Share links: the full address of a view, built from the state rather than read back."""

from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

VERSION_KEY = "v"


def share_url(page_url: str, params: Mapping[str, Sequence[str]]) -> str:
    """The page's address (scheme, host, path prefix, page) with these parameters, in order."""
    parts = urlsplit(page_url)
    query = urlencode([(k, v) for k, values in params.items() for v in values])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def params_from_url(url: str) -> dict[str, list[str]]:
    """The query parameters of a link, as lists per key (what st.query_params.get_all gives)."""
    return parse_qs(urlsplit(url).query, keep_blank_values=True)
