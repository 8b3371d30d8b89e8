"""Stages 2-3: candidates ranked with the article's context, and "none of these"."""

from __future__ import annotations

from typing import Unpack

import pytest

from mapapp.geoparse.bias import RegionBias
from mapapp.geoparse.context import Context, Group, NameKey, Pick
from mapapp.geoparse.fallbacks import is_specific
from mapapp.geoparse.ranking import Ranker, load_ranker
from mapapp.geoparse.recognize import Span
from mapapp.geoparse.resolve import LookupOptions, Resolver, precision_of
from mapapp.models import Candidate, Extent, Mention, Place, ResolvedMention


def place(
    pid: str,
    name: str,
    lat: float,
    lon: float,
    *,
    cc: str,
    fclass: str = "P",
    fcode: str = "PPL",
    admin1: str = "",
    pop: int = 10_000,
    extent: Extent | None = None,
) -> Place:
    return Place(
        id=pid,
        name=name,
        lat=lat,
        lon=lon,
        feature_class=fclass,
        feature_code=fcode,
        country_code=cc,
        admin1=admin1,
        population=pop,
        extent=extent,
        source="test",
    )


LONDON_GB = place("gn:1", "London", 51.51, -0.13, cc="GB", fcode="PPLC", admin1="England", pop=8_900_000)
LONDON_CA = place("gn:2", "London", 42.98, -81.23, cc="CA", admin1="Ontario", pop=350_000)
TORONTO = place("gn:3", "Toronto", 43.70, -79.42, cc="CA", admin1="Ontario", pop=2_700_000)
HAMILTON = place("gn:4", "Hamilton", 43.25, -79.85, cc="CA", admin1="Ontario", pop=520_000)
CANADA = place(
    "cc:CA",
    "Canada",
    60.1,
    -113.6,
    cc="CA",
    fclass="A",
    fcode="PCLI",
    pop=37_000_000,
    extent=Extent(south=41.7, west=-141.0, north=83.1, east=-52.6),
)
LEBANON = place("cc:LB", "Lebanon", 33.83, 35.83, cc="LB", fclass="A", fcode="PCLI", pop=6_800_000)
TRIPOLI_LY = place("gn:5", "Tripoli", 32.89, 13.19, cc="LY", fcode="PPLC", pop=1_150_000)
TRIPOLI_LB = place("gn:6", "Tripoli", 34.44, 35.85, cc="LB", admin1="North", pop=230_000)


RUSSIA = place("cc:RU", "Russia", 60.0, 100.0, cc="RU", fclass="A", fcode="PCLI", pop=146_000_000)
RUSSIA_OH = place("gn:7", "Russia", 40.23, -84.41, cc="US", admin1="Ohio", pop=656)
USA = place("cc:US", "United States", 39.76, -98.5, cc="US", fclass="A", fcode="PCLI", pop=327_000_000)
CAIRO = place("gn:8", "Cairo", 30.06, 31.25, cc="EG", fcode="PPLC", admin1="Cairo", pop=7_700_000)
GIZA = place("gn:9", "Giza", 30.01, 31.21, cc="EG", admin1="Giza", pop=2_400_000)
EGYPT = place("cc:EG", "Egypt", 27.0, 30.0, cc="EG", fclass="A", fcode="PCLI", pop=100_000_000)
HARAM_NO = place("gn:10", "Haram", 62.66, 6.24, cc="NO", admin1="More og Romsdal", pop=9_357)
OSLO = place("gn:11", "Oslo", 59.91, 10.75, cc="NO", fcode="PPLC", admin1="Oslo", pop=580_000)
KENTUCKY = place(
    "adm1:US-KY", "Kentucky", 37.8, -85.7, cc="US", fclass="A", fcode="ADM1", admin1="Kentucky", pop=3_300_000
)
CAYMAN = place("cc:KY", "Cayman Islands", 19.5, -80.5, cc="KY", fclass="A", fcode="PCLI", pop=55_000)
LOUISVILLE = place("gn:12", "Louisville", 38.25, -85.76, cc="US", admin1="Kentucky", pop=600_000)
ORLANDO = place("gn:13", "Orlando", 28.54, -81.38, cc="US", admin1="Florida", pop=300_000)
MOSCOW_RU = place("gn:14", "Moscow", 55.75, 37.62, cc="RU", fcode="PPLC", admin1="Moskva", pop=10_400_000)
MOSCOW_ID = place("gn:15", "Moscow", 46.73, -117.0, cc="US", admin1="Idaho", pop=25_000)
IDAHO = place(
    "adm1:US-ID", "Idaho", 45.4, -114.1, cc="US", fclass="A", fcode="ADM1", admin1="Idaho", pop=1_600_000
)


