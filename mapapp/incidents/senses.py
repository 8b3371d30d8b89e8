"""The sense a trigger word has in its sentence and its story.

Cues that tell an outbreak from a metaphor (a disease is named), a military
deployment from experts sent somewhere, an earthquake's tremors from a
symptom, ground taken in a war from goods seized by police, a disease's toll
from a running total (:func:`disease_toll`), and the cues that
make an attack a violent crime in a crime story (:func:`in_context`). Used by
:mod:`mapapp.incidents.events`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mapapp.models import EventType

#: The sentences that tell a news story's main event and say what kind of story it is.
LEAD_SENTENCES = 4


def lead_of(sentences: Sequence[str]) -> str:
    """The article's first sentences, joined: the context that says what kind of story it is.

    >>> lead_of(["A.", "B.", "C.", "D.", "E."])
    'A. B. C. D.'
    """
    return " ".join(sentences[:LEAD_SENTENCES])


def story_of(sentences: Sequence[str], *, title: str = "") -> str:
    """The headline and the opening sentences: what the story is about and what kind it is.

    >>> story_of(["A.", "B.", "C.", "D.", "E."], title="T")
    'T A. B. C. D.'
    """
    return " ".join(filter(None, (title, lead_of(sentences))))


TROOPS = (
    r"(?:troops|soldiers|forces|warships|ships|jets|aircraft|police(?:men)?|officers"
    r"|personnel|battalions?|units?|reinforcements|paratroopers|marines|peacekeepers)"
)

DISEASE = re.compile(
    r"\b(?:flu|influenza|\w*virus(?:es)?|viral|h\dn\d|ebola|cholera|measles|hiv|aids|sars|mers|zika|dengue"
    r"|malaria|polio|plague|anthrax|tuberculosis|tb|meningitis|typhoid|hepatitis|mumps|rabies|salmonella"
    r"|e\.\s?coli|legionnaires|legionella|listeria|mrsa|smallpox|monkeypox|mpox|covid(?:-19)?|disease|infections?"
    r"|infected|bse|mad\s+cow|foot-and-mouth|bluetongue|avian|encephalitis|diphtheria|pertussis|whooping\s+cough"
    r"|chikungunya|leptospirosis|bacteri(?:a|al|um)|pathogens?|(?:yellow|lassa|swine|scarlet|rift\s+valley"
    r"|ha?emorrhagic)\s+fever|pandemic|epidemic\s+of|outbreak\s+of)\b",
    re.IGNORECASE,
)
ARMED = re.compile(
    r"\b" + TROOPS + r"\b|\b(?:navy|naval|guards?(?:men)?|gendarmes?|carriers?|destroyers?|tanks)\b",
    re.IGNORECASE,
)
QUAKE = re.compile(
    r"\b(?:earthquakes?|quakes?|magnitude|seismic|richter|epicent\w*|aftershocks?|felt)\b", re.IGNORECASE
)
SEIZED_GROUND = re.compile(
    r"\b(?:towns?|cit(?:y|ies)|villages?|territory|areas?|bases?|airports?|airfields?|control|hills?|positions?"
    r"|checkpoints?|oil\s*fields?|dams?|districts?|neighbou?rhoods?|provinces?|regions?|outposts?|posts|ships?"
    r"|vessels?|tankers?|boats?|stronghold|garrison|border\s+crossing)\b",
    re.IGNORECASE,
)
CONFLICT_CUES = re.compile(
    r"\b(?:army|armies|military|troops|soldiers?|forces|rebels?|militants?|insurgents?|jihadists?|fighters"
    r"|ISIS|ISIL|Islamic\s+State|Daesh|Taliban|al-Qaeda|al-Shabaab|Boko\s+Haram|Hezbollah|Hamas|regime"
    r"|coalition|warplanes?|air\s*strikes?|shelling|war|wartime|battalions?|militias?|paramilitar\w*"
    r"|guerrillas?|drones?|terrorists?|terror|extremists?|armed\s+group|gunboats?|combat"
    r"|(?:government|rebel|army|militia)-(?:held|controlled)|assassinat\w*"
    # victims an armed group's violence targets, never a robber's
    r"|ambassadors?|diplomats?|aid\s+workers?|peacekeepers?|humanitarian\s+workers?)\b",
    re.IGNORECASE,
)
_CRIME_CUES = re.compile(
    r"\b(?:police|policem[ae]n|officers?|detectives?|suspects?|charged?|charges|murder\w*|homicides?|robber\w*"
    r"|stabb\w*|shooter|sheriff\w*|prosecutors?|court|jail|prison|burglar\w*|gangs?|killers?"
    r"|convicted|arrested|custody|criminal|crime)\b",
    re.IGNORECASE,
)
_ACCIDENT_CUES = re.compile(
    r"\b(?:gas|pipeline|factory|plant|boiler|chemical|fireworks?|mine|refinery|tanker|cylinder|leak)\b",
    re.IGNORECASE,
)


def disease_toll(sentence: str, *, start: int, end: int) -> bool:
    """Whether a casualty count is a disease's toll: "cholera has killed 400 people in Harare",
    "died from complications caused by the virus" (not "has already killed about 100 people"
    since it appeared: a running total; not "negative for Ebola on a soldier who died").
    ``start``/``end`` are the casualty trigger's offsets in ``sentence``.

    >>> disease_toll("Cholera has killed 400 people.", start=12, end=18)
    True
    """
    if _RUNNING_TOTAL.search(sentence):
        return False
    before = sentence[max(0, start - 60) : start]
    after = sentence[end : end + 80]
    return bool(_DISEASE_THEN.search(before) or _OF_DISEASE.match(after))


def verdict_story(title: str) -> bool:
    """Whether a headline reports a court's decision: the crime it tries happened before the news.

    >>> verdict_story("Edmonton man jailed after vicious assault"), verdict_story("Man stabbed in Leeds")
    (True, False)
    """
    return bool(_VERDICT.search(title))


_VERDICT = re.compile(
    r"\b(?:jailed|sentenced|convicted|acquitted|(?:found|pleads?|pleaded)\s+(?:not\s+)?guilty|jury|verdict"
    r"|life\s+sentence|gets\s+\d+\s+years|years\s+in\s+prison|on\s+trial|trial\s+of)\b",
    re.IGNORECASE,
)


def disease_story_death(sentence: str, *, start: int, end: int, story: str) -> bool:
    """Whether a death the sentence tells without its cause is a disease's: in a story about a
    disease ("Swine flu deaths reported in Argentina": "she died in a Buenos Aires hospital"),
    a death no violence, crime or accident explains. Not a story that clears the disease
    ("tests negative for Ebola", "suicide"), not a death of another cause ("died of an
    overdose"), not the injured, not a running total.

    >>> disease_story_death("The boy died in Tulungagung.", start=8, end=12, story="Bird flu kills a boy")
    True
    >>> disease_story_death("He died at home.", start=3, end=7, story="Soldier tests negative for Ebola")
    False
    """
    if _INJURY.match(sentence, start) or not DISEASE.search(story) or _CLEARED.search(story):
        return False
    if _HAZARD.search(story) or _HAZARD.search(sentence):
        return False  # "Tsunami deaths mount": the dead of the tsunami, whatever disease it brings
    after = sentence[end : end + 80]
    if _RUNNING_TOTAL.search(sentence) or (_CAUSE.match(after) and not _OF_DISEASE.match(after)):
        return False
    return not (
        CONFLICT_CUES.search(sentence) or _CRIME_CUES.search(sentence) or _ACCIDENT_CUES.search(sentence)
    )


_INJURY = re.compile(r"wound|injur|casualt", re.IGNORECASE)
_HAZARD = re.compile(
    r"\b(?:tsunamis?|earthquakes?|quakes?|floods?|flooding|cyclones?|hurricanes?|typhoons?|storms?|landslides?"
    r"|mudslides?|tornado(?:e?s)?|wildfires?|fires?|blazes?|explosions?|blasts?|bomb\w*|crash\w*|collisions?"
    r"|avalanches?|eruptions?|heat\s*waves?|shooting|shot|stabb\w*)\b",
    re.IGNORECASE,
)
_CLEARED = re.compile(
    r"\b(?:tests?|tested)\s+negative\b|\bnegative\s+for\b|\bsuicide\b|\boverdose\b", re.IGNORECASE
)
# "died of an overdose", "died after a fall" (not "died after being hospitalised")
_CAUSE = re.compile(r"\s+(?:of|from|when|after\s+(?:an?|the|his|her|their)\b)", re.IGNORECASE)
_DISEASE_THEN = re.compile(DISEASE.pattern + r"(?:\W+\w+){0,3}\W*$", re.IGNORECASE)
_OF_DISEASE = re.compile(
    r"\s+(?:of|from|by|due\s+to|after\s+(?:contracting|catching|being\s+infected\s+with))\s+(?:[\w-]+\s+){0,5}?"
    + DISEASE.pattern,
    re.IGNORECASE,
)
_RUNNING_TOTAL = re.compile(
    r"\b(?:already|so\s+far|to\s+date|in\s+total|since\s+(?:\d{4}|it|its|the))\b", re.I
)


# A shooting the story calls an accident: no one used violence.
_ACCIDENTAL = re.compile(
    r"\b(?:hunting\s+accident|accidental(?:ly)?\s+(?:shot|shooting|discharge)|shot\s+accidentally)\b",
    re.IGNORECASE,
)
# Violence a lexicon trigger names without saying who used it, and the type it
# takes in a story about crime or about armed conflict.
_CRIME_TWIN: dict[str, EventType] = {"attack": "assault"}
_CONFLICT_TWIN: dict[str, EventType] = {"assault": "attack", "kidnapping": "attack"}


def in_context(event_type: EventType, sentence: str, *, lead: str = "") -> EventType:
    """The type a trigger has in its story: an attack in a crime story is a violent crime.

    The kind of story more of the sentence's own cues tell decides; when they
    are even (or none), the article's lead does.

    >>> in_context("attack", "The man was charged after the attack on a bus.")
    'assault'
    >>> in_context("assault", "Militants opened fire on the convoy.")
    'attack'
    >>> in_context("explosion", "A gas explosion tore through the factory.")
    'accident'
    >>> in_context("explosion", "The blast shattered windows.", lead="A gas explosion at a noodle shop")
    'accident'
    >>> in_context("attack", "The shop was attacked.", lead="Police are looking for two men.")
    'assault'
    >>> in_context("assault", "Police were called to a shooting on Cedar Road.", lead="HUNTING ACCIDENT CLAIMS LIFE")
    'accident'
    """
    if (
        event_type == "explosion"
        and not CONFLICT_CUES.search(sentence)
        # "The blast took place at a noodle restaurant" after "a gas explosion ...": the lead's accident
        and (
            _ACCIDENT_CUES.search(sentence)
            or (_ACCIDENT_CUES.search(lead) and not CONFLICT_CUES.search(lead))
        )
    ):
        return "accident"
    if event_type in ("assault", "attack") and (_ACCIDENTAL.search(sentence) or _ACCIDENTAL.search(lead)):
        return "accident"
    for context in (sentence, lead):
        conflict = len({m.lower() for m in CONFLICT_CUES.findall(context)})
        crime = len({m.lower() for m in _CRIME_CUES.findall(context)})
        if conflict != crime:
            twins = _CONFLICT_TWIN if conflict else _CRIME_TWIN
            return twins.get(event_type, event_type)
    return event_type
