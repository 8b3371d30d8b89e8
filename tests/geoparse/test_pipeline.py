"""The geoparser end to end: the seed article's golden output, recognition and resolution rules."""

from __future__ import annotations

import pytest

from mapapp.gazetteer import haversine_km
from mapapp.geoparse.pipeline import Geoparser, text_chunks
from mapapp.io.articles import article_from_text, read_article
from tests.helpers import SEED_PATH


@pytest.fixture(scope="session")
def seed_parsed(geoparser):
    return geoparser.parse(read_article(SEED_PATH))


# Every place the seed names, with where it truly is.
SEED_PLACES = [
    ("Latakia", 35.52, 35.79, 10),
    ("Syria", 35.0, 38.0, 300),
    ("Israel", 31.5, 34.75, 200),
    ("Russia", 60.0, 100.0, 1500),
    ("Moscow", 55.75, 37.62, 15),
    ("Golan Heights", 33.0, 35.75, 40),
    ("eastern Mediterranean", 34.0, 33.0, 400),
    ("Hmeimim military base", 35.40, 35.95, 15),
]


@pytest.mark.parametrize(("name", "lat", "lon", "tolerance_km"), SEED_PLACES)
def test_seed_places_are_all_found_and_resolved(seed_parsed, name, lat, lon, tolerance_km):
    mentions = [m for m in seed_parsed.mentions if m.text == name]
    assert mentions, f"{name} not recognised"
    for mention in mentions:
        assert mention.place is not None, mention.reason
        assert haversine_km(mention.lat, mention.lon, lat, lon) <= tolerance_km


def test_seed_golden_resolution(seed_parsed):
    resolved = {(m.text, m.place.id if m.place else None) for m in seed_parsed.mentions}
    assert resolved == {
        ("Russia", "cc:RU"),
        ("Russian", "cc:RU"),
        ("Israel", "cc:IL"),
        ("Israeli", "cc:IL"),
        ("Syria", "cc:SY"),
        ("Syrian", "cc:SY"),
        ("Lebanese", "cc:LB"),
        ("Iranian", "cc:IR"),
        ("Latakia", "gn:173576"),
        ("Latakia province", "adm1:SY-LA"),
        ("eastern Mediterranean", "cur:eastern-mediterranean"),
        ("Moscow", "gn:524901"),
        ("Golan Heights", "cur:golan-heights"),
        ("Hmeimim military base", "cur:hmeimim-air-base"),
    }


def test_seed_has_no_false_places(seed_parsed):
    text = seed_parsed.article.text
    credit = text.index("Credit: Alamy More")
    assert not [m for m in seed_parsed.mentions if credit <= m.start < credit + len("Credit: Alamy More")]
    assert {m.text for m in seed_parsed.mentions}.isdisjoint({"Vladimir", "Air", "Alamy", "Putin", "Shia"})


def test_seed_mention_records_carry_every_field(seed_parsed):
    text = seed_parsed.article.text
    for mention in seed_parsed.mentions:
        assert text[mention.start : mention.end] == mention.text
        assert 0.0 < mention.confidence <= 1.0
        assert mention.precision in (1, 2, 3)
    demonyms = [m for m in seed_parsed.mentions if m.text == "Syrian"]
    # Five uses of "Syrian", each a demonym of Syria. NER labels them NORP; the md
    # model reads "the Syrian war" as an EVENT, whose "Syrian" the gazetteer scan finds (GAZ).
    assert len(demonyms) == 5 and all(m.adjectival and m.place.id == "cc:SY" for m in demonyms)
    assert {m.label for m in demonyms} <= {"NORP", "GAZ"} and [m.label for m in demonyms].count("NORP") >= 4
    province = next(m for m in seed_parsed.mentions if m.text == "Latakia province")
    assert province.precision == 3 and province.place.feature_code == "ADM1"
    latakia = next(m for m in seed_parsed.mentions if m.text == "Latakia")
    assert latakia.precision == 1 and latakia.alternatives


