"""The PostGIS store's schema, its versions and their migrations.

Everything lives in the schema ``mapapp`` of the database (one store per
database; other schemas are never touched). ``mapapp.store_meta`` holds the
application name, the schema version and a write counter. Migrations run
like SQLite's (:mod:`mapapp.store.schema`): numbered steps, each inside the
transaction that bumps the version, under an advisory lock so several
processes opening a fresh database at once migrate it exactly once.

The incident columns are SQLite's, so the shared code writes and reads the
same rows; PostGIS adds what the engines spell differently:

* ``geom geometry(Point, 4326)``, generated from ``lon``/``lat``, with a GiST
  index and a GiST index on ``geom::geography`` (metre radii, ``ST_DWithin``);
* ``area geometry(Geometry, 4326)``, the uncertainty polygon generated from
  the GeoJSON in ``uncertainty``, with a GiST index;
* ``search tsvector`` of snippet, title and location name (diacritics folded
  by ``unaccent``, words as they are: the ``simple`` configuration), kept by
  a trigger, with a GIN index;
* dates are ``date`` columns (btree), ids sort by code point (``COLLATE "C"``,
  as in SQLite).
"""

from __future__ import annotations

from typing import Any

from mapapp.errors import StoreError
from mapapp.store.safety import SchemaTooOldError
from mapapp.store.schema import Migration

SCHEMA = "mapapp"
APPLICATION = "mapapp"
#: Advisory lock keys ("MAPA" then a number): migrating, and writing.
MIGRATE_LOCK = 0x4D41504100000000
WRITE_LOCK = 0x4D41504100000001

_V1_SQL = """
CREATE TABLE articles (
    id           text COLLATE "C" PRIMARY KEY,
    title        text NOT NULL,
    date         date,
    url          text NOT NULL,
    text         text NOT NULL,
    source_path  text NOT NULL,
    content_hash text NOT NULL,
    text_hash    text NOT NULL,
    stored_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_text_hash ON articles (text_hash);

CREATE TABLE incidents (
    rowid          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             text COLLATE "C" NOT NULL,
    article_id     text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq            integer NOT NULL,
    kind           text NOT NULL,
    event_type     text NOT NULL,
    date           date,
    time_precision integer NOT NULL,
    lat            double precision,
    lon            double precision,
    location_name  text NOT NULL,
    country_code   text NOT NULL,
    geo_precision  integer NOT NULL,
    snippet        text NOT NULL,
    place_start    integer,
    place_end      integer,
    title          text NOT NULL,
    source         text NOT NULL,
    confidence     double precision NOT NULL,
    places         text NOT NULL,
    uncertainty    text,
    anchor_name    text NOT NULL,
    anchor_lat     double precision,
    anchor_lon     double precision,
    distance_m     double precision,
    bearing_deg    double precision,
    method         text NOT NULL,
    extra          text NOT NULL,
    geom geometry(Point, 4326) GENERATED ALWAYS AS (
        CASE WHEN lat IS NULL OR lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END
    ) STORED,
    area geometry(Geometry, 4326) GENERATED ALWAYS AS (
        ST_SetSRID(ST_GeomFromGeoJSON(uncertainty), 4326)
    ) STORED,
    search tsvector,
    UNIQUE (article_id, id)
);
CREATE INDEX incidents_geom ON incidents USING gist (geom);
CREATE INDEX incidents_geog ON incidents USING gist ((geom::geography));
CREATE INDEX incidents_area ON incidents USING gist (area);
CREATE INDEX incidents_date ON incidents (date);
CREATE INDEX incidents_country_date ON incidents (upper(country_code), date);
CREATE INDEX incidents_event_type ON incidents (event_type);
CREATE INDEX incidents_id ON incidents (id);
CREATE INDEX incidents_precision_date ON incidents (time_precision, date);
CREATE INDEX incidents_search ON incidents USING gin (search);

-- The search_path of the migrating session (mapapp, then where unaccent is)
-- is pinned, so a client with another search_path (QGIS) writes the same vector.
CREATE FUNCTION incident_search() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.search := to_tsvector('simple', unaccent(NEW.snippet || ' ' || NEW.title || ' ' || NEW.location_name));
    RETURN NEW;
END
$$;
CREATE TRIGGER incidents_search BEFORE INSERT OR UPDATE OF snippet, title, location_name ON incidents
    FOR EACH ROW EXECUTE FUNCTION incident_search();

CREATE TABLE incident_names (
    incident_rowid bigint NOT NULL REFERENCES incidents (rowid) ON DELETE CASCADE,
    name_key       text NOT NULL,
    PRIMARY KEY (name_key, incident_rowid)
);
CREATE INDEX incident_names_rowid ON incident_names (incident_rowid);

CREATE TABLE fused (
    incident_rowid bigint PRIMARY KEY REFERENCES incidents (rowid) ON DELETE CASCADE,
    component      bigint NOT NULL,
    group_id       bigint NOT NULL,
    members        integer NOT NULL
);
CREATE INDEX fused_component ON fused (component);
CREATE INDEX fused_group ON fused (group_id);
"""


