"""Word lists the sentence reader (:mod:`mapapp.incidents.reading`) checks tokens against.

Lemmas and lower-cased words, grouped by the question they answer: is the
trigger unreal (modal, irrealis verbs and nouns, denial), negated, habitual or
statistical, figurative (abstract or non-vehicle subjects of violent and
accident verbs); which prepositions say where; which nouns are people (their
"of X" is an origin, not the event's place).
"""

from __future__ import annotations

import re

MODAL_AUX = frozenset(
    {"will", "would", "could", "might", "may", "should", "must", "shall", "'ll", "’ll", "wo"}
)


# A subject's predicate that says its event is still to come: "outbreaks are likely to
# spread", "a tsunami was looming".
FUTURE_PREDICATES = frozenset(
    {"likely", "unlikely", "expected", "set", "poised", "due", "bound", "loom", "looming"}
)


# Verbs whose complement is not (yet) a fact: "threatened to attack", "plans to protest".
IRREALIS_VERBS = frozenset(
    """
    threaten plan vow warn intend want aim seek try attempt prepare fear consider propose urge demand
    expect hope pledge promise vote decide agree refuse order call prevent avoid stop risk predict
    forecast allow ask plot avert forestall accuse believe think suspect speculate doubt contemplate
    charge indict convict acquit anticipate
""".split()
)


# Verbs whose clausal complement is one side's account: "daughters claim that he was poisoned".
ALLEGATION_VERBS = frozenset({"claim", "allege"})
# Words of talk whose "about" phrase names a topic: "a speech about the outbreak".
TALK = frozenset(
    "speak talk speech discuss discussion ask question comment remark joke write book film".split()
)


# Nouns that make an event noun unreal: "the threat of attacks", "fears of flooding".
IRREALIS_NOUNS = frozenset(
    """
    threat threats fear fears risk risks possibility prospect danger chance chances likelihood plan plans
    warning warnings call calls prevention bid plot potential worried concerned concern concerns afraid anxious wary
    decision decisions
    guilty suspicion innocent
""".split()
)


DENIAL_VERBS = frozenset({"deny", "reject", "dismiss", "refute"})


NEGATIVE_SUBJECTS = frozenset({"none", "nobody", "nothing", "neither"})


HABITUAL_ADVERBS = frozenset(
    {
        "often",
        "regularly",
        "repeatedly",
        "routinely",
        "frequently",
        "usually",
        "typically",
        "habitually",
        "occasionally",
        "sometimes",
        "worldwide",
        "globally",
    }
)


TREND_VERBS = frozenset(
    {
        "rise",
        "fall",
        "increase",
        "decrease",
        "decline",
        "double",
        "triple",
        "drop",
        "surge",
        "soar",
        "grow",
        "climb",
        "dip",
        "rank",
    }
)


COUNT_NOUNS = frozenset(
    {
        "%",
        "percent",
        "proportion",
        "majority",
        "terms",
        "number",
        "numbers",
        "rate",
        "rates",
        "total",
        "percentage",
        "share",
        "spate",
    }
)


# Patients and subjects that make a violent or accident verb figurative.
ABSTRACT = frozenset(
    """
    deal deals plan plans bill bills talks agreement agreements partnership treaty negotiations process
    hope hopes chance chances prospect prospects evacuation idea ideas proposal proposals market markets
    stock stocks share shares price prices economy career season legislation law reform reforms initiative
    effort efforts momentum mood website site server system network app software computer phone project
    vote election campaign bid motion measure program programme scheme merger investment currency rally
    tariff tariffs sanction sanctions policy policies tax taxes ban bans regulation regulations rule rules
    ad ads advert adverts criticism lawsuit lawsuits report reports study studies
""".split()
)


VEHICLES = frozenset(
    """
    train trains tram trams plane planes aircraft jet jets helicopter helicopters flight car cars bus buses
    truck trucks lorry lorries van vans vehicle vehicles ship ships boat boats vessel vessels ferry ferries
    tanker tankers motorcycle motorbike bike bicycle coach drone drones freight locomotive carriage wagon
    wagons suv taxi minibus jeep tractor airliner airplane
""".split()
)


FIGURATIVE_VERBS = frozenset(
    {
        "kill",
        "derail",
        "torpedo",
        "sink",
        "crash",
        "collapse",
        "explode",
        "storm",
        "attack",
        "bomb",
        "shoot",
        "blast",
        "fire",
        "hit",
        "strike",
        "collide",
        "target",
    }
)


