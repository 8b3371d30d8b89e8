"""Where a store is: an SQLite file path, or a ``postgresql://`` URL of a PostGIS database.

The one place that tells them apart, so the command line, ``MAPAPP_DB`` and
the app agree: text with ``://`` is a URL, and only PostgreSQL's schemes are
accepted (any other is refused, never taken as a folder name to create).
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Mapping
from pathlib import Path

from mapapp.errors import StoreError

#: The URL schemes a PostGIS store is opened with (libpq accepts both).
SERVER_SCHEMES = ("postgresql", "postgres")
DB_FILENAME = "mapapp.sqlite3"

#: An SQLite store file, or the URL (text) of a PostGIS store.
StoreTarget = Path | str


def is_url(target: StoreTarget) -> bool:
    """Whether ``target`` is a URL rather than a file path.

    >>> is_url("postgresql://db/incidents"), is_url("incidents.db"), is_url(Path("a://b"))
    (True, False, False)
    """
    return isinstance(target, str) and "://" in target


def parse_target(text: str) -> StoreTarget:
    """The store ``text`` names: a PostGIS URL (kept as text) or an SQLite path.

    >>> parse_target("postgresql://team@db/incidents")
    'postgresql://team@db/incidents'
    >>> parse_target("incidents.db")
    PosixPath('incidents.db')
    >>> parse_target("mysql://db/x")
    Traceback (most recent call last):
    ...
    mapapp.errors.StoreError: 'mysql://db/x' is not a store: give an SQLite file or a postgresql:// URL
    """
    text = text.strip()
    if "://" not in text:
        return Path(text).expanduser()
    scheme = text.split("://", 1)[0].lower()
    if scheme not in SERVER_SCHEMES:
        raise StoreError(f"{redact(text)!r} is not a store: give an SQLite file or a postgresql:// URL")
    return text


def redact(url: str) -> str:
    """``url`` without its password, for messages and logs.

    >>> redact("postgresql://ana:s3cret@db:5432/incidents?sslmode=require")
    'postgresql://ana:***@db:5432/incidents?sslmode=require'
    >>> redact("postgresql://ana@/incidents?host=/tmp&password=x")
    'postgresql://ana@/incidents?host=/tmp&password=***'
    >>> redact("sqlite:///x.db")
    'sqlite:///x.db'
    """
    parts = urllib.parse.urlsplit(url)
    user, at, host = parts.netloc.rpartition("@")
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    if ":" not in user and not any(k == "password" for k, _ in query):
        return url  # nothing to hide: as given
    if ":" in user:
        user = user.split(":", 1)[0] + ":***"
    hidden = "&".join(f"{k}={'***' if k == 'password' else v}" for k, v in query)
    return urllib.parse.urlunsplit((parts.scheme, f"{user}{at}{host}", parts.path, hidden, parts.fragment))


def describe_target(target: StoreTarget) -> str:
    """The store for people: its path, or its URL without the password."""
    return redact(target) if isinstance(target, str) and is_url(target) else str(target)


def default_db_path(*, env: Mapping[str, str] = os.environ) -> StoreTarget:
    """Where the store lives: ``$MAPAPP_DB`` (a path or a ``postgresql://`` URL), else the user's data directory.

    >>> default_db_path(env={"MAPAPP_DB": "/tmp/x.sqlite3"})
    PosixPath('/tmp/x.sqlite3')
    >>> default_db_path(env={"MAPAPP_DB": "postgresql://db/incidents"})
    'postgresql://db/incidents'
    """
    override = env.get("MAPAPP_DB", "").strip()
    if override:
        return parse_target(override)
    import platformdirs  # local: only needed when no path is given

    return Path(platformdirs.user_data_dir("mapapp", appauthor=False)) / DB_FILENAME
