"""A PostGIS server for the store tests: the one scripts/test.sh started, or a throwaway one.

``MAPAPP_TEST_POSTGIS_URL`` names a database on a server where the tests may
create and drop databases (scripts/test.sh exports the URL of the cluster it
starts). Without it, a throwaway socket-only cluster is started here when
this user can (root, PostgreSQL 15 and PostGIS installed), and stopped at
the end of the session. Otherwise every PostGIS test skips, saying why
(``MAPAPP_TEST_POSTGIS_SKIP`` carries scripts/test.sh's reason).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers import REPO_ROOT

PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
CLUSTER_SCRIPT = REPO_ROOT / "scripts" / "postgis_cluster.sh"
TEMPLATE = "mapapp_test_template"
#: The store engines the store tests run against (the ``engine`` fixture's parameters).
ENGINES = ("sqlite", "postgis")


def url_for(url: str, database: str) -> str:
    """``url`` with its database replaced.

    >>> url_for("postgresql://postgres@/postgres?host=/tmp/x&port=55432", "t0")
    'postgresql://postgres@/t0?host=/tmp/x&port=55432'
    """
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{database}"))


def why_no_server() -> str | None:
    """Why no throwaway cluster can be started here, or ``None`` if one can."""
    if os.environ.get("MAPAPP_TEST_POSTGIS_SKIP"):
        return os.environ["MAPAPP_TEST_POSTGIS_SKIP"]
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -r requirements-test.txt)"
    if not (PGBIN / "initdb").exists():
        return f"PostgreSQL 15 is not installed ({PGBIN}/initdb is missing)"
    if not POSTGIS_CONTROL.exists():
        return "PostGIS is not installed: as root, apt-get install postgresql-15-postgis-3 (scripts/test.sh does)"
    if os.geteuid() != 0:
        return (
            "not root: cannot start a PostgreSQL cluster as the postgres user (set MAPAPP_TEST_POSTGIS_URL)"
        )
    return None


@dataclass
class PostgisServer:
    """Databases on one server, each a fresh store when handed out."""

    url: str
    folder: str | None = None  # the throwaway cluster's, removed by stop()
    made: set[str] = field(default_factory=set)

    @classmethod
    def start(cls) -> PostgisServer:
        folder = tempfile.mkdtemp(prefix="mapapp-pg-")  # in /tmp: the postgres user can reach it
        result = subprocess.run(
            ["bash", str(CLUSTER_SCRIPT), "start", folder], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"cannot start a PostgreSQL cluster: {result.stderr.strip()}")
        return cls(result.stdout.strip().splitlines()[-1], folder)

    def stop(self) -> None:
        if self.folder is not None:
            subprocess.run(["bash", str(CLUSTER_SCRIPT), "stop", self.folder], check=False)
            return
        with self._admin() as conn:
            for name in sorted(self.made):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _admin(self) -> Any:
        import psycopg

        return psycopg.connect(self.url, autocommit=True)

    def _ensure_template(self, conn: Any) -> None:
        if TEMPLATE in self.made:
            return
        conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
        self.made.add(TEMPLATE)
        import psycopg

        with psycopg.connect(url_for(self.url, TEMPLATE), autocommit=True) as template:
            template.execute("CREATE EXTENSION postgis; CREATE EXTENSION unaccent")

    def database(self, name: str) -> str:
        """The URL of database ``mapapp_test_<name>``, holding no store (created once, emptied each time)."""
        database = f"mapapp_test_{name}"
        with self._admin() as conn:
            self._ensure_template(conn)
            if database not in self.made:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{database}" TEMPLATE "{TEMPLATE}"')
                self.made.add(database)
                return url_for(self.url, database)
        import psycopg

        with psycopg.connect(url_for(self.url, database), autocommit=True) as conn:
            # A store a failed test left open must not block the reset.
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid != pg_backend_pid()"
            )
            conn.execute("DROP SCHEMA IF EXISTS mapapp CASCADE")
        return url_for(self.url, database)
