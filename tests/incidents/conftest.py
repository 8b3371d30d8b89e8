"""Fixtures of the incident tests: the whole stage with the real geoparser and sentence reader."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mapapp.pipeline import ArticleProcessor


@pytest.fixture(scope="session")
def process(gazetteer) -> Iterator[ArticleProcessor]:
    from mapapp.geoparse import Geoparser
    from mapapp.incidents.reading import SentenceReader

    geoparser = Geoparser(gazetteer=gazetteer)
    yield ArticleProcessor(geoparser.parse, reader=SentenceReader(geoparser.nlp))
