"""The spaCy pipelines: the md package is the official en_core_web_md 3.7.1, and loading it is quiet."""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from mapapp.errors import ConfigError
from mapapp.geoparse.nlp import _VERSION_WARNING, MODEL_PACKAGES, load_nlp, model_from_env

# en_core_web_md 3.7.1 as Explosion released it (its model card on spacy.io and
# in the spacy-models release): English, for spaCy 3.7, six components in the
# default pipeline plus senter (disabled), 514,157 keys mapped to 20,000
# vectors of 300 dimensions, the 18 OntoNotes entity labels, MIT.
OFFICIAL_MD = {
    "lang": "en",
    "name": "core_web_md",
    "version": "3.7.1",
    "spacy_version": ">=3.7.2,<3.8.0",
    "license": "MIT",
    "author": "Explosion",
    "url": "https://explosion.ai",
    "pipeline": ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"],
    "components": ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"],
    "disabled": ["senter"],
    "vectors": {"width": 300, "vectors": 20000, "keys": 514157, "name": "en_vectors"},
}
ONTONOTES_LABELS = (
    "CARDINAL DATE EVENT FAC GPE LANGUAGE LAW LOC MONEY NORP ORDINAL ORG PERCENT PERSON PRODUCT "
    "QUANTITY TIME WORK_OF_ART"
).split()
MD_DATA = "en_core_web_md-3.7.1"


def _package_dir(model: str) -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGES[model])  # found, not imported (importing warns)
    assert spec is not None and spec.origin is not None, f"{MODEL_PACKAGES[model]} is not installed"
    return Path(spec.origin).parent


@pytest.fixture(scope="module")
def md() -> Any:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        nlp = load_nlp(model="md")
    return nlp, [str(w.message) for w in seen]


def test_the_md_package_meta_is_the_official_release() -> None:
    folder = _package_dir("md")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    inner = json.loads((folder / MD_DATA / "meta.json").read_text(encoding="utf-8"))
    assert meta == inner
    assert {key: meta[key] for key in OFFICIAL_MD} == OFFICIAL_MD
    assert meta["labels"]["ner"] == ONTONOTES_LABELS


def test_the_loaded_md_pipeline_is_the_official_one(md: Any) -> None:
    nlp, _ = md
    assert (nlp.lang, nlp.meta["name"], nlp.meta["version"]) == ("en", "core_web_md", "3.7.1")
    assert nlp.pipe_names == OFFICIAL_MD["pipeline"]
    assert nlp.vocab.vectors.shape == (20000, 300)
    assert len(nlp.vocab.vectors.key2row) == 514157
    assert sorted(nlp.get_pipe("ner").labels) == ONTONOTES_LABELS
    doc = nlp("Shelling hit Latakia on Monday, officials in Damascus said.")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "GPE"] == [
        ("Latakia", "GPE"),
        ("Damascus", "GPE"),
    ]


def test_loading_md_silences_its_version_warning_only(md: Any) -> None:
    _, seen = md
    assert not [message for message in seen if "W095" in message]
    # the filter matches spaCy's W095 message and no other warning code
    import re

    w095 = (
        "[W095] Model 'en_core_web_md' (3.7.1) was trained with spaCy v3.7.2 and may not be 100% compatible"
    )
    assert re.match(_VERSION_WARNING, w095)
    assert not re.match(
        _VERSION_WARNING, "[W094] Model 'en_core_web_md' (3.7.1) specifies an under-constrained"
    )
    assert not re.match(_VERSION_WARNING, "[W108] The rule-based lemmatizer did not find POS annotation")


def test_the_small_pipeline_stays_selectable() -> None:
    nlp = load_nlp(model="sm")
    assert (nlp.meta["version"], nlp.vocab.vectors.shape[1]) == ("3.8.0", 0)
    assert "ner" in nlp.pipe_names


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "md"),
        ({"MAPAPP_MODEL": " "}, "md"),
        ({"MAPAPP_MODEL": "sm"}, "sm"),
        ({"MAPAPP_MODEL": "MD"}, "md"),
    ],
)
def test_the_model_from_the_environment(env: dict[str, str], expected: str) -> None:
    assert model_from_env(env) == expected


def test_an_unknown_model_in_the_environment_is_one_clear_error() -> None:
    with pytest.raises(
        ConfigError, match=r"^MAPAPP_MODEL: no spaCy pipeline 'en_core_web_lg': give sm or md$"
    ):
        model_from_env({"MAPAPP_MODEL": "en_core_web_lg"})