class Gazetteer:
    """Candidates with fixed context-free scores, like the real index returns."""

    TABLE = {
        "London": [(LONDON_GB, 0.88), (LONDON_CA, 0.65)],
        "Toronto": [(TORONTO, 0.80)],
        "Hamilton": [(HAMILTON, 0.62)],
        "Canada": [(CANADA, 0.99)],
        "Lebanon": [(LEBANON, 0.97)],
        "Tripoli": [(TRIPOLI_LY, 0.80), (TRIPOLI_LB, 0.63)],
        "Russia": [(RUSSIA, 0.99), (RUSSIA_OH, 0.33)],
        "U.S.": [(USA, 0.83)],
        "Cairo": [(CAIRO, 0.85)],
        "Giza": [(GIZA, 0.70)],
        "Egypt": [(EGYPT, 0.98)],
        "Haram": [(HARAM_NO, 0.47)],
        "Oslo": [(OSLO, 0.85)],
        "Louisville": [(LOUISVILLE, 0.70)],
        "Orlando": [(ORLANDO, 0.75)],
        "Moscow": [(MOSCOW_RU, 0.9), (MOSCOW_ID, 0.52)],
        "Idaho": [(IDAHO, 0.65)],
    }
    # (place, score, how it matched, the name it matched)
    CODES = {"KY": [(CAYMAN, 0.67, "code", "KY"), (KENTUCKY, 0.56, "alias", "Ky.")]}

    def lookup(self, query: str, **options: Unpack[LookupOptions]) -> list[Candidate]:
        classes = options.get("feature_classes")
        found = [(p, s, "name", query) for p, s in self.TABLE.get(query, [])]
        if options.get("include_codes"):
            found += self.CODES.get(query, [])
        return [
            Candidate(place=p, score=s, matched_name=matched, match=how)
            for p, s, how, matched in found
            if not classes or p.feature_class in classes
        ]


def resolve(
    text: str, *names: str, bias: RegionBias | None = None, ranker: Ranker | None = None
) -> dict[str, str | None]:
    found, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        cursor = start + len(name)
        found.append(Span(start, cursor, name, "GPE", name))
    mentions = Resolver(gazetteer=Gazetteer(), bias=bias, ranker=ranker).resolve(text, found)
    # The type says whether a mention was placed: later stages rely on it.
    assert all(isinstance(m, ResolvedMention) == (m.place is not None) for m in mentions)
    return {m.text + f"@{m.start}": (m.place.id if m.place else None) for m in mentions}


def test_without_context_the_prior_decides():
    assert resolve("Protests in London.", "London") == {"London@12": "gn:1"}


def test_the_articles_other_places_lift_a_homonym():
    text = "Shelling hit London near Toronto and Hamilton."
    assert resolve(text, "London", "Toronto", "Hamilton")["London@13"] == "gn:2"


def test_explicit_containment_restricts():
    assert resolve("Clashes in Tripoli, Lebanon, today.", "Tripoli", "Lebanon")["Tripoli@11"] == "gn:6"
    assert resolve("Clashes in Tripoli today.", "Tripoli")["Tripoli@11"] == "gn:5"


def test_none_of_these_keeps_the_rest():
    result = resolve("From Qzqzville to Toronto.", "Qzqzville", "Toronto")
    assert result == {"Qzqzville@5": "gn:3", "Toronto@18": "gn:3"}  # placed next to Toronto, marked so


