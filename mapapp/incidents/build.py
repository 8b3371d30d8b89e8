"""Incidents from a parsed article: what happened, when, where, and the evidence.

:func:`extract_incidents` is pure given a :class:`~mapapp.models.ParsedArticle`:

1. The text is split into sentences; :func:`~mapapp.events.classify_events`
   finds the event sentences (photo captions and credits never count).
2. Date: the sentence's own time expression resolved against the article date, else (see 5)
   ``None``: the article date says when it was reported. A time expression separated from the
   trigger by "after", "before", "following", "since" or "until" dates another clause ("risked a
   confrontation on Tuesday after a plane was shot down") and is only used as the fallback bound.
3. Place (see :mod:`mapapp.incidents.places`): a derived location inside the
   sentence wins; else the most specific resolved, non-adjectival place of
   the sentence; else one in the previous sentence of the same paragraph;
   else a demonym of the sentence (country precision); else the article's
   most mentioned specific place (region precision, lower confidence).
4. One event, told several times (see :mod:`mapapp.incidents.merge`): a
   sentence whose own place is no more specific than a country (or
   missing) is merged into the nearest incident
   of the same type that has a specific place, when their own dates agree and
   it does not announce another event ("another", "second" ...); a casualty
   report without a place of its own joins the nearest located incident of
   any type (the toll of that event); and sentences of one type at one
   place with agreeing dates (a headline and its body) are one incident. Thus the
   seed's "mistakenly shot down ... on Tuesday" lead and the later "downing of
   the plane" join the "hit 22 miles off Latakia's coast ... on Monday
   evening" incident (dated 2018-09-17) instead of making a shoot-down in
   "Syria" dated Tuesday; their sentences are kept in ``provenance.also_reported``.
5. An event sentence without its own date takes the date of the nearest
   incident with an explicit date within ``window`` sentences (news narrates
   one moment across adjacent sentences), marked ``provenance.date_from =
   "context"`` and slightly less confident; the seed's strikes in Latakia
   province, told between two shoot-down sentences, get 2018-09-17.

An article without event sentences yields one ``kind="mention"`` incident per
distinct resolved place.

One article yields at most :data:`MAX_INCIDENTS_PER_ARTICLE` event incidents:
beyond that (a feed dump or a generated page, not a news story) the most
confident are kept, earlier ones first among equals, returned in text order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from mapapp.incidents.dates import (
    date_fields,
    event_date,
    following_day,
    is_background,
    latest_named_day,
    years_before,
)
from mapapp.incidents.dating import DateChoice, choose_date
from mapapp.incidents.events import EventMatch, classify_event, classify_events, is_caption
from mapapp.incidents.locate import (
    SentencePlaces,
    choose_location,
    named_places,
    person_words,
)
from mapapp.incidents.mentions import (
    DerivedIndex,
    MentionIndex,
    capped,
    distinct_incidents,
    geometry_mapping,
    incident_id,
    mention_incidents,
    source_name,
    spread_over_places,
)
from mapapp.incidents.merge import (
    EventCandidate,
    Retellings,
    best_location,
    free_places,
    group_retellings,
    historical,
)
from mapapp.incidents.places import Location, article_fallback, dateline_place, snippet_places, within_country
from mapapp.incidents.reading import Reading, SentenceReader
from mapapp.incidents.senses import LEAD_SENTENCES, in_context, story_of, verdict_story
from mapapp.incidents.tolls import tolls_elsewhere
from mapapp.models import (
    Article,
    DatePrecision,
    Derivation,
    DerivedLocation,
    Incident,
    Mention,
    ParsedArticle,
    Provenance,
    Retelling,
)
from mapapp.text.datelines import dateline_end
from mapapp.text.sentences import Sentence, paragraph_starts, split_sentences

MIN_EVENT_CONFIDENCE = 0.35
#: The most event incidents one article may produce.
MAX_INCIDENTS_PER_ARTICLE = 200


def _event_items(
    sentences: Sequence[Sentence], captions: set[int], *, window: int, min_confidence: float, title: str
) -> list[tuple[int, EventMatch]]:
    """``(sentence index, match)`` of the sentences the lexicon reads as events (captions never)."""
    events = classify_events([s.text for s in sentences], window=window, title=title)
    return [
        (i, e)
        for i, e in enumerate(events)
        if e is not None and e.confidence >= min_confidence and i not in captions
    ]


def _readings(
    parsed: ParsedArticle,
    sentences: Sequence[Sentence],
    items: Sequence[tuple[int, EventMatch]],
    *,
    reader: SentenceReader | None,
) -> list[Reading | None]:
    """The parse of each candidate sentence's trigger (``None`` each without a reader)."""
    if reader is None or not items:
        return [None] * len(items)
    spans = [
        (sentences[i].start, sentences[i].end, sentences[i].start + e.start, sentences[i].start + e.end)
        for i, e in items
    ]
    return list(reader.read(parsed.article.text, spans, entities=parsed.entities))


