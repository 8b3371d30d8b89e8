"""The date of an incident merged from its reports: its main sentence's own, a retelling's, or a
neighbouring incident's (step 5 of :mod:`mapapp.incidents.build`, after :mod:`mapapp.incidents.merge`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from mapapp.incidents.dates import day_in_year
from mapapp.incidents.merge import EventCandidate, Retellings
from mapapp.models import DateSource
from mapapp.text.lexicon import SMALL_NUMBERS
from mapapp.text.timex import ResolvedDate

DATE_CONTEXT_FACTOR = 0.9


def context_date(
    pos: int, *, cands: Sequence[EventCandidate], groups: Retellings, window: int
) -> ResolvedDate | None:
    """The explicit date of the nearest other incident within ``window`` sentences."""
    here = cands[pos].index
    best: tuple[int, int, ResolvedDate] | None = None
    for index in range(here - window, here + window + 1):
        target = groups.owner.get(index)
        if target is None or target == pos or target not in groups.dated:
            continue
        resolved = groups.dated[target].date
        key = (abs(index - here), cands[target].index)
        if resolved is not None and (best is None or key < best[:2]):
            best = (*key, resolved)
    return best[2] if best else None


_NUMBER_WORDS = {"a": 1, "an": 1, **SMALL_NUMBERS}
_LATER = re.compile(
    r"\b(?:(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?P<unit>days?|weeks?)"
    r"\s+(?P<way>later|earlier)"
    r"|the\s+(?P<side>next|following|previous|preceding)\s+(?P<next>day|morning|evening|night|week))\b",
    re.IGNORECASE,
)


def _days(match: re.Match[str]) -> int:
    """How many days "two days later" or "the next week" moves on (back for "a day earlier",
    "the previous day")."""
    back = (match.group("way") or "").lower() == "earlier" or (
        (match.group("side") or "").lower() in ("previous", "preceding")
    )
    if match.group("next"):
        days = 7 if match.group("next").lower() == "week" else 1
    else:
        raw = match.group("n").lower()
        count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        days = count * (7 if match.group("unit").lower().startswith("week") else 1)
    return -days if back else days


@dataclass(frozen=True, slots=True)
class DateChoice:
    """The date an incident gets, which rule gave it, and what borrowing it costs.

    ``factor`` multiplies the incident's confidence: a date borrowed from a
    neighbouring incident is less certain than one the sentence states.
    """

    resolved: ResolvedDate | None
    source: DateSource
    factor: float = 1.0


def choose_date(pos: int, *, cands: Sequence[EventCandidate], groups: Retellings, window: int) -> DateChoice:
    """The date of incident ``pos``: its sentence's own, else a retelling's, else a
    neighbour's within ``window`` sentences (:data:`DATE_CONTEXT_FACTOR` less sure),
    else the fallback (the article date) the sentence got."""
    main = cands[pos]
    resolved = main.date
    source: DateSource = "sentence" if main.explicit else "article"
    factor = 1.0
    later = _LATER.search(main.sentence.text)
    if later is not None and not main.explicit:
        # "Two days later, protesters gathered": the previous event's date, moved on (or back)
        context = context_date(pos, cands=cands, groups=groups, window=window)
        if context is None or context.precision > 1:
            return DateChoice(None, "none", factor)
        moved = replace(
            context, date=context.date + dt.timedelta(days=_days(later)), rule="later", text=later.group(0)
        )
        return DateChoice(moved, "context", DATE_CONTEXT_FACTOR)
    if not main.explicit:
        context = context_date(pos, cands=cands, groups=groups, window=window)
        if context is None and pos in groups.dated:
            context = groups.dated[pos].date  # a retelling of the same event gives the year
        named_day = day_in_year(main.sentence.text, context.date.year) if context is not None else None
        if named_day is not None:
            return DateChoice(named_day, "context", DATE_CONTEXT_FACTOR)
    if pos in groups.dated and not main.explicit:
        resolved, source = groups.dated[pos].date, "retelling"
    elif main.follow is not None and not main.explicit:
        return DateChoice(main.follow, "context", DATE_CONTEXT_FACTOR)
    elif pos not in groups.dated:
        context = context_date(pos, cands=cands, groups=groups, window=window)
        if context is not None:
            resolved, source, factor = context, "context", DATE_CONTEXT_FACTOR
    if resolved is None:
        return DateChoice(None, "none", factor)
    if resolved.rule.endswith("_bound"):
        source = "bound"
    return DateChoice(resolved, source, factor)
