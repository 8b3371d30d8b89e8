"""Is a trigger a real event? One check per way news text reports what did not happen.

Each check takes the trigger token and the verb it depends on (spaCy tokens of
a parsed sentence) and returns the word that decided ("n't", "threatened",
"deal", "200") or ``""``; :mod:`mapapp.incidents.reading` runs them in order.
"""

from __future__ import annotations

from typing import Any

from mapapp.incidents import cues


def negated(token: Any, gov: Any) -> str:
    for node in {token, gov}:
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in ("no", "neither")):
                return child.text
    for child in gov.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in cues.NEGATIVE_SUBJECTS:
            return child.text
        if (
            child.dep_ in ("nsubj", "nsubjpass")
            and child.lower_ in ("one",)
            and any(c.lower_ == "no" for c in child.children)
        ):
            return "no one"
    for ancestor in token.ancestors:
        if ancestor.lower_ in cues.NEGATIVE_SUBJECTS or (
            ancestor.dep_ == "prep" and ancestor.lower_ == "without"
        ):
            return ancestor.text
        if ancestor is gov:
            break
    return ""


def irrealis(token: Any, gov: Any) -> str:
    such = next((c for c in token.children if c.dep_ in ("predet", "amod") and c.lower_ == "such"), None)
    if such is not None and token.pos_ == "NOUN":
        return such.text  # "the effects of such an outbreak": a kind of event, none that happened
    if token.dep_ in ("nsubj", "nsubjpass"):
        # "outbreaks are likely to spread", "a tsunami was looming"
        ahead = [gov, *(c for c in gov.children if c.dep_ == "acomp")]
        word = next((w for w in ahead if w.lower_ in cues.FUTURE_PREDICATES), None)
        if word is not None:
            return word.text
    for child in gov.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in cues.MODAL_AUX:
            return child.text
        if child.dep_ == "aux" and child.lower_ in ("'d", "’d") and gov.tag_ == "VB":
            return child.text  # "we'd all be better off dead" (not "he'd been shot": had)
        if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
            return child.text
    if token.head.dep_ == "prep" and token.head.lower_ in ("regarding", "concerning"):
        return token.head.text  # "information regarding H5N1 outbreaks": a topic, not a report
    if (
        token.head.dep_ == "prep"
        and token.head.lower_ == "about"
        and token.head.head.lemma_.lower() in cues.TALK
    ):
        return token.head.text  # "speaking about the swine flu outbreak": a topic
    if (
        token.head.dep_ == "prep"
        and token.head.lower_ in ("of", "about", "over")
        and token.head.head.lower_ in cues.IRREALIS_NOUNS
    ):
        return token.head.head.text
    if (
        gov is not token
        and gov.lemma_.lower() in cues.IRREALIS_VERBS
        and token.dep_ in ("dobj", "pobj", "xcomp")
    ):
        return gov.text
    node = gov
    for _ in range(3):
        # "accused the army of shelling": through the preposition to the verb that frames it;
        # "planned to murder him and attack a station": through the conjunct of a complement
        inside = node.dep_ == "conj" and node.head.dep_ in ("xcomp", "ccomp")
        if (
            node.dep_ not in ("xcomp", "ccomp", "advcl", "pcomp", "acl", "prep") and not inside
        ) or node.head is node:
            break
        came_from, node = node, node.head
        if node.lemma_.lower() in cues.IRREALIS_VERBS or node.lower_ in cues.IRREALIS_NOUNS:
            return node.text
        if came_from.dep_ == "ccomp" and node.lemma_.lower() in cues.ALLEGATION_VERBS:
            return node.text  # "his daughters claim that he was poisoned" (not "claimed the attack")
    return _object_of_irrealis(token)


def _object_of_irrealis(token: Any) -> str:
    """The irrealis verb whose object holds the trigger ("MSF anticipated an increase in malaria
    and epidemic diseases"); only through noun phrases, so "fear the toll from the earthquake
    will rise" keeps its earthquake."""
    node = token
    for _ in range(8):
        if node.dep_ not in _NOUN_PHRASE_DEPS or node.head is node:
            return ""
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node.text if node.lemma_.lower() in cues.IRREALIS_VERBS else ""
    return ""


_NOUN_PHRASE_DEPS = frozenset({"amod", "compound", "pobj", "prep", "dobj", "conj", "appos", "nmod"})


def denied(token: Any) -> str:
    return next((a.text for a in token.ancestors if a.lemma_.lower() in cues.DENIAL_VERBS), "")