def test_unknown_name_alone_is_unresolved_with_a_reason():
    mentions = Resolver(gazetteer=Gazetteer()).resolve(
        "In Qzqzville.", [Span(3, 12, "Qzqzville", "GPE", "Qzqzville")]
    )
    assert mentions[0].place is None and mentions[0].reason == "no gazetteer entry for this name"
    assert type(mentions[0]) is Mention


@pytest.mark.parametrize(
    ("target", "hint", "expected"),
    [
        (TORONTO, "", 1),
        (TORONTO, "facility", 2),
        (CANADA, "", 3),
        (
            place(
                "cur:x",
                "Golan Heights",
                33.0,
                35.75,
                cc="SY",
                fclass="L",
                fcode="AREA",
                extent=Extent(south=32.6, west=35.6, north=33.3, east=35.9),
            ),
            "",
            2,
        ),
        (
            place(
                "cur:y",
                "Sahara",
                23.0,
                13.0,
                cc="",
                fclass="T",
                fcode="DSRT",
                extent=Extent(south=15.0, west=-17.0, north=32.0, east=35.0),
            ),
            "",
            3,
        ),
    ],
)
def test_precision_levels(target, hint, expected):
    assert precision_of(target, hint=hint) == expected


def test_two_countries_in_a_row_are_a_list_not_containment():
    text = "He reported on Trump's dealings in Russia, U.S. officials said."
    assert resolve(text, "Russia", "U.S.")["Russia@35"] == "cc:RU"


def test_a_state_abbreviation_matched_by_its_short_form_is_a_candidate():
    text = "LOUISVILLE, KY -- The company bought a property near Orlando."
    assert resolve(text, "LOUISVILLE", "KY", "Orlando")["KY@12"] == "adm1:US-KY"
    # With nothing American around it, the code is the Cayman Islands'.
    assert resolve("Funds registered in KY.", "KY")["KY@20"] == "cc:KY"


def test_a_small_namesake_far_from_the_story_gives_way_to_the_storys_places():
    text = "Police in Cairo and Giza said the march reached Haram, Egypt's interior ministry said."
    mentions = Resolver(gazetteer=Gazetteer()).resolve(
        text,
        [
            Span(text.index(name), text.index(name) + len(name), name, "GPE", name)
            for name in ("Cairo", "Giza", "Haram", "Egypt")
        ],
    )
    haram = next(m for m in mentions if m.text == "Haram")
    assert isinstance(haram, ResolvedMention) and haram.place.country_code == "EG"
    assert haram.reason.startswith("only a distant namesake is known (Haram, NO); placed at")
    # The same town is kept when the article is in its country, or names nothing else.
    assert (
        resolve("From Oslo and Cairo they drove to Haram.", "Oslo", "Cairo", "Haram")["Haram@34"] == "gn:10"
    )
    assert resolve("They drove to Haram.", "Haram")["Haram@14"] == "gn:10"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (CAIRO, True),
        (place("gn:20", "Hmeimim", 35.4, 35.95, cc="SY", fclass="S", fcode="AIRB"), True),
        (place("gn:21", "Jableh District", 35.36, 35.93, cc="SY", fclass="A", fcode="ADM2"), True),
        (KENTUCKY, False),
        (EGYPT, False),
    ],
)
def test_one_rule_for_specific_places(target, expected):
    # Only towns, sites and districts place a street by their side and
    # anchor the article's neighbourhood; a namesake stray is one of them.
    assert is_specific(target) is expected
    groups = [Group(NameKey(target.name, "", False), (Span(0, 1, "x", "GPE", "x"),), ())]
    picks = {groups[0].key: Pick(Candidate(place=target, score=0.9, matched_name="x", match="name"), 0.9, ())}
    context = Context.of(groups, picks, besides=Group(NameKey("other", "", False), (), ()))
    assert (context.anchors == (target,)) is expected


