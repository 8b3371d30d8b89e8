"""``evaluate --collection-prior``: two passes, each document with its source's other documents' home."""

from __future__ import annotations

import pytest

from mapapp.cli.evaluate import collection_homes
from mapapp.evaluation.corpora import GoldDoc
from mapapp.models import Article, ParsedArticle, Place, RegionShares, ResolvedMention

TOWNS = {
    "Peoria": Place("gn:1", "Peoria", 40.69, -89.59, "P", "PPL", "US", "Illinois", 110_000, None, "t"),
    "Dayton": Place("gn:2", "Dayton", 39.76, -84.19, "P", "PPL", "US", "Ohio", 140_000, None, "t"),
}


class FirstPass:
    """Resolves each town name in a text to its town, and remembers what it was given."""

    def __init__(self) -> None:
        self.homes: list[RegionShares | None] = []

    def parse(self, article: Article, *, home: RegionShares | None = None) -> ParsedArticle:
        self.homes.append(home)
        mentions = tuple(
            ResolvedMention(
                name, article.text.index(name), article.text.index(name) + len(name), "GPE", town, 1.0
            )
            for name, town in TOWNS.items()
            if name in article.text
        )
        return ParsedArticle(article=article, mentions=mentions)


def doc(n: int, town: str, url: str) -> GoldDoc:
    return GoldDoc(id=str(n), title="", text=f"News from {town}.", date=None, toponyms=(), url=url)


DOCS = [
    doc(0, "Peoria", "https://www.pjstar.example/a"),
    doc(1, "Peoria", "https://pjstar.example/b"),
    doc(2, "Dayton", "https://pjstar.example/c"),
    doc(3, "Dayton", "https://daytondaily.example/d"),
]
ILLINOIS = RegionShares(1, {("US", ""): 1.0, ("US", "Illinois"): 1.0})
OHIO = RegionShares(1, {("US", ""): 1.0, ("US", "Ohio"): 1.0})


@pytest.mark.parametrize(
    ("keyed", "expected"),
    [
        # by URL domain: each document gets the rest of its outlet (the Dayton paper has no other story)
        ("source", [ILLINOIS + OHIO, ILLINOIS + OHIO, ILLINOIS + ILLINOIS, RegionShares()]),
        # the corpus as one collection: everything but the document itself
        (
            "corpus",
            [
                ILLINOIS + OHIO + OHIO,
                ILLINOIS + OHIO + OHIO,
                ILLINOIS + ILLINOIS + OHIO,
                ILLINOIS + ILLINOIS + OHIO,
            ],
        ),
    ],
)
def test_each_document_gets_its_sources_home_without_itself(keyed, expected):
    first = FirstPass()
    homes = collection_homes(DOCS, geoparser=first, keyed=keyed, name="corpus")
    assert homes == expected
    assert first.homes == [None] * len(DOCS)  # the first pass resolves without a prior
