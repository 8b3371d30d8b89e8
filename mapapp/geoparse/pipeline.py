"""The geoparsing pipeline: recognise -> candidates -> rank -> derive.

:class:`Geoparser` wires the stages together; it holds the loaded spaCy
pipeline and the gazetteer, both expensive to open, so make one and reuse
it. :func:`mapapp.pipeline.parse_articles` spreads a batch over worker
processes, each with its own Geoparser.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from mapapp.gazetteer import Gazetteer
from mapapp.geoparse.bias import RegionBias
from mapapp.geoparse.kinds import trim_span
from mapapp.geoparse.nlp import DEFAULT_MODEL, ModelName, load_nlp
from mapapp.geoparse.ranking import Ranker
from mapapp.geoparse.recognize import Recognizer, Span, demonym_first
from mapapp.geoparse.resolve import Resolver
from mapapp.models import Article, Entity, Mention, ParsedArticle, RegionShares

# Geoparsing reads only the NER, which has its own embedding layer: the shared
# tok2vec, tagger, parser and lemmatiser are switched off for it (the
# incident stage runs them on the few sentences that report an event).
NER_ONLY_DISABLES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# spaCy refuses texts over nlp.max_length; long articles go in paragraph chunks.
CHUNK_CHARS = 100_000
MAX_NAME_CHARS = 200


def text_chunks(text: str, *, max_chars: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pairs covering ``text``, cut at line breaks when possible.

    >>> [(o, p) for o, p in text_chunks("ab\\ncd\\nef", max_chars=4)]
    [(0, 'ab\\n'), (3, 'cd\\n'), (6, 'ef')]
    """
    start = 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


@dataclass(frozen=True, slots=True)
class _Shifted:
    """A spaCy entity moved to article offsets."""

    start_char: int
    end_char: int
    label_: str


@dataclass(frozen=True, slots=True)
class _Entities:
    ents: tuple[_Shifted, ...]


def _shifted(doc: Any, offset: int) -> Iterator[_Shifted]:
    """The entities of a spaCy doc of one piece of text starting at ``offset``."""
    for ent in doc.ents:
        yield _Shifted(ent.start_char + offset, ent.end_char + offset, ent.label_)


class Geoparser:
    """Finds and resolves every place an article names.

    Parameters
    ----------
    gazetteer
        An open gazetteer; opened when omitted.
    nlp
        A loaded spaCy pipeline; loaded when omitted.
    model
        Which pipeline to load when ``nlp`` is omitted (:mod:`mapapp.geoparse.nlp`).
    derive
        Whether to turn spatial phrases ("22 miles off X") into derived
        locations.
    bias
        A user-given preferred country or region (:func:`~mapapp.geoparse.bias.region_bias`).
    ranker
        How candidates are scored (:func:`~mapapp.geoparse.ranking.load_ranker`; default: hand weights).

    :meth:`prepare` runs the NER of many articles as one batch
    (``nlp.pipe``, several times faster per article than one ``nlp(text)``
    each); :meth:`parse` then reuses it for those texts.
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer | None = None,
        nlp: Any = None,
        model: ModelName = DEFAULT_MODEL,
        derive: bool = True,
        bias: RegionBias | None = None,
        ranker: Ranker | None = None,
    ) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.open()
        self.nlp = nlp if nlp is not None else load_nlp(model=model)
        self.recognizer = Recognizer(nlp=self.nlp, names=self.gazetteer)
        self.resolver = Resolver(gazetteer=self.gazetteer, bias=bias, ranker=ranker)
        self.derive = derive
        # The NER of the texts of the last prepare() call (only those: bounded by one batch).
        self._prepared: dict[str, _Entities] = {}

    def _ner_disabled(self) -> list[str]:
        return [name for name in self.nlp.pipe_names if name in NER_ONLY_DISABLES]

    def prepare(self, texts: Iterable[str]) -> None:
        """Run the NER over ``texts`` in one batch, for the :meth:`parse` calls that follow.

        Replaces what the previous call prepared. When spaCy raises on the
        batch nothing is kept (the exception propagates): each text's own
        :meth:`parse` then runs its NER alone, so only the text at fault
        fails. A text not prepared is parsed as before.
        """
        self._prepared = {}
        unique = list(dict.fromkeys(texts))
        pieces = [
            (piece, (i, offset)) for i, text in enumerate(unique) for offset, piece in text_chunks(text)
        ]
        found: list[list[_Shifted]] = [[] for _ in unique]
        batch = max(1, len(pieces))
        for doc, (i, offset) in self.nlp.pipe(
            pieces, as_tuples=True, disable=self._ner_disabled(), batch_size=batch
        ):
            found[i].extend(_shifted(doc, offset))
        self._prepared = {text: _Entities(tuple(ents)) for text, ents in zip(unique, found, strict=True)}

    def _entities(self, text: str) -> _Entities:
        prepared = self._prepared.get(text)
        if prepared is not None:
            return prepared
        disable = self._ner_disabled()
        ents: list[_Shifted] = []
        for offset, piece in text_chunks(text):
            ents.extend(_shifted(self.nlp(piece, disable=disable), offset))
        return _Entities(tuple(ents))

    def recognize(self, text: str) -> tuple[Span, ...]:
        """Stage 1 only: the place spans of ``text``."""
        return self.recognizer.recognize_doc(self._entities(text), text)

    def parse(self, article: Article, *, home: RegionShares | None = None) -> ParsedArticle:
        """Mentions (and derived locations) of one article, with the NER's entities.

        ``home`` is the home regions of the article's source, a prior of
        resolution (:mod:`~mapapp.geoparse.collection`).
        """
        text = article.text
        found = self._entities(text)
        mentions = self.resolver.resolve(text, self.recognizer.recognize_doc(found, text), home=home)
        entities = tuple(
            Entity(e.start_char, e.end_char, e.label_, text[e.start_char : e.end_char]) for e in found.ents
        )
        return ParsedArticle(
            article=article, mentions=mentions, derived=self._derive(text, mentions), entities=entities
        )

    def _derive(self, text: str, mentions: Sequence[Mention]) -> tuple:
        if not self.derive:
            return ()
        try:
            from mapapp.spatial import derive_locations
        except ImportError:  # the spatial stage is optional for geoparsing
            return ()
        return tuple(derive_locations(text, mentions))

    def resolve_spans(
        self, text: str, spans: Iterable[tuple[int, int]], *, home: RegionShares | None = None
    ) -> tuple[Mention, ...]:
        """Resolve given spans (e.g. gold spans) without trusting recognition for them.

        The article's own recognised places still serve as context (a
        reader of the article sees them too); only mentions of the given
        spans are returned. ``home`` is as in :meth:`parse`.
        """
        given, context = self.given_spans(text, spans)
        wanted = {(g.start, g.end) for g in given}
        resolved = self.resolver.resolve(text, [*given, *context], home=home)
        return tuple(m for m in resolved if (m.start, m.end) in wanted)

    def given_spans(self, text: str, spans: Iterable[tuple[int, int]]) -> tuple[list[Span], list[Span]]:
        """The given spans as :class:`Span` records, and the recognised spans that overlap none of them."""
        given = []
        for start, end in spans:
            a, b = trim_span(text, start, end)
            if b > a:
                surface = text[a:b]
                weights = self.gazetteer.name_weights(" ".join(surface.split())[:MAX_NAME_CHARS])
                given.append(Span(a, b, surface, "GOLD", surface, adjectival=demonym_first(weights)))
        context = [
            s for s in self.recognize(text) if all(s.end <= g.start or s.start >= g.end for g in given)
        ]
        return given, context
