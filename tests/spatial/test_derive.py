"""derive_locations on real sentences, checked against geopy's geodesic destination."""

from __future__ import annotations

import json

import pytest
from geopy.distance import geodesic
from global_land_mask import globe
from shapely.geometry import Point, shape

from mapapp.models import GEO_NEAR, GEO_REGION, DerivedLocation, Mention, Place, ResolvedMention
from mapapp.spatial import derive_locations, sentence_bounds
from mapapp.text import split_sentences

MI = 1609.344
NMI = 1852.0

# name: (lat, lon, feature_class, feature_code, country, population) from GeoNames.
PLACES: dict[str, tuple[float, float, str, str, str, int]] = {
    "Aleppo": (36.20124, 37.16117, "P", "PPLA", "SY", 1_602_264),
    "Homs": (34.72682, 36.72339, "P", "PPLA", "SY", 775_404),
    "Hama": (35.13179, 36.75783, "P", "PPLA", "SY", 696_863),
    "Idlib": (35.93062, 36.63393, "P", "PPLA", "SY", 128_840),
    "Raqqa": (35.95283, 39.00788, "P", "PPLA", "SY", 177_636),
    "Damascus": (33.5102, 36.29128, "P", "PPLC", "SY", 1_569_394),
    "Deir ez-Zor": (35.33588, 40.14084, "P", "PPLA", "SY", 242_565),
    "Kobani": (36.89095, 38.35347, "P", "PPL", "SY", 44_821),
    "Latakia": (35.53125, 35.79088, "P", "PPLA", "SY", 709_000),
    "Tartus": (34.88902, 35.88659, "P", "PPLA", "SY", 115_769),
    "Mosul": (36.335, 43.11889, "P", "PPLA", "IQ", 1_739_800),
    "Kirkuk": (35.46806, 44.39222, "P", "PPLA", "IQ", 601_433),
    "Baghdad": (33.34058, 44.40088, "P", "PPLC", "IQ", 7_216_000),
    "Fallujah": (33.34913, 43.78599, "P", "PPL", "IQ", 190_159),
    "Kabul": (34.52813, 69.17233, "P", "PPLC", "AF", 4_434_550),
    "Kandahar": (31.61332, 65.71013, "P", "PPLA", "AF", 391_190),
    "Kyiv": (50.45466, 30.5238, "P", "PPLC", "UA", 2_797_553),
    "Kharkiv": (49.98081, 36.25272, "P", "PPLA", "UA", 1_430_885),
    "Donetsk": (48.023, 37.80224, "P", "PPLA", "UA", 929_063),
    "Mariupol": (47.09514, 37.54131, "P", "PPL", "UA", 481_626),
    "Zaporizhzhia": (47.82289, 35.19031, "P", "PPLA", "UA", 710_052),
    "Kherson": (46.65581, 32.6178, "P", "PPLA", "UA", 320_477),
    "Odesa": (46.47747, 30.73262, "P", "PPLA", "UA", 1_015_826),
    "Mogadishu": (2.03711, 45.34375, "P", "PPLC", "SO", 2_587_183),
    "Tripoli": (32.88743, 13.18733, "P", "PPLC", "LY", 1_150_989),
    "Benghazi": (32.11486, 20.06859, "P", "PPLA", "LY", 650_629),
    "Sanaa": (15.35472, 44.20667, "P", "PPLC", "YE", 1_937_451),
    "Aden": (12.77944, 45.03667, "P", "PPLA", "YE", 550_602),
    "Hodeidah": (14.79781, 42.95452, "P", "PPLA", "YE", 617_871),
    "Gaza": (31.50161, 34.46672, "P", "PPL", "PS", 410_000),
    "Beirut": (33.89332, 35.50157, "P", "PPLC", "LB", 1_916_100),
    "Khartoum": (15.55177, 32.53241, "P", "PPLC", "SD", 1_974_647),
    "Goma": (-1.67409, 29.22845, "P", "PPLA", "CD", 670_000),
    "Maiduguri": (11.84692, 13.15712, "P", "PPLA", "NG", 1_112_449),
    "Gao": (16.27167, -0.04472, "P", "PPLA", "ML", 86_633),
    "Timbuktu": (16.77348, -3.00742, "P", "PPLA", "ML", 32_460),
    "Mandalay": (21.97473, 96.08359, "P", "PPLA", "MM", 1_208_099),
    "Sevastopol": (44.58883, 33.5224, "P", "PPLA", "UA", 547_820),
    "Syria": (35.0, 38.0, "A", "PCLI", "SY", 22_933_531),
    "Iraq": (33.0, 44.0, "A", "PCLI", "IQ", 40_000_000),
    "Turkey": (39.0, 35.0, "A", "PCLI", "TR", 82_000_000),
    "Israel": (31.5, 34.75, "A", "PCLI", "IL", 9_000_000),
    "Mediterranean": (35.0, 18.0, "H", "SEA", "", 0),
}


