"""Load gold-annotated geoparsing corpora (TR-News, LGL, GeoWebNews, GeoVirus).

The corpora come from Gritta et al., "A Pragmatic Guide to Geoparsing
Evaluation" (see ``../shared/corpora/README.md``). Each loader returns
:class:`GoldDoc` records whose :class:`GoldToponym` spans satisfy
``doc.text[t.start:t.end] == t.text``; the known offset problems of the
published files are repaired here:

* GeoVirus: every offset is one too high, so both are shifted down by one.
* TR-News (and LGL, same format): some spans drift by a few characters; the
  phrase is searched within ``REALIGN_WINDOW`` characters of the given start
  (nearest first) and the span is moved there. Spans that cannot be found are
  dropped and counted in :attr:`LoadReport.unaligned`.
* GeoWebNews: spans with negative offsets are skipped.

``GoldToponym.kind`` is the GeoWebNews ``<type>`` (Literal, Metonymic, ...),
``"continent"`` for GeoVirus locations marked ``<continent/>`` and
``"toponym"`` otherwise. Coordinates are ``None`` where the corpus gives none
(TR-News toponyms without ``<gaztag>``, GeoWebNews non-locational spans).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mapapp.errors import CorpusError

FORMATS = ("trnews", "lgl", "gwn", "geovirus")
REALIGN_WINDOW = 12

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?!\d)")
_CLOCK = re.compile(r"\b\d{1,2}:\d{1,2}(?::\d+)?(?:\.\d+)?(?:[-+]\d\d)?(?:\s*[ap]\.?m\b\.?)?", re.I)
_MERIDIEM = re.compile(r"\b[AP]M\b")
_TIME_ZONE = re.compile(r"\b(?:[ECMP][SD]?T|GMT|UTC)\b")


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One gold span: character offsets into :attr:`GoldDoc.text`, and its point."""

    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    kind: str

    @property
    def has_coordinates(self) -> bool:
        """Whether the span is a gold location (both lat and lon known)."""
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One gold-annotated article; ``toponyms`` are sorted by start offset."""

    id: str
    title: str
    text: str
    date: dt.date | None
    toponyms: tuple[GoldToponym, ...]
    url: str = ""


@dataclass(frozen=True, slots=True)
class LoadReport:
    """What loading a corpus repaired or dropped, for reporting and tests.

    ``realigned`` spans were moved to where their text is; ``unaligned`` ones
    could not be found and were dropped; ``skipped`` had unusable offsets
    (negative, or end before start).
    """

    fmt: str
    docs: int
    toponyms: int
    realigned: int
    unaligned: int
    skipped: int


@dataclass(slots=True)
class _Tally:
    # Mutable, but local to one load call.
    realigned: int = 0
    unaligned: int = 0
    skipped: int = 0


def _child_text(elem: ET.Element, tag: str) -> str:
    child = elem.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _required_int(elem: ET.Element, tag: str, *, where: str) -> int:
    raw = _child_text(elem, tag)
    try:
        return int(raw)
    except ValueError:
        raise CorpusError(f"{where}: <{tag}> is {raw!r}, not an integer") from None


def _optional_float(elem: ET.Element | None, tag: str, *, where: str) -> float | None:
    if elem is None:
        return None
    raw = _child_text(elem, tag)
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise CorpusError(f"{where}: <{tag}> is {raw!r}, not a number") from None


def _span(
    text: str, start: int, end: int, name: str, *, tally: _Tally, realign: bool
) -> tuple[int, int] | None:
    """Return repaired ``(start, end)`` for ``name``, or None to drop the span."""
    if start < 0 or end < start:
        tally.skipped += 1
        return None
    if text[start:end] == name:
        return start, end
    if realign and name:
        for delta in sorted(range(-REALIGN_WINDOW, REALIGN_WINDOW + 1), key=abs):
            begin = start + delta
            if begin >= 0 and text[begin : begin + len(name)] == name:
                tally.realigned += 1
                return begin, begin + len(name)
    tally.unaligned += 1
    return None


def parse_loose_date(raw: str) -> dt.date | None:
    """The day of a free-form download time, or None when it has no full date.

    TR-News ``<dltime>`` is mostly ``YYYY-MM-DD`` but about a fifth of the
    articles carry the site's own format ("7:58 AM ET, Sat January 3, 2015",
    "Dec 17, 2016 10:00 AM CT", "11/28/2016"). Times and US time-zone
    abbreviations are removed (dateparser rejects "CT"/"MT") and the rest is
    read month-first, as these US sites write it.

    Examples
    --------
    >>> parse_loose_date("2016-12-19 05:35 CT")
    datetime.date(2016, 12, 19)
    >>> parse_loose_date("December 17, 2016 4:45:51 EST PM")
    datetime.date(2016, 12, 17)
    >>> parse_loose_date("") is None
    True
    """
    text = raw.strip()
    if match := _ISO_DAY.match(text):
        try:
            return dt.date.fromisoformat(match.group(0))
        except ValueError:
            return None
    text = _TIME_ZONE.sub(" ", _MERIDIEM.sub(" ", _CLOCK.sub(" ", text)))
    text = " ".join(text.replace("|", " ").split()).strip(" ,-")
    if not text:
        return None
    import dateparser  # local: slow to import, needed only for odd dates

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "MDY"},
    )
    return parsed.date() if parsed else None


def _load_trnews(root: ET.Element, *, path: Path, tally: _Tally) -> list[GoldDoc]:
    docs = []
    for index, article in enumerate(root.iter("article")):
        doc_id = article.get("docid") or str(index)
        where = f"{path}: article {doc_id}"
        text = article.findtext("text") or ""
        toponyms = []
        for elem in article.iterfind("toponyms/toponym"):
            phrase = elem.findtext("phrase") or ""
            span = _span(
                text,
                _required_int(elem, "start", where=where),
                _required_int(elem, "end", where=where),
                phrase,
                tally=tally,
                realign=True,
            )
            if span is None:
                continue
            gaztag = elem.find("gaztag")
            lat = _optional_float(gaztag, "lat", where=where)
            lon = _optional_float(gaztag, "lon", where=where)
            toponyms.append(GoldToponym(span[0], span[1], phrase, lat, lon, "toponym"))
        docs.append(
            _doc(
                doc_id,
                _child_text(article, "title"),
                text,
                parse_loose_date(_child_text(article, "dltime")),
                toponyms,
                _child_text(article, "url"),
            )
        )
    return docs


def _load_gwn(root: ET.Element, *, path: Path, tally: _Tally) -> list[GoldDoc]:
    docs = []
    for index, article in enumerate(root.iter("article")):
        doc_id = article.get("file") or str(index)
        where = f"{path}: article {doc_id}"
        text = article.findtext("text") or ""
        toponyms = []
        for elem in article.iterfind("toponyms/toponym"):
            name = elem.findtext("extractedName") or ""
            span = _span(
                text,
                _required_int(elem, "start", where=where),
                _required_int(elem, "end", where=where),
                name,
                tally=tally,
                realign=False,
            )
            if span is None:
                continue
            lat = _optional_float(elem, "latitude", where=where)
            lon = _optional_float(elem, "longitude", where=where)
            kind = _child_text(elem, "type") or "toponym"
            toponyms.append(GoldToponym(span[0], span[1], name, lat, lon, kind))
        docs.append(
            _doc(doc_id, _child_text(article, "title"), text, None, toponyms, _child_text(article, "link"))
        )
    return docs


def _load_geovirus(root: ET.Element, *, path: Path, tally: _Tally) -> list[GoldDoc]:
    docs = []
    for index, article in enumerate(root.iter("article")):
        doc_id = str(index)
        where = f"{path}: article {doc_id}"
        text = article.findtext("text") or ""
        url = _child_text(article, "source")
        toponyms = []
        # iter(), not iterfind(): the file has <location> elements nested
        # inside another, and each is a gold span of its own.
        for elem in article.iterfind("locations//location"):
            name = elem.findtext("name") or ""
            span = _span(
                text,
                _required_int(elem, "start", where=where) - 1,
                _required_int(elem, "end", where=where) - 1,
                name,
                tally=tally,
                realign=False,
            )
            if span is None:
                continue
            kind = "continent" if elem.find("continent") is not None else "toponym"
            toponyms.append(
                GoldToponym(
                    span[0],
                    span[1],
                    name,
                    _optional_float(elem, "lat", where=where),
                    _optional_float(elem, "lon", where=where),
                    kind,
                )
            )
        title = url.rsplit("/", 1)[-1].replace("_", " ") if url else ""
        docs.append(_doc(doc_id, title, text, None, toponyms, url))
    return docs


def _doc(
    doc_id: str, title: str, text: str, date: dt.date | None, toponyms: list[GoldToponym], url: str
) -> GoldDoc:
    ordered = tuple(sorted(toponyms, key=lambda t: (t.start, t.end)))
    return GoldDoc(id=doc_id, title=" ".join(title.split()), text=text, date=date, toponyms=ordered, url=url)


_LOADERS: dict[str, Callable[..., list[GoldDoc]]] = {
    "trnews": _load_trnews,
    "lgl": _load_trnews,
    "gwn": _load_gwn,
    "geovirus": _load_geovirus,
}


def detect_format(root: ET.Element) -> str | None:
    """Guess the corpus format from the first article's children.

    Returns ``"trnews"`` (also right for LGL), ``"gwn"``, ``"geovirus"`` or
    None when the layout is unknown.

    Examples
    --------
    >>> detect_format(ET.fromstring("<articles><article><source/><locations/></article></articles>"))
    'geovirus'
    """
    article = root.find("article") if root.tag != "article" else root
    if article is None:
        return None
    tags = {child.tag for child in article}
    if "locations" in tags:
        return "geovirus"
    if article.get("file") is not None or "link" in tags:
        return "gwn"
    if article.get("docid") is not None or "dltime" in tags:
        return "trnews"
    return None


def _parse(path: Path) -> ET.Element:
    if not path.is_file():
        raise CorpusError(f"{path}: corpus file not found")
    try:
        return ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise CorpusError(f"{path}: malformed XML ({exc})") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read corpus file ({exc.strerror or exc})") from None


def load_corpus_with_report(path: Path, *, fmt: str | None = None) -> tuple[tuple[GoldDoc, ...], LoadReport]:
    """Like :func:`load_corpus`, also returning what was repaired or dropped."""
    path = Path(path)
    if fmt is not None and fmt not in _LOADERS:
        raise CorpusError(f"{path}: unknown corpus format {fmt!r} (expected one of {FORMATS})")
    root = _parse(path)
    chosen = fmt or detect_format(root)
    if chosen is None:
        raise CorpusError(f"{path}: cannot tell the corpus format from <{root.tag}>; pass fmt=")
    tally = _Tally()
    docs = tuple(_LOADERS[chosen](root, path=path, tally=tally))
    if not docs:
        raise CorpusError(f"{path}: no <article> elements for format {chosen!r}")
    report = LoadReport(
        fmt=chosen,
        docs=len(docs),
        toponyms=sum(len(doc.toponyms) for doc in docs),
        realigned=tally.realigned,
        unaligned=tally.unaligned,
        skipped=tally.skipped,
    )
    return docs, report


def load_corpus(path: Path, *, fmt: str | None = None) -> tuple[GoldDoc, ...]:
    """Load a gold corpus file into :class:`GoldDoc` records.

    Parameters
    ----------
    path : Path
        The corpus XML file (``TR-News.xml``, ``GWN.xml``, ``GeoVirus.xml``,
        or an LGL file in the TR-News format).
    fmt : str, optional
        One of ``"trnews"``, ``"lgl"``, ``"gwn"``, ``"geovirus"``; detected
        from the XML when omitted.

    Returns
    -------
    tuple of GoldDoc
        In file order, each with toponyms sorted by offset and repaired so
        that ``doc.text[t.start:t.end] == t.text``.

    Raises
    ------
    CorpusError
        When the file is missing, not well-formed XML, of an unknown format
        or has non-numeric offsets or coordinates.
    """
    return load_corpus_with_report(path, fmt=fmt)[0]
