"""Each article's home-region shares, and the sums by source that make a collection prior.

One row per article and region (``admin1`` empty for a country's share);
rows go with their article (``ON DELETE CASCADE``) and are replaced with its
incidents, so a source's sums are always those of the articles stored now,
whatever order they were stored in.
"""

from __future__ import annotations

from collections import defaultdict

from mapapp.models import ArticleRegions, RegionKey, RegionShares
from mapapp.store.backend import Backend

#: Sums are rounded so that the order rows were added in (float addition) never shows.
_DECIMALS = 6

REGIONS_SQL = """
CREATE TABLE IF NOT EXISTS article_regions (
    article_id   TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    source       TEXT NOT NULL,
    country_code TEXT NOT NULL,
    admin1       TEXT NOT NULL,
    share        REAL NOT NULL,
    PRIMARY KEY (article_id, country_code, admin1)
);
CREATE INDEX IF NOT EXISTS article_regions_source ON article_regions(source)
"""


def put_regions(db: Backend, article_id: str, regions: ArticleRegions | None) -> None:
    """Replace an article's region rows (inside the caller's write transaction); ``None`` leaves none."""
    db.execute("DELETE FROM article_regions WHERE article_id = ?", (article_id,))
    if regions is None or not regions.source or regions.shares.articles <= 0:
        return
    db.executemany(
        "INSERT INTO article_regions (article_id, source, country_code, admin1, share) VALUES (?, ?, ?, ?, ?)",
        [
            (article_id, regions.source, code, admin1, float(share))
            for (code, admin1), share in sorted(regions.shares.shares.items())
        ],
    )


def source_homes(db: Backend) -> dict[str, RegionShares]:
    """Every source's shares summed over its stored articles."""
    counts = {
        str(source): int(n)
        for source, n in db.execute(
            "SELECT source, count(DISTINCT article_id) FROM article_regions GROUP BY source"
        )
    }
    sums: defaultdict[str, dict[RegionKey, float]] = defaultdict(dict)
    for source, code, admin1, total in db.execute(
        "SELECT source, country_code, admin1, sum(share) FROM article_regions "
        "GROUP BY source, country_code, admin1"
    ):
        sums[str(source)][(str(code), str(admin1))] = round(float(total), _DECIMALS)
    return {
        source: RegionShares(n, dict(sorted(sums[source].items()))) for source, n in sorted(counts.items())
    }
