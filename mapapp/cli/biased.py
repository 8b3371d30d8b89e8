"""Picklable parsers for a run with a region bias, each building its Geoparser where it runs.

The pipeline hands a given parser or processor to every worker process as
it is; these carry only the bias, so what crosses to a worker is small, and
each process loads its own models once, on its first article.
"""

from __future__ import annotations

from typing import Any

from mapapp.geoparse.bias import RegionBias
from mapapp.models import Article, ParsedArticle


class BiasedParser:
    """``article -> ParsedArticle`` with a :class:`~mapapp.geoparse.Geoparser` biased to a region."""

    def __init__(self, bias: RegionBias, *, derive: bool = True) -> None:
        self.bias = bias
        self.derive = derive
        self._geoparser: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"bias": self.bias, "derive": self.derive}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["bias"], derive=state["derive"])  # type: ignore[misc]

    @property
    def geoparser(self) -> Any:
        if self._geoparser is None:
            from mapapp.geoparse import Geoparser

            self._geoparser = Geoparser(bias=self.bias, derive=self.derive)
        return self._geoparser

    def __call__(self, article: Article) -> ParsedArticle:
        return self.geoparser.parse(article)


class BiasedProcessor:
    """``article -> Processed`` like :meth:`~mapapp.pipeline.pool.ArticleProcessor.default`, biased to a region."""

    def __init__(self, bias: RegionBias) -> None:
        self.bias = bias
        self._processor: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"bias": self.bias}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["bias"])  # type: ignore[misc]

    def __call__(self, article: Article) -> Any:
        if self._processor is None:
            from mapapp.incidents.reading import SentenceReader
            from mapapp.pipeline.pool import ArticleProcessor

            parser = BiasedParser(self.bias)
            self._processor = ArticleProcessor(parser, reader=SentenceReader(parser.geoparser.nlp))
        return self._processor(article)
