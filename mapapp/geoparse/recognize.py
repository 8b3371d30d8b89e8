"""Stage 1 of geoparsing: find the spans of text that name places.

Two recognisers vote. spaCy's statistical NER proposes GPE/LOC/FAC spans
(and NORP for demonyms); a gazetteer-driven scanner adds what NER misses or
mislabels (it tags "Hmeimim" as a nationality, "Latakia's" as an
organisation) and extends names with the words that say what kind of place
they are ("Latakia province", "Hmeimim air base", "eastern Mediterranean").
Known noise, such as photo credits, is masked out before either looks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from mapapp.geoparse.cues import (
    MIN_CUED_WEIGHT,
    abbreviations_of_no_place,
    county_list,
    cued_floor,
    institution_after,
    no_place,
    place_cue_before,
    place_kind_after,
)
from mapapp.geoparse.kinds import ends_with_facility_word, extend_with_suffix, trim_span
from mapapp.geoparse.noise import noise_ranges
from mapapp.geoparse.overlaps import inside, longest_first, overlaps
from mapapp.geoparse.repeats import repeated_places
from mapapp.geoparse.words import common_word, currency_prefix, era_or_unit, lowercase_words, sentence_initial
from mapapp.text.datelines import is_dateline
from mapapp.text.lexicon import DIRECTION_WORDS

_DEMONYM_ENDINGS = ("an", "er", "ite", "ish", "ese", "i")
_SPACED_DASH = re.compile(r"\s[-\u2013\u2014]+\s")
_JOINER = re.compile(r"\s+(?:and|or)\s+")
# ", Oklahoma", ", N.M.", ", Central Java": what may name a container after a name.
_FOLLOWER = re.compile(r",[ \t]+([A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*)?)")
# A direction before a sea's or region's name ("eastern Mediterranean", "north-western Syria"): the
# lexicon's direction words, the intercardinal ones as adjectives; never "greater" nor "downtown".
_INTERCARDINAL = frozenset(
    w for w in DIRECTION_WORDS if len(w) > len("west") and w.endswith(("east", "west"))
)
_PREFIX_WORDS = (DIRECTION_WORDS - _INTERCARDINAL - {"greater", "downtown"}) | {
    f"{w}ern" for w in _INTERCARDINAL
}
_DIRECTION_PREFIX = re.compile(
    r"(?:\b(" + "|".join(re.escape(w) for w in sorted(_PREFIX_WORDS, key=lambda w: (-len(w), w))) + r")\s+)$",
    re.IGNORECASE,
)
# Capitalised runs, allowing the lower-case particles of place names ("Côte d'Ivoire" elides one).
_CAPITALISED_RUN = re.compile(
    r"\b[A-Z][\w'\u2019.-]*(?:\s+(?:(?:of|the|al|el|de|del|da|do|dos|du|la|le|les|upon|on|an|ad|as|ash|az|bin|ibn)"
    r"(?:\s+|-)|-|[dl]['\u2019])?[A-Z][\w'\u2019.-]*)*"
)
_MAX_WORDS = 6
# A scanner-only match must name a place at least this important (a town of
# some 30,000 people, a division, a country, a curated feature): GeoNames has
# villages called "Police", "Mobile" and "Independence".
MIN_SCAN_WEIGHT = 0.6
# At the start of a sentence capitals say nothing, so only stronger names count.
MIN_SCAN_WEIGHT_SENTENCE_START = 0.8


class NameIndex(Protocol):
    """What the scanner needs from a gazetteer."""

    def name_weights(self, name: str) -> dict[str, float]: ...


class Entity(Protocol):
    """What the recogniser reads of a named entity (a spaCy ``Span`` has these)."""

    @property
    def start_char(self) -> int: ...
    @property
    def end_char(self) -> int: ...
    @property
    def label_(self) -> str: ...


class EntityDoc(Protocol):
    """What the recogniser reads of a processed text (a spaCy ``Doc``, or entities moved to article offsets)."""

    @property
    def ents(self) -> Sequence[Entity]: ...


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text that may name a place.

    ``hint`` is "admin" after "province"/"governorate"..., "facility" after
    "air base"/"airport"..., or "". ``adjectival`` marks demonyms
    ("Syrian"). ``label`` is NER's label, or "GAZ" for scanner-only spans.
    ``query`` is the name to look up (the span without "the", "'s" or the
    hint words). ``context`` is the organisation a place's name is part of
    ("Slidell Police Department" for "Slidell"), or "".
    """

    start: int
    end: int
    text: str
    label: str
    query: str
    hint: str = ""
    adjectival: bool = False
    context: str = ""


