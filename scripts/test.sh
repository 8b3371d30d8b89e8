#!/usr/bin/env bash
# Installs mapapp and its test tools into .venv, runs the lint, format and type
# gates, then the whole test suite. Exits non-zero when any of them fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt

# Real-browser tests drive Debian's Chromium (Playwright cannot download its own here).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    # Another apt or dpkg may hold the lock (unattended upgrades, a parallel
    # install): wait for it rather than fail.
    apt_wait=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
    apt-get "${apt_wait[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive apt-get "${apt_wait[@]}" install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "chromium is not installed and this user cannot install it: browser tests will skip" >&2
  fi
fi

# The PostGIS store's tests run against a throwaway, socket-only PostgreSQL 15
# cluster (the server is on the machine image; PostGIS comes from Debian).
postgis_control=/usr/share/postgresql/15/extension/postgis.control
if [ ! -f "$postgis_control" ] && [ "$(id -u)" = 0 ]; then
  apt_wait=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  apt-get "${apt_wait[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive apt-get "${apt_wait[@]}" install -y -qq postgresql-15-postgis-3 >/dev/null
fi
if [ -f "$postgis_control" ] && [ "$(id -u)" = 0 ]; then
  pg_dir=$(mktemp -d /tmp/mapapp-pg.XXXXXX)
  trap 'bash scripts/postgis_cluster.sh stop "$pg_dir"' EXIT
  MAPAPP_TEST_POSTGIS_URL=$(bash scripts/postgis_cluster.sh start "$pg_dir")
  export MAPAPP_TEST_POSTGIS_URL
elif [ -z "${MAPAPP_TEST_POSTGIS_URL:-}" ]; then
  export MAPAPP_TEST_POSTGIS_SKIP="PostGIS is not installed and this user cannot install it or start a server (not root); set MAPAPP_TEST_POSTGIS_URL to a server to run them"
  echo "$MAPAPP_TEST_POSTGIS_SKIP: PostGIS tests will skip" >&2
fi

gates_failed=""
.venv/bin/ruff check mapapp tests bench scripts streamlit_app.py || gates_failed="$gates_failed ruff-check"
.venv/bin/ruff format --check mapapp tests bench scripts streamlit_app.py || gates_failed="$gates_failed ruff-format"
.venv/bin/mypy || gates_failed="$gates_failed mypy"
.venv/bin/python scripts/check_size.py mapapp || gates_failed="$gates_failed size"
if [ -n "$gates_failed" ]; then
  echo "gates failed:$gates_failed (the tests run anyway)" >&2
fi

status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ -n "$gates_failed" ] && [ "$status" = 0 ]; then
  status=1
fi
exit "$status"
