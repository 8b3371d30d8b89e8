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

from mapapp.incidents.senses import (
    ARMED,
    CONFLICT_CUES,
    DISEASE,
    QUAKE,
    SEIZED_GROUND,
    TROOPS,
    disease_story_death,
    disease_toll,
    story_of,
)
from mapapp.models import EventType
from mapapp.text.lexicon import PHOTO_CREDIT

# Most specific first: the order breaks ties between equally confident triggers.
# Read from the model's Literal so the list has one home ("other" only comes
# from stores written before the crime, fire and outbreak types existed).
EVENT_TYPES: tuple[EventType, ...] = tuple(t for t in get_args(EventType) if t != "other")

_BE = r"(?:is|are|was|were|been|being|be|has\s+been|have\s+been|had\s+been)"
_ADV = r"(?:\s+\w+ly)?"
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
    ("explosion", _any(r"(?:buried|homemade|home-made|crude|booby[\s-]trap(?:ped)?)\s+bombs?",
                       r"(?<!atomic\s)(?<!nuclear\s)bombs?(?!\s+(?:threats?|scares?|squads?|disposal|shelters?|-?proof))"), 0.6),
    ("armed_clash", _any(r"clash(?:es|ed)?", r"gun\s*-?\s*battles?", r"fire\s*fights?",
                         r"skirmish(?:es)?", r"exchanged\s+fire", r"exchanges?\s+of\s+fire",
                         r"heavy\s+fighting", r"fighting\s+between",
                         r"fighting\s+(?:broke\s+out|erupted|raged|flared)"), 0.85),
    ("armed_clash", _any(r"fighting", r"fought", r"battled"), 0.6),
    ("attack", _any(r"(?<!heart\s)(?<!panic\s)(?<!asthma\s)attacks?", r"ambush(?:ed|es)?", r"gunmen",
                    r"massacred?", r"raids?", r"raided", r"counter-?attacks?"), 0.75),
    ("assault", _any(r"assaults?", r"opened\s+fire", r"shot\s+(?:dead|and\s+killed|and\s+wounded)",
                     r"fatally\s+shot", r"gunman", r"stabb(?:ed|ing)s?", r"shootings?",
                     r"murder(?:ed|s)?", r"homicides?", r"beaten\s+to\s+death", r"poisoned",
                     r"assassinat(?:ed|ion)", r"strangled", r"shot\s+(?:him|her|them|a|an|the|two|three)\b"), 0.75),
    # armed men as the killers: "cattle rustlers have killed eleven people" is the attack itself
    ("attack", _any(r"(?:gunmen|militants|rebels|insurgents|attackers|assailants|bandits|rustlers|raiders"
                    r"|terrorists|jihadists|extremists|militiam[ae]n|militias?|pirates)\s+(?:\w+\s+){0,3}?"
                    r"(?P<t>killed|shot|murdered|massacred|beheaded|executed)"), 0.8),
    # "our targeted surveillance system": after a determiner "targeted" is an adjective
    ("attack", _any(r"attacked", r"assaulted", r"fired\s+(?:on|at|upon)",
                    r"(?<!\bour\s)(?<!\ba\s)(?<!\bthe\s)(?<!\bits\s)(?<!\btheir\s)(?<!\bmore\s)targeted"), 0.65),
    # weak on its own; see classify_events for the upgrade from context
    ("attack", _any(r"(?:plane|aircraft|jet|helicopter|drone|ship|vessel|tanker|boat|convoy|building"
                    r"|base|hospital)s?\s+" + _BE + _ADV + r"\s+(?P<t>hit|struck)"), 0.5),
    ("seizure", _any(r"seized(?!\s+(?:on|upon)\b)", r"seizures?\s+of", r"confiscated", r"impounded",
                     r"overran", r"overrun", r"(?:took|taken|seized)\s+control\s+of",
                     r"captured(?!\s+(?:on|in)\s+(?:camera|video|film|footage|images?)"
                     r"|\s+(?:\w+\s+){0,2}?(?:medals?|titles?|votes?|seats?|imagination|attention"
                     r"|hearts?|moment|mood))"), 0.8),
    ("arrest", _any(r"arrested", r"(?<!cardiac\s)(?<!heart\s)(?<!respiratory\s)arrests?(?!\s+warrant)", r"detained", r"detention\s+of",
                    r"taken\s+into\s+custody", r"(?:is|are|was|were)\s+in\s+(?:police\s+)?custody", r"apprehended", r"rounded\s+up", r"held\s+by\s+police"), 0.8),
    ("deployment", _any(TROOPS + r"\s+" + _BE + _ADV
                        + r"\s+(?P<t>sent|deployed|dispatched|moved|stationed|redeployed)"), 0.85),
    ("deployment", _any(r"(?:deployed|dispatched|redeployed)\s+(?:to|in|at|on|along|near|into)",
                        r"deployments?\s+of",
                        r"(?:sent|send|sends|deployed|deploy|deploys|dispatched)\s+(?:[\w,.-]+\s+){0,3}?"
                        + TROOPS), 0.8),
    ("disaster", _any(r"earthquakes?", r"quakes?", r"tremors?", r"floods?", r"flooding", r"flash\s+floods?",
                      r"wildfires?", r"bushfires?", r"forest\s+fires?", r"hurricanes?", r"cyclones?",
                      r"typhoons?", r"tornado(?:e?s)?", r"landslides?", r"mudslides?", r"droughts?",
                      r"tsunamis?", r"volcanic\s+eruptions?", r"avalanches?", r"heat\s*waves?"), 0.85),
    ("disaster", _any(r"storms?", r"flooded", r"volcano(?:es)?\s+(?:\w+\s+)?erupted"), 0.55),
    ("attack", _any(r"violence\s+(?:that\s+)?(?:erupted|broke\s+out|flared)",
                    r"(?:post-election|sectarian|ethnic|tribal|communal|political)\s+violence"), 0.6),
    ("disaster", _any(r"(?:floodwaters?|flood\s+waters?|rains?|waves?)\s+(?:\w+\s+)?(?:submerged|inundated|swept)",
                      r"submerged", r"inundated", r"swept\s+away"), 0.8),
    ("outbreak", _any(r"outbreaks?", r"epidemics?", r"(?:confirmed|suspected|new|first)\s+(?:\w+\s+){0,3}?cases?",
                      r"cases?\s+of\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:flu|influenza|virus|h5n1|h1n1|h7n9|ebola"
                      r"|cholera|measles|hiv|sars|mers|zika|dengue|malaria|polio|plague|anthrax|disease|infection|illness)",
                      r"cases?\s+(?:\w+\s+){0,2}?" + _BE + r"\s+(?:found|confirmed|detected|discovered)",
                      r"(?:disease|virus|infection|strain|flu|H\dN\d|cholera|ebola|measles|anthrax|polio)\s+(?:\w+\s+){0,3}?"
                      + _BE
                      + r"\s+(?:also\s+)?(?:found|detected|confirmed|discovered|underway)",
                      r"tested\s+positive", r"diagnosed\s+with", r"contracted", r"infected\s+with",
                      r"(?:died|dead|killed)\s+(?:\w+\s+){0,2}?(?:of|from|by)\s+(?:the\s+)?(?:\w+\s+){0,2}?"
                      r"(?:flu|influenza|virus|h5n1|h1n1|ebola|cholera|measles|disease|infection)",
                      r"culled", r"culling", r"sickened", r"(?:fallen|fell|became|become)\s+(?:seriously\s+)?(?:ill|sick)",
                      # headlines drop the auxiliary: "Mutated strain of H1N1 virus detected in US and Norway"
                      r"(?:virus|strain|flu|disease|cases?|deaths)\s+(?:\w+\s+){0,3}?(?:found|detected|confirmed|discovered|reported)"
                      r"(?=\s+(?:in|at|among)\s)", r"(?:confirmed|detected|found|declared)\s+(?:the\s+)?presence\s+of",
                      r"confirmed\s+to\s+have",
                      # "the first fatality in the UK caused by swine flu", "death ... was due to bird flu"
                      r"(?:deaths?|fatalit(?:y|ies))\s+(?:[\w-]+\s+){0,8}?(?:due\s+to|attributed\s+to|caused\s+by)"
                      r"\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:flu|influenza|virus|h5n1|h1n1|ebola|cholera|measles|disease)",
                      # "The deadly disease has struck in Ituri district"
                      r"(?:disease|virus|flu|influenza|outbreak|epidemic|plague|cholera|ebola|measles)\s+"
                      r"(?:has\s+|had\s+|have\s+)?(?:struck|hit)"), 0.75),
    # cases and deaths a place reports: "Kenya has reported forty cases", "two deaths had been
    # confirmed in Luanda", "Of Brazil's H1N1 cases, nine are in São Paulo" (a disease's sense needed)
    ("outbreak", _any(r"(?:report(?:s|ed|ing)?|recorded|registered|confirmed)\s+(?:(?!no\b|zero\b|any\b)[\w,-]+\s+){0,3}?"
                      r"(?P<t>cases?|deaths|infections?)"), 0.7),
    ("outbreak", _any(r"(?:cases?|deaths|infections?)\s+(?:[\w-]+\s+){0,5}?" + _BE
                      + r"\s+(?:reported|recorded|registered|confirmed)",
                      r"(?:H\dN\d|flu|influenza|cholera|ebola|measles|virus|dengue)\s+(?:cases|deaths?)"), 0.7),
    ("fire", _any(r"fire\s+broke\s+out", r"blaze", r"fire\s+(?:destroyed|gutted|engulfed|swept)",
                  r"(?:house|building|apartment|factory|warehouse|hotel|market)\s+fire", r"gutted\s+by\s+fire",
                  r"burned\s+down", r"caught\s+fire"), 0.75),
    ("accident", _any(r"(?<!market\s)(?<!stock\s)crash(?:ed|es)?(?!\s+course)", r"collisions?", r"collided",
                      r"derail(?:ed|ment|s)?", r"capsized", r"sank", r"ran\s+aground", r"accidents?",
                      r"went\s+off\s+the\s+road", r"drowned", r"food\s+poisoning", r"(?:hit|struck|knocked\s+down|run\s+over)\s+by"
                      r"\s+(?:a|an|the)\s+(?:\w+\s+)?(?:car|truck|lorry|bus|van|vehicle|train|tram|motorcycle|taxi)\b(?!\s+bomb)",
                      r"(?:building|bridge|roof|wall|tree|crane|mine|tunnel|stage|balcony|dam|house|ceiling)s?"
                      r"\s+(?:\w+\s+){0,2}?(?:collapsed|fell|toppled|caved\s+in|gave\s+way)",
                      r"after\s+(?:eating|drinking)\s+(?:\w+\s+){0,2}?(?:tainted|contaminated|toxic|poisoned)"), 0.8),
    # the people (protesters ...) are weaker evidence than the act ("police shot dead a protester": a shooting)
    ("protest", _any(r"protesters?", r"protestors?", r"demonstrators", r"rioters"), 0.7),
    ("protest", _any(r"protest(?:s|ed|ing)?", r"demonstrations?",
                     r"rall(?:y|ies|ied)",
                     r"riot(?:s|ed|ing)?(?!\s+(?:police|gear|squad|control|shields?))",
                     r"took\s+to\s+the\s+streets", r"marched", r"sit-ins?", r"general\s+strike",
                     r"went\s+on\s+strike", r"hunger\s+strike"), 0.8),
    ("protest", _any(r"(?:thousands|hundreds|crowds?)\s+(?:of\s+(?:\w+\s+){1,2})?(?:turned\s+out|gathered"
                     r"|massed|assembled)"), 0.7),
    ("casualties", _any(r"killed", r"killing", r"dead", r"wounded", r"injured", r"injuring",
                        r"died(?!\s+(?:down|out|away)\b)(?!\s+(?:of|from)\s+(?:an?\s+)?"
                        r"(?:heart|cancer|natural|old\s+age|illness|stroke))",
                        r"death\s+tolls?", r"lost\s+their\s+lives", r"(?:taken|took|claimed)\s+the\s+lives", r"casualties", r"fatalities",
                        r"bodies\s+(?:were|have\s+been|had\s+been)?\s*(?:found|recovered|discovered|pulled)"), 0.8),
    ("kidnapping", _any(r"kidnapp(?:ed|ing)", r"abduct(?:ed|ion)", r"taken\s+hostage", r"held\s+hostage",
                        r"hijack(?:ed|ing)", r"amber\s+alert"), 0.7),
    ("crime", _any(r"break-ins?", r"broke\s+into", r"burglar(?:ies|ised|ized)", r"looted", r"looting", r"torched", r"set\s+(?:on\s+)?fire", r"set\s+ablaze", r"arson",
                   r"robbed", r"robbery", r"burglary", r"vandali[sz]ed"), 0.6),
)
# fmt: on

