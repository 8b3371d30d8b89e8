"""Writing an article and its incidents atomically."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Literal

from mapapp.errors import StoreError
from mapapp.models import Article, Incident
from mapapp.store.codec import (
    ARTICLE_COLUMNS,
    INCIDENT_COLUMNS,
    article_row,
    fetch_one,
    incident_names,
    incident_row,
)
from mapapp.store.groups import components_of_article, regroup
from mapapp.store.schema import FTS_TABLE

PutOutcome = Literal["stored", "unchanged", "replaced"]

# The values are IncidentRow tuples, whose field order INCIDENT_COLUMNS is.
_INSERT_INCIDENT = (
    f"INSERT INTO incidents (seq, {', '.join(INCIDENT_COLUMNS)}) "
    f"VALUES (?, {', '.join('?' for _ in INCIDENT_COLUMNS)})"
)
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in ARTICLE_COLUMNS)})"
)
_UPDATE_ARTICLE = (
    "UPDATE articles SET title = :title, date = :date, url = :url, text = :text, "
    "source_path = :source_path, content_hash = :content_hash, text_hash = :text_hash, "
    "stored_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = :id"
)


def has_fts(conn: sqlite3.Connection) -> bool:
    """Whether the store has its FTS5 table (the build may lack FTS5)."""
    row = fetch_one(conn, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,))
    return row is not None


def put_in_transaction(
    conn: sqlite3.Connection,
    article: Article,
    incidents: Sequence[Incident],
    *,
    force: bool,
    fts: bool,
) -> PutOutcome:
    """Store one article inside the caller's open write transaction.

    The article id is the key. A known id with the same content hash is
    ``"unchanged"`` (unless ``force``); with another hash its incidents are
    replaced. An unknown id whose content hash, or text alone, matches
    another stored article is the same article under another id (e.g. the
    same file copied, or the same text with other metadata) and is
    ``"unchanged"`` too, so a corpus ingested twice never doubles the map.
    The events' fused groups are recomputed around the new incidents and
    for the groups the old ones left.
    """
    a_row = article_row(article)  # validates before anything is written
    i_rows = [incident_row(inc, article_id=article.id) for inc in incidents]
    existing = fetch_one(conn, "SELECT content_hash FROM articles WHERE id = ?", (article.id,))
    stale: set[int] = set()
    if existing is None:
        twin = fetch_one(
            conn,
            "SELECT id FROM articles WHERE content_hash = ? OR text_hash = ? LIMIT 1",
            (a_row.content_hash, a_row.text_hash),
        )
        if twin is not None and not force:
            return "unchanged"
        conn.execute(_INSERT_ARTICLE, a_row._asdict())
        outcome: PutOutcome = "stored"
    else:
        if existing["content_hash"] == a_row.content_hash and not force:
            return "unchanged"
        stale = components_of_article(conn, article.id)
        _delete_incidents(conn, article.id, fts=fts)
        conn.execute(_UPDATE_ARTICLE, a_row._asdict())
        outcome = "replaced"
    rowids = _insert_incidents(conn, article.id, incidents, i_rows, fts=fts)
    regroup(conn, rowids, stale)
    return outcome


def _insert_incidents(
    conn: sqlite3.Connection,
    article_id: str,
    incidents: Sequence[Incident],
    i_rows: Sequence[tuple[object, ...]],
    *,
    fts: bool,
) -> list[int]:
    """Insert an article's incidents and their name and text index rows; their rowids."""
    rowids: list[int] = []
    # One statement per row measured faster than executemany followed by
    # INSERT ... SELECT for the name and text indexes (which re-reads rows).
    for seq, (incident, values) in enumerate(zip(incidents, i_rows, strict=True)):
        try:
            rowid = conn.execute(_INSERT_INCIDENT, (seq, *values)).lastrowid
        except sqlite3.IntegrityError as exc:
            raise StoreError(
                f"article {article_id!r}: incident id {incident.id!r} is not unique ({exc})"
            ) from exc
        assert rowid is not None
        rowids.append(rowid)
        conn.executemany(
            "INSERT INTO incident_names (incident_rowid, name_key) VALUES (?, ?)",
            [(rowid, key) for key in incident_names(incident)],
        )
        if fts:
            conn.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, snippet, title, location_name) VALUES (?, ?, ?, ?)",
                (rowid, incident.snippet, incident.title, incident.location_name),
            )
    return rowids


def _delete_incidents(conn: sqlite3.Connection, article_id: str, *, fts: bool) -> None:
    if fts:
        conn.execute(
            f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT rowid FROM incidents WHERE article_id = ?)",
            (article_id,),
        )
    # incident_names rows go with ON DELETE CASCADE.
    conn.execute("DELETE FROM incidents WHERE article_id = ?", (article_id,))


def delete_article(conn: sqlite3.Connection, article_id: str, *, fts: bool) -> bool:
    """Remove an article and its incidents, regrouping what they were fused with; whether it existed."""
    stale = components_of_article(conn, article_id)
    _delete_incidents(conn, article_id, fts=fts)
    regroup(conn, [], stale)
    return conn.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0
