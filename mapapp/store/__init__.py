"""The incident store: SQLite in WAL mode by default, PostGIS for a team; versioned schema.

``IncidentStore.open(path)`` creates or migrates the database (an SQLite
file, or a ``postgresql://`` URL: :mod:`mapapp.store.postgis`, the
``mapapp[postgis]`` extra); ``put_article`` writes an article and all its
incidents in one transaction under the store's write lock; ``query``
filters by date range, bounding box, country, place and free text, each
backed by an index. The rules below are written once
(:mod:`~mapapp.store.write`, :mod:`~mapapp.store.query`,
:mod:`~mapapp.store.groups`) over :class:`~mapapp.store.backend.Backend`,
which :mod:`~mapapp.store.sqlite` and :mod:`~mapapp.store.postgis` provide.

Choices worth knowing:

* The article id is the key. Re-putting an id with the same content hash
  (SHA-256 of title, date, URL and text) is ``"unchanged"``; with a new hash
  the article's own incidents are replaced. A *new* id whose content hash
  or text alone equals a stored article's is also ``"unchanged"`` (the same
  article read from a copied file); ``force=True`` overrides both.
  :meth:`IncidentStore.has_text` finds an article by its text hash before
  it is parsed.
* One incident per real event: the incidents of different articles that
  report the same event (:func:`mapapp.incidents.fusion.same_event`) are
  linked in the ``fused`` table, recomputed in the writing transaction
  (:mod:`mapapp.store.groups`); ``query`` and ``stats`` return each such
  event once, fused with all its sources. The article's own rows are never
  changed by another article.
* Incident ids must be unique within their article (the key is
  ``(article_id, id)``), so two articles never collide.
* Every field round-trips exactly. ``places`` and ``uncertainty`` are JSON
  columns; GeoJSON arrays in ``uncertainty`` come back as tuples, the shape
  :mod:`mapapp.incidents` makes them in. The incident's ``derivation`` lives
  in the ``anchor_*``, ``distance_m``, ``bearing_deg`` and ``method``
  columns (NULL or empty without one) and its ``provenance`` in the
  ``extra`` JSON column, under the key names version-1 stores already use,
  so no migration is needed. A ``datetime`` given as a date is stored as
  its day.
* Free text uses FTS5 (words, diacritics folded) when SQLite has it, else
  ``LIKE`` on substrings; on PostGIS a ``tsvector`` (``simple``, unaccented).
  User text is never parsed as query syntax.
* ``synchronous=NORMAL``: a killed process loses nothing committed; a power
  cut may lose the last commits but never corrupts the file.
"""

from __future__ import annotations

from mapapp.store.codec import content_hash, text_hash
from mapapp.store.core import IncidentStore
from mapapp.store.location import DB_FILENAME, StoreTarget, default_db_path, describe_target, parse_target
from mapapp.store.query import Filters, Stats
from mapapp.store.schema import MIGRATIONS, SCHEMA_VERSION
from mapapp.store.write import PutOutcome

__all__ = [
    "DB_FILENAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Filters",
    "IncidentStore",
    "PutOutcome",
    "Stats",
    "StoreTarget",
    "content_hash",
    "default_db_path",
    "describe_target",
    "parse_target",
    "text_hash",
]
