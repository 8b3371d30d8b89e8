"""Fixtures shared by the geoparser's tests."""

from __future__ import annotations

import pytest

from mapapp.geoparse.pipeline import Geoparser


@pytest.fixture(scope="session")
def geoparser(gazetteer):
    """One geoparser (the default model) for the package's tests: loading spaCy is slow."""
    return Geoparser(gazetteer=gazetteer)
