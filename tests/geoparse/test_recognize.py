"""Stage 1: which spans of text name places (spaCy's entities plus the gazetteer scanner)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mapapp.gazetteer.names import normalize_name
from mapapp.geoparse.kinds import extend_with_suffix, trim_span
from mapapp.geoparse.noise import noise_ranges
from mapapp.geoparse.recognize import Recognizer
from mapapp.text.lexicon import DIRECTION_WORDS


@dataclass(frozen=True)
class Ent:
    start_char: int
    end_char: int
    label_: str


@dataclass(frozen=True)
class Doc:
    ents: tuple[Ent, ...] = ()


class Names:
    """A tiny gazetteer: name -> {match kind: importance}."""

    TABLE = {
        "latakia": {"name": 0.69},
        "aleppo": {"name": 0.74},
        "syrian": {"demonym": 0.99},
        "golan heights": {"name": 0.85},
        "eastern mediterranean": {"name": 0.9},
        "mediterranean": {"alias": 0.9},
        "hmeimim": {"name": 0.75},
        "air": {"alias": 0.8},
        "bc": {"alias": 0.67},
        "homs": {"name": 0.69},
        "vladimir": {"name": 0.62},
        "springfield": {"name": 0.45},
        "oslo": {"name": 0.79},
        "bab": {"alias": 0.7},
        "bab el mandeb": {"name": 0.86},
        "ben": {"alias": 0.68},
        "ben gurion": {"alias": 0.45},
        "ben gurion airport": {"alias": 0.45},
        # Small places a scanner alone would not trust (below 0.6), and what cues them.
        "slidell": {"name": 0.52},
        "beverly hills": {"name": 0.53},
        "walker county": {"name": 0.52},
        "walker": {"name": 0.52},
        "polk county": {"name": 0.54},
        "polk": {"name": 0.34, "alias": 0.54},
        "story county": {"name": 0.52},
        "story": {"name": 0.4},
        "dallas county": {"name": 0.55},
        "dallas": {"name": 0.71},
        "pulawy": {"alias": 0.55},
        "hugo": {"name": 0.5},
        "oklahoma": {"name": 0.66},
        "russellville": {"name": 0.53},
        "ark": {"alias": 0.66},
        "us": {"name": 0.36, "alias": 0.99},
        "texan": {"demonym": 0.68},
        "west nile": {"name": 0.7},
        "october": {"name": 0.5},
        "tyler": {"name": 0.59},
        "tyler perry": {},
        "act": {"alias": 0.65},
        "la": {"alias": 0.9},
        "d": {"alias": 0.68},
        "centre": {"name": 0.66},
        "paterson": {"name": 0.62},
        "west africa": {"name": 0.9},
        "georgia": {"name": 0.9},
        "stevens": {},
        "drug": {"alias": 0.62},
        "marburg": {"name": 0.7},
        "tank": {"alias": 0.7},
        "dominican republic": {"name": 0.95},
        "jamaica": {"name": 0.97},
        "trinidad and tobago": {"name": 0.97},
        "trinidad": {"name": 0.9},
        "tobago": {"name": 0.7},
        "cote d ivoire": {"name": 0.98},
        "ghana": {"name": 0.95},
        "heze": {"name": 0.72},
        "esperance": {"name": 0.51},
        "dadaab": {"name": 0.48},
        "scout": {"name": 0.5},
        "california": {"name": 0.95},
        "noma": {"name": 0.5},
        "democratic republic of congo": {"name": 0.95},
        "drc": {"alias": 0.9},
    }

    def name_weights(self, name: str) -> dict[str, float]:
        from mapapp.gazetteer.names import normalize_name

        return dict(self.TABLE.get(normalize_name(name), {}))


def spans(text: str, *ents: tuple[str, str]) -> list[tuple[str, str, str, bool]]:
    found = []
    for surface, label in ents:
        start = text.index(surface)
        found.append(Ent(start, start + len(surface), label))
    recognizer = Recognizer(nlp=None, names=Names())
    return [
        (s.text, s.label, s.hint, s.adjectival) for s in recognizer.recognize_doc(Doc(tuple(found)), text)
    ]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "Strikes hit targets in Latakia province.",
            [("Latakia", "GPE")],
            [("Latakia province", "GPE", "admin", False)],
        ),
        ("A convoy reached the Hmeimim air base.", [], [("Hmeimim air base", "GAZ", "facility", False)]),
        (
            "Ships sailed in the eastern Mediterranean.",
            [("Mediterranean", "LOC")],
            [("eastern Mediterranean", "LOC", "", False)],
        ),
        (
            "The plane went down off Latakia\u2019s coast.",
            [("Latakia\u2019s", "ORG")],
            [("Latakia", "GAZ", "", False)],
        ),
        ("Syrian missiles hit it.", [("Syrian", "NORP")], [("Syrian", "NORP", "", True)]),
        (
            "Troops went to the Golan Heights.",
            [("Golan Heights", "LOC")],
            [("Golan Heights", "LOC", "", False)],
        ),
        ("President Vladimir Putin spoke.", [("Vladimir Putin", "PERSON")], []),
        (
            "Shelling hit Aleppo and Homs.",
            [("Homs", "PERSON")],
            [("Aleppo", "GAZ", "", False), ("Homs", "GAZ", "", False)],
        ),
        ("The Russian Air Force cleared the air.", [], []),
        ("It was built in 500 BC by Syrian kings.", [], [("Syrian", "GAZ", "", True)]),
        ("Fires spread past Springfield.", [], []),  # no cue of place: a minor namesake is no place
        ("A plane taking Credit: Alamy More\nThey reached Latakia.", [], [("Latakia", "GAZ", "", False)]),
        ("Latakia is calm.", [], []),  # a sentence start proves nothing for a mid-sized town
    ],
)
def test_recognised_spans(text, ents, expected):
    assert spans(text, *ents) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # A toponym inside a local institution's name is its own mention.
        (
            "A statement from the Beverly Hills Police Department said the driver fled.",
            [("the Beverly Hills Police Department", "ORG")],
            [("Beverly Hills", "GAZ", "", False)],
        ),
        (
            "Deputies of the Walker County Sheriff's Office found the car.",
            [("the Walker County Sheriff's Office", "ORG")],
            [("Walker County", "GAZ", "", False)],
        ),
        ("Slidell Public Schools will close on Friday.", [], [("Slidell", "GAZ", "", False)]),
        # "X County" is a county's name whatever its size; bare names before a plural "counties" too.
        ("Rain flooded roads in Polk County overnight.", [], [("Polk County", "GAZ", "", False)]),
        (
            "Schools closed in Polk, Story and Dallas counties on Monday.",
            [("Dallas", "GPE")],
            [
                ("Polk", "GAZ", "admin", False),
                ("Story", "GAZ", "admin", False),
                ("Dallas", "GAZ", "admin", False),
            ],
        ),
        # A preposition of place, or the kind of place, before a small town's name.
        ("Two people were hurt in a crash near Slidell.", [], [("Slidell", "GAZ", "", False)]),
        ("Bird flu reached the village of Pulawy.", [("Pulawy", "ORG")], [("Pulawy", "GAZ", "", False)]),
        ("He was born in Tyler and raised there.", [("Tyler", "PERSON")], [("Tyler", "GAZ", "", False)]),
        (
            "A film by Tyler Perry opened in Dallas.",
            [("Tyler Perry", "PERSON")],
            [("Dallas", "GAZ", "", False)],
        ),
        ("The fair opens in October.", [], []),
        # "X, Y" with Y a larger place, and a dateline with two dashes.
        (
            "The three are from Hugo, Oklahoma.",
            [],
            [("Hugo", "GAZ", "", False), ("Oklahoma", "GAZ", "", False)],
        ),
        (
            "RUSSELLVILLE, Ark. (AP) -- A man died.",
            [("Ark.", "GPE")],
            [("RUSSELLVILLE", "GAZ", "", False), ("Ark", "GPE", "", False)],
        ),
        # A country's short form inside an organisation's name; a currency's sign is none.
        ("Officials at the US Department of Agriculture said so.", [], [("US", "GAZ", "", False)]),
        ("Let us know: aid rose to US$5 million.", [], []),
        # A state's demonym, however NER labels it; a disease named after a place is no place.
        ("A Texan rancher sold cattle.", [("Texan", "GPE")], [("Texan", "GPE", "", True)]),
        ("Two cases of West Nile virus were found.", [("West Nile", "LOC")], []),
        # Names the gazetteer knows that name no place here.
        ("A strong La Niña is forecast.", [("La Niña", "LOC")], []),
        ("The firm spends more on R&D now.", [], []),
        ("The Clean Air Act passed; the Centre objected.", [], []),
        ("Canberra is in the ACT.", [], [("ACT", "GAZ", "", False)]),
        ("The Food and Drug Administration recalled it.", [], []),
        ("Marburg haemorrhagic fever killed two.", [], []),
        ("She studied in Marburg for a year.", [], [("Marburg", "GAZ", "", False)]),
        # A known place's name after a person's title is the person's.
        ("Mr Paterson's family wept in court.", [("Paterson", "PERSON")], []),
        ("Sen. Dallas said no.", [], []),
        ("The jury in Paterson wept.", [], [("Paterson", "GAZ", "", False)]),
        # A word of a person's full name is that person elsewhere in the article, unless a cue says place.
        (
            "Georgia Stevens, 9, skates. Georgia began at four.",
            [("Georgia Stevens", "PERSON")],
            [],
        ),
        (
            "Georgia Stevens, 9, skates. She grew up in Georgia.",
            [("Georgia Stevens", "PERSON")],
            [("Georgia", "GAZ", "", False)],
        ),
        # A spaced dash inside an entity separates two names.
        (
            "The virus may reach West Africa - Ghana first.",
            [("West Africa - Ghana", "LOC")],
            [("West Africa", "LOC", "", False), ("Ghana", "LOC", "", False)],
        ),
    ],
)
def test_place_cues_admit_small_places(text, ents, expected):
    assert spans(text, *ents) == expected


def test_an_organisation_is_kept_as_the_context_of_the_place_inside_it():
    text = "Officers of the Slidell Police Department searched the house."
    (span,) = Recognizer(nlp=None, names=Names()).recognize_doc(Doc(()), text)
    assert (span.text, span.context) == ("Slidell", "Slidell Police Department")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A IL-20PP aircraft of the Russian Air Force taking Credit: Alamy More\nNext.",
            ["Credit: Alamy More"],
        ),
        ("Photo: Getty Images\nBody.", ["Photo: Getty Images"]),
        ("No credits here.", []),
    ],
)
def test_noise_ranges(text, expected):
    assert [text[a:b] for a, b in noise_ranges(text)] == expected


@pytest.mark.parametrize(
    ("text", "credit", "places"),
    [
        # a page flattened to one line: the places after the credit stay places
        (
            "Smoke rose over the port (AP Photo/Hussein Malla, File) as troops reached Latakia and Aleppo.",
            "AP Photo/Hussein Malla, File)",
            ["Latakia", "Aleppo"],
        ),
        (
            "Photo: Reuters Troops entered Aleppo and moved toward Homs.",
            "Photo: Reuters Troops",
            ["Aleppo", "Homs"],
        ),
        ("(Photo: Getty Images) Shelling hit Homs.", "(Photo: Getty Images)", ["Homs"]),
        ("Photo: courtesy of the family Shelling hit Homs.", "Photo:", ["Homs"]),
        # the names in the credit itself are not places
        ("Photo: Latakia Press Office\nShelling hit Homs.", "Photo: Latakia Press Office", ["Homs"]),
    ],
)
def test_a_photo_credit_masks_only_the_credit_not_the_rest_of_the_line(text, credit, places):
    assert [text[a:b] for a, b in noise_ranges(text)] == [credit]
    assert [found[0] for found in spans(text)] == places


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # NER labels the strait an organisation, or a person: the whole name is the place, not "Bab"
        (
            "Shipping through the Bab el-Mandeb has fallen.",
            [("the Bab el-Mandeb", "ORG")],
            [("Bab el-Mandeb", "GAZ", "", False)],
        ),
        (
            "A destroyer sailed to Bab el-Mandeb on Friday.",
            [("Bab el-Mandeb", "PERSON")],
            [("Bab el-Mandeb", "GAZ", "", False)],
        ),
        ("Bab Amr was shelled again.", [("Bab Amr", "PERSON")], []),
    ],
)
def test_bab_el_mandeb_labelled_org_is_the_strait_not_al_bab(text, ents, expected):
    assert spans(text, *ents) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "Passengers at Ben Gurion Airport waited.",
            [],
            [("Ben Gurion Airport", "GAZ", "facility", False)],
        ),
        (
            "Passengers at Ben Gurion Airport waited.",
            [("Ben Gurion", "PERSON")],
            [("Ben Gurion Airport", "GAZ", "facility", False)],
        ),
        ("Ben Gurion declared independence.", [("Ben Gurion", "PERSON")], []),
    ],
)
def test_ben_gurion_airport_is_the_airport_not_ben_as_bern(text, ents, expected):
    assert spans(text, *ents) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OSLO (Reuters) - The government said.", [("OSLO", "GAZ", "", False)]),
        ("OSLO, Norway (AP) \u2014 The government said.", [("OSLO", "GAZ", "", False)]),
        ("OSLO said nothing.", []),  # a sentence start, not a dateline: a mid-sized capital is not enough
    ],
)
def test_an_all_caps_dateline_name_is_scanned_as_a_place(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ships sailed in the north-eastern Mediterranean.", "north-eastern Mediterranean"),
        ("Ships sailed in the southwestern Mediterranean.", "southwestern Mediterranean"),
        ("Ships sailed in the upper Mediterranean.", "upper Mediterranean"),
        # lexicon direction words that are not a part of a sea or region's name
        ("Ships sailed in the greater Mediterranean.", "Mediterranean"),
        ("Ships sailed in the downtown Mediterranean.", "Mediterranean"),
        ("Ships sailed in the northeast Mediterranean.", "Mediterranean"),
    ],
)
def test_direction_prefixes(text, expected, monkeypatch):
    words = DIRECTION_WORDS | {"north-eastern", "southwestern"}
    known = {normalize_name(f"{w} Mediterranean"): {"name": 0.9} for w in words}
    monkeypatch.setattr(Names, "TABLE", {**Names.TABLE, **known})
    assert [s[0] for s in spans(text, ("Mediterranean", "LOC"))] == [expected]


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("off Latakia's coast", 4, 13, "Latakia"),
        ("to the Golan Heights.", 3, 21, "Golan Heights"),
        ("in Syria,", 3, 9, "Syria"),
    ],
)
def test_trim_span(text, start, end, expected):
    a, b = trim_span(text, start, end)
    assert text[a:b] == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("in Idlib governorate today", 3, 8, ("Idlib governorate", "admin")),
        ("at Incirlik airbase", 3, 11, ("Incirlik airbase", "facility")),
        ("near Homs, later", 5, 9, ("Homs", "")),
    ],
)
def test_kind_words(text, start, end, expected):
    new_end, hint = extend_with_suffix(text, start, end)
    assert (text[start:new_end], hint) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Recalls of Thomas the Tank Engine toys grew.", []),
        ("Toys from the Tank factory were recalled.", []),
    ],
)
def test_a_common_word_after_the_is_as_common_as_alone(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "No cases were reported in the Dominican Republic or Jamaica yet.",
            [("the Dominican Republic or Jamaica", "GPE")],
            [("Dominican Republic", "GPE", "", False), ("Jamaica", "GPE", "", False)],
        ),
        (
            "Flights to Trinidad and Tobago resumed.",
            [("Trinidad and Tobago", "GPE")],
            [("Trinidad and Tobago", "GPE", "", False)],
        ),
        # one part unknown: NER's span stays whole
        (
            "Aid reached Jamaica and Foo Bar Baz.",
            [("Jamaica and Foo Bar Baz", "GPE")],
            [("Jamaica and Foo Bar Baz", "GPE", "", False)],
        ),
    ],
)
def test_two_places_ner_joined_over_and_or_are_two_mentions(text, ents, expected):
    assert spans(text, *ents) == expected


def test_a_name_with_an_elided_particle_is_one_run():
    text = "Cases rose in Ghana and C\u00f4te d'Ivoire last week."
    assert [found[0] for found in spans(text)] == ["Ghana", "C\u00f4te d'Ivoire"]


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        ("Officials said Heze city alone had 900 cases.", [], [("Heze", "GAZ", "", False)]),
        ("Many Esperance residents found dead birds.", [], [("Esperance", "GAZ", "", False)]),
        (
            "Refugees in the overcrowded Dadaab camps need food.",
            [("Dadaab", "PERSON")],
            [("Dadaab", "GAZ", "", False)],
        ),
        (
            "Jo Smith, 54, of Tyler said he was not worried.",
            [("Tyler", "PERSON")],
            [("Tyler", "GAZ", "", False)],
        ),
        # a camp of one kind is no place: "the Scout camp"
        ("Children left the Scout camp early.", [], []),
        ("Esperance recorded 457mm of rain.", [], []),
    ],
)
def test_a_kind_word_after_a_name_or_an_age_before_of_is_a_cue_of_place(text, ents, expected):
    assert spans(text, *ents) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The vaccine covers an A/California/7/2009 (H1N1)-like virus.", []),
        ("Flights to California resumed.", ["California"]),
    ],
)
def test_a_virus_strain_name_is_no_mention_of_the_place_it_was_isolated(text, expected):
    assert [found[0] for found in spans(text)] == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        # the cue of the first mention carries to the others
        (
            "Birds died near Esperance. Esperance recorded 457mm of rain. Esperance Lakes flooded.",
            [],
            ["Esperance", "Esperance"],
        ),
        # but never to a person's name, a speaker, or a name NER reads as another kind
        (
            "The case of a girl in Noma is open. Noma said she was afraid.",
            [],
            ["Noma"],
        ),
        (
            "Birds died near Esperance. Esperance Smith flew home.",
            [("Esperance Smith", "PERSON")],
            ["Esperance"],
        ),
        (
            "Flights to Esperance stopped. The Esperance Weekly wrote so.",
            [("Esperance", "GPE"), ("The Esperance", "ORG")],
            ["Esperance"],
        ),
    ],
)
def test_a_name_read_as_a_place_once_is_that_place_again_in_the_article(text, ents, expected):
    assert [found[0] for found in spans(text, *ents)] == expected


@pytest.mark.parametrize(
    ("text", "ents", "expected"),
    [
        (
            "Babies in the Neo-natal Intensive Care Unit (NICU) in Toronto were moved.",
            [("NICU", "GPE"), ("Toronto", "GPE")],
            [("Toronto", "GPE", "", False)],
        ),
        ("The Bureau of Animal Industry (BAI) said so.", [("BAI", "GPE")], []),
        (
            "Troops left the Democratic Republic of Congo (DRC) on Monday.",
            [("DRC", "GPE")],
            [("Democratic Republic of Congo", "GAZ", "", False), ("DRC", "GPE", "", False)],
        ),
    ],
)
def test_an_abbreviation_the_text_spells_out_as_no_place_is_no_place(text, ents, expected):
    assert spans(text, *ents) == expected