def place(name: str) -> Place:
    lat, lon, fc, code, cc, pop = PLACES[name]
    return Place(
        id=f"test:{name}",
        name=name,
        lat=lat,
        lon=lon,
        feature_class=fc,
        feature_code=code,
        country_code=cc,
        admin1="",
        population=pop,
        extent=None,
        source="test",
    )


def mentions_for(text: str, names: list[str], *, confidence: float = 0.9) -> list[Mention]:
    """Mentions for every occurrence of the given names (as a geoparser would produce)."""
    out: list[Mention] = []
    for name in names:
        i = text.find(name)
        while i >= 0:
            out.append(
                ResolvedMention(
                    text=name,
                    start=i,
                    end=i + len(name),
                    label="GPE",
                    place=place(name),
                    confidence=confidence,
                )
            )
            i = text.find(name, i + len(name))
    return out


# sentence, anchor, stated distance (m), bearing (deg), where the point should be placed (m).
OFFSETS = [
    ("Rebels shelled a village 20 km north of Aleppo on Friday.", "Aleppo", 20_000, 0.0, 20_000),
    ("The convoy was ambushed 15 miles southeast of Homs.", "Homs", 15 * MI, 135.0, 15 * MI),
    ("Troops entered a village 40 kilometres west of Mosul.", "Mosul", 40_000, 270.0, 40_000),
    ("A roadside bomb exploded 30 miles south of Baghdad.", "Baghdad", 30 * MI, 180.0, 30 * MI),
    ("Air strikes hit Maaret al-Numan, 33 km south of Idlib.", "Idlib", 33_000, 180.0, 33_000),
    ("Clashes were reported 10 km east of Raqqa.", "Raqqa", 10_000, 90.0, 10_000),
    ("The base lies 25 kilometers north-east of Hama.", "Hama", 25_000, 45.0, 25_000),
    ("Fighting raged 12 km NNE of Deir ez-Zor.", "Deir ez-Zor", 12_000, 22.5, 12_000),
    ("An oil field 45 km southwest of Kirkuk was seized.", "Kirkuk", 45_000, 225.0, 45_000),
    ("The town lies 50 km west of Baghdad.", "Baghdad", 50_000, 270.0, 50_000),
    ("Militants attacked a checkpoint 5 miles north of Fallujah.", "Fallujah", 5 * MI, 0.0, 5 * MI),
    ("Bagram lies about 60 km north of Kabul.", "Kabul", 60_000, 0.0, 60_000),
    ("A district 20 miles west of Kandahar fell.", "Kandahar", 20 * MI, 270.0, 20 * MI),
    ("Shelling hit Irpin, some 20 km northwest of Kyiv.", "Kyiv", 20_000, 315.0, 20_000),
    ("Russian forces reached a village 30 km east of Kharkiv.", "Kharkiv", 30_000, 90.0, 30_000),
    ("Avdiivka lies 15 kilometres north of Donetsk.", "Donetsk", 15_000, 0.0, 15_000),
    ("The plant is 25 miles northeast of Mariupol.", "Mariupol", 25 * MI, 45.0, 25 * MI),
    ("Missiles struck 40 km south-east of Zaporizhzhia.", "Zaporizhzhia", 40_000, 135.0, 40_000),
    ("Ferries crossed the river 10 km east of Kherson.", "Kherson", 10_000, 90.0, 10_000),
    ("Afgoye, 30 km northwest of Mogadishu, was retaken.", "Mogadishu", 30_000, 315.0, 30_000),
    ("Gunmen stormed a camp 40 miles south of Tripoli.", "Tripoli", 40 * MI, 180.0, 40 * MI),
    ("Fighters took Ajdabiya, 160 km south of Benghazi.", "Benghazi", 160_000, 180.0, 160_000),
    ("Houthis attacked a base 70 km north of Sanaa.", "Sanaa", 70_000, 0.0, 70_000),
    ("Protesters marched 20 km north of Aden.", "Aden", 20_000, 0.0, 20_000),
    ("Shelling hit 15 km northeast of Hodeidah.", "Hodeidah", 15_000, 45.0, 15_000),
    ("Omdurman clashes spread 10 miles north of Khartoum.", "Khartoum", 10 * MI, 0.0, 10 * MI),
    ("M23 rebels seized Kibumba, 25 km north of Goma.", "Goma", 25_000, 0.0, 25_000),
    ("Boko Haram raided a village 35 km southwest of Maiduguri.", "Maiduguri", 35_000, 225.0, 35_000),
    ("A convoy was attacked 100 km north of Gao.", "Gao", 100_000, 0.0, 100_000),
    ("Jihadists attacked a camp 60 km east of Timbuktu.", "Timbuktu", 60_000, 90.0, 60_000),
    ("Resistance fighters clashed 50 miles north of Mandalay.", "Mandalay", 50 * MI, 0.0, 50 * MI),
    ("A drone fell 8 km southeast of Damascus.", "Damascus", 8_000, 135.0, 8_000),
    ("Fighting was reported twenty miles east of Homs.", "Homs", 20 * MI, 90.0, 20 * MI),
    ("Raids hit a dozen miles west of Kirkuk.", "Kirkuk", 12 * MI, 270.0, 12 * MI),
    ("The blast was heard nearly 10 miles to the north of Donetsk.", "Donetsk", 10 * MI, 0.0, 10 * MI),
    ("Rockets landed up to 30 km ESE of Gao.", "Gao", 30_000, 112.5, 15_000),
    (
        "Forces advanced one hundred and fifty kilometres north of Khartoum.",
        "Khartoum",
        150_000,
        0.0,
        150_000,
    ),
    ("A base about 40 km (25 miles) south-west of Kharkiv was hit.", "Kharkiv", 40_000, 225.0, 40_000),
    ("Flooding hit villages 500 metres northwest of Hama.", "Hama", 500, 315.0, 500),
    ("Smoke rose 12 nautical miles west-northwest of Sevastopol.", "Sevastopol", 12 * NMI, 292.5, 12 * NMI),
    ("Fighting erupted 3 km due south of the city of Aleppo.", "Aleppo", 3_000, 180.0, 3_000),
    ("Troops moved 20km north of Raqqa.", "Raqqa", 20_000, 0.0, 20_000),
]


