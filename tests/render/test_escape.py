"""Tests for mapapp.render.escape: the one escaping function and URL vetting."""

from __future__ import annotations

import html
import json

import pytest

from mapapp.render.escape import escape_text, js_json, safe_link_url

HOSTILE = [
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ("<script>alert(2)</script>", "&lt;script&gt;alert(2)&lt;/script&gt;"),
    ("${alert(3)}", "&#36;&#123;alert(3)&#125;"),
    ("a`b", "a&#96;b"),
    ("\\`${alert(4)}", "&#92;&#96;&#36;&#123;alert(4)&#125;"),
    # Jinja2 syntax: branca re-compiles rendered elements as templates.
    ("{{ 7*7 }}", "&#123;&#123; 7*7 &#125;&#125;"),
    ("{% if x %}y{% endif %}", "&#123;% if x %&#125;y&#123;% endif %&#125;"),
    ("{# c #}", "&#123;# c #&#125;"),
    ("\"quoted\" and 'single'", "&quot;quoted&quot; and &#x27;single&#x27;"),
    ("Latakia's coast", "Latakia&#x27;s coast"),
    ("AT&T", "AT&amp;T"),
    ("plain text", "plain text"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), HOSTILE)
def test_escape_text_exact(raw: str, expected: str) -> None:
    assert escape_text(raw) == expected


@pytest.mark.parametrize(("raw", "_expected"), HOSTILE)
def test_escape_text_is_inert_in_a_template_literal(raw: str, _expected: str) -> None:
    out = escape_text(raw)
    for forbidden in ("<", ">", "`", "$", "\\", '"', "'", "{", "}"):
        assert forbidden not in out
    # The browser shows exactly the original text once the HTML is parsed.
    assert html.unescape(out) == raw


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("  http://example.org/  ", "http://example.org/"),
        ("HTTPS://EXAMPLE.ORG/x", "HTTPS://EXAMPLE.ORG/x"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("/relative/path", None),
        ("//example.org/no-scheme", None),
        ("https://", None),
        ("https://exa mple.org/", None),
        ("https://example.org/\x00", None),
        ("ftp://example.org/file", None),
        ("articles/seed_000.txt", None),
        ("", None),
    ],
)
def test_safe_link_url(url: str, expected: str | None) -> None:
    assert safe_link_url(url) == expected


@pytest.mark.parametrize(
    "value",
    [
        ["</script><script>alert(1)</script>"],
        {"k": "${alert(3)} ` \\` 'q' \"q\" &amp;"},
        ["line\u2028sep\u2029", "é", 1.5, None],
        ["{{ 7*7 }}", "{%- if 1 %}x{% endif %}", "{# c #}", "{{{", "\\{{", "{", [{"k": {"j": "{{"}}]],
    ],
)
def test_js_json_round_trips_without_dangerous_characters(value: object) -> None:
    text = js_json(value)
    assert json.loads(text) == value
    for forbidden in ("<", ">", "&", "'", "`", "$", "\u2028", "\u2029", "{{", "{%", "{#"):
        assert forbidden not in text
