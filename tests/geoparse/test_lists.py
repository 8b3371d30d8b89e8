"""The list rule: names listed together are places of one kind (:mod:`mapapp.geoparse.lists`)."""

from __future__ import annotations

import pytest

from mapapp.io.articles import article_from_text


def _place(geoparser, text: str, surface: str) -> tuple[str, str]:
    (mention,) = [m for m in geoparser.parse(article_from_text(text)).mentions if m.text == surface]
    assert mention.place is not None
    return mention.place.feature_code, mention.place.country_code


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        # a list of states names the state; a list of countries the country
        ("Cases of the new flu strain were confirmed in Texas, Ohio, Oregon and New York on Monday.",
         "New York", ("ADM1", "US")),
        ("Troops moved into Georgia, Armenia and Azerbaijan.", "Georgia", ("PCLI", "GE")),
        # alone, or also written outside the list, a name keeps its own reading
        ("He flew to New York on Monday.", "New York", ("PPL", "US")),
    ],
)  # fmt: skip
def test_a_listed_name_takes_its_lists_kind(
    geoparser, text: str, surface: str, kind: tuple[str, str]
) -> None:
    assert _place(geoparser, text, surface) == kind


def test_a_name_also_written_outside_the_list_keeps_its_pick(geoparser) -> None:
    text = (
        "New York officials met on Monday in New York. "
        "Cases of the new flu strain were confirmed in Texas, Ohio, Oregon and New York."
    )
    kinds = {
        m.place.feature_code
        for m in geoparser.parse(article_from_text(text)).mentions
        if m.text == "New York" and m.place
    }
    assert kinds == {"PPL"}