@pytest.mark.parametrize(
    ("text", "anchor", "stated", "bearing", "placed"), OFFSETS, ids=[t[0][:40] for t in OFFSETS]
)
def test_offset_table(text: str, anchor: str, stated: float, bearing: float, placed: float) -> None:
    derived = derive_locations(text, mentions_for(text, [anchor]))
    assert len(derived) == 1, derived
    d = derived[0]
    lat, lon = PLACES[anchor][:2]
    ref = geodesic(meters=placed).destination((lat, lon), bearing)
    assert geodesic((d.lat, d.lon), (ref.latitude, ref.longitude)).meters < 1.0
    assert d.distance_m == pytest.approx(placed)
    assert d.bearing_deg == bearing
    assert d.method == "offset"
    assert text[d.start : d.end] == d.text and d.text.endswith(anchor)
    assert d.anchor.name == anchor
    # Property: the point's distance to the anchor is within the stated range.
    dist = geodesic((lat, lon), (d.lat, d.lon)).meters
    low = 0.0 if "up to" in text else stated * 0.8
    assert low <= dist <= stated * 1.2
    assert d.uncertainty.contains(Point(d.lon, d.lat))
    assert not d.uncertainty.contains(Point(lon, lat))
    assert d.precision in (GEO_NEAR, GEO_REGION)
    json.dumps(d.to_dict())


