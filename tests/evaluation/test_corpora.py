"""Tests for mapapp.evaluation.corpora: synthetic files for each repair, then the real corpora.

The real corpora live outside the repository (../shared/corpora); those tests
skip when the folder is absent. No corpus text is copied here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mapapp.errors import CorpusError
from mapapp.evaluation.corpora import (
    GoldDoc,
    GoldToponym,
    load_corpus,
    load_corpus_with_report,
    parse_loose_date,
)
from tests.helpers import CORPORA

TRNEWS = CORPORA / "trnews" / "TR-News.xml"
GWN = CORPORA / "geowebnews" / "GWN.xml"
GEOVIRUS = CORPORA / "geovirus" / "GeoVirus.xml"

needs_corpora = pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")

# Synthetic texts written for these tests (not from the corpora).
TRNEWS_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles><article docid="7">
  <title>Storm
  </title><url> http://example.org/storm </url><dltime>Dec 17, 2016 10:00 AM CT</dltime>
  <text><![CDATA[Heavy rain hit Paris and the Kurdish north of Iraq.]]></text>
  <toponyms>
    <toponym><phrase>Paris</phrase><start>15</start><end>20</end>
      <gaztag geonameid="2988507"><name>Paris</name><lat>48.85341</lat><lon>2.3488</lon></gaztag></toponym>
    <toponym><phrase>Kurdish</phrase><start>29</start><end>36</end></toponym>
    <toponym><phrase>Iraq</phrase><start>49</start><end>53</end>
      <gaztag geonameid="99237"><name>Iraq</name><lat>33</lat><lon>44</lon></gaztag></toponym>
    <toponym><phrase>Lyon</phrase><start>3</start><end>7</end>
      <gaztag geonameid="2996944"><name>Lyon</name><lat>45.75</lat><lon>4.85</lon></gaztag></toponym>
  </toponyms>
</article></articles>
"""

GWN_XML = """<?xml version="1.0" ?>
<articles><article file="3">
  <title>Quake</title><link>http://example.org/q</link>
  <text>A quake shook the city of Lima, Peru.</text>
  <toponyms>
    <toponym><extractedName>Peru</extractedName><type>Literal</type>
      <start>32</start><end>36</end><geonamesID>3932488</geonamesID>
      <latitude>-10</latitude><longitude>-76</longitude></toponym>
    <toponym><extractedName>Lima</extractedName><type>Literal</type>
      <start>26</start><end>30</end><geonamesID>3936456</geonamesID>
      <latitude>-12.04318</latitude><longitude>-77.02824</longitude></toponym>
    <toponym><extractedName>city</extractedName><type>Literal_Expression</type>
      <start>18</start><end>22</end></toponym>
    <toponym><extractedName>US</extractedName><type>Literal</type>
      <start>-12</start><end>-10</end><latitude>39.76</latitude><longitude>-98.5</longitude></toponym>
  </toponyms>
</article></articles>
"""