_V2_REGIONS_SQL = """
CREATE TABLE IF NOT EXISTS article_regions (
    article_id   text COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source       text COLLATE "C" NOT NULL,
    country_code text NOT NULL,
    admin1       text NOT NULL,
    share        double precision NOT NULL,
    PRIMARY KEY (article_id, country_code, admin1)
);
CREATE INDEX IF NOT EXISTS article_regions_source ON article_regions (source);
"""


def _create_v1(conn: Any) -> None:
    conn.execute(_V1_SQL)


def _create_regions(conn: Any) -> None:
    conn.execute(_V2_REGIONS_SQL)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, incidents with point, area and text search, names, fused events", _create_v1),
    Migration(
        2, "each article's shares of countries and divisions, by source (collection prior)", _create_regions
    ),
)
SCHEMA_VERSION = MIGRATIONS[-1].version

_EXTENSIONS = ("postgis", "unaccent")


def stored_version(conn: Any, location: str) -> int:
    """The schema version of the store in this database (0: none yet); a foreign ``mapapp`` schema is refused."""
    if conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (SCHEMA,)).fetchone() is None:
        return 0
    if conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.store_meta",)).fetchone()[0] is None:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s", (SCHEMA,)).fetchone()[0]
        if tables:
            raise StoreError(
                f"{location}: schema {SCHEMA!r} holds tables of another application, not a mapapp store"
            )
        return 0  # an empty schema an administrator created for the store
    row = conn.execute("SELECT application, version FROM store_meta").fetchone()
    if row is None or row[0] != APPLICATION:
        raise StoreError(f"{location}: schema {SCHEMA!r} is not a mapapp store")
    return int(row[1])


def _newer(location: str, version: int) -> StoreError:
    return StoreError(
        f"store {location} has schema version {version}, newer than the "
        f"{SCHEMA_VERSION} this mapapp supports; upgrade mapapp"
    )


def check_current(conn: Any, location: str) -> None:
    """For a read-only opening: the store exists and needs no migration."""
    version = stored_version(conn, location)
    if version == 0:
        raise StoreError(f"no incident store at {location}: run `mapapp ingest --db URL` first")
    if version > SCHEMA_VERSION:
        raise _newer(location, version)
    if version < SCHEMA_VERSION:
        raise SchemaTooOldError(
            f"store {location} has schema version {version}, older than {SCHEMA_VERSION}: "
            "open it writable (e.g. `mapapp ingest`) to upgrade it"
        )


def _create_extensions(conn: Any, location: str) -> None:
    for name in _EXTENSIONS:
        if conn.execute("SELECT 1 FROM pg_extension WHERE extname = %s", (name,)).fetchone():
            continue
        try:
            with conn.transaction():  # a savepoint: the message below is the one to see
                conn.execute(f"CREATE EXTENSION {name} SCHEMA public")
        except Exception as exc:
            raise StoreError(
                f"store {location} needs the {name} extension and this user cannot create it "
                f"(ask an administrator to run `CREATE EXTENSION {name};` in the database): {exc}"
            ) from exc


def migrate(conn: Any, location: str) -> None:
    """Create or upgrade the store to :data:`SCHEMA_VERSION`, atomically, once whoever else opens it."""
    version = stored_version(conn, location)
    if version > SCHEMA_VERSION:
        raise _newer(location, version)
    if version == SCHEMA_VERSION:
        return
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
        version = stored_version(conn, location)  # again, under the lock
        if version > SCHEMA_VERSION:
            raise _newer(location, version)
        if version == 0:
            _create_extensions(conn, location)
            conn.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
            conn.execute(
                f"CREATE TABLE {SCHEMA}.store_meta (application text NOT NULL, version integer NOT NULL, "
                "revision bigint NOT NULL DEFAULT 0)"
            )
            conn.execute(
                f"INSERT INTO {SCHEMA}.store_meta (application, version) VALUES (%s, 0)", (APPLICATION,)
            )
        for step in MIGRATIONS:
            if step.version > version:
                step.apply(conn)
                conn.execute("UPDATE store_meta SET version = %s", (step.version,))
