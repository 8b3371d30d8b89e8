"""mapapp: an offline-first news incident map."""

__version__ = "0.1.0"