@pytest.mark.parametrize(
    ("text", "surface", "country", "admin1"),
    [
        ("Protesters gathered in Tripoli, Lebanon, on Friday.", "Tripoli", "LB", None),
        ("The storm hit Moscow, Idaho, overnight.", "Moscow", "US", "Idaho"),
        # the last name of ", in X, Y" contains the place
        ("The outbreak was centred on Austin, in Scott County, Indiana.", "Austin", "US", "Indiana"),
        ("Paris, in Texas, was hit by a storm.", "Paris", "US", "Texas"),
        ("Clashes were reported in Tripoli, the Libyan capital.", "Tripoli", "LY", None),
        ("Floods hit Paris, Texas, and nearby Dallas and Sherman.", "Paris", "US", "Texas"),
        ("Shelling hit London, Ontario, near Toronto and Hamilton.", "London", "CA", None),
        ("The mayor of London met officials in Manchester and Birmingham.", "London", "GB", None),
    ],
)
def test_context_picks_the_right_homonym(geoparser, text, surface, country, admin1):
    parsed = geoparser.parse(article_from_text(text))
    mention = next(m for m in parsed.mentions if m.text == surface)
    assert mention.place is not None and mention.place.country_code == country
    if admin1:
        assert mention.place.admin1 == admin1


@pytest.mark.parametrize(
    ("text", "surface", "expected_code", "precision"),
    [
        ("Strikes hit targets in Idlib province on Monday.", "Idlib province", "ADM1", 3),
        ("A convoy reached the Hmeimim air base.", "Hmeimim air base", "AIRB", 1),
        ("Ships gathered in the eastern Mediterranean.", "eastern Mediterranean", "SEA", 3),
    ],
)
def test_kind_words_extend_the_span(geoparser, text, surface, expected_code, precision):
    parsed = geoparser.parse(article_from_text(text))
    mention = next(m for m in parsed.mentions if m.text == surface)
    assert mention.place.feature_code == expected_code and mention.precision == precision


def test_an_unknown_name_does_not_empty_the_rest(geoparser):
    parsed = geoparser.parse(article_from_text("Fighting near Qzqzville spread to Aleppo and Homs."))
    names = {m.text: m for m in parsed.mentions}
    assert names["Aleppo"].place.country_code == "SY" and names["Homs"].place.country_code == "SY"


def test_names_inside_unknown_names_and_the_nearby_fallback(geoparser):
    text = (
        "The horse won the Dubai World Cup in March. Its owners, who had bought it as a foal for "
        "very little money, said they would now retire it to stud and stop racing it after "
        "a long and unusually successful career. "
        "Residents of New Orleans marched down Royal Street."
    )
    spans = [
        (text.index(name), text.index(name) + len(name))
        for name in ("Dubai World Cup", "New Orleans", "Royal Street")
    ]
    mentions = geoparser.resolve_spans(text, spans)
    by_text = {m.text: m for m in mentions}
    assert by_text["Royal Street"].place.name == "New Orleans"
    assert by_text["Royal Street"].precision == 2 and by_text["Royal Street"].confidence < 0.3
    assert "named next to it" in by_text["Royal Street"].reason
    # Nothing specific is named next to it: the known name inside it is used.
    assert by_text["Dubai World Cup"].place.name == "Dubai"
    assert "named inside it" in by_text["Dubai World Cup"].reason


def test_a_place_named_next_to_a_venue_beats_an_eponym_inside_its_name(geoparser):
    text = "Protesters gathered on Hampton Avenue in Richmond, Virginia, on Sunday."
    (avenue,) = geoparser.resolve_spans(text, [(23, 37)])
    assert avenue.text == "Hampton Avenue" and avenue.place.name == "Richmond"
    assert avenue.place.admin1 == "Virginia"