SEED_SENTENCE = (
    "The aircraft was hit 22 miles off Latakia\u2019s coast in the eastern Mediterranean "
    "on Monday evening as it was returning to a Russian airbase nearby."
)


def check_latakia_offshore(d: DerivedLocation) -> None:
    assert d.text == "22 miles off Latakia\u2019s coast"
    assert d.method == "offshore" and d.bearing_deg is None
    assert d.distance_m == pytest.approx(22 * MI)
    assert d.precision == GEO_NEAR
    assert not globe.is_land(d.lat, d.lon)
    assert d.lon < PLACES["Latakia"][1]
    # 22 +- 2 miles from the coast means at most ~24 miles + city-to-coast from the city.
    assert 18 * MI < geodesic(PLACES["Latakia"][:2], (d.lat, d.lon)).meters < 26 * MI
    rp = d.uncertainty.representative_point()
    assert not globe.is_land(rp.y, rp.x)
    out = d.to_dict()
    assert out["uncertainty"]["type"] in ("Polygon", "MultiPolygon")
    assert shape(out["uncertainty"]).equals(d.uncertainty)
    json.dumps(out)


def test_seed_sentence() -> None:
    derived = derive_locations(SEED_SENTENCE, mentions_for(SEED_SENTENCE, ["Latakia", "Mediterranean"]))
    offshore = [d for d in derived if d.method == "offshore"]
    assert len(offshore) == 1
    check_latakia_offshore(offshore[0])


def test_seed_article(seed_text: str) -> None:
    """The whole seed article, with the mentions a geoparser finds (its speed: bench/spatial.py)."""
    mentions = mentions_for(seed_text, ["Latakia", "Mediterranean", "Syria", "Israel"])
    derived = derive_locations(seed_text, mentions)
    assert len(derived) == 1
    check_latakia_offshore(derived[0])


@pytest.mark.parametrize(
    ("text", "anchor", "dist"),
    [
        ("A boat sank 12 nautical miles off the coast of Gaza.", "Gaza", 12 * NMI),
        ("The tanker was seized about 30 km off Tartus.", "Tartus", 30_000),
        ("Drones struck a ship 20 miles off Hodeidah.", "Hodeidah", 20 * MI),
        ("Pirates boarded a ship 40 nautical miles off Aden.", "Aden", 40 * NMI),
        ("A cruiser sank 15 miles off Sevastopol.", "Sevastopol", 15 * MI),
    ],
)
def test_offshore_sentences(text: str, anchor: str, dist: float) -> None:
    derived = derive_locations(text, mentions_for(text, [anchor]))
    assert len(derived) == 1
    d = derived[0]
    assert d.method == "offshore" and d.distance_m == pytest.approx(dist)
    assert not globe.is_land(d.lat, d.lon)
    assert d.text.endswith(anchor)


def test_offshore_without_distance() -> None:
    text = "A patrol boat sank off the coast of Beirut."
    d = derive_locations(text, mentions_for(text, ["Beirut"]))[0]
    assert d.method == "offshore" and d.distance_m is None
    assert not globe.is_land(d.lat, d.lon)
    assert d.confidence < 0.6


def test_near() -> None:
    text = "Air strikes hit villages near Kobani."
    d = derive_locations(text, mentions_for(text, ["Kobani"]))[0]
    assert d.method == "near" and (d.lat, d.lon) == PLACES["Kobani"][:2]
    assert d.uncertainty.contains(Point(PLACES["Kobani"][1], PLACES["Kobani"][0]))
    lat, lon = PLACES["Kobani"][:2]
    far = geodesic(kilometers=40).destination((lat, lon), 0)
    assert not d.uncertainty.contains(Point(far.longitude, far.latitude))


def test_outskirts_with_direction() -> None:
    text = "Shells fell on the northern outskirts of Aleppo."
    d = derive_locations(text, mentions_for(text, ["Aleppo"]))[0]
    assert d.method == "outskirts" and d.bearing_deg == 0.0
    assert d.lat > PLACES["Aleppo"][0]
    assert not d.uncertainty.contains(Point(PLACES["Aleppo"][1], PLACES["Aleppo"][0]))


