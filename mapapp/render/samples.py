"""Sample and synthetic incidents for doctests, tests and the map bench.

:func:`sample_incident` is the seed article's shoot-down ("hit 22 miles off
Latakia's coast"), derived offshore from Latakia; :func:`synthetic_incidents`
makes any number of varied, deterministic records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from typing import Any, Literal

from mapapp.models import (
    GEO_NEAR,
    TIME_DAY,
    Derivation,
    EventType,
    Incident,
    IncidentPlace,
    Provenance,
    TimePrecision,
)

SEED_SNIPPET = (
    "The aircraft was hit 22 miles off Latakia's coast in the eastern Mediterranean "
    "on Monday evening as it was returning to a Russian airbase nearby."
)
LATAKIA = (35.53125, 35.79088)
#: How the seed's point was derived: 22 miles (35.4 km) offshore from Latakia.
SEED_DERIVATION = Derivation(
    method="offshore", anchor_name="Latakia", anchor_lat=LATAKIA[0], anchor_lon=LATAKIA[1], distance_m=35405.0
)
_LEVELS: tuple[TimePrecision, ...] = (1, 2, 3)  # the time and geo precision levels


def _circle(lat: float, lon: float, radius_deg: float, *, points: int = 24) -> dict[str, Any]:
    ring = [
        [
            round(lon + radius_deg * math.cos(2 * math.pi * k / points), 5),
            round(lat + radius_deg * math.sin(2 * math.pi * k / points), 5),
        ]
        for k in range(points)
    ]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def sample_incident(**changes: Any) -> Incident:
    """The seed's shoot-down as an Incident; keyword arguments replace fields.

    >>> sample_incident().snippet[sample_incident().place_start:sample_incident().place_end]
    'Latakia'
    >>> sample_incident(id="x").id
    'x'
    """
    start = SEED_SNIPPET.index("Latakia")
    base = Incident(
        id="inc-1",
        article_id="a1",
        kind="event",
        event_type="shootdown",
        date=dt.date(2018, 9, 17),
        time_precision=TIME_DAY,
        lat=35.525,
        lon=35.338,
        location_name="Latakia's coast",
        country_code="SY",
        geo_precision=GEO_NEAR,
        snippet=SEED_SNIPPET,
        place_start=start,
        place_end=start + len("Latakia"),
        title="Russian plane shot down",
        source="example.org",
        confidence=0.8,
        places=(IncidentPlace("Latakia", *LATAKIA, "SY", 0.9, start, start + len("Latakia")),),
        uncertainty=_circle(35.525, 35.338, 0.1),
        derivation=SEED_DERIVATION,
        provenance=Provenance(url="https://example.org/a", date_text="on Monday evening", admin1="Latakia"),
    )
    return dataclasses.replace(base, **changes) if changes else base


def synthetic_incidents(n: int, *, seed: int = 0, derived_share: float = 0.05) -> list[Incident]:
    """``n`` varied incidents spread over land and sea, deterministic for ``seed``.

    >>> [i.id for i in synthetic_incidents(2)]
    ['syn-0', 'syn-1']
    """
    rng = random.Random(seed)
    types: tuple[EventType | Literal["mention"], ...] = (
        "attack",
        "airstrike",
        "protest",
        "accident",
        "shootdown",
        "mention",
        "disaster",
    )
    base = sample_incident()
    out = []
    for k in range(n):
        lat, lon = rng.uniform(-55.0, 70.0), rng.uniform(-179.0, 179.0)
        derived = rng.random() < derived_share
        out.append(
            dataclasses.replace(
                base,
                id=f"syn-{k}",
                article_id=f"art-{k // 3}",
                kind="mention" if k % 7 == 5 else "event",
                event_type=types[k % len(types)],
                date=dt.date(2018, 1, 1) + dt.timedelta(days=k % 365),
                time_precision=_LEVELS[k % 3],
                lat=round(lat, 5),
                lon=round(lon, 5),
                geo_precision=_LEVELS[k % 3],
                title=f"Synthetic article {k // 3}",
                uncertainty=_circle(lat, lon, 0.2) if derived else None,
                derivation=Derivation(
                    method="offset",
                    anchor_name="Latakia",
                    anchor_lat=round(lat + 0.3, 5),
                    anchor_lon=round(lon + 0.3, 5),
                    distance_m=SEED_DERIVATION.distance_m,
                )
                if derived
                else None,
            )
        )
    return out