def test_resolver_constants_stay_importable_from_resolve():
    from mapapp.geoparse import context, ranking, resolve

    assert resolve.MIN_SCORE == context.MIN_SCORE and resolve.COUNTRY_WEIGHT == ranking.COUNTRY_WEIGHT


@pytest.mark.parametrize(
    ("text", "names", "bias", "expected"),
    [
        # the preferred country lifts its namesake over the better-known one
        ("Clashes in Tripoli today.", ("Tripoli",), RegionBias(country="LB"), {"Tripoli@11": "gn:6"}),
        ("Clashes in Tripoli today.", ("Tripoli",), RegionBias(country="LY"), {"Tripoli@11": "gn:5"}),
        ("Clashes in Tripoli today.", ("Tripoli",), RegionBias(region=LEBANON), {"Tripoli@11": "gn:6"}),
        ("Protests in London.", ("London",), RegionBias(region=TORONTO), {"London@12": "gn:2"}),
        # explicit containment wins over any bias
        (
            "Police in Moscow, Idaho, said so.",
            ("Moscow", "Idaho"),
            RegionBias(country="RU"),
            {"Moscow@10": "gn:15", "Idaho@18": "adm1:US-ID"},
        ),
        (
            "Clashes in Tripoli, Lebanon, today.",
            ("Tripoli", "Lebanon"),
            RegionBias(country="LY"),
            {"Tripoli@11": "gn:6", "Lebanon@20": "cc:LB"},
        ),
        # a bias lifts; it never filters: a country the collection is not about is still found
        ("Talks in Moscow.", ("Moscow",), RegionBias(country="LB"), {"Moscow@9": "gn:14"}),
        ("Police in Moscow said so.", ("Moscow",), RegionBias(country="RU"), {"Moscow@10": "gn:14"}),
    ],
)
def test_a_user_given_region_bias_never_overrides_explicit_containment(text, names, bias, expected):
    assert resolve(text, *names, bias=bias) == expected


@pytest.mark.parametrize(
    ("text", "names", "bias", "expected"),
    [
        ("Protests in London.", ("London",), None, {"London@12": "gn:1"}),
        ("Clashes in Tripoli today.", ("Tripoli",), None, {"Tripoli@11": "gn:5"}),
        # explicit containment filters the candidates before the model sees them
        (
            "Police in Moscow, Idaho, said so.",
            ("Moscow", "Idaho"),
            None,
            {"Moscow@10": "gn:15", "Idaho@18": "adm1:US-ID"},
        ),
        (
            "Clashes in Tripoli, Lebanon, today.",
            ("Tripoli", "Lebanon"),
            RegionBias(country="LY"),
            {"Tripoli@11": "gn:6", "Lebanon@20": "cc:LB"},
        ),
        # the bias multiplies the learned odds
        ("Clashes in Tripoli today.", ("Tripoli",), RegionBias(country="LB"), {"Tripoli@11": "gn:6"}),
        # "none of these" still falls back to the place named next to the unknown name
        (
            "From Qzqzville to Toronto.",
            ("Qzqzville", "Toronto"),
            None,
            {"Qzqzville@5": "gn:3", "Toronto@18": "gn:3"},
        ),
    ],
)
def test_the_learned_ranker_keeps_containment_bias_and_none_of_these(text, names, bias, expected):
    assert resolve(text, *names, bias=bias, ranker=load_ranker("learned")) == expected


def test_a_hamlet_with_a_low_prior_alone_is_none_of_these_for_the_learned_ranker():
    mentions = Resolver(gazetteer=Gazetteer(), ranker=load_ranker("learned")).resolve(
        "Protests in Russia.", [Span(12, 18, "Russia", "GPE", "Russia")]
    )
    assert mentions[0].place is not None and mentions[0].place.id == "cc:RU"