def test_outskirts_ring() -> None:
    text = "Clashes on the outskirts of Damascus continued."
    d = derive_locations(text, mentions_for(text, ["Damascus"]))[0]
    assert d.method == "outskirts"
    assert not d.uncertainty.contains(Point(PLACES["Damascus"][1], PLACES["Damascus"][0]))
    assert 5 < geodesic(PLACES["Damascus"][:2], (d.uncertainty.bounds[3], PLACES["Damascus"][1])).km < 30


def test_between() -> None:
    text = "A convoy was ambushed on the road between Homs and Hama."
    d = derive_locations(text, mentions_for(text, ["Homs", "Hama"]))[0]
    assert d.method == "between" and d.text == "between Homs and Hama"
    d1 = geodesic(PLACES["Homs"][:2], (d.lat, d.lon)).meters
    d2 = geodesic(PLACES["Hama"][:2], (d.lat, d.lon)).meters
    assert d1 == pytest.approx(d2, abs=10)
    assert d.uncertainty.contains(Point(PLACES["Homs"][1], PLACES["Homs"][0]))


def test_part_of_region_country() -> None:
    text = "Turkish troops crossed into northern Syria on Sunday."
    d = derive_locations(text, mentions_for(text, ["Syria"]))[0]
    assert d.method == "part-of-region" and d.precision == GEO_REGION
    assert d.lat > 35.8  # Syria spans ~32.3-37.3 N
    assert d.uncertainty.bounds[1] > 35.0


def test_border_two_countries() -> None:
    text = "Shelling hit Syria on the border with Turkey."
    d = derive_locations(text, mentions_for(text, ["Syria", "Turkey"]))[0]
    assert d.method == "border" and d.precision == GEO_REGION
    assert 35.8 < d.lat < 37.4 and 35.7 < d.lon < 42.4


@pytest.mark.parametrize(
    "text",
    [
        "Shells fell -5 km north of Raqqa.",
        "A jet went down 10000 miles off Beirut.",
        "Shells fell 3000 km north of Aleppo.",
        "Shells fell 0 km north of Raqqa.",
        "Shells fell 20 km north of the city.",
        "A ship sank 600 km off the coast of Beirut.",
    ],
)
def test_bad_input_is_rejected(text: str) -> None:
    names = [n for n in ("Raqqa", "Beirut", "Aleppo") if n in text]
    assert derive_locations(text, mentions_for(text, names)) == ()


def test_far_offset_is_low_confidence() -> None:
    text = "A depot 900 km south of Aleppo burned."
    d = derive_locations(text, mentions_for(text, ["Aleppo"]))[0]
    assert d.confidence < 0.5


@pytest.mark.parametrize("city", ["Kabul", "Aleppo", "Khartoum"])
def test_offshore_of_inland_city_is_low_confidence_or_dropped(city: str) -> None:
    text = f"A ship sank 20 miles off {city}."
    derived = derive_locations(text, mentions_for(text, [city]))
    assert all(d.confidence < 0.4 for d in derived)
    assert all(not globe.is_land(d.lat, d.lon) for d in derived)


def test_unresolved_anchor_gives_nothing() -> None:
    text = "Clashes 20 km north of Aleppo."
    m = Mention(text="Aleppo", start=23, end=29, label="GPE", place=None, confidence=0.0)
    assert derive_locations(text, [m]) == ()


def test_hedge_lowers_confidence() -> None:
    plain, hedged = "Clashes 20 km north of Aleppo.", "Clashes up to 20 km north of Aleppo."
    a = derive_locations(plain, mentions_for(plain, ["Aleppo"]))[0]
    b = derive_locations(hedged, mentions_for(hedged, ["Aleppo"]))[0]
    assert b.confidence < a.confidence
    assert b.uncertainty.area > a.uncertainty.area


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Aleppo",
        "north of",
        "between Aleppo and",
        "off Aleppo's coast coast",
        "20 km north of Aleppo" * 50,
    ],
)
def test_never_crashes(text: str) -> None:
    derived = derive_locations(text, mentions_for(text, ["Aleppo"]))
    assert all(0 <= d.start < d.end <= len(text) for d in derived)


