"""The type a violence trigger takes in its story (mapapp.incidents.senses)."""

from __future__ import annotations

import pytest

from mapapp.incidents.senses import in_context


@pytest.mark.parametrize(
    ("event_type", "sentence", "lead", "expected"),
    [
        # an ambassador shot by a policeman while the story is about a war: political violence
        ("assault", "A Turkish policeman fatally shot Russia's ambassador to Turkey, condemning Russia's "
                    "military role in Syria.", "", "attack"),
        # aid workers killed: violence against civilians, whatever the UN calls it
        ("assault", "Six aid workers in South Sudan were killed on Saturday, the UN said.", "",
         "attack"),
        # a stabbing at a party with police and custody: a crime
        ("assault", "A stabbing killed a man and left others in police custody.", "", "assault"),
        ("attack", "The man was charged after the attack on a bus.", "", "assault"),
        # even cues: the lead decides
        ("attack", "The shop was attacked.", "Police are looking for two men.", "assault"),
        ("assault", "He was killed.", "Rebels and militants overran the town.", "attack"),
    ],
)  # fmt: skip
def test_violence_takes_the_type_its_story_tells(event_type, sentence, lead, expected) -> None:
    assert in_context(event_type, sentence, lead=lead) == expected