def test_the_focus_fallback_for_far_away_unknown_names(geoparser):
    filler = " The council met again and talked for a long while about budgets." * 4
    text = "Floods hit Lagos and Lagos again." + filler + " The Qzq Hall was closed."
    start = text.index("Qzq Hall")
    mentions = geoparser.resolve_spans(text, [(11, 16), (start, start + 8)])
    hall = next(m for m in mentions if m.text == "Qzq Hall")
    assert hall.place.name == "Lagos" and hall.precision == 3 and "main place" in hall.reason


def test_hostile_and_odd_text_never_crashes(geoparser):
    odd = "\x00\x1b<script>alert(1)</script> ${x} `Paris`\n\n" + "Aleppo, \nSyria " * 50 + "é" * 1000
    parsed = geoparser.parse(article_from_text(odd.replace("\x00", "")))
    assert any(m.text == "Aleppo" for m in parsed.mentions)


def test_long_texts_are_cut_at_line_breaks():
    text = "line\n" * 50_000
    chunks = list(text_chunks(text, max_chars=100_000))
    assert "".join(piece for _, piece in chunks) == text
    assert all(piece.endswith("\n") for _, piece in chunks)
    assert [offset for offset, _ in chunks][:2] == [0, 100_000]


def _placed(parsed) -> list[tuple[str, str | None]]:
    return [(m.text, m.place.id if m.place else None) for m in parsed.mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Smoke rose over the port (AP Photo/Hussein Malla) as troops reached Latakia and then Tartus, "
            "while ships sailed off Beirut.",
            [("Latakia", "gn:173576"), ("Tartus", "gn:163345"), ("Beirut", "gn:276781")],
        ),
        (
            "Photo: Reuters Syrian troops entered Aleppo on Sunday and moved toward Homs.",
            [("Aleppo", "gn:170063"), ("Homs", "gn:169577")],
        ),
    ],
)
def test_a_photo_credit_does_not_mask_the_rest_of_a_one_line_article(geoparser, text, expected):
    assert _placed(geoparser.parse(article_from_text(text))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "BAKU, Azerbaijan (Reuters) - The government said on Tuesday that Baku would host talks.",
            [("BAKU", "gn:587084"), ("Azerbaijan", "cc:AZ"), ("Baku", "gn:587084")],
        ),
        (
            "ROME \u2014 The prime minister met officials in Rome on Monday.",
            [("ROME", "gn:3169070"), ("Rome", "gn:3169070")],
        ),
        ("OSLO (Reuters) - The government said on Monday it would raise taxes.", [("OSLO", "gn:3143244")]),
        (
            "LIMA, Peru (AP) \u2014 Protesters marched on Thursday.",
            [("LIMA", "gn:3936456"), ("Peru", "cc:PE")],
        ),
        (
            "GAZA (Reuters) - Strikes hit Gaza on Monday, health officials in Gaza said.",
            [("GAZA", "cur:gaza-strip"), ("Gaza", "cur:gaza-strip"), ("Gaza", "cur:gaza-strip")],
        ),
        # real abbreviations stay abbreviations
        ("The US and UK said the talks would go on.", [("US", "cc:US"), ("UK", "cc:GB")]),
    ],
)
def test_an_all_caps_dateline_name_keeps_its_candidates_in_the_whole_article(geoparser, text, expected):
    assert _placed(geoparser.parse(article_from_text(text))) == expected


