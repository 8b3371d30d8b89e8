"""The ranker's training script, on a tiny synthetic set (the corpora are not needed)."""

from __future__ import annotations

import json
import pickle

from bench.train_ranker import Example, accuracy, labels_for, main, train
from mapapp.geoparse.ranking import CandidateFeatures, LinearRanker, load_ranker


def place(prior: float, fclass: str = "P", fcode: str = "PPL") -> CandidateFeatures:
    return CandidateFeatures(prior, 0.8, "name", fclass, fcode, 10_000, 0.0, 0.0, 0.0)


def synthetic(corpus: str) -> list[Example]:
    """Names whose right candidate is a province, though a town of the same name has a higher prior."""
    examples = []
    for i in range(12):
        right = place(0.5 + 0.01 * i, "A", "ADM1")
        wrong = place(0.8)
        examples.append(Example(corpus, (wrong, right), (900.0, 3.0), labels_for([900.0, 3.0], holds=[0, 0])))
    # A well-known place alone is right; an unknown name has no candidate (a miss for any ranker).
    examples.append(Example(corpus, (place(0.9),), (1.0,), (1,)))
    examples.append(Example(corpus, (), (), ()))
    return examples


def test_training_learns_what_the_examples_show():
    examples = synthetic("a")
    model = train(examples, l2=1.0)
    assert model["weights"]["division"] > 0
    assert accuracy(examples, None) == 1 / 14  # the hand weights keep the higher prior
    assert accuracy(examples, model) == 13 / 14


def test_the_script_writes_loadable_all_corpora_and_leave_one_out_models(tmp_path, capsys):
    cache = tmp_path / "examples.pkl"
    cache.write_bytes(pickle.dumps(synthetic("a") + synthetic("b")))
    out, loco = tmp_path / "ranker.json", tmp_path / "loco"
    assert main(["--features", str(cache), "--out", str(out), "--loco-dir", str(loco), "--l2", "1"]) == 0
    assert json.loads(out.read_text())["trained_on"] == ["a", "b"]
    assert json.loads((loco / "loco-a.json").read_text())["trained_on"] == ["b"]
    assert isinstance(load_ranker(out), LinearRanker)
    assert "| a | 14 | 7.1 | 92.9 | 92.9 |" in capsys.readouterr().out


def test_a_model_correcting_the_hand_weights_learns_the_same_lesson():
    examples = synthetic("a")
    model = train(examples, l2=1.0, hand_offset=True)
    assert model["hand_weight"] > 0 and model["weights"]["division"] > 0
    assert accuracy(examples, model) == 13 / 14
