"""Does a sentence report an event, and of which type?

A lexicon of regular expressions (no spaCy: this must run on thousands of
sentences a second). Each rule gives an ACLED-like event type and a base
confidence; the sentence's type is the most confident surviving trigger,
ties going to the more specific type (see :data:`EVENT_TYPES`, most
specific first: "shot down ... killing 15" is a shootdown, not casualties).

A trigger is dropped when its clause puts it in the negative, the future or
the hypothetical ("no one was injured", "denied it was its intention to
provoke Syria into firing at", "would look into", "could change the way they
view the raids"). Photo captions and credits are not events. Habitual or
aggregate statements ("has carried out more than 200 attacks ... in the last
few years") are kept at a much lower confidence.

"hit"/"struck" said of an aircraft, ship or building is a weak *attack*
trigger on its own; :func:`classify_events` upgrades it to the type of a
shoot-down or missile attack reported within two sentences, since news
articles say "shot down" once and then "the aircraft was hit ...".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import get_args

from mapapp.models import EventType

# Most specific first: the order breaks ties between equally confident triggers.
# Read from the model's Literal so the list has one home.
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)

_BE = r"(?:is|are|was|were|been|being|be|has\s+been|have\s+been|had\s+been)"
_ADV = r"(?:\s+\w+ly)?"
_TROOPS = (
    r"(?:troops|soldiers|forces|warships|ships|jets|aircraft|police(?:men)?|officers"
    r"|personnel|battalions?|units?|reinforcements|paratroopers|marines|peacekeepers)"
)
_PROJECTILE = r"(?:(?:ballistic|cruise|surface-to-air|anti-aircraft|guided)\s+)?(?:missiles?|rockets?)"

_AIRCRAFT = r"(?:plane|jet|aircraft|drone|helicopter)s?"
_NOT_BE = r"(?!(?:is|are|was|were|been|being|be|has|have|had)\b)"


def _any(*alternatives: str) -> str:
    """One word-bounded alternation: ``\\b(?:a|b|...)\\b``."""
    return r"\b(?:" + "|".join(alternatives) + r")\b"


# (event type, pattern, base confidence). A named group "t" marks the trigger
# inside a longer pattern; otherwise the whole match is the trigger. The table
# is kept out of the formatter: one alternative per line would bury the rules.
# fmt: off
_LEXICON: tuple[tuple[EventType, str, float], ...] = (
    ("shootdown", _any(r"(?:shot|shoot(?:s|ing)?)\s+(?:\w+\s+){0,2}?down",
                       r"(?:downing|shooting\s+down)\s+of"), 0.9),
    ("shootdown", _any(r"(?:downed|brought\s+down)\s+(?:\w+\s+){0,2}?" + _AIRCRAFT,
                       _AIRCRAFT + r"\s+" + _BE + r"\s+(?P<t>downed|brought\s+down|intercepted)"), 0.85),
    ("missile_attack", _any(r"(?:missile|rocket)\s+(?:attacks?|strikes?|fire|barrages?|salvos?)"), 0.9),
    ("missile_attack", _any(r"(?:fired|launched|fires|launches)\s+(?:\w+\s+){0,3}?" + _PROJECTILE,
                            r"(?:hit|struck)\s+by\s+(?:an?\s+)?(?:\w+\s+)?" + _PROJECTILE), 0.85),
    ("missile_attack", _any(_PROJECTILE + r"\s+(?:" + _BE + r"\s+)?"
                            r"(?:fired|launched|slammed|landed|hit|struck)"), 0.8),
    ("airstrike", _any(r"(?:air|aerial|drone)\s*-?\s*(?:strikes?|raids?|attacks?|bombardment)"), 0.9),
    ("airstrike", _any(r"(?:strikes?|struck)\s+(?:on|against)\s+(?:\w+\s+){0,3}?"
                       r"(?:targets?|positions?|bases?|sites?|depots?|facilit(?:y|ies))",
                       r"(?:warplanes?|jets|fighter\s+jets|bombers|aircraft)\s+(?:" + _NOT_BE + r"\w+\s+)?"
                       r"(?:struck|pounded|bombed|hit|targeted)"), 0.85),
    ("airstrike", _any(r"bombed", r"bombing\s+raids?", r"bombing\s+campaign"), 0.75),
    ("shelling", _any(r"shelled", r"shelling", r"bombardment", r"bombarded",
                      r"artillery\s+(?:fire|barrages?|strikes?|shells?)",
                      r"mortar\s+(?:fire|shells?|rounds?|attacks?|bombs?)",
                      r"mortars?\s+(?:fell|landed|hit)"), 0.85),
    ("explosion", _any(r"explosions?", r"exploded", r"blasts?(?!ed)", r"detonated", r"detonation",
                       r"blew\s+(?:himself|herself|themselves|up)",
                       r"(?:car|roadside|suicide|pipe|nail|truck|parcel)\s+bomb(?:s|ings?|ers?)?",
                       r"bombings?", r"IEDs?", r"improvised\s+explosive", r"landmines?", r"grenades?",
                       r"bomb\s+(?:went\s+off|exploded)"), 0.85),
    ("armed_clash", _any(r"clash(?:es|ed)?", r"gun\s*-?\s*battles?", r"fire\s*fights?",
                         r"skirmish(?:es)?", r"exchanged\s+fire", r"exchanges?\s+of\s+fire",
                         r"heavy\s+fighting", r"fighting\s+between"), 0.85),
    ("armed_clash", _any(r"fighting", r"fought", r"battled"), 0.6),
    ("attack", _any(r"(?<!heart\s)(?<!panic\s)(?<!asthma\s)attacks?", r"assaults?", r"ambush(?:ed|es)?",
                    r"massacred?", r"opened\s+fire", r"shot\s+dead", r"gunmen", r"stabb(?:ed|ing)",
                    r"shootings?", r"raids?", r"raided", r"counter-?attacks?"), 0.75),
    ("attack", _any(r"attacked", r"assaulted", r"fired\s+(?:on|at|upon)", r"targeted"), 0.65),
    # weak on its own; see classify_events for the upgrade from context
    ("attack", _any(r"(?:plane|aircraft|jet|helicopter|drone|ship|vessel|tanker|boat|convoy|building"
                    r"|base|hospital)s?\s+" + _BE + _ADV + r"\s+(?P<t>hit|struck)"), 0.5),
    ("seizure", _any(r"seized(?!\s+(?:on|upon)\b)", r"seizures?\s+of", r"confiscated", r"impounded",
                     r"overran", r"overrun", r"(?:took|taken|seized)\s+control\s+of",
                     r"captured(?!\s+(?:on|in)\s+(?:camera|video|film|footage|images?)"
                     r"|\s+(?:\w+\s+){0,2}?(?:medals?|titles?|votes?|seats?|imagination|attention"
                     r"|hearts?|moment|mood))"), 0.8),
    ("arrest", _any(r"arrested", r"arrests?(?!\s+warrant)", r"detained", r"detention\s+of",
                    r"taken\s+into\s+custody", r"apprehended", r"rounded\s+up", r"held\s+by\s+police"), 0.8),
    ("deployment", _any(_TROOPS + r"\s+" + _BE + _ADV
                        + r"\s+(?P<t>sent|deployed|dispatched|moved|stationed|redeployed)"), 0.85),
    ("deployment", _any(r"(?:deployed|dispatched|redeployed)\s+(?:to|in|at|on|along|near|into)",
                        r"deployments?\s+of",
                        r"(?:sent|send|sends|deployed|deploy|deploys|dispatched)\s+(?:[\w,.-]+\s+){0,3}?"
                        + _TROOPS), 0.8),
    ("disaster", _any(r"earthquakes?", r"quakes?", r"tremors?", r"floods?", r"flooding", r"flash\s+floods?",
                      r"wildfires?", r"bushfires?", r"forest\s+fires?", r"hurricanes?", r"cyclones?",
                      r"typhoons?", r"tornado(?:e?s)?", r"landslides?", r"mudslides?", r"droughts?",
                      r"tsunamis?", r"volcanic\s+eruptions?", r"avalanches?", r"heat\s*waves?"), 0.85),
    ("disaster", _any(r"storms?", r"flooded", r"erupted"), 0.55),
    ("accident", _any(r"(?<!market\s)(?<!stock\s)crash(?:ed|es)?(?!\s+course)", r"collisions?", r"collided",
                      r"derail(?:ed|ment|s)?", r"capsized", r"sank", r"ran\s+aground", r"accidents?",
                      r"went\s+off\s+the\s+road"), 0.8),
    ("protest", _any(r"protest(?:s|ed|ers?|ors?|ing)?", r"demonstrations?", r"demonstrators",
                     r"rall(?:y|ies|ied)",
                     r"riot(?:s|ed|ing|ers)?(?!\s+(?:police|gear|squad|control|shields?))",
                     r"took\s+to\s+the\s+streets", r"marched", r"sit-ins?", r"general\s+strike",
                     r"went\s+on\s+strike", r"hunger\s+strike"), 0.8),
    ("casualties", _any(r"killed", r"killing", r"dead", r"wounded", r"injured", r"injuring",
                        r"died(?!\s+(?:of|from)\s+(?:an?\s+)?"
                        r"(?:heart|cancer|natural|old\s+age|illness|stroke))",
                        r"death\s+tolls?", r"lost\s+their\s+lives", r"casualties", r"fatalities",
                        r"bodies"), 0.8),
    ("other", _any(r"kidnapp(?:ed|ing)", r"abduct(?:ed|ion)", r"hostages?", r"hijack(?:ed|ing)", r"looted",
                   r"looting", r"torched", r"set\s+(?:on\s+)?fire", r"set\s+ablaze", r"fire\s+broke\s+out",
                   r"blaze"), 0.6),
)
# fmt: on

_CAPTION = re.compile(
    r"\b(?:Credit|Photo(?:graph)?|Picture|Image|Source)s?\s*:|\bGetty\s+Images\b|\bAlamy\b"
    r"|\b(?:AFP|Reuters|AP|EPA|Shutterstock)\s*/|\bMore\s*$|^\s*\(?(?:Photo|Image)\b"
)
# Scope of a trigger's clause: modal and negative cues count only inside it.
_STRONG_BOUNDARY = (
    r"[;:()\"“”—–]|\b(?:after|when|while|because|but|although|though|before|until"
    r"|whereas|however)\b"
)
_CLAUSE_BOUNDARY = re.compile(
    _STRONG_BOUNDARY + r"|,|\b(?:and|which|who|that|as|since|where)\b", re.IGNORECASE
)
_STRONG = re.compile(_STRONG_BOUNDARY, re.IGNORECASE)
_MODAL_CUES = re.compile(
    r"\b(?:not|never|no|nobody|without|would|will|could|might|(?-i:may)|should|must|shall|if|unless|whether"
    r"|threat(?:en)?(?:s|ed)?|plan(?:s|ned|ning)?|intend(?:s|ed)?|intention|vow(?:s|ed)?|pledg(?:e|es|ed)"
    r"|prepar(?:e|es|ed|ing)|aim(?:s|ed)?\s+to|want(?:s|ed)?|warn(?:s|ed)?|fear(?:s|ed)?|avoid|prevent"
    r"|risks?|call(?:s|ed)?\s+for|look\s+into|possible|potential|try|tried|attempt(?:s|ed)?\s+to)\b|n't\b",
    re.IGNORECASE,
)
_DENIAL = re.compile(r"\b(?:den(?:y|ies|ied|ying)|rejected|dismissed|refuted)\b", re.IGNORECASE)
_HABITUAL = re.compile(
    r"\b(?:in|over|during)\s+the\s+(?:last|past)\s+(?:(?:few|several|many|\w+)\s+)?(?:years|decades|months)\b"
    r"|\bfor\s+(?:years|decades|months)\b"
    r"|\b(?:hundreds|dozens|scores|thousands)\s+of\s+(?:\w+\s+)?"
    r"(?:attacks|strikes|airstrikes|raids|protests|incidents)\b"
    r"|\b\d{2,}\s+(?:\w+\s+)?(?:attacks|strikes|airstrikes|raids|incidents|protests)\b"
    r"|\b(?:repeatedly|regularly|frequently|routinely|often|usually|typically|habitually)\b"
    r"|\bseries\s+of\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"\b(?:reportedly|allegedly|unconfirmed|claimed|purportedly)\b", re.IGNORECASE)
_CONTEXT_TYPES: tuple[EventType, ...] = ("shootdown", "missile_attack")


@dataclass(frozen=True, slots=True)
class EventMatch:
    """The event a sentence reports: type, trigger words and their offsets
    in the sentence, and a confidence in [0, 1]."""

    event_type: EventType
    trigger: str
    start: int
    end: int
    confidence: float


@functools.lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[EventType, re.Pattern[str], float, int], ...]:
    """The compiled lexicon, compiled once (``re``'s own cache is too small for it)."""
    return tuple(
        (kind, re.compile(pattern, re.IGNORECASE), conf, EVENT_TYPES.index(kind))
        for kind, pattern, conf in _LEXICON
    )


def _clause_before(sentence: str, start: int, *, boundary: re.Pattern[str], width: int) -> str:
    """The text of the trigger's clause that precedes the trigger."""
    lo = max(0, start - width)
    prefix = sentence[lo:start]
    ends = [m.end() for m in boundary.finditer(prefix)]
    return prefix[ends[-1] :] if ends else prefix


def _blocked(sentence: str, start: int) -> bool:
    """Whether the trigger at ``start`` is negated, hypothetical or denied."""
    clause = _clause_before(sentence, start, boundary=_CLAUSE_BOUNDARY, width=70)
    if _MODAL_CUES.search(clause):
        return True
    wide = _clause_before(sentence, start, boundary=_STRONG, width=110)
    return bool(_DENIAL.search(wide))


def is_caption(sentence: str) -> bool:
    """Whether ``sentence`` is a photo caption or credit line.

    >>> is_caption("Russian jets at Hmeimim in 2016 Credit: AFP/Getty Images More")
    True
    """
    return bool(_CAPTION.search(sentence))


def classify_event(sentence: str) -> EventMatch | None:
    """The event ``sentence`` reports, or ``None`` if it reports none.

    Examples
    --------
    >>> classify_event("A car bomb exploded near the market, killing 12.").event_type
    'explosion'
    >>> classify_event("No one was injured.") is None
    True
    """
    if not sentence.strip() or is_caption(sentence):
        return None
    best: tuple[float, int, int] | None = None
    found: EventMatch | None = None
    for kind, pattern, conf, rank in _compiled():
        for m in pattern.finditer(sentence):
            group = "t" if "t" in pattern.groupindex and m.group("t") else 0
            start, end = m.span(group)
            if _blocked(sentence, m.start()):
                continue
            key = (conf, -rank, -start)
            if best is None or key > best:
                best = key
                found = EventMatch(
                    event_type=kind, trigger=m.group(group), start=start, end=end, confidence=conf
                )
            break  # the first unblocked match of a rule is enough
    if found is None:
        return None
    confidence = found.confidence
    if _HABITUAL.search(sentence):
        confidence *= 0.4
    if _HEDGE.search(sentence):
        confidence *= 0.85
    if sentence.rstrip().rstrip("\"'”’").endswith("?"):
        confidence *= 0.5
    return replace(found, confidence=round(confidence, 3))


def classify_events(sentences: Sequence[str], *, window: int = 2) -> tuple[EventMatch | None, ...]:
    """:func:`classify_event` for each sentence of one article, in order,
    with weak "was hit"/"was struck" attacks upgraded to the type of a
    shoot-down or missile attack reported up to ``window`` sentences away.

    Examples
    --------
    >>> out = classify_events(["A plane was shot down on Monday.", "It was hit by Syria.",
    ...                        "The plane was hit at sea."])
    >>> [m.event_type if m else None for m in out]
    ['shootdown', None, 'shootdown']
    """
    matches = [classify_event(s) for s in sentences]
    out: list[EventMatch | None] = []
    for i, match in enumerate(matches):
        if match is not None and match.event_type == "attack" and match.trigger.lower() in ("hit", "struck"):
            lo, hi = max(0, i - window), min(len(matches), i + window + 1)
            near = [
                m
                for j, m in enumerate(matches[lo:hi], lo)
                if j != i and m is not None and m.event_type in _CONTEXT_TYPES and m.confidence >= 0.5
            ]
            if near:
                source = max(near, key=lambda m: m.confidence)
                match = replace(
                    match,
                    event_type=source.event_type,
                    confidence=round(max(match.confidence, 0.8 * source.confidence), 3),
                )
        out.append(match)
    return tuple(out)