# Caption lines beyond the credit cues (one home: mapapp.text.lexicon): a
# trailing "More" link and a line opening with "Photo"/"Image".
_CAPTION_LINE = re.compile(r"\bMore\s*$|^\s*\(?(?:Photo|Image)\b|\bSource\s*:")
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


# "the earthquake-ravaged capital", "flood-hit areas": the trigger is half of an adjective that
# describes a place; the event it names is told elsewhere, if at all
_DESCRIBES_PLACE = re.compile(
    r"-(?:ravaged|hit|stricken|affected|damaged|devastated|torn|battered|struck|wracked|racked|ridden|prone)\b"
    r"|\s+(?:ravaged|stricken|affected|damaged|devastated|torn|battered|wracked|ridden)\s+"
    r"(?:capital|city|cities|towns?|regions?|areas?|provinces?|country|countries|states?|islands?|coast"
    r"|zones?|villages?|nation|districts?|communities)\b",
    re.IGNORECASE,
)


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
    return bool(PHOTO_CREDIT.search(sentence) or _CAPTION_LINE.search(sentence))


def classify_event(sentence: str, *, story: str = "") -> EventMatch | None:
    """The event ``sentence`` reports, or ``None`` if it reports none.

    ``story`` is the article's opening: the context in which a bare "cases"
    or "outbreak" is a disease's.

    Examples
    --------
    >>> classify_event("A car bomb exploded near the market, killing 12.").event_type
    'explosion'
    >>> classify_event("No one was injured.") is None
    True
    >>> classify_event("Cholera has killed 400 people in Harare.").event_type
    'outbreak'
    """
    if not sentence.strip() or is_caption(sentence):
        return None
    best: tuple[float, int, int] | None = None
    found: EventMatch | None = None
    cause: EventMatch | None = None  # the best match that is not a bare casualty count
    for kind, pattern, conf, rank in _compiled():
        for m in pattern.finditer(sentence):
            group = "t" if "t" in pattern.groupindex and m.group("t") else 0
            start, end = m.span(group)
            if _blocked(sentence, m.start()) or _DESCRIBES_PLACE.match(sentence, end):
                continue
            match = EventMatch(event_type=kind, trigger=m.group(group), start=start, end=end, confidence=conf)
            key = (conf, -rank, -start)
            if best is None or key > best:
                best, found = key, match
            if kind != "casualties" and (cause is None or conf > cause.confidence):
                cause = match
            break  # the first unblocked match of a rule is enough
    if found is None:
        return None
    if not _has_sense(found, sentence, story=story):
        return None
    if found.event_type == "seizure" and not SEIZED_GROUND.search(
        sentence, max(0, found.start - 40), found.end + 50
    ):
        # drugs, weapons or goods taken by the police: a crime matter, not ground taken in a war
        found = replace(found, event_type="crime")
    if found.event_type == "casualties" and cause is not None:
        # "killed by a buried bomb": the toll of the bomb, an explosion
        found = replace(cause, confidence=max(cause.confidence, found.confidence))
    elif found.event_type == "casualties" and (
        disease_toll(sentence, start=found.start, end=found.end)
        or disease_story_death(sentence, start=found.start, end=found.end, story=story)
    ):
        found = replace(found, event_type="outbreak")
    confidence = found.confidence
    if _HABITUAL.search(sentence):
        confidence *= 0.4
    if _HEDGE.search(sentence):
        confidence *= 0.85
    if sentence.rstrip().rstrip("\"'”’").endswith("?"):
        confidence *= 0.5
    return replace(found, confidence=round(confidence, 3))


