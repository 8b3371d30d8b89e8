"""The user-given region bias: made from a country code and a region name, and what it multiplies."""

from __future__ import annotations

import functools
import pickle
import re

import pytest

from mapapp.errors import QueryError
from mapapp.geoparse.bias import COUNTRY_BIAS, REGION_BIAS, RegionBias, region_bias
from mapapp.models import Place
from mapapp.pipeline.pool import default_parser, processor_factory

JABLEH = Place("gn:1", "Jableh", 35.36, 35.93, "P", "PPL", "SY", "Al Lādhiqīyah", 65_000, None, "t")
HOMS = Place("gn:2", "Homs", 34.73, 36.71, "P", "PPL", "SY", "Homs", 650_000, None, "t")
TRIPOLI_LB = Place("gn:3", "Tripoli", 34.44, 35.85, "P", "PPL", "LB", "Ash Shimāl", 230_000, None, "t")
LATAKIA_GOV = Place(
    "adm1:SY-LA", "Al Lādhiqīyah", 35.6, 36.0, "A", "ADM1", "SY", "Al Lādhiqīyah", 0, None, "t"
)


@pytest.mark.parametrize(
    ("bias", "place", "expected"),
    [
        (RegionBias(country="SY"), JABLEH, 1 + COUNTRY_BIAS),
        (RegionBias(country="SY"), TRIPOLI_LB, 1.0),
        (RegionBias(region=LATAKIA_GOV), JABLEH, round((1 + COUNTRY_BIAS) * (1 + REGION_BIAS), 6)),
        (RegionBias(region=LATAKIA_GOV), HOMS, 1 + COUNTRY_BIAS),  # in the country, not the region
        (RegionBias(country="LB", region=LATAKIA_GOV), TRIPOLI_LB, 1 + COUNTRY_BIAS),
    ],
)
def test_the_bias_multiplies_priors_in_the_preferred_country_and_region(bias, place, expected):
    assert bias.factor(place) == expected


@pytest.mark.parametrize(
    ("options", "country", "region_id"),
    [
        ({"region": "Latakia"}, "", "adm1:SY-LA"),
        ({"country": "sy"}, "SY", None),
        ({"country": "LB", "region": "Tripoli"}, "LB", "gn:266826"),  # within the preferred country
        ({"region": "Tripoli"}, "", "adm1:LY-TB"),  # a division before a town
        ({"region": "Idaho"}, "", "adm1:US-ID"),
    ],
)
def test_region_bias_from_a_country_code_and_a_region_name(gazetteer, options, country, region_id):
    bias = region_bias(gazetteer, **options)
    assert bias.country == country
    assert (bias.region.id if bias.region else None) == region_id


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"country": "XX"}, "--prefer-country: 'XX' is not an ISO 3166-1 alpha-2 country code"),
        ({"country": "Syria"}, "--prefer-country: 'Syria' is not"),
        ({"country": ""}, "--prefer-country: '' is not"),
        ({"region": "Qzqzland"}, "--prefer-region: no region named 'Qzqzland' in the gazetteer"),
        ({"region": "Latakia", "country": "LB"}, "--prefer-region: no region named 'Latakia' in LB"),
        ({"region": " "}, "--prefer-region: no region named ''"),
        ({"region": "Lata\x00kia"}, "--prefer-region: the place query contains the control character U+0000"),
    ],
)
def test_a_bad_preferred_country_or_region_is_a_clear_error(gazetteer, options, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        region_bias(gazetteer, **options)


def test_no_options_is_no_bias(gazetteer):
    assert region_bias(gazetteer) is None


def test_a_bias_takes_only_an_upper_case_code():
    with pytest.raises(QueryError, match="two-letter upper-case ISO code"):
        RegionBias(country="sy")


def default_parser_factory(bias: RegionBias):
    return functools.partial(default_parser, bias=bias)


def processor_factory_of(bias: RegionBias):
    return processor_factory(bias=bias)


@pytest.mark.parametrize("make", [processor_factory_of, default_parser_factory])
def test_biased_parsers_go_to_workers_without_their_models(make):
    bias = RegionBias(country="SY", region=LATAKIA_GOV)
    sent = make(bias)
    received = pickle.loads(pickle.dumps(sent))
    assert received.keywords["bias"] == bias and len(pickle.dumps(sent)) < 2_000
