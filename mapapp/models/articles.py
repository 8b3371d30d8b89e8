"""News articles and the geoparser's output for one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mapapp.models.places import DerivedLocation, Entity, Mention


@dataclass(frozen=True, slots=True)
class Article:
    """A news article as read from a file or a record."""

    id: str
    title: str
    date: dt.date | None
    url: str
    text: str
    source_path: str = ""
    #: Problems met while reading that did not stop it ("cannot read the date ...").
    warnings: tuple[str, ...] = ()
    #: The feed or outlet the article came from (a JSONL ``source`` or ``feed`` field), if given.
    source: str = ""


@dataclass(frozen=True, slots=True)
class ParsedArticle:
    """The geoparser's output for one article.

    ``entities`` are the NER's entities of every label (persons,
    organisations, laws ...): the incident stage reads them to tell a place
    from a name that merely contains one.
    """

    article: Article
    mentions: tuple[Mention, ...]
    derived: tuple[DerivedLocation, ...] = ()
    entities: tuple[Entity, ...] = ()