GEOVIRUS_XML = """<articles><article>
  <source>https://en.wikinews.org/wiki/Flu_cases_in_Manila</source>
  <text>Flu cases rose in Manila and across Asia.</text>
  <locations>
    <location><name>Manila</name><start>19</start><end>25</end><lat>14.6</lat><lon>120.98</lon>
      <location><name>Asia</name><start>37</start><end>41</end><lat>34</lat><lon>100</lon><continent/></location>
    </location>
  </locations>
</article></articles>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_trnews_realigns_drift_and_keeps_uncoded(tmp_path: Path) -> None:
    docs, report = load_corpus_with_report(_write(tmp_path, "tr.xml", TRNEWS_XML))
    (doc,) = docs
    assert (doc.id, doc.title, doc.url, doc.date) == (
        "7",
        "Storm",
        "http://example.org/storm",
        dt.date(2016, 12, 17),
    )
    assert doc.toponyms == (
        GoldToponym(15, 20, "Paris", 48.85341, 2.3488, "toponym"),
        GoldToponym(29, 36, "Kurdish", None, None, "toponym"),
        GoldToponym(46, 50, "Iraq", 33.0, 44.0, "toponym"),  # given 49-53: 3 too high
    )
    # "Lyon" is nowhere within 12 characters: dropped and counted.
    assert (report.fmt, report.realigned, report.unaligned, report.skipped) == ("trnews", 1, 1, 0)


def test_lgl_is_read_as_trnews(tmp_path: Path) -> None:
    path = _write(tmp_path, "lgl.xml", TRNEWS_XML)
    assert load_corpus(path, fmt="lgl") == load_corpus(path)


def test_gwn_skips_negative_offsets_and_keeps_type(tmp_path: Path) -> None:
    docs, report = load_corpus_with_report(_write(tmp_path, "gwn.xml", GWN_XML))
    (doc,) = docs
    assert report.fmt == "gwn" and report.skipped == 1
    assert [(t.text, t.kind, t.has_coordinates) for t in doc.toponyms] == [
        ("city", "Literal_Expression", False),
        ("Lima", "Literal", True),
        ("Peru", "Literal", True),
    ]


def test_geovirus_shifts_offsets_and_reads_nested(tmp_path: Path) -> None:
    (doc,) = load_corpus(_write(tmp_path, "gv.xml", GEOVIRUS_XML))
    assert doc.title == "Flu cases in Manila"
    assert doc.toponyms == (
        GoldToponym(18, 24, "Manila", 14.6, 120.98, "toponym"),
        GoldToponym(36, 40, "Asia", 34.0, 100.0, "continent"),
    )


@pytest.mark.parametrize(
    ("name", "content", "fmt", "message"),
    [
        ("missing.xml", None, None, "missing.xml: corpus file not found"),
        ("broken.xml", "<articles><article>", None, "broken.xml: malformed XML"),
        ("odd.xml", "<articles><article><body/></article></articles>", None, "cannot tell the corpus format"),
        ("empty.xml", "<articles/>", "gwn", "no <article> elements"),
        ("tr.xml", TRNEWS_XML, "conll", "unknown corpus format 'conll'"),
        (
            "bad.xml",
            TRNEWS_XML.replace("<start>15</start>", "<start>x</start>"),
            None,
            "article 7: <start> is 'x'",
        ),
        ("bad.xml", GWN_XML.replace("<latitude>-10<", "<latitude>south<"), None, "<latitude> is 'south'"),
    ],
)
def test_bad_corpus_files(
    tmp_path: Path, name: str, content: str | None, fmt: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match=message) as info:
        load_corpus(path, fmt=fmt)
    assert name in str(info.value)


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2016-12-19", dt.date(2016, 12, 19)),
        ("2009-03-25 00:26:05.176582-05", dt.date(2009, 3, 25)),
        ("7:58 AM ET, Sat January 3, 2015", dt.date(2015, 1, 3)),
        ("Dec 17, 2016 10:00 AM CT", dt.date(2016, 12, 17)),
        ("Wed Nov 23, 2016 | 4:58pm EST", dt.date(2016, 11, 23)),
        ("December 18, 2016 9:41:42 EST PM", dt.date(2016, 12, 18)),
        ("11/28/2016", dt.date(2016, 11, 28)),
        ("9 Oct 2012, 7:43am EDT", dt.date(2012, 10, 9)),
        ("", None),
        ("2016-13-45", None),
    ],
)
def test_parse_loose_date(raw: str, day: dt.date | None) -> None:
    assert parse_loose_date(raw) == day


def _by_id(docs: tuple[GoldDoc, ...]) -> dict[str, GoldDoc]:
    return {doc.id: doc for doc in docs}


def _assert_spans_match(docs: tuple[GoldDoc, ...]) -> None:
    bad = [(d.id, t) for d in docs for t in d.toponyms if d.text[t.start : t.end] != t.text]
    assert bad == []


@needs_corpora
def test_real_trnews() -> None:
    docs, report = load_corpus_with_report(TRNEWS)
    assert report == type(report)(
        fmt="trnews", docs=118, toponyms=1319, realigned=117, unaligned=0, skipped=0
    )
    located = [t for d in docs for t in d.toponyms if t.has_coordinates]
    assert len(located) == 1275  # 44 toponyms have no <gaztag>
    _assert_spans_match(docs)
    by_id = _by_id(docs)
    first = by_id["1040001"]
    assert first.date == dt.date(2016, 12, 19)
    assert first.toponyms[0] == GoldToponym(2, 9, "Turkish", 39.0, 35.0, "toponym")
    assert GoldToponym(1848, 1855, "Kurdish", None, None, "toponym") in first.toponyms
    # Realigned: given 1331-1340 (its end past the text), found 5 characters earlier.
    assert by_id["1140001"].toponyms[-1] == GoldToponym(
        1326, 1335, "Wisconsin", 44.50024, -90.00041, "toponym"
    )
    # Given with a wrong end (1662): the end follows from the phrase.
    assert (
        GoldToponym(1656, 1669, "Laurel County", 37.11067, -84.1178, "toponym") in by_id["1130001"].toponyms
    )
    assert sum(d.date is None for d in docs) == 12  # empty <dltime>


@needs_corpora
def test_real_geowebnews() -> None:
    docs, report = load_corpus_with_report(GWN)
    # The file has 6,612 spans, 2,601 with lat/lon; 5 spans have negative
    # offsets (4 in doc 123, 1 in doc 255) and 2 of those have lat/lon.
    assert (report.docs, report.toponyms, report.skipped, report.unaligned) == (200, 6607, 5, 0)
    located = [t for d in docs for t in d.toponyms if t.has_coordinates]
    assert len(located) == 2599
    _assert_spans_match(docs)
    by_id = _by_id(docs)
    assert all(t.start >= 0 for t in by_id["123"].toponyms)
    assert GoldToponym(407, 409, "US", 39.76, -98.5, "Embedded_Non_Lit") in by_id["123"].toponyms
    assert (
        GoldToponym(3792, 3808, "Frenchmen Street", 29.985984, -90.059179, "Literal") in by_id["0"].toponyms
    )
    kinds = {t.kind for t in located}
    assert {"Literal", "Metonymic", "Mixed", "Literal_Modifier"} <= kinds
    assert "Non_Toponym" not in kinds


@needs_corpora
def test_real_geovirus() -> None:
    docs, report = load_corpus_with_report(GEOVIRUS)
    assert (report.docs, report.toponyms, report.skipped, report.unaligned) == (229, 2170, 0, 0)
    assert all(t.has_coordinates for d in docs for t in d.toponyms)
    _assert_spans_match(docs)
    assert docs[0].toponyms[0] == GoldToponym(169, 174, "Pandi", 14.87, 120.95, "toponym")
    # Three locations nested inside another <location> in article 45.
    assert [t.text for t in docs[45].toponyms[:2]] == ["Ilocos Sur", "Philippines"]
    assert sum(t.kind == "continent" for d in docs for t in d.toponyms) == 94


@needs_corpora
@pytest.mark.parametrize(("path", "fmt"), [(TRNEWS, "trnews"), (GWN, "gwn"), (GEOVIRUS, "geovirus")])
def test_real_format_detection(path: Path, fmt: str) -> None:
    assert load_corpus_with_report(path)[1].fmt == fmt
