"""Phrases about two places: "between A and B", "on the border with B".

Both need a second place. "between" takes it from the phrase and draws a
corridor from one to the other; "border" takes it from the phrase or from
the anchor's sentence and draws the stretch of the two countries' shared
border. Countries make no "between" ("relations between Russia and Turkey").
"""

from __future__ import annotations

from shapely.geometry import Point
from shapely.ops import nearest_points

from mapapp.models import GEO_NEAR, GEO_REGION, DerivedLocation, ResolvedMention
from mapapp.spatial.anchors import AnchorDoc
from mapapp.spatial.builders import make_location
from mapapp.spatial.geodesy import corridor, distance_m, geodesic_buffer, local_plane, midpoint
from mapapp.spatial.phrases import SpatialPhrase
from mapapp.spatial.regions import country_outline, shared_border

# "between A and B" further apart than this describes a route, not a place.
MAX_BETWEEN_M = 1_000_000.0


def between_location(
    phrase: SpatialPhrase, anchor: ResolvedMention, second: ResolvedMention
) -> DerivedLocation | None:
    a, b = anchor.place, second.place
    if a.is_country or b.is_country:
        return None  # "relations between Russia and Turkey" is not a place
    lat, lon = midpoint(a.lat, a.lon, b.lat, b.lon)
    span = distance_m(a.lat, a.lon, b.lat, b.lon)
    if span > MAX_BETWEEN_M:
        return None  # "flights between London and Harare"
    if span < 1_000.0:
        area = geodesic_buffer(lat, lon, radius_m=2_000.0)
    else:
        area = corridor([(a.lat, a.lon), (b.lat, b.lon)], half_width_m=max(2_000.0, span / 4.0))
    conf = 1.0 if span <= 300_000 else 0.5
    return make_location(
        phrase,
        anchor,
        lat=lat,
        lon=lon,
        area=area,
        distance=None,
        bearing=None,
        method="between",
        precision=GEO_REGION if span > 50_000 else GEO_NEAR,
        confidence=conf,
    )


def border_location(
    doc: AnchorDoc, phrase: SpatialPhrase, anchor: ResolvedMention, second: ResolvedMention | None
) -> DerivedLocation | None:
    """A stretch of the border between two countries, buffered by 15 km.

    "on the border with Turkey" needs the other side from the sentence: a
    second country ("in Syria, on the border with Turkey") or a town whose
    country differs ("Kobani, on the border with Turkey").
    """
    code_a = anchor.place.country_code
    same_sentence = doc.same_sentence(anchor)
    towns = [m for m in same_sentence if not m.place.is_country]
    if second is not None:
        code_b = second.place.country_code
    else:
        others = [
            m.place.country_code
            for m in same_sentence
            if m.place.is_country and m.place.country_code != code_a
        ]
        others += [
            m.place.country_code for m in towns if m.place.country_code and m.place.country_code != code_a
        ]
        code_b = others[0] if others else ""
    if not code_a or not code_b or code_a == code_b:
        return None
    a, b = country_outline(code_a), country_outline(code_b)
    if a is None or b is None:
        return None
    line = shared_border(a, b)
    if line is None:
        return None
    if towns:
        pt = nearest_points(line, Point(towns[0].place.lon, towns[0].place.lat))[0]
    else:
        pt = line.interpolate(0.5, normalized=True)
    plane = local_plane(pt.y, pt.x)
    area = plane.geometry_to_lonlat(plane.geometry_to_xy(line).buffer(15_000.0))
    return make_location(
        phrase,
        anchor,
        lat=pt.y,
        lon=pt.x,
        area=area,
        distance=None,
        bearing=None,
        method="border",
        precision=GEO_REGION,
        confidence=1.0 if towns else 0.8,
    )
