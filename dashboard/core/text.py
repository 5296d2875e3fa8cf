"""Make data text safe to show: plain text in plotly hovers, literal text in markdown."""

import html
import re

# Characters that Markdown, Streamlit directives (:red[...]) or KaTeX ($...$) would interpret.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^])")


# Streamlit turns `:material/name:` and `:emoji:` into icons, and GFM turns `https://...`,
# `www.` and `name@host` into links, from the text after backslash escapes are resolved: an
# invisible WORD JOINER after each ':' and '@' and inside 'www.' breaks those patterns.
_JOINER = "\u2060"
_WWW = re.compile(r"(www)(?=\\\.)", re.IGNORECASE)


def escape_markdown(text: str) -> str:
    """Text that Streamlit's Markdown shows literally: every character markdown, KaTeX or a
    directive could act on is backslash-escaped, and icons and autolinks are broken up."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    escaped = escaped.replace(":", ":" + _JOINER).replace("@", "@" + _JOINER)
    return _WWW.sub(r"\1" + _JOINER, escaped).replace("\n", "  \n")


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """'1 event', '2 events', '1,234 events': the count with its noun in the right number."""
    return f"{count:,} {word if count == 1 else (plural_word or word + 's')}"


def plain_hover(text: str, limit: int = 160) -> str:
    """HTML-escape text for a plotly hover label (plotly renders a subset of HTML tags)."""
    text = str(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=False)


def script_safe(json_text: str) -> str:
    """Make JSON text safe inside <script>: no '<', '>' or '&' can close it or open a tag."""
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        json_text = json_text.replace(char, code)
    return json_text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
