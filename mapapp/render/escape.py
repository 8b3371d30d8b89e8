"""The one escaping function for text that reaches the map, and URL vetting.

folium places popup HTML inside a JavaScript template literal and injects
tooltip text and GeoJSON popup/tooltip values raw, so HTML escaping alone is
not enough: ``${...}`` would still be evaluated and a backtick (or a
backslash before one) would end the literal. :func:`escape_text` therefore
also turns ``\\``, backtick and ``$`` into HTML character references, which
the browser shows as the original characters once the HTML is parsed.

Braces are escaped too, on the *server* side's account: branca wraps every
rendered element (popup HTML, tooltip, the whole script of a layer) in a new
``Element``, i.e. compiles it as a Jinja2 template and renders it again, so
article text containing ``{{ ... }}`` or ``{% ... %}`` would be executed in
the Python process (``{{ cycler.__init__.__globals__.os.getcwd() }}`` runs).
No text reaching folium may contain ``{{``, ``{%`` or ``{#``.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urlsplit

# Applied after html.escape, so the "&" of these references is not re-escaped.
_JS_TEMPLATE_CHARS = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;"})


def escape_text(s: str) -> str:
    """Escape untrusted text for HTML that folium puts in a JS template literal.

    Parameters
    ----------
    s : str
        Any text (article titles, snippets, place names, URLs shown as text).

    Returns
    -------
    str
        ``s`` with ``& < > " '`` HTML-escaped and ``\\``, backtick, ``$``,
        ``{`` and ``}`` replaced by ``&#92;``, ``&#96;``, ``&#36;``,
        ``&#123;`` and ``&#125;``.

    Examples
    --------
    >>> escape_text("<b>${x}</b> `a` \\\\")
    '&lt;b&gt;&#36;&#123;x&#125;&lt;/b&gt; &#96;a&#96; &#92;'
    >>> escape_text("{{ 7*7 }}")
    '&#123;&#123; 7*7 &#125;&#125;'
    >>> escape_text("Latakia's coast")
    'Latakia&#x27;s coast'
    """
    return html.escape(str(s), quote=True).translate(_JS_TEMPLATE_CHARS)


def safe_link_url(url: str) -> str | None:
    """Return ``url`` if it may become a link (http/https with a host), else None.

    Parameters
    ----------
    url : str
        A source URL taken from an article record (untrusted).

    Returns
    -------
    str or None
        The stripped URL, or ``None`` for ``javascript:``, ``data:``, relative
        or malformed URLs and URLs containing whitespace or control characters.

    Examples
    --------
    >>> safe_link_url(" https://example.org/a?b=1 ")
    'https://example.org/a?b=1'
    >>> safe_link_url("javascript:alert(1)") is None
    True
    """
    text = str(url).strip()
    if not text or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


# JSON string escapes for characters that matter to HTML parsers and to JS
# template literals; JSON stays valid and the decoded values are unchanged.
_JSON_HTML_JS = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("'", "\\u0027"),
    ("`", "\\u0060"),
    ("$", "\\u0024"),
)
# Jinja2 openers. Structural JSON never yields "{{", "{%" or "{#" (an object
# starts with a key), so every match is inside one string and may be escaped.
_JINJA_OPENER = re.compile(r"\{(?=[{%#])")


def js_json(value: Any) -> str:
    """JSON for a folium ``<script>``: ASCII, no ``< > & ' ` $``, no Jinja2 openers.

    Parameters
    ----------
    value : Any
        JSON-serialisable data (lists, dicts, strings, numbers).

    Returns
    -------
    str
        Compact JSON text whose decoded value equals ``value``.

    Examples
    --------
    >>> js_json(["</script>", "${x}", "`"])
    '["\\\\u003c/script\\\\u003e","\\\\u0024{x}","\\\\u0060"]'
    >>> js_json(["{{ 7*7 }}", {"a": {"b": 1}}])
    '["\\\\u007b{ 7*7 }}",{"a":{"b":1}}]'
    """
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    for char, escaped in _JSON_HTML_JS:
        text = text.replace(char, escaped)  # str.replace: far faster than translate on MBs
    return _JINJA_OPENER.sub(r"\\u007b", text)