def _candidates(
    parsed: ParsedArticle,
    *,
    window: int,
    min_confidence: float,
    reader: SentenceReader | None,
    index: MentionIndex,
    persons: frozenset[str],
    places: Sequence[Mention],
) -> list[EventCandidate]:
    article, text = parsed.article, parsed.article.text
    sentences = split_sentences(text)
    captions = {i for i, s in enumerate(sentences) if is_caption(s.text)}
    items = _event_items(
        sentences, captions, window=window, min_confidence=min_confidence, title=article.title
    )
    readings = _readings(parsed, sentences, items, reader=reader)
    para_start = paragraph_starts(text, sentences)
    lead = story_of([s.text for s in sentences], title=article.title)
    in_captions = {id(m) for i in captions for m in index.within(sentences[i].start, sentences[i].end)}
    usable = [m for m in places if id(m) not in in_captions]
    fallback, dateline = article_fallback(usable), dateline_place(text, usable)
    derived = DerivedIndex(parsed.derived)
    event_rows, filed = {j for j, _ in items}, dateline_end(text)
    news_day = article.date or (latest_named_day([s.text for s in sentences]) if items else None)
    out = []
    for (i, event), reading in zip(items, readings, strict=True):
        if reading is not None and not reading.is_event:
            continue
        sentence = sentences[i]
        event = replace(event, event_type=in_context(event.event_type, sentence.text, lead=lead))
        # the sentence before, in the same paragraph and not a caption
        usable_before = i > 0 and not para_start[i] and i - 1 not in captions
        previous = index.within(sentences[i - 1].start, sentences[i - 1].end) if usable_before else []
        where = SentencePlaces(
            start=sentence.start,
            end=sentence.end,
            trigger=sentence.start + event.start,
            mentions=index.within(sentence.start, sentence.end),
            derived=derived.within(sentence.start, sentence.end),
            previous=previous,
            reading=reading,
            dateline=dateline,
            fallback=fallback,
            persons=persons,
            reported=event.event_type == "outbreak",
        )
        clause = reading.clause if reading else None
        date, explicit = event_date(
            sentence, event.start, clause=clause, article_date=article.date, filed=filed
        )
        history = explicit and is_background(date, news_day)
        if (history and event.event_type == "casualties") or years_before(sentence.text, event.start):
            continue  # "20 years after ... the BSE outbreak": told as the start of a span of years
        definite = reading.definite if reading is not None else False
        follow = (
            None if explicit else following_day(sentences, i, events=event_rows, article_date=article.date)
        )
        location = choose_location(text, where)
        out.append(EventCandidate(i, sentence, event, location, date, explicit, definite, follow, history))
    return tolls_elsewhere(out)


def _salient(article: Article, members: Sequence[EventCandidate]) -> bool:
    """Whether an incident is what the article reports, not an event it mentions in passing.

    News tells its story first: an incident told in the lead sentences, named
    in the headline, or told more than once is the story. An article none of
    whose incidents is (a policy piece recalling "the 2008 epidemic") reports
    no incident.
    """
    if len(members) > 1 or any(c.index < LEAD_SENTENCES for c in members):
        return True
    return bool(article.title) and classify_event(article.title) is not None


def extract_incidents(
    parsed: ParsedArticle,
    *,
    reader: SentenceReader | None = None,
    window: int = 2,
    min_confidence: float = MIN_EVENT_CONFIDENCE,
) -> tuple[Incident, ...]:
    """The incidents of one parsed article, in text order.

    Parameters
    ----------
    parsed : ParsedArticle
        The geoparser's output; offsets are into ``parsed.article.text``.
    reader : SentenceReader, optional
        Parses the candidate sentences: negated, hypothetical, denied,
        figurative and habitual triggers are dropped, and the event's place
        and date come from its own clause. Without it only the lexicon's
        clause rules apply.
    window : int
        How many sentences away context may come from (event types of
        "was hit" sentences, and dates of undated event sentences).
    min_confidence : float
        Event sentences the classifier is less sure of are ignored; the
        default drops habitual statements ("more than 200 attacks ... in the
        last few years") and keeps hedged or questioned reports.

    Returns
    -------
    tuple of Incident
        ``kind="event"`` incidents, or, when the article reports no event,
        one ``kind="mention"`` incident per distinct resolved place. A
        casualty count that no event of the article explains is not an event
        of its own.
    """
    index = MentionIndex(parsed.mentions)
    persons = person_words(parsed.entities)
    places = named_places(parsed.article.text, parsed.mentions, persons=persons)
    cands = _candidates(
        parsed,
        window=window,
        min_confidence=min_confidence,
        reader=reader,
        index=index,
        persons=persons,
        places=places,
    )
    groups = group_retellings(cands)
    tried = verdict_story(parsed.article.title)
    mains = [
        pos
        for pos in sorted(groups.members)
        if cands[pos].event.event_type != "casualties"
        and not historical([cands[m] for m in groups.members[pos]], tried=tried)
    ]
    if not mains or not any(
        _salient(parsed.article, [cands[m] for m in groups.members[pos]]) for pos in mains
    ):
        return mention_incidents(parsed)
    built = [
        spread
        for pos in mains
        for spread in spread_over_places(
            _build(
                parsed,
                cands,
                pos,
                groups=groups,
                window=window,
                mentions=index,
                places=free_places(places, cands, pos, mains),
            ),
            cands[pos],
        )
    ]
    return capped(distinct_incidents(built), MAX_INCIDENTS_PER_ARTICLE)


