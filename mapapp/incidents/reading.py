"""Read an event sentence's syntax: is the trigger a real event, and which phrases are its own?

The lexicon (:mod:`mapapp.incidents.events`) finds candidate triggers cheaply;
this module parses only those candidate sentences with spaCy's dependency
parser and answers, for each trigger:

* its **status**: an ``event``, or ``negated`` ("there haven't been any
  seizures", "none of the injured were British"), ``modal`` (future,
  hypothetical, intended, feared: "would strike", "threatened to attack",
  "fears of flooding"), ``denied`` ("denied that troops shelled"),
  ``figurative`` ("the deal was killed", "the evacuation derailed",
  "stocks crashed") or ``habitual`` (statistics and routines: "200 attacks
  this year", "attacks rose by 20%", "regularly shelled");
* its **clause**: the span of the trigger's governing verb's subtree, where its
  own place and date are to be found;
* its **locatives**: the "in / at / near / off / outside ..." phrases of that
  clause, the places the event happened at;
* the **origins**: "of / from X" attached to a person ("Sgt. Smith, 34, of
  Austin, Texas"): a participant's home, never the event's place;
* the **names**: named things that contain a place word but are not places
  ("the Mental Health Act", "the Harrow Boys", "Saint Peter and Saint Paul
  Church"): no place inside them is the event's place.

Offsets are article offsets. The parser runs in :class:`SentenceReader`,
which reuses the geoparser's loaded spaCy pipeline with the NER switched off.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from mapapp.incidents import cues, status
from mapapp.models import Entity

ReadingStatus: TypeAlias = Literal[
    "event", "negated", "modal", "denied", "figurative", "habitual", "attributive", "background"
]
Span: TypeAlias = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Reading:
    """What the parse of a candidate sentence says about its trigger (article offsets)."""

    status: ReadingStatus
    cue: str
    clause: Span
    locatives: tuple[Span, ...] = ()
    origins: tuple[Span, ...] = ()
    names: tuple[Span, ...] = ()
    #: Locatives of the main clause a subordinate trigger clause hangs on ("embedded with forces
    #: in Manbij when the bomb exploded"): weaker than the clause's own.
    outer: tuple[Span, ...] = ()
    #: "the attack", "this blast": a definite noun refers back to an event already told.
    definite: bool = False
    #: The origins that are a reporting body's ("health officials from the Philippines"): where
    #: the cases it reports are, for a disease.
    reporters: tuple[Span, ...] = ()

    @property
    def is_event(self) -> bool:
        return self.status == "event"


def _trigger_head(doc: Any, start: int, end: int) -> Any:
    """The syntactic head of the trigger words at ``[start, end)``: "bomb" in "buried bomb"."""
    inside = [t for t in doc if start <= t.idx < max(end, start + 1)]
    if not inside:
        return _token_at(doc, start)
    return next((t for t in inside if not (start <= t.head.idx < end) or t.head is t), inside[0])


def _token_at(doc: Any, offset: int) -> Any:
    for token in doc:
        if token.idx <= offset < token.idx + max(1, len(token.text)):
            return token
    return doc[0]


def _governor(token: Any) -> Any:
    """The verb a trigger depends on ("died" for "in the blast"), or the trigger itself."""
    node = token
    for _ in range(12):
        if node.pos_ in ("VERB", "AUX") or node.dep_ == "ROOT" or node.head is node:
            return node
        node = node.head
    return node


def clause_tokens(gov: Any, token: Any, *, with_report: bool = False) -> list[Any]:
    """The tokens of ``gov``'s own clause: its subtree without the clauses hanging off it
    (conjoined, adverbial, relative ...), except the one holding the trigger.

    In a cleft ("It was on July 7 that they were arrested") the focused phrase
    belongs to the clause, so the whole sentence is. ``with_report`` adds the
    reporting clause of a reported event ("..., on July 1, police said"), on
    which the parser often hangs the event's own date (used for dates only: the
    reporter's "officials in Dhaka" are not where it happened).
    """
    head = gov.head
    cleft = head.lemma_ == "be" and any(
        c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in head.children
    )
    if with_report:
        gov = _time_frame(gov)
        head = gov.head
    reported = with_report and gov.dep_ == "ccomp" and head.lemma_.lower() in cues.SPEECH_VERBS
    if (gov.dep_ in ("ccomp", "relcl", "advcl") and cleft) or reported:
        gov = head
    keep: list[Any] = []
    stack = [gov]
    while stack:
        node = stack.pop()
        keep.append(node)
        for child in node.children:
            # a participle on a noun of the clause shares its time ("a tree fell on a party
            # taking photographs ... Saturday"), not its place
            timed = with_report and _participle(child)
            if child.dep_ in cues.OTHER_CLAUSES and token not in child.subtree and not timed:
                continue
            stack.append(child)
    return sorted(keep, key=lambda t: t.i)


def _time_frame(gov: Any) -> Any:
    """The verb whose time a trigger's clause shares: the main clause of "was killed when a
    tree fell ... Saturday", the verb a participle hangs on ("left a backpack containing a
    bomb ... on 26 November")."""
    for _ in range(3):
        simultaneous = gov.dep_ == "advcl" and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in ("when", "as", "while") for c in gov.children
        )
        participle = _participle(gov)
        if not (simultaneous or participle) or gov.head is gov:
            return gov
        gov = _governor(gov.head) if participle else gov.head
    return gov


