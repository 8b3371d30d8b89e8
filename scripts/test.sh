#!/usr/bin/env bash
# Installs mapapp and its test tools into .venv, then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
# Real-browser tests drive Debian's Chromium (Playwright cannot download its own here).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "chromium is not installed and this user cannot install it: browser tests will skip" >&2
  fi
fi
exec .venv/bin/python -m pytest "$@"