@dataclass(frozen=True, slots=True)
class _Counties:
    spans: tuple[Span, ...]
    ranges: list[tuple[int, int]]


def _people_words(text: str, ents: Sequence[Entity], noise: list[tuple[int, int]]) -> frozenset[str]:
    """The words of the people's names an article spells in full ("Georgia" of "Georgia Stevens")."""
    return frozenset(
        word
        for ent in ents
        if ent.label_ == "PERSON" and (ent.start_char, ent.end_char) in noise
        for words in [text[ent.start_char : ent.end_char].split()]
        if len(words) > 1
        for word in words
        if word[:1].isupper()
    )


class Recognizer:
    """Finds place spans in text with spaCy NER plus a gazetteer scanner.

    ``nlp`` is a loaded spaCy pipeline with an ``ner`` component;
    ``names`` answers which strings the gazetteer knows.
    """

    def __init__(self, *, nlp: Callable[[str], EntityDoc], names: NameIndex) -> None:
        self._nlp = nlp
        self._names = names

    def recognize(self, text: str) -> tuple[Span, ...]:
        """All place spans of ``text``, in order, without overlaps."""
        return self.recognize_doc(self._nlp(text), text)

    def recognize_doc(self, doc: EntityDoc, text: str) -> tuple[Span, ...]:
        """Like :meth:`recognize`, for a document spaCy already processed."""
        noise = noise_ranges(text)
        spans: list[Span] = []
        for ent in doc.ents:
            if inside(noise, ent.start_char, ent.end_char):
                continue
            if ent.label_ == "PERSON":
                # "Vladimir Putin", "Paris Hilton": not places, and the scanner
                # must not say so; but the small NER model also calls lone
                # place names persons ("Homs"), so a span made only of known
                # place names is left to the scanner.
                if (
                    not self._all_places(text[ent.start_char : ent.end_char])
                    and not self._known_name(text, ent.start_char, ent.end_char)
                    and not (self._cued_name(text, ent.start_char, ent.end_char))
                ):
                    noise.append((ent.start_char, ent.end_char))
                continue
            spans.extend(self._from_entity(text, ent.start_char, ent.end_char, ent.label_))
        spans.extend(self._scan(text, noise))
        counties = self._counties(text, noise)
        # What names no place here ("El Niño", "West Nile virus") takes no sub-run with it ("La", "Nile").
        people = _people_words(text, doc.ents, noise)
        # "Neo-natal Intensive Care Unit (NICU)": an abbreviation the text spells out as no place's name.
        spelt = abbreviations_of_no_place(text, known=self._known)
        dropped = [
            (s.start, s.end)
            for s in spans
            if no_place(text, s.start, s.end)
            or s.text in spelt
            or (s.text in people and not place_cue_before(text, s.start) and not _FOLLOWER.match(text, s.end))
        ] + counties.ranges
        kept = [s for s in spans if not overlaps(dropped, s.start, s.end)]
        # Only where NER read no other kind of name ("Noma said" is a person's, "the Reston ebolavirus" a virus).
        others = [(e.start_char, e.end_char) for e in doc.ents if e.label_ not in ("GPE", "LOC", "FAC")]
        kept.extend(self._repeated(text, kept, blocked=[*noise, *dropped, *others]))
        return longest_first([*(self._widen(text, s) for s in kept), *counties.spans])

    def _repeated(self, text: str, spans: Sequence[Span], *, blocked: list[tuple[int, int]]) -> list[Span]:
        """The other mentions of a known name read as a place once (:mod:`~mapapp.geoparse.repeats`)."""
        names = {s.text for s in spans if not s.adjectival and not s.hint and s.text == s.query}
        found = repeated_places(
            text,
            names,
            taken=[*blocked, *((s.start, s.end) for s in spans)],
            weight=lambda name: max(self._known(name).get(k, 0.0) for k in ("name", "alias")),
            floor=MIN_CUED_WEIGHT,
        )
        return [Span(a, b, text[a:b], "GAZ", text[a:b]) for a, b in found]

    def _all_places(self, text: str) -> bool:
        words = [w.strip(".,;:'\u2019\"()") for w in text.split()]
        words = [w for w in words if w]
        return bool(words) and all(
            max(self._known(w).values(), default=0.0) >= MIN_SCAN_WEIGHT and not common_word(w, frozenset())
            for w in words
        )

    def _known_name(self, text: str, start: int, end: int) -> bool:
        """Whether an entity, whole or with the facility word after it, is a place's name
        ("Bab el-Mandeb", "Ben Gurion" + " Airport"): NER's label for it is then no reason to drop it."""
        start, end = trim_span(text, start, end)
        suffix_end, hint = extend_with_suffix(text, start, end)
        if hint == "facility" and {"name", "alias"} & self._known(text[start:suffix_end]).keys():
            return True
        if " " not in text[start:end]:
            return False  # one word: _all_places decides
        weights = self._known(text[start:end])
        return max(weights.get("name", 0.0), weights.get("alias", 0.0)) >= MIN_SCAN_WEIGHT

    def _counties(self, text: str, noise: list[tuple[int, int]]) -> _Counties:
        """The bare names of a list of counties ("Polk and Story counties") the gazetteer knows as counties."""
        found = [
            Span(a, b, text[a:b], "GAZ", query, hint="admin")
            for a, b, query in county_list(text)
            if not inside(noise, a, b) and "name" in self._known(query)
        ]
        return _Counties(tuple(found), [(s.start, s.end) for s in found])

    def _container_after(self, text: str, end: int) -> bool:
        """Whether ", Y" after a name gives a place that may contain it ("Hugo, Oklahoma", "Selma, Ala.")."""
        follower = _FOLLOWER.match(text, end)
        if follower is None:
            return False
        words = follower.group(1).split()
        for size in (2, 1):
            if len(words) >= size:
                name = " ".join(words[:size])
                weights = self._known(name) or self._known(name.rstrip(".,;:"))
                if max(weights.get("name", 0.0), weights.get("alias", 0.0)) >= MIN_SCAN_WEIGHT:
                    return True
        return False

    def _cued_name(self, text: str, start: int, end: int) -> bool:
        """Whether an entity, whole, is a known place's name right after a cue of place ("in Homs")."""
        start, end = trim_span(text, start, end)
        weights = self._known(text[start:end])
        as_name = max(weights.get("name", 0.0), weights.get("alias", 0.0))
        return as_name >= MIN_CUED_WEIGHT and (place_cue_before(text, start) or place_kind_after(text, end))

    def _joined_names(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The two names of an entity NER joined over "and"/"or" ("the Dominican Republic or Jamaica"),
        when the whole is no place's name ("Trinidad and Tobago" is) and each part is a known one."""
        joiner = _JOINER.search(text, start, end)
        if joiner is None or {"name", "alias"} & self._known(text[start:end]).keys():
            return []
        parts = [trim_span(text, start, joiner.start()), trim_span(text, joiner.end(), end)]
        known = all(self._all_places(text[a:b]) or self._known_name(text, a, b) for a, b in parts if b > a)
        return parts if known and all(b > a for a, b in parts) else []

    def _known(self, name: str) -> dict[str, float]:
        return self._names.name_weights(name) if name.strip() else {}

    def _from_entity(self, text: str, start: int, end: int, label: str) -> list[Span]:
        dash = _SPACED_DASH.search(text, start, end)
        if dash:
            # "Central Africa - Nigeria": a spaced dash separates two names, never joins them.
            return [
                *self._from_entity(text, start, dash.start(), label),
                *self._from_entity(text, dash.end(), end, label),
            ]
        start, end = trim_span(text, start, end)
        if end <= start:
            return []
        parts = self._joined_names(text, start, end) if label in ("GPE", "LOC") else []
        if parts:
            return [span for a, b in parts for span in self._from_entity(text, a, b, label)]
        surface = text[start:end]
        if label in ("GPE", "LOC", "FAC"):
            # "Iowan" is no place's name, however NER labels it: read as the demonym it is
            # (asked only of a word ending as English demonyms do: the gazetteer costs a query).
            only_demonym = (
                label == "GPE"
                and surface.endswith(_DEMONYM_ENDINGS)
                and set(self._known(surface)) == {"demonym"}
            )
            return [Span(start, end, surface, label, surface, adjectival=only_demonym)]
        kinds = self._known(surface) if label == "NORP" else {}
        if label == "NORP":
            if "demonym" in kinds:
                return [Span(start, end, surface, label, surface, adjectival=True)]
            if "name" in kinds or "alias" in kinds:
                return [Span(start, end, surface, "GAZ", surface)]
            return []
        # ORG, PERSON and the rest: the scanner decides what inside them is a place.
        return []

    def _scan(self, text: str, noise: list[tuple[int, int]]) -> list[Span]:
        """Capitalised runs (and their sub-runs) the gazetteer knows by name."""
        found: list[Span] = []
        lowered = lowercase_words(text)
        for run in _CAPITALISED_RUN.finditer(text):
            if inside(noise, run.start(), run.end()):
                continue
            found.extend(
                self._best_subruns(text, run.start(), run.end(), blocked=noise, lowered_words=lowered)
            )
        return found

    def _best_subruns(
        self,
        text: str,
        start: int,
        end: int,
        *,
        blocked: list[tuple[int, int]],
        lowered_words: frozenset[str],
    ) -> list[Span]:
        words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
        spans: list[Span] = []
        i = 0
        while i < len(words):
            match = None
            for j in range(min(len(words), i + _MAX_WORDS), i, -1):
                a, b = trim_span(text, words[i][0], words[j - 1][1])
                if b <= a or not text[a].isupper() or overlaps(blocked, a, b):
                    continue
                # One word once trimmed: "the Tank" is the word "Tank", as common as alone.
                one_word = not any(c.isspace() for c in text[a:b])
                if one_word and (era_or_unit(text, a, b) or currency_prefix(text, a, b)):
                    continue
                common = one_word and common_word(text[a:b], lowered_words)
                if common and not text[a:b].isupper():
                    continue  # only a word in capitals may be an abbreviation worth a query ("US")
                weights = self._known(text[a:b])
                if common and not _major_abbreviation(text[a:b], weights):
                    continue
                # A dateline ("OSLO (AP) -") is a place's position, whatever a sentence start is.
                initial = sentence_initial(text, a) and not is_dateline(text, a, b)
                floor = MIN_SCAN_WEIGHT_SENTENCE_START if initial else MIN_SCAN_WEIGHT
                as_name = max(weights.get("name", 0.0), weights.get("alias", 0.0))
                if weights.get("demonym", 0.0) >= floor and demonym_first(weights):
                    match = Span(a, b, text[a:b], "GAZ", text[a:b], adjectival=True)
                elif as_name > 0.0 and (
                    as_name >= cued_floor(text, a, b, floor=floor)
                    or (as_name >= MIN_CUED_WEIGHT and self._container_after(text, b))
                ):
                    org = text[a:end] if institution_after(text, b) else ""
                    match = Span(a, b, text[a:b], "GAZ", text[a:b], context=org)
                elif as_name > 0.0 and j > i + 1 and ends_with_facility_word(text[a:b]):
                    # A facility's whole name wins over the names inside it ("Ben Gurion
                    # Airport", not "Ben"), however unimportant facilities are as a prior.
                    match = Span(a, b, text[a:b], "GAZ", text[a:b], hint="facility")
                if match:
                    i = j
                    break
            if match:
                spans.append(match)
            else:
                i += 1
        return spans

    def _widen(self, text: str, span: Span) -> Span:
        """Add a kind word after the name and a direction before a sea or region."""
        if span.adjectival:
            return span
        end, hint = extend_with_suffix(text, span.start, span.end)
        if hint:
            span = replace(span, end=end, text=text[span.start : end], hint=hint)
            full = text[span.start : end]
            if hint == "facility" and self._known(full):
                span = replace(span, query=full)
        prefix = _DIRECTION_PREFIX.search(text, max(0, span.start - 20), span.start)
        if prefix:
            widened = text[prefix.start(1) : span.end]
            if {"name", "alias"} & self._known(widened).keys():
                span = replace(span, start=prefix.start(1), text=widened, query=widened)
        return span


def _major_abbreviation(word: str, weights: dict[str, float]) -> bool:
    """Whether a word in capitals is a major place's short form ("US", "UK"), whatever "us" means in lower case.

    >>> _major_abbreviation("US", {"alias": 0.99}), _major_abbreviation("Us", {"alias": 0.99})
    (True, False)
    >>> _major_abbreviation("IT", {"name": 0.3})
    False
    """
    return word.isupper() and weights.get("alias", 0.0) >= MIN_SCAN_WEIGHT_SENTENCE_START


def demonym_first(weights: dict[str, float]) -> bool:
    """Whether a word is better read as a demonym than as a place name.

    ``weights`` is what the gazetteer's ``name_weights`` says of the word:
    "German" names a Mexican town (alias) but means Germany.

    >>> demonym_first({"demonym": 0.99, "alias": 0.46}), demonym_first({"name": 0.7}), demonym_first({})
    (True, False, False)
    """
    as_demonym = weights.get("demonym", 0.0)
    return as_demonym > 0.0 and as_demonym >= max(weights.get("name", 0.0), weights.get("alias", 0.0))