def figurative(token: Any, gov: Any) -> str:
    verb = token if token.pos_ in ("VERB", "AUX") else gov
    lemma = verb.lemma_.lower()
    if lemma == "fight":
        foes = [c for c in verb.children if c.dep_ == "dobj"]
        if foes and not any(
            t.lower_ in cues.ARMED_FOES or t.ent_type_ in ("ORG", "NORP") for f in foes for t in f.subtree
        ):
            return foes[0].text
    if lemma not in cues.FIGURATIVE_VERBS:
        return ""
    actors = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    if verb.dep_ == "relcl" and any(a.lower_ in ("that", "which") for a in actors):
        actors.append(verb.head)  # "tariffs that have targeted China": the tariffs did
    for actor in actors:
        word = actor.lower_
        if word in cues.ABSTRACT or (actor.ent_type_ in ("ORG", "LAW", "WORK_OF_ART") and lemma == "kill"):
            return actor.text
        if (
            lemma in cues.ACCIDENT_VERBS
            and actor.dep_ in ("nsubj", "nsubjpass")
            and actor.pos_ in ("NOUN", "PROPN")
            and word not in cues.VEHICLES
            and actor.ent_type_ == ""
            and not _has_vehicle(actor)
        ):
            return actor.text
    return ""


def _has_vehicle(noun: Any) -> bool:
    return any(t.lower_ in cues.VEHICLES for t in noun.subtree)


def habitual(token: Any, gov: Any) -> str:
    if token.tag_ in ("NNS", "NNPS"):
        for child in token.children:
            if child.dep_ in ("nummod", "amod", "quantmod") and cues.BIG_NUMBER.match(child.text):
                return child.text
        head = token.head
        if head.dep_ == "prep" and head.lower_ == "of" and cues.BIG_NUMBER.match(head.head.text):
            return head.head.text
        if head.dep_ == "prep" and head.lower_ == "of" and head.head.lower_ in cues.COUNT_NOUNS:
            return head.head.text
    if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_.lower() in cues.TREND_VERBS:
        return token.head.text
    more = next((c for c in token.children if c.dep_ == "amod" and c.lower_ in ("more", "fewer")), None)
    if more is not None and any(t.lower_ == "than" for t in token.head.subtree):
        return more.text  # "more murders in March than in any month": a comparison of counts
    ordinal = next((c.text for c in token.children if c.dep_ == "amod" and cues.ORDINAL.match(c.text)), "")
    if ordinal and any(cues.YEAR.match(t.text) or t.lower_ == "year" for t in token.subtree):
        return ordinal  # "the fourth homicide of 2016": a count, not the event
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in gov.children)
    for child in gov.children:
        if perfect and child.dep_ == "prep" and child.lower_ == "since":
            # "207 people have died from the virus since 2003": a running total
            years = [t.text for t in child.subtree if cues.YEAR.match(t.text)]
            if years:
                return "since " + years[0]
        if child.lower_ == "as" and child.i + 1 < len(child.doc) and child.nbor(1).lower_ == "of":
            return "as of"  # "as of July 21, 109 cases have been confirmed": a running total
        if child.dep_ == "advmod" and child.lower_ in cues.HABITUAL_ADVERBS:
            return child.text
        if (
            child.dep_ == "npadvmod"
            and child.lower_ in ("year", "week", "day", "month")
            and any(c.lower_ == "every" for c in child.children)
        ):
            return "every " + child.text
    return ""


def attributive(token: Any) -> str:
    """A trigger that only describes another noun reports no event itself: a participle
    ("the captured heat") or a noun modifier ("hurricane season", "flood defences"),
    unless what it modifies is the event's own toll or party ("the stabbing death")."""
    if token.dep_ == "amod" and token.pos_ == "VERB":
        return token.text
    # "Hurricane Harvey" names the event itself
    if (
        token.dep_ == "compound"
        and token.head.pos_ != "PROPN"
        and token.head.lemma_.lower() not in cues.EVENT_HEADS
    ):
        return token.text
    return ""


def background(token: Any) -> str:
    """A past year naming the event ("the 1968 pandemic", "the 2003 earthquake") or an
    earlier one told beside the news ("the last outbreak in the UK was in 2001"): history."""
    for child in token.children:
        if child.dep_ in ("nummod", "compound", "amod", "npadvmod") and cues.YEAR.match(child.text):
            return child.text
        if child.dep_ == "amod" and child.lower_ in ("last", "previous", "prior", "earlier"):
            return child.text
    # "since December 2003, when a cow tested positive", "no case since a cow tested positive
    # in 2015": the reference point of a count; "20 years after the ban over Britain's
    # outbreak": years before the news
    for node in (token, *token.ancestors):
        mark = next(
            (c for c in node.children if c.dep_ == "mark" and c.lower_ in ("after", "since")),
            node if node.lower_ in ("after", "since") else None,
        )
        if mark is None:
            continue
        if any(c.lemma_ in ("year", "decade", "century") for c in node.children):
            return mark.text
        if mark.lower_ == "since" and any(cues.YEAR.match(t.text) for t in node.subtree):
            return mark.text
    return ""