def _has_sense(found: EventMatch, sentence: str, *, story: str = "") -> bool:
    """Whether the sentence gives an ambiguous trigger the sense of its type: an outbreak
    needs a disease ("the obesity epidemic" is none), a deployment the armed forces
    ("experts were deployed"), tremors an earthquake ("fatigue and tremors" are symptoms)."""
    if found.event_type == "outbreak":
        return bool(DISEASE.search(sentence) or DISEASE.search(story))
    if found.event_type == "deployment":
        return bool(CONFLICT_CUES.search(sentence) or ARMED.search(sentence))
    if found.trigger.lower().startswith("tremor"):
        return bool(QUAKE.search(sentence))
    if found.event_type == "armed_clash" and found.trigger.lower() in ("fighting", "fought", "fight"):
        # "capable of fighting at the front of the pack": a race, not a war
        return bool(CONFLICT_CUES.search(sentence) or CONFLICT_CUES.search(story))
    return True


def classify_events(
    sentences: Sequence[str], *, window: int = 2, title: str = ""
) -> tuple[EventMatch | None, ...]:
    """:func:`classify_event` for each sentence of one article, in order,
    with weak "was hit"/"was struck" attacks upgraded to the type of a
    shoot-down or missile attack reported up to ``window`` sentences away.

    Examples
    --------
    >>> out = classify_events(["A plane was shot down on Monday.", "It was hit by Syria.",
    ...                        "The plane was hit at sea."])
    >>> [m.event_type if m else None for m in out]
    ['shootdown', None, 'shootdown']
    >>> classify_events(["The outbreak has sickened 60 people."], title="Salmonella outbreak")[0].event_type
    'outbreak'
    """
    # "two cases were found in Torun" in a bird-flu story are cases of bird flu
    story = story_of(sentences, title=title)
    matches = [classify_event(s, story=story) for s in sentences]
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
