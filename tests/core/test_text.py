"""Data text reaches markdown and plotly literally."""

import re

import pytest

from dashboard.core.text import escape_markdown, plain_hover, plural

CASES = [
    ("$1.2 billion and $3 million", r"\$1\.2 billion and \$3 million"),
    (":red[alarm]", "\\:\u2060red\\[alarm\\]"),
    ("[a](javascript:x)", "\\[a\\]\\(javascript\\:\u2060x\\)"),
    ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
    ("<b>tag</b>", r"\<b\>tag\</b\>"),
    ("Пхеньян 평양", "Пхеньян 평양"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_escape_markdown_escapes_everything_markdown_would_act_on(text, expected):
    assert escape_markdown(text) == expected


def test_escape_markdown_breaks_icons_and_autolinks_with_an_invisible_joiner():
    """Streamlit makes :material/x: an icon and GFM makes URLs, www. and emails links from
    the text after backslash escapes are resolved (a browser test checks the page)."""
    text = ":material/warning: :smile: https://evil.example/x www.evil.example a@evil.example"
    escaped = escape_markdown(text)
    resolved = re.sub(r"\\(.)", r"\1", escaped)  # what Markdown's text nodes then hold
    assert resolved.replace("\u2060", "") == text  # shown as written
    for pattern in (":material/", ":smile:", "https://", "www.", "a@evil"):
        assert pattern not in resolved, pattern


def test_plain_hover_escapes_html_and_cuts_long_text():
    assert plain_hover("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert len(plain_hover("x" * 500)) == 160


def test_script_safe_json_cannot_close_the_script_and_still_parses():
    import json

    from dashboard.core.text import script_safe

    text = json.dumps({"label": "</script><script>alert(1)</script> & \u2028"})
    safe = script_safe(text)
    assert "<" not in safe and ">" not in safe and "&" not in safe and "\u2028" not in safe
    assert json.loads(safe) == json.loads(text)


def test_plural_puts_the_noun_in_the_number_of_its_count():
    assert plural(1, "event") == "1 event"
    assert plural(0, "event") == "0 events"
    assert plural(1234, "event") == "1,234 events"
    assert plural(2, "person", "people") == "2 people"