@pytest.mark.parametrize(
    ("text", "surface", "expected_id"),
    [
        (
            "The flight landed at Ben Gurion Airport near Tel Aviv on Monday.",
            "Ben Gurion Airport",
            "icao:LLBG",
        ),
        ("Passengers at Ben Gurion Airport waited for hours.", "Ben Gurion Airport", "icao:LLBG"),
    ],
)
def test_ben_gurion_airport_resolves_to_the_airport_not_bern(geoparser, text, surface, expected_id):
    mentions = {m.text: m for m in geoparser.parse(article_from_text(text)).mentions}
    assert mentions[surface].place.id == expected_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Shipping through the Bab el-Mandeb has fallen since the Houthis began their attacks.",
            [("Bab el-Mandeb", "cur:bab-el-mandeb")],
        ),
        (
            "Iran's navy sent a destroyer to Bab el-Mandeb on Friday.",
            [("Iran", "cc:IR"), ("Bab el-Mandeb", "cur:bab-el-mandeb")],
        ),
    ],
)
def test_bab_el_mandeb_labelled_org_by_ner_is_the_strait_not_al_bab(geoparser, text, expected):
    assert _placed(geoparser.parse(article_from_text(text))) == expected


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Volunteers cleaned the banks of the Tangipahoa River on Saturday.", "Tangipahoa River"),
        ("Residents near the Kumquat Lake said the water was rising.", "Kumquat Lake"),
    ],
)
def test_the_inside_name_fallback_does_not_land_on_river_or_lake(geoparser, text, span):
    start = text.index(span)
    (mention,) = geoparser.resolve_spans(text, [(start, start + len(span))])
    assert mention.place is None


@pytest.mark.parametrize(
    ("country", "region", "expected"),
    [
        (None, None, [("Moscow", "gn:5601538"), ("Idaho", "adm1:US-ID"), ("Tripoli", "gn:2210247")]),
        ("RU", None, [("Moscow", "gn:5601538"), ("Idaho", "adm1:US-ID"), ("Tripoli", "gn:2210247")]),
        ("LB", None, [("Moscow", "gn:5601538"), ("Idaho", "adm1:US-ID"), ("Tripoli", "gn:266826")]),
        (
            None,
            "North Lebanon",
            [("Moscow", "gn:5601538"), ("Idaho", "adm1:US-ID"), ("Tripoli", "gn:266826")],
        ),
    ],
)
def test_prefer_country_and_region_never_override_moscow_idaho(
    geoparser, gazetteer, country, region, expected
):
    from mapapp.geoparse.bias import region_bias

    biased = Geoparser(
        gazetteer=gazetteer, nlp=geoparser.nlp, bias=region_bias(gazetteer, country=country, region=region)
    )
    text = "Police in Moscow, Idaho, said the suspect was held. Officials in Tripoli said the port reopened."
    assert _placed(biased.parse(article_from_text(text))) == expected


def test_two_spellings_of_an_abbreviated_name_are_one_place(geoparser):
    # Apart, "PLYMOUTH CO." took the bigger Plymouth County (Massachusetts) and pulled the other with it.
    text = "PLYMOUTH CO. - A suspect in a farm auction theft was held.\nThe Plymouth County Sheriff's Office in Iowa said so."
    spans = [(0, 12), (text.index("Plymouth County"), text.index("Plymouth County") + 15)]
    mentions = geoparser.resolve_spans(text, spans)
    assert [(m.text, m.place.id) for m in mentions] == [
        ("PLYMOUTH CO", "adm2:US.IA.149"),
        ("Plymouth County", "adm2:US.IA.149"),
    ]


def test_a_place_named_in_the_next_sentence_does_not_contain_an_unknown_name(geoparser):
    text = (
        "Hundreds fell ill after eating eggs from Qzqz Farm Eggs. The eggs were sold in Fresno, California."
    )
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Qzqz Farm Eggs", "Fresno", "California")]
    farm = geoparser.resolve_spans(text, spans)[0]
    assert farm.place.name == "Fresno" and farm.placed_at_focus
    assert "named next to it" not in farm.reason


def test_a_division_word_after_a_known_name_is_that_division_whatever_is_named_beside_it(geoparser):
    text = "Two villagers died in Qzqz county of Sichuan province, near Chengdu, on Friday."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Qzqz county", "Sichuan province", "Chengdu")]
    province = geoparser.resolve_spans(text, spans)[1]
    assert province.place.name == "Sichuan Sheng" and "named inside it" in province.reason
