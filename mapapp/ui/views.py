"""Table rows, the counts line and detail-panel fields of incidents (pure, no streamlit).

Article text is untrusted. Rows and fields here are plain strings meant for
``st.dataframe`` / ``st.text`` (never parsed as markup); the one string meant
for ``st.markdown``, :func:`snippet_markdown`, is built with
:func:`escape_markdown`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from mapapp.gazetteer.countries import country_name
from mapapp.incidents.fusion import reports
from mapapp.models import Incident, Source
from mapapp.render.escape import safe_link_url
from mapapp.render.popup import (
    GEO_PRECISION_LABELS,
    date_label,
    date_precision,
    date_text,
    places_label,
    snippet_parts,
    type_label,
)
from mapapp.text.lexicon import compass_point

TABLE_COLUMNS = ("date", "event type", "location", "country", "precision", "title", "id")
# Every ASCII punctuation character may be backslash-escaped in CommonMark;
# escaping all of them also disarms Streamlit's extras (":red[...]",
# ":material/x:", "$LaTeX$", "~~").
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"(www(?=\.)|:(?=/)|@(?=\w))", re.IGNORECASE)


def escape_markdown(text: str) -> str:
    """Untrusted text made literal for ``st.markdown`` (no links, images, HTML, LaTeX).

    Newlines become spaces, so text cannot start a heading or a list.

    >>> escape_markdown("![x](http://e/a.png) <b>$1$</b> :red[a]").replace("\\u2060", "")
    '\\\\!\\\\[x\\\\]\\\\(http\\\\:\\\\/\\\\/e\\\\/a\\\\.png\\\\) \\\\<b\\\\>\\\\$1\\\\$\\\\<\\\\/b\\\\> \\\\:red\\\\[a\\\\]'
    >>> escape_markdown("a\\n# b")
    'a \\\\# b'
    """
    flat = " ".join(str(text).split())
    # GFM turns bare "www.x.org", "https://..." and "a@b.org" into links even when escaped:
    # an invisible word joiner breaks the pattern and leaves the text as read.
    flat = _AUTOLINK.sub("\\1\u2060", flat)
    return _MD_SPECIAL.sub(r"\\\1", flat)


def snippet_markdown(incident: Incident) -> str:
    """The escaped snippet with the incident's place in bold.

    >>> from mapapp.render.samples import sample_incident
    >>> snippet_markdown(sample_incident())[:45]
    'The aircraft was hit 22 miles off **Latakia**'
    """
    before, place, after = snippet_parts(incident)
    if not place:
        return escape_markdown(before)
    # Edge spaces are kept outside the ** markers (CommonMark needs that).
    head = escape_markdown(before) + (" " if before[-1:].isspace() else "")
    tail = (" " if after[:1].isspace() else "") + escape_markdown(after)
    return f"{head}**{escape_markdown(place)}**{tail}"


def compass(bearing_deg: float) -> str:
    """A 16-point compass word for a bearing in degrees.

    >>> compass(0), compass(250.0), compass(359)
    ('N', 'WSW', 'N')
    """
    return compass_point(bearing_deg)


def table_rows(incidents: Sequence[Incident], *, limit: int | None = None) -> list[dict[str, Any]]:
    """One plain-text row per incident for ``st.dataframe`` (columns :data:`TABLE_COLUMNS`).

    >>> from mapapp.render.samples import sample_incident
    >>> row = table_rows([sample_incident()])[0]
    >>> row["event type"], row["date"], row["precision"]
    ('Aircraft shot down', '2018-09-17', 'near a place')
    """
    rows = []
    for inc in incidents[:limit] if limit is not None else incidents:
        rows.append(
            {
                "date": date_label(inc),
                "event type": type_label(inc),
                "location": inc.location_name,
                "country": inc.country_code.upper(),
                "precision": GEO_PRECISION_LABELS.get(inc.geo_precision, "unknown"),
                "title": inc.title,
                "id": inc.id,
            }
        )
    return rows


def counts_line(incidents: Sequence[Incident], *, mentions: int, mentions_shown: bool) -> str:
    """``"N incidents shown, M undated, K place mentions hidden"`` (``shown`` with the switch on).

    ``incidents`` are the events shown (mentions are not incidents);
    ``mentions`` is how many place mentions match the same filters.

    >>> from mapapp.render.samples import sample_incident
    >>> counts_line([sample_incident(), sample_incident(date=None)], mentions=3, mentions_shown=False)
    '2 incidents shown, 1 undated, 3 place mentions hidden'
    >>> counts_line([sample_incident()], mentions=1, mentions_shown=True)
    '1 incident shown, 0 undated, 1 place mention shown'
    """
    undated = sum(1 for inc in incidents if inc.date is None)
    shown = "shown" if mentions_shown else "hidden"
    return (
        f"{len(incidents):,} incident{'' if len(incidents) == 1 else 's'} shown, {undated:,} undated, "
        f"{mentions:,} place mention{'' if mentions == 1 else 's'} {shown}"
    )


def place_rows(incident: Incident) -> list[dict[str, Any]]:
    """Every place named in the snippet, with coordinates and confidence."""
    return [
        {
            "place": p.name,
            "lat": round(p.lat, 5),
            "lon": round(p.lon, 5),
            "country": p.country_code.upper(),
            "confidence": round(p.confidence, 3),
        }
        for p in sorted(incident.places, key=lambda p: p.start)
    ]


def summary_rows(incident: Incident) -> list[tuple[str, str]]:
    """``(label, value)`` pairs describing the incident (values are plain text).

    >>> from mapapp.render.samples import sample_incident
    >>> rows = dict(summary_rows(sample_incident()))
    >>> rows["event type"], rows["date"]
    ('Aircraft shot down', '2018-09-17')
    """
    coords = "" if incident.lat is None or incident.lon is None else f"{incident.lat:.5f}, {incident.lon:.5f}"
    code = incident.country_code.upper()
    return [
        ("event type", type_label(incident)),
        ("date", date_label(incident)),
        ("date precision", date_precision(incident) if incident.date else "undated"),
        ("date as written", incident.provenance.date_text),
        ("location", incident.location_name),
        ("coordinates", coords),
        ("geo precision", GEO_PRECISION_LABELS.get(incident.geo_precision, "unknown")),
        ("admin1", incident.provenance.admin1),
        ("country", f"{country_name(code)} ({code})" if code else ""),
        ("places", places_label(incident)),
        ("confidence", f"{incident.confidence:.2f}"),
        ("source", "; ".join(dict.fromkeys(s.source for s in reports(incident) if s.source))),
        ("article id", incident.article_id),
        ("incident id", incident.id),
    ]


def source_domain(source: Source) -> str:
    """Where a source came from: its recorded site, else its URL's host.

    >>> from mapapp.models import Source
    >>> source_domain(Source("i", "a", "t", "https://www.bbc.co.uk/n/1", "", "s", None, None, "", None, None, 3))
    'bbc.co.uk'
    """
    if source.source:
        return source.source
    try:
        host = urlsplit(source.url).hostname or ""
    except ValueError:
        host = ""
    return host.removeprefix("www.")


def source_rows(incident: Incident) -> list[dict[str, str]]:
    """Each article reporting the incident, as plain text (``url`` only when http/https).

    >>> from mapapp.render.samples import sample_incident
    >>> source_rows(sample_incident())
    []
    """
    rows = []
    for source in incident.sources:
        rows.append(
            {
                "title": source.title or "Untitled article",
                "domain": source_domain(source),
                "article": source.article_id,
                "date": date_text(source.date, source.date_precision),
                "sentence": source.snippet,
                "url": safe_link_url(source.url) or "",
                "raw_url": source.url,
            }
        )
    return rows


# Characters kept as they are in a markdown link target; anything else
# (parentheses, brackets, quotes, spaces) is percent-encoded.
_URL_SAFE = ":/?#@!$&*+,;=%~-._"


def source_markdown(row: dict[str, str], number: int) -> str:
    """One source (a :func:`source_rows` row) as ``st.markdown`` text; article text escaped.

    >>> source_markdown({"title": "A *b*", "domain": "e.org", "date": "2018", "article": "a1",
    ...                  "sentence": "Hit [x](y).", "url": "https://e.org/a(1)", "raw_url": ""}, 1).split("  \\n")
    ['**1\\\\. A \\\\*b\\\\***', 'e\\\\.org · 2018 · article a1 · [open the article](https://e.org/a%281%29)', 'Hit \\\\[x\\\\]\\\\(y\\\\)\\\\.']
    """
    line = f"{escape_markdown(row['domain'] or 'unknown site')} · {escape_markdown(row['date'])}"
    line += f" · article {escape_markdown(row['article'])}"
    if row["url"]:
        line += f" · [open the article]({quote(row['url'], safe=_URL_SAFE)})"
    elif row["raw_url"]:
        line += f" · {escape_markdown(row['raw_url'])}"
    head = f"**{number}\\. {escape_markdown(row['title'])}**"
    return "  \n".join([head, line, escape_markdown(row["sentence"])])


def provenance_rows(incident: Incident) -> list[tuple[str, str]]:
    """How a derived point was made: anchor, distance, bearing, method; empty if not derived.

    >>> import dataclasses
    >>> from mapapp.render.samples import SEED_DERIVATION, sample_incident
    >>> seed = sample_incident(derivation=dataclasses.replace(SEED_DERIVATION, bearing_deg=250.0))
    >>> dict(provenance_rows(seed))["bearing"]
    '250° (WSW)'
    >>> provenance_rows(sample_incident(derivation=None))
    []
    """
    how = incident.derivation
    if how is None:
        return []
    rows = [
        ("anchor", how.anchor_name),
        ("anchor coordinates", f"{how.anchor_lat:.5f}, {how.anchor_lon:.5f}"),
    ]
    if how.distance_m is not None:
        km = how.distance_m / 1000.0
        rows.append(("distance", f"{km:.1f} km ({km / 1.609344:.1f} mi)"))
    if how.bearing_deg is not None:
        rows.append(("bearing", f"{how.bearing_deg:.0f}° ({compass(how.bearing_deg)})"))
    rows.append(("method", how.method))
    if incident.uncertainty is not None:
        rows.append(("uncertainty area", str(incident.uncertainty.get("type", "geometry"))))
    return rows