def _participle(token: Any) -> bool:
    return bool(token.dep_ == "acl" and token.tag_ in ("VBG", "VBN"))


def _span(tokens: Any, offset: int) -> Span:
    tokens = list(tokens)
    first, last = min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)
    return offset + first, offset + last


def _locatives(
    token: Any, gov: Any, clause: Sequence[Any], offset: int
) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Phrases that say where: the trigger clause's own (its own first, then deeper ones), and
    those of the main clause a subordinate trigger clause hangs on.

    Direct "in / at / near ..." phrases of the trigger and its verb come
    first, then the verb's object or passive subject ("shelled Aleppo",
    "submerged large parts of Sylhet"), then locative phrases anywhere in the
    clause (the parser often hangs "in London" on a nearby noun).
    """
    direct, targets, deeper = [], [], []
    for node in dict.fromkeys((token, gov)):
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in cues.LOCATIVE_PREPS:
                direct.append(_phrase(child, offset))
            elif child.dep_ == "npadvmod" and any(g.dep_ == "prep" for g in child.children):
                direct.append(_span(child.subtree, offset))  # "22 miles off Latakia"
            elif child.dep_ in ("dobj", "nsubjpass") and (node is token or token.pos_ != "NOUN"):
                # what an event verb hits ("shelled Aleppo"); not what the verb an event
                # noun hangs on names ("organizers of a rally thanked Canada")
                targets.append(_span(child.subtree, offset))
            elif node is token and _place_modifier(token, child):
                targets.append(_span(child.subtree, offset))  # "a London rally"
    for node in clause:
        if node.dep_ == "prep" and node.lower_ in cues.LOCATIVE_PREPS:
            deeper.append(_phrase(node, offset))
    # "embedded with forces in Manbij when the bomb exploded": a subordinate
    # clause happens where its main clause says
    outer = []
    if gov.dep_ in ("advcl", "relcl", "acl", "xcomp", "ccomp", "conj") and gov.head is not gov:
        own = set(gov.subtree)
        # the main clause, then the clauses beside the trigger's ("the house in Ankara was
        # raided and his roommate was taken into custody")
        around = [*clause_tokens(gov.head, gov.head)]
        for sibling in (*gov.head.children, *gov.conjuncts):
            if sibling is not gov and sibling.dep_ in cues.OTHER_CLAUSES:
                around += clause_tokens(sibling, sibling)
        outer = [
            _span(node.subtree, offset)
            for node in dict.fromkeys(around)
            if node not in own and node.dep_ == "prep" and node.lower_ in cues.LOCATIVE_PREPS
        ]
    return tuple(dict.fromkeys([*direct, *targets, *deeper])), tuple(outer)


def _phrase(prep: Any, offset: int) -> Span:
    """A prepositional phrase without the clauses inside it: "in support of the people
    caught in the conflict in Aleppo" does not say where the rally was."""
    keep, stack = [], [prep]
    while stack:
        node = stack.pop()
        keep.append(node)
        stack += [c for c in node.children if c.dep_ not in cues.OTHER_CLAUSES or c.dep_ == "conj"]
    return _span(keep, offset)


