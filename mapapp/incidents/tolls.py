"""Casualty counts told at other places than their event: the same event there too.

A count with no cause of its own is the toll of the event told just before
it. Told at the event's place, it is that event again (the retelling rules
merge it). Told at places in another country or far away ("A tsunami ...
killed 20,000 in Sri Lanka and India. More than 300 were killed in Malaysia,
Myanmar and Kenya"), it reports the event where it also struck: it takes the
event's type and becomes that event's incident at each of its places,
instead of being dropped as a count no event explains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from mapapp.incidents.merge import OWN_PLACE, EventCandidate, elsewhere

#: How many sentences before the count its event may be told.
TOLL_WINDOW = 2


def tolls_elsewhere(cands: Sequence[EventCandidate], *, window: int = TOLL_WINDOW) -> list[EventCandidate]:
    """``cands`` with each casualty count at its own, distant place typed as its event.

    Parameters
    ----------
    cands : sequence of EventCandidate
        An article's event candidates, in text order.
    window : int
        How many sentences before the count its event may be told.
    """
    out: list[EventCandidate] = []
    cause: EventCandidate | None = None
    for c in cands:
        if c.event.event_type != "casualties":
            cause = c
        elif (
            cause is not None
            and c.index - cause.index <= window
            and c.location.source in OWN_PLACE
            and cause.location.source in OWN_PLACE
            and elsewhere(c.location, cause.location)
        ):
            c = replace(c, event=replace(c.event, event_type=cause.event.event_type))
        out.append(c)
    return out
