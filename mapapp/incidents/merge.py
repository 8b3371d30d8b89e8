"""One event, told several times: which event sentences of an article are one incident (step 4 of
:mod:`mapapp.incidents.build`; :mod:`mapapp.incidents.dating` gives each its date).
Functions work on the candidates' positions in text order: the merge is pure and linear in length.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from mapapp.gazetteer import haversine_km
from mapapp.incidents.events import EventMatch
from mapapp.incidents.places import WIDESPREAD, Location
from mapapp.models import EVENT_FAMILY, TIME_WEEK, Mention, ResolvedMention
from mapapp.text.sentences import Sentence
from mapapp.text.timex import ResolvedDate, names_a_time

MAX_MERGE_SCAN = 50
#: Two places of one event type this close are one event's place.
SAME_PLACE_KM = 25.0
_ALSO = re.compile(r"\b(?:also|as\s+well)\b", re.IGNORECASE)
# "another attack", "a second blast", "separately": the words right before the
# trigger (or "separately" anywhere) announce a different event.
_ANOTHER = re.compile(
    r"\b(?:another|second|third|separate|further|new)\s+(?:[\w-]+\s+){0,2}$|\bseparately\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class EventCandidate:
    """An event sentence with its place and date before merging.

    ``index`` is the sentence's position in the article; ``explicit`` says
    whether the sentence states its own date (else ``date`` is a fallback).
    """

    index: int
    sentence: Sentence
    event: EventMatch
    location: Location
    date: ResolvedDate | None
    explicit: bool
    #: the trigger is a definite noun ("the attack"): a reference to an event told before
    definite: bool = False
    #: the day a following sentence of the story gives, when it reports no event ("The call came Sunday.")
    follow: ResolvedDate | None = None
    #: the sentence dates its event before the news ("in November 2014"): history, unless a
    #: retelling dates it within the news
    background: bool = False


def _widespread(c: EventCandidate) -> bool:
    """Whether the report spreads its event over a country ("affecting a large portion of the US")."""
    return bool(WIDESPREAD.search(c.sentence.text))


def _announces_another(c: EventCandidate) -> bool:
    """Whether the sentence says its event is another one ("a second blast hit ...")."""
    text = c.sentence.text
    return bool(_ANOTHER.search(text[: c.event.start]) or "separately" in text.lower())


def _dates_agree(a: EventCandidate, b: EventCandidate) -> bool:
    if not (a.explicit and b.explicit):
        return True
    return a.date is not None and b.date is not None and a.date.date == b.date.date


def _nearby_key(cand: EventCandidate, earlier: Sequence[EventCandidate]) -> str:
    """The place id of an earlier candidate of the same type within :data:`SAME_PLACE_KM`, else its own.

    "in River North" and "in Chicago" name one stabbing's place twice.
    """
    loc = cand.location
    for other in earlier[-MAX_MERGE_SCAN:]:
        o = other.location
        if (
            other.event.event_type == cand.event.event_type
            and o.specific
            and o.place_id
            and loc.lat is not None
            and loc.lon is not None
            and o.lat is not None
            and o.lon is not None
            and haversine_km(loc.lat, loc.lon, o.lat, o.lon) <= SAME_PLACE_KM
        ):
            return _place_key(o)
    return _place_key(loc)


def _place_key(loc: Location) -> str:
    """A location's identity: a derived point is its own place, not its anchor's ("south-western
    China" and "central China" are both derived from China)."""
    if loc.derived is not None:
        return f"{loc.place_id}@{loc.lat:.2f},{loc.lon:.2f}"
    return loc.place_id


def _dated_closely(c: EventCandidate) -> bool:
    """Whether the sentence tells its event's day or week (a year told is a statistic's: "in 2006")."""
    return c.explicit and c.date is not None and c.date.precision <= TIME_WEEK


def _same_place_targets(cands: Sequence[EventCandidate]) -> dict[int, int]:
    """Map a specific candidate to another of the same type, place and date.

    A headline and the body ("Floods in Dhaka" / "Floods hit Dhaka on
    Monday") report one event: the sentence that tells its day, then a
    derived location, then the higher confidence, then the earlier, keeps it.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for pos, c in enumerate(cands):
        if c.location.specific and c.location.place_id:
            groups.setdefault((c.event.event_type, _nearby_key(c, cands[:pos])), []).append(pos)
    out: dict[int, int] = {}
    for group in groups.values():
        ranked = sorted(
            group,
            key=lambda p: (
                not _dated_closely(cands[p]),
                cands[p].location.derived is None,
                -cands[p].event.confidence * cands[p].location.confidence,
                cands[p].index,
            ),
        )
        primary = ranked[0]
        for pos in ranked[1:]:
            if _dates_agree(cands[pos], cands[primary]) and not cands[pos].location.also:
                out[pos] = primary
    return out


def merge_targets(cands: Sequence[EventCandidate]) -> dict[int, int]:
    """Map a candidate's position to the one it retells (see :mod:`mapapp.incidents.build`).

    For a weakly located candidate the nearest compatible specific candidate
    wins (the earlier on a tie); only :data:`MAX_MERGE_SCAN` are looked at, so
    a huge article stays linear.
    """
    same_place = _same_place_targets(cands)
    specific = [pos for pos, c in enumerate(cands) if c.location.specific]
    indices = [cands[pos].index for pos in specific]
    out: dict[int, int] = {}
    for pos, c in enumerate(cands):
        if c.location.specific or _announces_another(c) or c.location.also or _widespread(c):
            continue
        hi = bisect.bisect_left(indices, c.index)
        lo = hi - 1
        for _ in range(MAX_MERGE_SCAN):
            if lo < 0 and hi >= len(specific):
                break
            take_lo = hi >= len(specific) or (lo >= 0 and c.index - indices[lo] <= indices[hi] - c.index)
            other = specific[lo] if take_lo else specific[hi]
            lo, hi = (lo - 1, hi) if take_lo else (lo, hi + 1)
            o = cands[other]
            if (
                _dates_agree(c, o)
                and not _reached(c, o)
                # "Another child ... died Monday": an event other than those told before it
                and not (o.index > c.index and _announces_another(o))
                and (o.event.event_type == c.event.event_type or c.event.event_type == "casualties")
            ):
                out[pos] = same_place.get(other, other)
                break
    merged = {**same_place, **out}
    targets = {**merged, **_same_story_targets(cands, merged)}
    return {pos: _root(target, targets) for pos, target in targets.items()}


def _root(pos: int, targets: dict[int, int]) -> int:
    """Where a chain of merges ends (a candidate that retells none)."""
    for _ in range(len(targets) + 1):
        nxt = targets.get(pos)
        if nxt is None or nxt == pos:
            return pos
        pos = nxt
    return pos


# Event types that are one kind of happening for merging: an attack a story
# calls a crime in one sentence and terrorism in the next is still one attack.
_MERGE_GROUP = {"assault": "violence", "kidnapping": "violence", "attack": "violence", "explosion": "violence",
                "shootdown": "violence", "missile_attack": "violence", "airstrike": "violence",
                "shelling": "violence", "armed_clash": "violence", "crime": "violence"}  # fmt: skip
#: Where a sentence names its event's place itself (else the place is the article's, borrowed).
OWN_PLACE = frozenset({"sentence", "derived"})


def _group(event_type: str) -> str:
    return _MERGE_GROUP.get(event_type, EVENT_FAMILY.get(event_type, event_type))


def _joins(c: EventCandidate, earlier: EventCandidate) -> bool:
    """Whether ``c`` retells ``earlier`` of the same group: it is weakly located, or the
    earlier report was (in the same country), or it names the event with a definite noun."""
    if _announces_another(c) or not _dates_agree(c, earlier):
        return False
    loc, first = c.location, earlier.location
    if _spreads(c) and elsewhere(loc, first):
        # "The disease has also been found in Belgium" after an outbreak in Germany: it spread
        return False
    if c.definite:
        return True
    if _reached(c, earlier):
        return False
    if loc.division and loc.admin1 == first.admin1 != "" and loc.country_code == first.country_code:
        return True  # "in Rhode Island" after "in East Providence": the event's region named again
    if not loc.specific or loc.source not in OWN_PLACE:
        return True
    if _widespread(earlier):
        return False  # a town of a country-wide outbreak is one more place of it
    return not first.specific and (not first.country_code or first.country_code == loc.country_code)


def _spreads(c: EventCandidate) -> bool:
    """Whether the sentence says its event "also" happened at its own place."""
    loc = c.location
    if not loc.in_sentence:
        return False
    return bool(_ALSO.search(c.sentence.text, c.event.start, max(loc.start - c.sentence.start, 0)))


def _reached(c: EventCandidate, earlier: EventCandidate) -> bool:
    """Whether ``c`` tells, at its own place, a disease reaching another country than ``earlier``
    ("Russia has reported its first case" after Hong Kong's; violence is retold naming others)."""
    return (
        c.event.event_type == "outbreak"
        and c.location.source in OWN_PLACE
        and _other_country(c.location, earlier.location)
    )


def _other_country(loc: Location, first: Location) -> bool:
    return bool(loc.country_code and first.country_code and loc.country_code != first.country_code)


def elsewhere(loc: Location, first: Location) -> bool:
    """Whether a place is in another country than the event's, or far from it."""
    if _other_country(loc, first):
        return True
    if not (loc.specific and first.specific) or None in (loc.lat, loc.lon, first.lat, first.lon):
        return False
    return haversine_km(loc.lat, loc.lon, first.lat, first.lon) > SAME_PLACE_KM  # type: ignore[arg-type]


def _aftermath(c: EventCandidate) -> bool:
    """Whether a candidate belongs to the event before it whatever its type: a casualty
    count, or an arrest with no place or day of its own ("the suspect was arrested")."""
    if c.event.event_type == "casualties":
        return True
    own_day = c.explicit or names_a_time(c.sentence.text)
    return c.event.event_type == "arrest" and not own_day and c.location.source not in OWN_PLACE


def _same_story_targets(cands: Sequence[EventCandidate], merged: dict[int, int]) -> dict[int, int]:
    """Candidates no same-place rule took: each joins the first earlier candidate of its
    group (any group for a casualty count) that it retells (see :func:`_joins`).

    "A soldier was killed by a buried bomb in Syria ... the blast ... the
    explosion": one event told three times.
    """
    out: dict[int, int] = {}
    first: dict[str, int] = {}

    for pos, c in enumerate(cands):
        group = _group(c.event.event_type)
        if pos not in merged and not c.location.also:
            # a list of places far apart is where the event also happened: its own incidents
            earlier = [first[g] for g in first if g == group or _aftermath(c)]
            target = min(earlier, default=None)
            if target is not None and target != pos and _joins(c, cands[target]):
                # a first of its group retells nothing: merge_targets resolves the chains
                out[pos] = target
        if pos not in out:
            # a report merged into a later one makes that one the first incident told
            first.setdefault(group, merged.get(pos, pos))
    return out


@dataclass(frozen=True, slots=True)
class Retellings:
    """The incidents of an article after merging, by candidate position.

    ``members`` maps each incident's main candidate to every candidate it
    absorbed (itself included); ``dated`` maps it to the candidate whose
    explicit date it takes; ``owner`` maps a sentence index to its incident.
    """

    members: dict[int, list[int]]
    dated: dict[int, EventCandidate]
    owner: dict[int, int]

    def members_of(self, pos: int, cands: Sequence[EventCandidate]) -> list[int]:
        """The candidates of incident ``pos`` in text order."""
        return sorted(self.members[pos], key=lambda p: cands[p].index)


def group_retellings(cands: Sequence[EventCandidate]) -> Retellings:
    """Merge retellings into their incidents (see :func:`merge_targets`)."""
    merged = merge_targets(cands)
    members: dict[int, list[int]] = {}
    for pos in range(len(cands)):
        if pos not in merged:
            members.setdefault(pos, [pos])
    for pos, target in merged.items():
        members[target].append(pos)
    dated = {pos: cands[pos] for pos in members if cands[pos].explicit}
    for pos, group in members.items():
        # a retelling's date dates the event the main sentence does not, to the week ("in 2003": another time)
        if pos not in dated:
            for other in group:
                told = cands[other].date
                if cands[other].explicit and told is not None and told.precision <= TIME_WEEK:
                    dated[pos] = cands[other]
                    break
    owner = {cands[p].index: target for target, group in members.items() for p in group}
    return Retellings(members=members, dated=dated, owner=owner)


def best_location(members: Sequence[EventCandidate], *, main: EventCandidate) -> Location:
    """The most precise place any report of an incident gives: a derived point, then a
    specific place the sentence names, then a part of a region, then a town a dateline or a
    neighbour gives, then the first report's; the earlier among equals. A main report
    that names its own town keeps it unless a retelling refines that town ("22 miles off
    Latakia" after "near Latakia"): a retelling's other place is the story's, not the event's."""
    own = main.location
    if own.specific and own.source not in ("article", "none"):
        members = [c for c in members if c is main or _refines(c.location, own)]

    def rank(c: EventCandidate) -> tuple[int, int]:
        loc = c.location
        if loc.derived is not None:
            return (2 if loc.part_of_region else 0, c.index)  # "eastern China" is vague
        if loc.specific:
            return (1 if loc.source in OWN_PLACE else 3, c.index)  # a dateline's town is a guess
        return (4, c.index)

    return min(members, key=rank).location


def _refines(loc: Location, own: Location) -> bool:
    """Whether ``loc`` is a more precise report of the place ``own`` names."""
    if loc.derived is not None and loc.derived.anchor.place.id == own.place_id:
        return True
    if None in (loc.lat, loc.lon, own.lat, own.lon) or not loc.specific:
        return False
    if own.part_of_region:
        return loc.country_code == own.country_code  # "in Hangzhou" after "in eastern China"
    return haversine_km(loc.lat, loc.lon, own.lat, own.lon) <= SAME_PLACE_KM  # type: ignore[arg-type]


def historical(members: Sequence[EventCandidate], *, tried: bool = False) -> bool:
    """Whether an incident is history: a report of it is dated before the news ("stabbed a man
    at a house in Edmonton in November 2014" after "has been found guilty of murder"), or it is
    a crime a court story tries (``tried``: "Edmonton man jailed after vicious assault"), and
    none dates it within the news."""
    crime = tried and EVENT_FAMILY.get(members[0].event.event_type) == "crime"
    told_before = crime or any(c.background for c in members)
    return told_before and not any(c.explicit and not c.background for c in members)


def free_places(
    places: Sequence[Mention], cands: Sequence[EventCandidate], pos: int, mains: Sequence[int]
) -> list[Mention]:
    """The places an incident's country-wide location may narrow to: not another incident's
    own place ("cholera has killed 20 in Nigeria ... another outbreak was reported in Kano")."""
    taken = {
        cands[other].location.place_id
        for other in mains
        if other != pos and cands[other].location.specific and cands[other].location.source in OWN_PLACE
    }
    return [m for m in places if not (isinstance(m, ResolvedMention) and m.place.id in taken)]
