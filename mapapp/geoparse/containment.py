"""Explicit containment: "Moscow, Idaho" and "Tripoli, Lebanon" put a name inside a state or country.

A name followed by ", X" (or ", in X", ", in Y, X") where X is a country or
a first-level division is taken to lie in X, and its candidates are
restricted to those in X (:func:`~mapapp.geoparse.context.contained`). Two
shapes look the same but are lists, not containment:

* a country after a country ("in Russia, U.S. officials said");
* a state or country inside a list of them ("cases in Georgia, Illinois,
  Missouri and Ohio"): the name is itself a division's or a country's name
  and the list goes on before or after it. "Delaware, Ohio, police said"
  stays the town of Delaware in Ohio.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from mapapp.geoparse.recognize import Span
from mapapp.models import Candidate, Place

Lookup = Callable[..., list[Candidate]]

_NAME = r"[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3}"
# "Moscow, Idaho"; "Austin, in Scott County, Indiana" and "Tours, in France" (the last name counts)
_CONTAINMENT = re.compile(r"[ \t]*,[ \t]*(?:in[ \t]+(?:" + _NAME + r"[ \t]*,[ \t]*)?)?(" + _NAME + ")")
# A list going on after the container ("Illinois, Missouri, New Jersey", "Ohio and Oregon") ...
_LIST_AFTER = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or)[ \t]+)[A-Z]")
# ... or before the name ("Arizona, California, Colorado").
_LIST_BEFORE = re.compile(r"[A-Z][\w.'\u2019-]*[ \t]*(?:,|[ \t]and|[ \t]or)[ \t]*\Z")
_LOOK_BACK = 40


def containers_of(text: str, spans: Sequence[Span], *, lookup: Lookup) -> dict[int, tuple[Place, ...]]:
    """Span start -> the countries or provinces a following ", X" puts it in.

    >>> from mapapp.models import Place
    >>> def area(pid, name, code):
    ...     return Place(id=pid, name=name, lat=0, lon=0, feature_class="A", feature_code=code,
    ...                  country_code="US", admin1=name, population=1, extent=None, source="t")
    >>> table = {"Idaho": area("i", "Idaho", "ADM1"), "Ohio": area("o", "Ohio", "ADM1"),
    ...          "Georgia": area("g", "Georgia", "ADM1"), "Illinois": area("l", "Illinois", "ADM1")}
    >>> def lookup(q, **_):
    ...     return [Candidate(table[q], 0.7, q, "name")] if q in table else []
    >>> def spans(text, *names):
    ...     return [Span(text.index(n), text.index(n) + len(n), n, "GPE", n) for n in names]
    >>> text = "Moscow, Idaho, is small."
    >>> {s: [p.name for p in ps] for s, ps in containers_of(text, spans(text, "Moscow"), lookup=lookup).items()}
    {0: ['Idaho']}
    >>> text = "He is from Moscow, Idaho. Mr. Smith was born there."
    >>> [p.name for p in containers_of(text, spans(text, "Moscow"), lookup=lookup)[11]]
    ['Idaho']
    >>> text = "Cases in Georgia, Illinois, Ohio."
    >>> containers_of(text, spans(text, "Georgia", "Illinois", "Ohio"), lookup=lookup)
    {}
    """
    found: dict[int, tuple[Place, ...]] = {}
    for span in spans:
        match = _CONTAINMENT.match(text, span.end)
        if not match:
            continue
        places = _container(match.group(1), lookup=lookup)
        if places and _a_list(text, span, match, places, lookup=lookup):
            continue
        if places:
            found[span.start] = places
    return found


def _container(name: str, *, lookup: Lookup) -> tuple[Place, ...]:
    """The countries or provinces the words after the comma name, read up to where they end.

    The words may run past the name into the next sentence ("from Paris, Idaho. Mr. Carlsen"):
    the longest run of leading words that names a country or province counts, with a
    sentence's full stop dropped ("Idaho."), but an abbreviation's kept ("N.C.").
    """
    words = name.split()
    for size in range(len(words), 0, -1):
        query = " ".join(words[:size])
        for form in dict.fromkeys((query, query.rstrip("."))):
            places = tuple(
                c.place
                for c in lookup(form, feature_classes=["A"], limit=5)
                if c.score >= 0.5 and c.place.feature_code in ("PCLI", "ADM1")
            )
            if places:
                return places
    return ()


def _a_list(
    text: str, span: Span, match: re.Match[str], places: tuple[Place, ...], *, lookup: Lookup
) -> bool:
    """Whether "span, X" lists two places of one kind rather than putting the span inside X."""
    own = [
        c.place
        for c in lookup(span.query, feature_classes=["A"], limit=3)
        if c.match == "name" and (c.place.is_country or c.place.is_division)
    ]
    if any(p.is_country for p in own) and all(p.is_country for p in places):
        return True  # "in Russia, U.S. officials said"
    if not own:
        return False
    # A state's name in a run of names: "Georgia, Illinois, Missouri and Ohio".
    return bool(
        _LIST_AFTER.match(text, match.end())
        or _LIST_BEFORE.search(text, max(0, span.start - _LOOK_BACK), span.start)
    )