class _DemonymGazetteer:
    """ "British" is a demonym of the United Kingdom; "Tokyo" a city; the embassy is unknown."""

    UK = place("cc:GB", "United Kingdom", 54.8, -2.7, cc="GB", fclass="A", fcode="PCLI", pop=66_000_000)
    TOKYO = place("gn:20", "Tokyo", 35.69, 139.69, cc="JP", fcode="PPLC", pop=8_300_000)

    def lookup(self, query: str, **options: Unpack[LookupOptions]) -> list[Candidate]:
        if query == "Tokyo":
            return [Candidate(place=self.TOKYO, score=0.9, matched_name=query, match="name")]
        if query == "British" and options.get("include_demonyms"):
            return [Candidate(place=self.UK, score=0.9, matched_name=query, match="demonym")]
        return []


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Staff at the British Embassy Tokyo were evacuated.", "British Embassy Tokyo", "gn:20"),
        ("Staff at the British Embassy were evacuated.", "British Embassy", "cc:GB"),
    ],
)
def test_a_place_named_inside_an_unknown_name_comes_before_a_demonym(text, name, expected):
    start = text.index(name)
    span = Span(start, start + len(name), name, "FAC", name)
    (mention,) = Resolver(gazetteer=_DemonymGazetteer()).resolve(text, [span])
    assert mention.place is not None and mention.place.id == expected


class _TableGazetteer:
    """Each name's one place, found by its own name."""

    def __init__(self, places: dict[str, Place]) -> None:
        self._places = places

    def lookup(self, query: str, **options: Unpack[LookupOptions]) -> list[Candidate]:
        found = self._places.get(query)
        classes = options.get("feature_classes")
        if found is None or (classes and found.feature_class not in classes):
            return []
        return [Candidate(place=found, score=0.6, matched_name=query, match="name")]


_VA = dict(cc="US", admin1="Virginia")
_STORY_PLACES = {
    "Centreville": place("gn:30", "Centreville", 38.84, -77.43, **_VA),
    "Virginia": place(
        "adm1:US-VA", "Virginia", 37.5, -77.4, cc="US", fclass="A", fcode="ADM1", admin1="Virginia"
    ),
    "Manassas": place("gn:31", "Manassas", 38.75, -77.48, **_VA),
    "Stonewall": place(
        "gn:32", "Stonewall County", 33.18, -100.25, cc="US", fclass="A", fcode="ADM2", admin1="Texas"
    ),
    "Denver": place("gn:33", "Denver", 39.74, -104.99, cc="US", admin1="Colorado"),
    "Boston": place("gn:34", "Boston", 42.36, -71.06, cc="US", admin1="Massachusetts"),
    "Miami Beach": place("gn:35", "Miami Beach", 25.79, -80.13, cc="US", admin1="Florida"),
}


# Stonewall County, Texas, has nothing to do with a story about northern Virginia: the club
# is not put there but at the Virginian town named next. A place named right after the
# name contains it, supported or not.
_UNSUPPORTED_NEIGHBOURS = {
    "a namesake far from the story": (
        "Homes in Centreville, Virginia, sold fast. The Robert Trent Jones Golf Club near Stonewall "
        "opened, Manassas officials said.",
        ("Centreville", "Virginia", "Stonewall", "Manassas", "Robert Trent Jones Golf Club"),
        "gn:31",
    ),
    "named right after it": (
        "Fans from Denver and Boston queued on Collins Avenue in Miami Beach.",
        ("Denver", "Boston", "Miami Beach", "Collins Avenue"),
        "gn:35",
    ),
}


@pytest.mark.parametrize(
    ("text", "names", "expected"), list(_UNSUPPORTED_NEIGHBOURS.values()), ids=list(_UNSUPPORTED_NEIGHBOURS)
)
def test_an_unknown_name_is_not_placed_next_to_a_place_the_story_does_not_support(text, names, expected):
    spans = [Span(text.index(n), text.index(n) + len(n), n, "GPE", n) for n in names]
    mentions = Resolver(gazetteer=_TableGazetteer(_STORY_PLACES)).resolve(text, spans)
    (mention,) = [m for m in mentions if m.text == names[-1]]
    assert mention.place is not None and mention.place.id == expected
