"""Tests for mapapp.text.sentences."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest

from mapapp.text.sentences import Sentence, split_sentences
from tests.helpers import REPO_ROOT

ROOT = REPO_ROOT
SEED = ROOT / "seeds" / "000_a331eced11eb70ce.txt"
TRNEWS = ROOT.parent / "shared" / "corpora" / "trnews" / "TR-News.xml"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Smith left. Mrs. Jones stayed.", ["Mr. Smith left.", "Mrs. Jones stayed."]),
        ("Gen. Lee and Col. Ham met Dr. Who.", ["Gen. Lee and Col. Ham met Dr. Who."]),
        ("It rose 2.5% in Jan. 2018. Then it fell.", ["It rose 2.5% in Jan. 2018.", "Then it fell."]),
        ("It happened on Sept. 17, 2018 in Syria.", ["It happened on Sept. 17, 2018 in Syria."]),
        ("The U.S. Navy said so.", ["The U.S. Navy said so."]),
        ("He flew to the U.S. The trip was long.", ["He flew to the U.S.", "The trip was long."]),
        ("George W. Bush spoke.", ["George W. Bush spoke."]),
        (
            "“We consider it hostile. Fifteen died.” he said.",
            ["“We consider it hostile.", "Fifteen died.” he said."],
        ),
        ('"We are hostile." He said so.', ['"We are hostile."', "He said so."]),
        ('He shouted "Stop!" and left. She came.', ['He shouted "Stop!" and left.', "She came."]),
        ("Why? Nobody knows! 15 died.", ["Why?", "Nobody knows!", "15 died."]),
        ("a headline without a stop\nThe body text.", ["a headline without a stop", "The body text."]),
        ("First paragraph.\n\n  Second paragraph  \n", ["First paragraph.", "Second paragraph"]),
        ("It cost $1.5 m. and more.", ["It cost $1.5 m. and more."]),
        ("", []),
        (" \n\t\n", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    got = split_sentences(text)
    assert [s.text for s in got] == expected
    assert all(text[s.start : s.end] == s.text for s in got)


WRAPPED = (
    "A suicide car bomb in central Turkey has killed 13 soldiers aboard a bus and wounded 56 more, officials\n"
    "            say.\n"
    "            The blast destroyed the bus carrying soldiers visiting a local market in the city of Kayseri. An army\n"
    "            spokesman said civilians may also have been injured.\n"
    "            Regional governor Suleyman Kamci said the blast in Kayseri, a usually calm industrial hub in Central\n"
    "            Anatolia, was carried out by a suicide bomber.\n"
    "            'Illegal'\n"
    "            Police are looking for two suspects."
)


def test_a_hard_wrapped_text_is_split_into_its_sentences_not_its_lines() -> None:
    got = [" ".join(s.text.split()) for s in split_sentences(WRAPPED)]
    assert got == [
        "A suicide car bomb in central Turkey has killed 13 soldiers aboard a bus and wounded 56 more, officials say.",
        "The blast destroyed the bus carrying soldiers visiting a local market in the city of Kayseri.",
        "An army spokesman said civilians may also have been injured.",
        "Regional governor Suleyman Kamci said the blast in Kayseri, a usually calm industrial hub in Central "
        "Anatolia, was carried out by a suicide bomber.",
        "'Illegal'",
        "Police are looking for two suspects.",
    ]


def test_a_long_line_without_a_stop_runs_on_only_in_a_hard_wrapped_text() -> None:
    text = "Flooding in the north of the country displaced thousands of families living on the plains\nRescue teams arrived."
    assert [s.text for s in split_sentences(text)] == [
        "Flooding in the north of the country displaced thousands of families living on the plains",
        "Rescue teams arrived.",
    ]


def test_offsets() -> None:
    assert split_sentences("  A b. C d.") == (Sentence(2, 6, "A b."), Sentence(7, 11, "C d."))


def test_seed_article() -> None:
    text = SEED.read_text(encoding="utf-8")
    got = split_sentences(text)
    assert len(got) == 21
    assert got[8].text == "“We consider these provocative actions by Israel as hostile."
    assert got[5].text.startswith("A IL-20PP") and got[5].text.endswith("Credit: Alamy More")
    assert all(text[s.start : s.end] == s.text for s in got)


@pytest.mark.skipif(not TRNEWS.exists(), reason="../shared corpora absent")
def test_trnews_offsets_and_lengths() -> None:
    texts = [a.findtext("text") or "" for a in ET.parse(TRNEWS).getroot().iter("article")]
    sentences = [(t, s) for t in texts for s in split_sentences(t)]
    assert len(sentences) > 1500
    assert all(t[s.start : s.end] == s.text for t, s in sentences)
    # a splitter that never splits would give huge "sentences"
    assert sum(len(s.text) > 600 for _, s in sentences) < 0.01 * len(sentences)


@pytest.mark.parametrize("text", ["." * 20000, "Mr. " * 5000, "A. " * 7000, "U.S. " * 4000, "!? " * 7000])
def test_hostile_text_is_linear(text: str) -> None:
    started = time.perf_counter()
    split_sentences(text)
    assert time.perf_counter() - started < 1.0
