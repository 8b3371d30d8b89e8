"""Writing an article and its incidents atomically."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

from mapapp.errors import StoreError
from mapapp.models import Article, ArticleRegions, Incident
from mapapp.store.backend import Backend
from mapapp.store.codec import ARTICLE_COLUMNS, INCIDENT_COLUMNS, article_row, incident_names, incident_row
from mapapp.store.groups import components_of_article, regroup
from mapapp.store.regions import put_regions

PutOutcome = Literal["stored", "unchanged", "replaced"]

# The values are IncidentRow tuples, whose field order INCIDENT_COLUMNS is.
_INSERT_INCIDENT = (
    f"INSERT INTO incidents (seq, {', '.join(INCIDENT_COLUMNS)}) "
    f"VALUES (?, {', '.join('?' for _ in INCIDENT_COLUMNS)})"
)
# The values are ArticleRow tuples.
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' for _ in ARTICLE_COLUMNS)})"
)
_UPDATED_COLUMNS = [c for c in ARTICLE_COLUMNS if c != "id"]


def _update_article(db: Backend) -> str:
    """The ``UPDATE`` of an article's row; its values are the ArticleRow's, ``id`` last."""
    assignments = ", ".join(f"{c} = ?" for c in _UPDATED_COLUMNS)
    return f"UPDATE articles SET {assignments}, stored_at = {db.now()} WHERE id = ?"


def put_in_transaction(
    db: Backend,
    article: Article,
    incidents: Sequence[Incident],
    *,
    force: bool,
    regions: ArticleRegions | None = None,
) -> PutOutcome:
    """Store one article inside the caller's open write transaction.

    The article id is the key. A known id with the same content hash is
    ``"unchanged"`` (unless ``force``); with another hash its incidents are
    replaced. An unknown id whose content hash, or text alone, matches
    another stored article is the same article under another id (e.g. the
    same file copied, or the same text with other metadata) and is
    ``"unchanged"`` too, so a corpus ingested twice never doubles the map.
    The events' fused groups are recomputed around the new incidents and
    for the groups the old ones left. ``regions`` (the article's source and
    the shares of its places) replace the article's old ones with its incidents.
    """
    a_row = article_row(article)  # validates before anything is written
    i_rows = [incident_row(inc, article_id=article.id) for inc in incidents]
    twice = [i for i, n in Counter(inc.id for inc in incidents).items() if n > 1]
    if twice:
        raise StoreError(f"article {article.id!r}: incident id {twice[0]!r} is not unique")
    # The id, and a twin under another id (same content, or same text), in one statement.
    known = db.execute(
        "SELECT id, content_hash FROM articles WHERE id = ? OR content_hash = ? OR text_hash = ?",
        (article.id, a_row.content_hash, a_row.text_hash),
    ).fetchall()
    existing = next((row for row in known if row[0] == article.id), None)
    stale: set[int] = set()
    if existing is None:
        if known and not force:
            return "unchanged"
        db.execute(_INSERT_ARTICLE, a_row)
        outcome: PutOutcome = "stored"
    else:
        if existing[1] == a_row.content_hash and not force:
            return "unchanged"
        stale = components_of_article(db, article.id)
        _delete_incidents(db, article.id)
        db.execute(_update_article(db), [*a_row[1:], a_row.id])
        outcome = "replaced"
    rowids = _insert_incidents(db, incidents, i_rows)
    regroup(db, rowids, stale)
    put_regions(db, article.id, regions)
    return outcome


def _insert_incidents(
    db: Backend, incidents: Sequence[Incident], i_rows: Sequence[tuple[object, ...]]
) -> list[int]:
    """Insert an article's incidents and their name and text index rows; their rowids.

    A fixed number of statements per article (the provider batches the
    rows), so a store a round trip away pays per article, not per incident.
    """
    rowids = db.insert_rows(_INSERT_INCIDENT, [(seq, *values) for seq, values in enumerate(i_rows)])
    db.executemany(
        "INSERT INTO incident_names (incident_rowid, name_key) VALUES (?, ?)",
        [
            (rowid, key)
            for rowid, incident in zip(rowids, incidents, strict=True)
            for key in incident_names(incident)
        ],
    )
    for rowid, incident in zip(rowids, incidents, strict=True):
        db.index_text(rowid, incident)
    return rowids


def _delete_incidents(db: Backend, article_id: str) -> None:
    db.unindex_text(article_id)
    # incident_names and fused rows go with ON DELETE CASCADE.
    db.execute("DELETE FROM incidents WHERE article_id = ?", (article_id,))


def delete_article(db: Backend, article_id: str) -> bool:
    """Remove an article and its incidents, regrouping what they were fused with; whether it existed."""
    stale = components_of_article(db, article_id)
    _delete_incidents(db, article_id)
    regroup(db, [], stale)
    return bool(db.execute("DELETE FROM articles WHERE id = ? RETURNING id", (article_id,)).fetchall())