def _place_modifier(noun: Any, child: Any) -> bool:
    """Whether ``child`` may name a place as a modifier of an event noun ("the Manchester
    attack"): a proper noun compound (the reader's parse has no NER; only a resolved place
    inside it counts)."""
    return bool(noun.pos_ == "NOUN" and child.dep_ == "compound" and child.pos_ == "PROPN")


def _definite(token: Any) -> bool:
    """Whether an event noun refers back to an event told before ("the attack"), not a new
    one ("its first case", "the fourth death")."""
    children = list(token.children)
    return (
        token.pos_ in ("NOUN", "PROPN")
        and any(
            c.dep_ in ("det", "poss")
            and c.lower_ in ("the", "this", "that", "these", "those", "its", "their")
            for c in children
        )
        and not any(c.dep_ in ("amod", "nummod") and c.lower_ in cues.NEW_EVENT_WORDS for c in children)
    )


def _journeys(doc: Any, offset: int) -> list[Span]:
    """The places of a participant's journey: "a man who had travelled from Mexico through
    Shanghai", "who had recently been in New York", "returning from Thailand"."""
    spans: list[Span] = []
    for verb in doc:
        if verb.dep_ not in ("relcl", "acl", "advcl"):
            continue
        children = list(verb.children)
        journey = verb.lemma_ in cues.TRAVEL_VERBS or (
            verb.lemma_ in ("be", "come") and any(c.lower_ in cues.TRAVEL_MARKERS for c in children)
        )
        if journey:
            spans.extend(_span(c.subtree, offset) for c in children if c.dep_ == "prep")
    return spans


def _labs(doc: Any, offset: int) -> list[Span]:
    """Where a sample was tested: "a laboratory in Winnipeg confirmed BSE in a cow from
    Alberta", "the lab, located in Atlanta", "sent to a United Kingdom laboratory": the
    test's place, not the case's."""
    spans: list[Span] = []
    for noun in doc:
        if noun.lower_ in ("laboratory", "laboratories", "lab", "labs"):
            heads = [noun, *(c for c in noun.children if c.dep_ == "acl")]
            spans.extend(_span(c.subtree, offset) for h in heads for c in h.children if c.dep_ == "prep")
            spans.extend(_span(c.subtree, offset) for c in noun.children if c.dep_ in ("compound", "amod"))
    return spans


def _inside(token: Any, spans: Sequence[Span], offset: int) -> bool:
    position = offset + token.idx
    return any(start <= position < end for start, end in spans)


def _origins(doc: Any, offset: int, persons: Sequence[Span]) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """Places attached to a person: where a participant is from, what they represent, or
    where they travelled.

    "Sgt. Smith, of Austin, Texas", "Russia's ambassador to Turkey", "a Texas
    native", "a man who had travelled from Mexico": never the place of the event. Also returned
    apart: those of a reporting body ("health officials from the Philippines").
    """
    spans: list[Span] = []
    reporters: list[Span] = []
    for token in doc:
        head = token.head
        personal = (
            _inside(head, persons, offset)
            or head.lower_ in cues.PERSON_NOUNS
            or (head.dep_ == "appos" and _inside(head.head, persons, offset))
            # "Vernon Adkins, 40, of McKee": a name with an age is a person, whatever NER says
            or (head.pos_ == "PROPN" and any(c.dep_ == "appos" and c.like_num for c in head.children))
        )
        if not personal or token is head:
            continue
        if token.lower_ == "of" and head.lower_ in cues.EVENT_PARTIES:
            continue  # "victims of the violence in Kenya": the event, not where they are from
        if (token.dep_ == "prep" and token.lower_ in cues.ORIGIN_PREPS) or (
            token.dep_ in ("poss", "compound")
            and token.pos_ == "PROPN"
            and not _inside(token, persons, offset)
        ):
            spans.append(_span(token.subtree, offset))
            if head.lower_ in cues.REPORTING_BODIES:
                reporters.append(spans[-1])
    return tuple(spans + _journeys(doc, offset) + _labs(doc, offset)), tuple(reporters)


