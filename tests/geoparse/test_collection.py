"""Collection context: a source's home regions, learnt from its own resolved articles, as a prior."""

from __future__ import annotations

import itertools

import pytest

from mapapp.geoparse.bias import HOME_ADMIN1_WEIGHT, HOME_COUNTRY_WEIGHT, home_factor, prior_factor
from mapapp.geoparse.collection import CollectionPriors, learn_homes, regions_of, source_key
from mapapp.geoparse.recognize import Span
from mapapp.geoparse.resolve import Resolver
from mapapp.models import Article, Mention, Place, RegionShares

# Stories a source published before, each with the place names its NER found.
ILLINOIS_PAPER = [
    ("The Rockford school board met on Tuesday night.", ("Rockford",)),
    ("Champaign police said the road reopened after the crash.", ("Champaign",)),
    ("A fire in Decatur damaged two homes, officials said.", ("Decatur",)),
    ("Champaign and Rockford will share the grant.", ("Champaign", "Rockford")),
]
MASSACHUSETTS_PAPER = [
    ("Worcester city council passed the budget.", ("Worcester",)),
    ("A new bridge opens in Lowell next spring.", ("Lowell",)),
    ("Boston commuters faced delays on Monday.", ("Boston",)),
]
TEXAS_PAPER = [
    ("Houston braced for another storm.", ("Houston",)),
    ("Dallas police made two arrests.", ("Dallas",)),
    ("The Austin council voted on rents.", ("Austin",)),
]
RUSSIAN_WIRE = [
    ("Novosibirsk reported heavy snow.", ("Novosibirsk",)),
    ("A court in Kazan fined the company.", ("Kazan",)),
    ("Saint Petersburg hosted the forum.", ("Saint Petersburg",)),
]


def spans(text: str, names: tuple[str, ...]) -> list[Span]:
    found, cursor = [], 0
    for name in names:
        start = text.index(name, cursor)
        cursor = start + len(name)
        found.append(Span(start, cursor, name, "GPE", name))
    return found


def resolve(resolver: Resolver, text: str, names: tuple[str, ...], home: RegionShares | None = None):
    return resolver.resolve(text, spans(text, names), home=home)


def learnt_home(resolver: Resolver, stories: list[tuple[str, tuple[str, ...]]]) -> RegionShares:
    """What the store would sum for a source: each story resolved without a prior, then its shares."""
    homes = learn_homes(("paper", regions_of(resolve(resolver, text, names))) for text, names in stories)
    return homes["paper"]


def placed(mentions: tuple[Mention, ...]) -> dict[str, str | None]:
    return {m.text: (f"{m.place.country_code}/{m.place.admin1}" if m.place else None) for m in mentions}


@pytest.mark.parametrize(
    ("stories", "text", "names", "before", "after"),
    [
        # a local paper's "Springfield" is its home state's once the collection is learnt
        (
            ILLINOIS_PAPER,
            "Springfield aldermen approved the budget on Monday.",
            ("Springfield",),
            {"Springfield": "US/Missouri"},
            {"Springfield": "US/Illinois"},
        ),
        (
            MASSACHUSETTS_PAPER,
            "Springfield firefighters rescued a dog.",
            ("Springfield",),
            {"Springfield": "US/Missouri"},
            {"Springfield": "US/Massachusetts"},
        ),
        # too few stories say nothing of a home: two Illinois stories leave Springfield alone
        (
            ILLINOIS_PAPER[:2],
            "Springfield aldermen approved the budget on Monday.",
            ("Springfield",),
            {"Springfield": "US/Missouri"},
            {"Springfield": "US/Missouri"},
        ),
        # explicit containment is never overridden: Moscow, Idaho under a Russian-home collection
        (
            RUSSIAN_WIRE,
            "Police in Moscow, Idaho, said the suspect was arrested.",
            ("Moscow", "Idaho"),
            {"Moscow": "US/Idaho", "Idaho": "US/Idaho"},
            {"Moscow": "US/Idaho", "Idaho": "US/Idaho"},
        ),
        # nor is a strong reading: a Texan paper's "Paris" summit is still in France
        (
            TEXAS_PAPER,
            "Leaders met in Paris for the climate summit.",
            ("Paris",),
            {"Paris": "FR/Île-de-France"},
            {"Paris": "FR/Île-de-France"},
        ),
        # a Russian wire's Moscow is Moscow either way
        (
            RUSSIAN_WIRE,
            "Talks in Moscow ended.",
            ("Moscow",),
            {"Moscow": "RU/Moskva"},
            {"Moscow": "RU/Moskva"},
        ),
    ],
)
def test_a_learnt_home_is_a_prior_of_resolution(gazetteer, stories, text, names, before, after):
    resolver = Resolver(gazetteer=gazetteer)
    home = learnt_home(resolver, stories)
    assert placed(resolve(resolver, text, names)) == before
    assert placed(resolve(resolver, text, names, home=home)) == after