def _provenance(
    article: Article,
    main: EventCandidate,
    *,
    date: DateChoice,
    in_sentence: Sequence[Mention],
    others: Sequence[EventCandidate],
    precision: DatePrecision | None,
    loc: Location,
) -> Provenance:
    """Where an event incident was read from and which rule chose each field."""
    resolved = date.resolved
    return Provenance(
        url=article.url,
        source_path=article.source_path,
        place_id=loc.place_id,
        sentence_start=main.sentence.start,
        sentence_end=main.sentence.end,
        trigger=main.event.trigger,
        trigger_start=main.event.start,
        date_text=resolved.text if resolved else "",
        date_rule=resolved.rule if resolved else "",
        date_from=date.source,
        location_from=loc.source,
        # names the gazetteer could not place, kept for review
        unresolved=tuple(m.text for m in in_sentence if m.place is None),
        also_reported=tuple(
            Retelling(start=c.sentence.start, end=c.sentence.end, text=c.sentence.text) for c in others
        ),
        date_precision=precision,
        admin1=loc.admin1,
    )


def _derivation(derived: DerivedLocation | None) -> Derivation | None:
    """How a derived point was computed, or ``None`` for a place taken as named."""
    if derived is None:
        return None
    anchor = derived.anchor
    return Derivation(
        method=derived.method,
        anchor_name=anchor.name or anchor.text,
        anchor_lat=anchor.lat,
        anchor_lon=anchor.lon,
        distance_m=derived.distance_m,
        bearing_deg=derived.bearing_deg,
    )


def _build(
    parsed: ParsedArticle,
    cands: Sequence[EventCandidate],
    pos: int,
    *,
    groups: Retellings,
    window: int,
    mentions: MentionIndex,
    places: Sequence[Mention],
) -> Incident:
    """The incident of candidate ``pos``, with the retellings merged into it."""
    article = parsed.article
    main = cands[pos]
    members = [cands[p] for p in groups.members_of(pos, cands)]
    sentence = main.sentence
    # a list's places are where the event was, whatever its retellings name, at the list's level
    located = main.location if main.location.also else best_location(members, main=main)
    report = (sentence.start, sentence.end)
    loc = located if located.also else within_country(article.text, located, places, report=report)
    in_snippet = loc.in_sentence and loc is main.location
    date = choose_date(pos, cands=cands, groups=groups, window=window)
    resolved = date.resolved
    in_sentence = mentions.within(sentence.start, sentence.end)
    derived = loc.derived
    day, time_precision, precision_word = date_fields(resolved)
    return Incident(
        id=incident_id(article.id, sentence.start, main.event.event_type),
        article_id=article.id,
        kind="event",
        event_type=main.event.event_type,
        date=day,
        time_precision=time_precision,
        lat=loc.lat,
        lon=loc.lon,
        location_name=loc.name,
        country_code=loc.country_code,
        geo_precision=loc.geo_precision,
        snippet=sentence.text,
        place_start=loc.start - sentence.start if in_snippet else None,
        place_end=loc.end - sentence.start if in_snippet else None,
        title=article.title,
        source=source_name(article),
        confidence=round(min(1.0, main.event.confidence * loc.confidence * date.factor), 4),
        places=snippet_places(in_sentence, offset=sentence.start),
        uncertainty=geometry_mapping(derived.uncertainty) if derived is not None else None,
        derivation=_derivation(derived),
        provenance=_provenance(
            article,
            main,
            date=date,
            in_sentence=in_sentence,
            others=[cands[p] for p in groups.members_of(pos, cands) if p != pos],
            precision=precision_word,
            loc=loc,
        ),
    )