def test_offshore_of_a_country() -> None:
    text = "A drone was downed off Syria's coast."
    d = derive_locations(text, mentions_for(text, ["Syria"]))[0]
    assert d.method == "offshore" and d.text == "off Syria's coast"
    assert not globe.is_land(d.lat, d.lon)
    assert 34.4 < d.lat < 36.1 and 35.0 < d.lon < 35.95  # off the Syrian coast, not Lake Assad


@pytest.mark.parametrize(
    ("text", "names", "near_town"),
    [
        ("Clashes erupted on the border between Syria and Turkey.", ["Syria", "Turkey"], None),
        ("Kobani, on the border with Turkey, was shelled.", ["Kobani", "Turkey"], "Kobani"),
    ],
)
def test_border_variants(text: str, names: list[str], near_town: str | None) -> None:
    d = derive_locations(text, mentions_for(text, names))[0]
    assert d.method == "border" and d.precision == GEO_REGION
    assert 35.8 < d.lat < 37.4 and 35.7 < d.lon < 42.4
    if near_town:
        assert geodesic(PLACES[near_town][:2], (d.lat, d.lon)).km < 15
        assert d.uncertainty.contains(Point(PLACES[near_town][1], PLACES[near_town][0]))


def test_border_without_other_side_gives_nothing() -> None:
    text = "Troops massed on the border with Turkey."
    assert derive_locations(text, mentions_for(text, ["Turkey"])) == ()


@pytest.mark.parametrize(("lat", "lon"), [(float("nan"), 35.0), (95.0, 35.0), (35.0, 500.0)])
def test_broken_anchor_coordinates_do_not_crash(lat: float, lon: float) -> None:
    text = "Clashes 20 km north of Aleppo and 22 miles off Aleppo's coast."
    bad = Place(
        id="x",
        name="Aleppo",
        lat=lat,
        lon=lon,
        feature_class="P",
        feature_code="PPL",
        country_code="SY",
        admin1="",
        population=1000,
        extent=None,
        source="test",
    )
    mentions = [
        ResolvedMention(text="Aleppo", start=i, end=i + 6, label="GPE", place=bad, confidence=0.9)
        for i in (23, 47)
    ]
    assert derive_locations(text, mentions) == ()


def test_distance_without_bearing_is_a_ring() -> None:
    text = "The town lies 20 km from Aleppo."
    d = derive_locations(text, mentions_for(text, ["Aleppo"]))[0]
    assert d.method == "offset" and d.bearing_deg is None and d.distance_m == 20_000
    assert not d.uncertainty.contains(Point(PLACES["Aleppo"][1], PLACES["Aleppo"][0]))
    for bearing in (0, 90, 180, 270):
        ref = geodesic(meters=20_000).destination(PLACES["Aleppo"][:2], bearing)
        assert d.uncertainty.contains(Point(ref.longitude, ref.latitude))


@pytest.mark.parametrize(
    "text",
    [
        "Planes took off from Latakia.",
        "Security forces killed 12 in Aleppo.",
        "Ten people died in Homs on Monday, 3 in Hama.",
        "He flew from Damascus to Beirut.",
    ],
)
def test_no_spatial_phrase_no_result(text: str) -> None:
    names = [n for n in PLACES if n in text]
    assert derive_locations(text, mentions_for(text, names)) == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Raids came particularly close to Russian bases.", 0),
        ("Jets flew near Syrian positions.", 0),
        ("A boat sank 20 km off the Syrian coast.", 1),
    ],
)
def test_demonyms_anchor_only_coasts(text: str, expected: int) -> None:
    word = "Russian" if "Russian" in text else "Syrian"
    country = "Russia" if word == "Russian" else "Syria"
    start = text.index(word)
    base = (
        place("Syria")
        if country == "Syria"
        else Place(
            id="cc:RU",
            name="Russia",
            lat=60.0,
            lon=100.0,
            feature_class="A",
            feature_code="PCLI",
            country_code="RU",
            admin1="",
            population=144_000_000,
            extent=None,
            source="test",
        )
    )
    m = ResolvedMention(
        text=word,
        start=start,
        end=start + len(word),
        label="NORP",
        place=base,
        confidence=0.9,
        adjectival=True,
    )
    derived = derive_locations(text, [m])
    assert len(derived) == expected
    if expected:
        assert derived[0].method == "offshore" and not globe.is_land(derived[0].lat, derived[0].lon)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Trade between Russia and Turkey grew.", ["Turkey"]),
        ("New flights between Damascus and Kabul were announced.", ["Damascus", "Kabul"]),
        ("Cases were confirmed outside of Syria.", ["Syria"]),
        ("Police in the northern city of Raqqa said.", ["Raqqa"]),
    ],
)
def test_relations_that_are_not_places(text: str, names: list[str]) -> None:
    mentions = mentions_for(text, names)
    if "Russia" in text:
        i = text.index("Russia")
        mentions.append(
            ResolvedMention(
                text="Russia",
                start=i,
                end=i + 6,
                label="GPE",
                confidence=0.9,
                place=Place(
                    id="cc:RU",
                    name="Russia",
                    lat=60.0,
                    lon=100.0,
                    feature_class="A",
                    feature_code="PCLI",
                    country_code="RU",
                    admin1="",
                    population=0,
                    extent=None,
                    source="test",
                ),
            )
        )
    assert derive_locations(text, mentions) == ()