def test_the_home_learnt_does_not_depend_on_the_order_of_the_stories(gazetteer):
    resolver = Resolver(gazetteer=gazetteer)
    homes = {
        tuple(sorted(learnt_home(resolver, list(order)).shares.items()))
        for order in itertools.permutations(ILLINOIS_PAPER)
    }
    assert homes == {((("US", ""), 4.0), (("US", "Illinois"), 4.0))}


OHIO_TOWN = Place("gn:1", "Springfield", 39.92, -83.81, "P", "PPL", "US", "Ohio", 58_000, None, "t")
OHIO_HOME = RegionShares(10, {("US", ""): 10.0, ("US", "Ohio"): 10.0})


@pytest.mark.parametrize(
    ("home", "expected"),
    [
        (OHIO_HOME, 1 + HOME_COUNTRY_WEIGHT + HOME_ADMIN1_WEIGHT),  # every place at home: the full lift
        (RegionShares(10, {("US", ""): 10.0, ("US", "Texas"): 10.0}), 1 + HOME_COUNTRY_WEIGHT),
        (RegionShares(10, {("US", ""): 3.0, ("US", "Ohio"): 3.0}), 1.0),  # a world desk has no home
        (RegionShares(2, OHIO_HOME.shares), 1.0),  # two articles are too few
        (None, 1.0),
    ],
)
def test_the_home_factor_is_bounded_and_needs_a_real_home(home, expected):
    assert home_factor(OHIO_TOWN, home) == pytest.approx(expected)
    assert prior_factor(OHIO_TOWN, bias=None, home=home) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("article", "collection", "key"),
    [
        (Article("1", "", None, "https://www.news-gazette.example/local/1", "t"), "", "news-gazette.example"),
        (Article("2", "", None, "http://NEWS.example:8080/x", "t"), "", "news.example"),
        (Article("3", "", None, "https://a.example/x", "t", source="Gazette feed"), "", "Gazette feed"),
        (Article("4", "", None, "https://a.example/x", "t", source="feed"), " My  papers ", "My papers"),
        (Article("5", "", None, "", "t"), "", ""),
        (Article("6", "", None, "http://[::1", "t"), "", ""),  # an unreadable URL has no source
    ],
)
def test_a_source_is_the_collection_then_the_source_field_then_the_domain(article, collection, key):
    assert source_key(article, collection=collection) == key


def test_an_articles_own_shares_are_left_out_of_its_home():
    one = RegionShares(1, {("US", ""): 1.0, ("US", "Ohio"): 1.0})
    other = RegionShares(1, {("US", ""): 1.0, ("US", "Iowa"): 1.0})
    priors = CollectionPriors(homes={"paper": one + other + other})
    article = Article("1", "", None, "", "t", source="paper")
    assert priors.home_of(article, leave_out=one) == other + other
    assert priors.home_of(Article("2", "", None, "", "t")) is None


def test_a_home_does_not_keep_a_distant_namesake_in_a_story_about_elsewhere():
    # A Norwegian paper's story about Cairo: its Haram is the Cairo district, not the Norwegian town.
    from tests.geoparse.test_resolve import HARAM_NO, Gazetteer

    text = "Police in Cairo and Giza said the march reached Haram, Egypt's interior ministry said."
    found = spans(text, ("Cairo", "Giza", "Haram", "Egypt"))
    norway = RegionShares(5, {("NO", ""): 5.0, (HARAM_NO.country_code, HARAM_NO.admin1): 5.0})
    haram = next(
        m for m in Resolver(gazetteer=Gazetteer()).resolve(text, found, home=norway) if m.text == "Haram"
    )
    assert haram.place is not None and haram.place.country_code == "EG"