def read_trigger(
    doc: Any, *, trigger: int, offset: int, entities: Sequence[Entity] = (), trigger_end: int | None = None
) -> Reading:
    """The reading of the trigger at sentence offset ``trigger`` in the parsed sentence ``doc``.

    ``entities`` are the article's named entities (from the geoparser's NER
    pass, article offsets): persons mark origins, and multi-word names that
    are not places mark the names no event place may come from.
    """
    token = _trigger_head(doc, trigger, trigger_end if trigger_end is not None else trigger + 1)
    end = offset + len(doc.text)
    here = [e for e in entities if e.start < end and e.end > offset]
    persons = [(e.start, e.end) for e in here if e.label == "PERSON"]
    names = tuple(
        (e.start, e.end) for e in here if e.label in cues.NON_PLACE_LABELS and " " in e.text.strip()
    )
    gov = _governor(token)
    own = clause_tokens(gov, token)
    found: tuple[tuple[ReadingStatus, str], ...] = (
        ("negated", status.negated(token, gov)),
        ("denied", status.denied(token)),
        ("modal", status.irrealis(token, gov)),
        ("figurative", status.figurative(token, gov)),
        ("habitual", status.habitual(token, gov)),
        ("attributive", status.attributive(token)),
        ("background", status.background(token)),
    )
    verdict, cue = next(((s, c) for s, c in found if c), ("event", ""))
    locatives, outer = _locatives(token, gov, own, offset)
    origins, reporters = _origins(doc, offset, persons)
    return Reading(
        status=verdict,
        cue=cue,
        clause=_span(clause_tokens(gov, token, with_report=True), offset),
        locatives=locatives,
        outer=outer,
        origins=origins,
        reporters=reporters,
        definite=_definite(token),
        names=names,
    )


class SentenceReader:
    """Parses candidate sentences with the dependency parser of an already loaded spaCy pipeline.

    Parameters
    ----------
    nlp
        A spaCy ``Language`` with ``parser`` (and its ``tok2vec``); the NER,
        already run by the geoparser, is switched off here.
    """

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self._disabled = [name for name in nlp.pipe_names if name == "ner"]

    def read(
        self, text: str, items: Sequence[tuple[int, int, int, int]], *, entities: Sequence[Entity] = ()
    ) -> list[Reading]:
        """Readings for ``(sentence_start, sentence_end, trigger_start, trigger_end)`` items (article
        offsets), in order.

        Each distinct sentence is parsed once, in one batch; each parse is
        dropped once its items are read, so memory does not grow with the
        article's number of candidate sentences.
        """
        by_sentence: dict[tuple[int, int], list[int]] = {}
        for k, (start, end, _, _) in enumerate(items):
            by_sentence.setdefault((start, end), []).append(k)
        sentences = sorted(by_sentence)
        near = _EntityIndex(entities)
        readings: list[Reading | None] = [None] * len(items)
        docs = self.nlp.pipe((text[s:e] for s, e in sentences), disable=self._disabled)
        for (start, end), doc in zip(sentences, docs, strict=True):
            found = near.overlapping(start, end)
            for k in by_sentence[(start, end)]:
                _, _, first, last = items[k]
                readings[k] = read_trigger(
                    doc, trigger=first - start, trigger_end=last - start, offset=start, entities=found
                )
        return [r for r in readings if r is not None]


class _EntityIndex:
    """The article's entities by start offset: those overlapping a sentence by bisection, so
    reading every candidate sentence does not scan every entity of a long article."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self._order = sorted(range(len(entities)), key=lambda i: entities[i].start)
        self._starts = [entities[i].start for i in self._order]
        self._entities = entities
        self._longest = max((e.end - e.start for e in entities), default=0)

    def overlapping(self, start: int, end: int) -> list[Entity]:
        """The entities with ``e.start < end and e.end > start``, in their given order."""
        lo = bisect.bisect_right(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        picked = sorted(self._order[lo:hi])
        return [e for e in (self._entities[i] for i in picked) if e.start < end and e.end > start]