# What one fights in a war: "fighting the rebels" is a clash, "fighting two fires" or
# "fighting cancer" is not.
ARMED_FOES = frozenset(
    """
    rebels rebel militants militant insurgents insurgent jihadists fighters forces troops soldiers army
    militia militias guerrillas extremists terrorists enemy government regime isis isil daesh taliban
    """.split()
)


ACCIDENT_VERBS = frozenset({"derail", "crash", "collide", "capsize", "sink"})


LOCATIVE_PREPS = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "off",
        "inside",
        "across",
        "along",
        "into",
        "throughout",
        "around",
        "within",
        "onto",
        "over",
        "on",
        "towards",
        "toward",
        "beside",
        "behind",
        "between",
        "through",
    }
)


ORIGIN_PREPS = frozenset({"of", "from", "to", "for"})

#: Verbs of a journey: the places of "a man who had travelled from Mexico through Shanghai" or
#: "returning from a trip to Thailand" are where a participant was, not where the event happened.
TRAVEL_VERBS = frozenset({"travel", "return", "visit", "fly", "arrive", "journey", "holiday", "vacation"})
#: Words that make "be" and "come" a journey ("who had recently been in New York", "came back from").
TRAVEL_MARKERS = frozenset({"recently", "previously", "just", "back", "from"})
#: Words that make an event noun a new one even after a possessive ("its first case",
#: "their fourth attack"): not a reference to an event told before.
NEW_EVENT_WORDS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth latest new newest another".split()
)


PERSON_NOUNS = frozenset(
    """
    man men woman women boy boys girl girls child children resident residents native natives citizen
    citizens national nationals soldier soldiers sergeant sgt officer officers student students worker
    workers teenager teenagers father mother son daughter husband wife people person suspect suspects
    victim victims driver drivers pilot pilots member members native-born marine marines player players
    fan fans journalist journalists reporter tourist tourists family families ambassador ambassadors envoy
    envoys president minister ministers leader leaders official officials spokesman spokeswoman spokesperson
    diplomat diplomats king queen prince governor mayor chief commander general agent agents
""".split()
)


#: Bodies named after their place ("Chicago police", "Ohio authorities").
AUTHORITIES = frozenset("police authorities prosecutors lawmakers government court media".split())


#: Who reports a disease's cases: the place they speak for is where the cases are ("health
#: officials from the Philippines said seven more people tested positive").
REPORTING_BODIES = frozenset(
    "official officials authorities ministry minister ministers government department agency spokesman"
    " spokeswoman spokesperson secretary".split()
)


#: People an "of" phrase ties to an event, not to a home: "victims of the flood in Sylhet".
EVENT_PARTIES = frozenset({"victim", "victims", "survivor", "survivors", "casualties"})


NON_PLACE_LABELS = frozenset({"ORG", "LAW", "PERSON", "WORK_OF_ART", "EVENT", "PRODUCT"})


BIG_NUMBER = re.compile(
    r"^(?:\d{2,}|\d{1,3}(?:,\d{3})+|hundreds|dozens|scores|thousands|tens)$", re.IGNORECASE
)


# Dependents that start another clause: what they say is not the trigger's own.
OTHER_CLAUSES = frozenset({"conj", "advcl", "ccomp", "parataxis", "relcl", "acl", "xcomp", "csubj"})


#: A year, or a span of years ("the 1998–2001 epidemics").
YEAR = re.compile(r"^(?:1[5-9]|20)\d\d(?:[–-](?:(?:1[5-9]|20)\d\d|\d\d))?$")

ORDINAL = re.compile(
    r"^(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))$", re.IGNORECASE
)

#: Nouns a trigger may modify and still report its event: "the stabbing death",
#: "the shooting suspect", "the bomb attack".
EVENT_HEADS = frozenset(
    """
    death deaths killing killings attack attacks incident incidents case cases toll victim victims suspect
    suspects survivor survivors casualty casualties outbreak blast explosion strike strikes raid
    waters situation crisis damage devastation emergency havoc wave waves landfall rain rains
    """.split()
)

#: Verbs that report an event ("police said", "officials confirmed").
SPEECH_VERBS = frozenset(
    "say tell report confirm announce state add note claim explain write reveal disclose".split()
)
