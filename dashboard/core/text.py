"""Make data text safe to show: plain text in plotly hovers, literal text in markdown."""

import html
import re

# Characters that Markdown, Streamlit directives (:red[...]) or KaTeX ($...$) would interpret.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^])")


def escape_markdown(text: str) -> str:
    """Backslash-escape every character markdown could act on, so the text shows literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")


def plain_hover(text: str, limit: int = 160) -> str:
    """HTML-escape text for a plotly hover label (plotly renders a subset of HTML tags)."""
    text = str(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=False)