def test_near_a_country_is_a_region_with_low_confidence() -> None:
    text = "Flights around Syria were cancelled."
    d = derive_locations(text, mentions_for(text, ["Syria"]))[0]
    assert d.method == "near" and d.precision == GEO_REGION and d.confidence < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "In Kobani, Lt. Col. Ahmed said clashes broke out on the border with Turkey.",
        "Kobani's mayor, Mr. Ahmed, said shells fell on the border with Turkey.",
    ],
)
def test_border_reads_the_whole_sentence_across_abbreviations(text: str) -> None:
    # The project's sentence splitter keeps "Lt. Col." and "Mr." inside the
    # sentence, so Kobani is the other side of "the border with Turkey".
    (d,) = derive_locations(text, mentions_for(text, ["Kobani", "Turkey"]))
    assert d.method == "border"
    assert geodesic(PLACES["Kobani"][:2], (d.lat, d.lon)).km < 15


def test_sentence_bounds_are_the_project_splitters() -> None:
    text = "Gen. Lee left. Shells fell off Latakia.\nThen the U.S. Navy sailed."
    starts = [s.start for s in split_sentences(text)]
    assert [sentence_bounds(text, s)[0] for s in starts] == starts
    assert text[slice(*sentence_bounds(text, text.index("Navy")))] == "Then the U.S. Navy sailed."
    assert text[slice(*sentence_bounds(text, 0))].strip() == "Gen. Lee left."


# sentence, the sea it names, its gazetteer id, the bearing of the part named.
SEA_PARTS = [
    ("A tanker was attacked in the southern Red Sea on Tuesday.", "Red Sea", "cur:red-sea", 180.0),
    ("Drones struck ships in the northern Red Sea overnight.", "Red Sea", "cur:red-sea", 0.0),
    ("Navies patrol the eastern Persian Gulf near the strait.", "Persian Gulf", "cur:persian-gulf", 90.0),
    ("Grain ships wait in the northern Black Sea.", "Black Sea", "cur:black-sea", 0.0),
    ("Pirates boarded a dhow in the western Gulf of Aden.", "Gulf of Aden", "cur:gulf-of-aden", 270.0),
]


@pytest.mark.parametrize(("text", "name", "place_id", "bearing"), SEA_PARTS)
def test_part_of_a_sea_lies_in_the_sea(
    gazetteer, text: str, name: str, place_id: str, bearing: float
) -> None:
    """The part is cut from the sea's Natural Earth outline, not from its box (whose parts are ashore)."""
    from mapapp.gazetteer.outlines import sea_outline

    sea = gazetteer.get(place_id)
    start = text.index(name)
    mention = ResolvedMention(
        text=name, start=start, end=start + len(name), label="LOC", place=sea, confidence=0.9
    )
    d = derive_locations(text, [mention])[0]
    outline = sea_outline(sea)
    assert d.method == "part-of-region" and d.bearing_deg == bearing
    assert outline.contains(Point(d.lon, d.lat)) and globe.is_ocean(d.lat, d.lon)
    # The cut is made in a local plane: edges come back within metres of the outline.
    assert outline.buffer(0.01).contains(d.uncertainty)
