"""Which sentences retell one event and which report another (mapapp.incidents.merge, through
the whole stage): each case a real-style news text named after what it shows."""

from __future__ import annotations

import datetime as dt

from tests.helpers import near, read_events

ROUNDUP = (
    "Hong Kong reported its first confirmed case of the swine flu on Friday in a 25-year-old man who had "
    "travelled from Mexico through Shanghai. Russia has reported its first case of the flu, in an "
    "unidentified 28-year-old man who had recently been in New York. Vietnam's fourth swine flu infection "
    "was confirmed on Thursday, in a six-year-old girl in Vietnam's capital of Ho Chi Minh City, a local media "
    "report said."
)


def test_a_first_case_reported_by_another_country_is_that_countrys_own_incident(process) -> None:
    found = read_events(process, ROUNDUP, date=None)
    assert [(i.event_type, i.country_code) for i in found] == [
        ("outbreak", "HK"),
        ("outbreak", "RU"),
        ("outbreak", "VN"),
    ]


def test_where_a_patient_travelled_is_not_where_the_case_is(process) -> None:
    hong_kong, russia, _ = read_events(process, ROUNDUP, date=None)
    assert near(hong_kong, 22.3, 114.2, 50) and russia.location_name == "Russia"


def test_the_explosion_retold_in_the_same_country_stays_one_incident(process) -> None:
    text = (
        "A car bomb exploded outside a police station in Kandahar on Monday, killing six people. "
        "The blast in Afghanistan was the deadliest this month."
    )
    (blast,) = read_events(process, text)
    assert blast.event_type == "explosion" and near(blast, 31.61, 65.71, 30)


def test_a_disease_reported_by_a_countrys_officials_is_in_that_country(process) -> None:
    text = (
        "The swine flu has spread to 66 countries. Australia has 878 confirmed cases. "
        "Health officials from the Philippines said that seven more people tested positive for the "
        "influenza on Thursday."
    )
    philippines = [i for i in read_events(process, text, date=None) if "Philippines" in i.snippet]
    assert [i.country_code for i in philippines] == ["PH"]


def test_a_toll_told_in_other_countries_is_the_event_there_too(process) -> None:
    text = (
        "A massive tsunami triggered by an earthquake off Sumatra has killed more than 20,000 people in "
        "Sri Lanka, India, Indonesia and Thailand. More than 300 were killed in Malaysia, Myanmar, "
        "Bangladesh, the Maldives, Somalia, Tanzania and Kenya."
    )
    found = read_events(process, text, date=None, title="Tsunami kills thousands across Asia")
    assert [(i.event_type, i.country_code) for i in found] == [
        ("disaster", cc) for cc in ("LK", "IN", "ID", "TH", "MY", "MM", "BD", "MV", "SO", "TZ", "KE")
    ]


def test_a_year_a_merged_sentence_names_never_dates_the_event(process) -> None:
    text = (
        "Reuters reports that nine people have died from Ebola in the Republic of Congo this month. "
        "The outbreak is in the Cuvette-Ouest region near the Gabon border, where a previous outbreak "
        "occurred in 2003."
    )
    dates = [(i.date, i.time_precision) for i in read_events(process, text, date=None)]
    assert dates and all(day is None for day, _ in dates)


def test_the_state_of_the_towns_named_first_is_the_same_outbreak(process) -> None:
    text = (
        "Mosquitoes in East Providence have tested positive for West Nile virus, state environmental "
        "officials said. These are the first cases of West Nile virus reported in Rhode Island this year. "
        "There have, however, been two cases reported in neighbouring Massachusetts."
    )
    found = read_events(process, text, date=None)
    assert [i.location_name for i in found] == ["East Providence", "Massachusetts"]


def test_a_year_of_a_statistic_does_not_make_its_sentence_the_main_report(process) -> None:
    text = (
        "State officials say Vermont's first case of West Nile virus has been confirmed in Brattleboro, "
        "Vermont. Officials said that nine birds tested positive for West Nile virus in 2006."
    )
    (case,) = read_events(process, text, date=None)
    assert (case.location_name, case.date) == ("Brattleboro", None)
    assert case.snippet.startswith("State officials say Vermont")


def test_another_outbreak_told_later_neither_takes_the_lead_nor_lends_it_its_town(process) -> None:
    text = (
        "A cholera outbreak has killed 20 people in Nigeria, health officials said. "
        "Another outbreak of cholera was reported in Kano on Monday."
    )
    found = read_events(process, text, date=None)
    assert [i.location_name for i in found] == ["Nigeria", "Kano"]
    assert [len(i.provenance.also_reported) for i in found] == [0, 0]


CHILD_VIRUS = (
    "Over 40 children have died in an outbreak of hand, foot and mouth disease in China, and the capital "
    "Beijing reported its first death from the disease. The 13-month-old boy died on Sunday on the way to "
    "hospital. Another child infected with the virus died on Monday in Hebei province. A 21-month-old boy "
    "died on Monday of the virus in Hubei province. In March, children in eastern Anhui province began "
    "being admitted to hospitals with symptoms, and the outbreak spread quickly after that."
)


def test_the_first_outbreak_told_keeps_its_place_and_takes_the_later_retelling(process) -> None:
    found = read_events(process, CHILD_VIRUS, date=None, title="Child virus outbreak reaches Beijing")
    assert [i.location_name for i in found] == ["Beijing", "Hebei province", "Hubei province"]
    beijing = found[0]
    told = [CHILD_VIRUS[r.start : r.end] for r in beijing.provenance.also_reported]
    assert any(t.startswith("In March") for t in told) and any(t.startswith("Over 40") for t in told)


def test_the_blast_after_a_gas_explosion_is_that_accident_at_the_city_it_names(process) -> None:
    text = (
        "At least two people died and 55 others were injured on Friday in a gas explosion at a noodle "
        "restaurant in eastern China, state media reported. The blast took place at around 8:40 a.m. at a "
        "noodle restaurant in a popular area of Hangzhou, a scenic city in Zhejiang province."
    )
    (blast,) = read_events(process, text, date=dt.date(2017, 7, 21))
    assert (blast.event_type, blast.location_name, blast.date) == (
        "accident",
        "Hangzhou",
        dt.date(2017, 7, 21),
    )


def test_an_arrest_told_as_the_aftermath_of_a_bare_toll_does_not_make_the_toll_an_incident(process) -> None:
    text = (
        "Two men were found dead in a flat in Leeds on Monday, police said. A 30-year-old man was arrested."
    )
    assert read_events(process, text, date=dt.date(2018, 4, 3)) == []


def test_two_parts_of_one_country_are_two_places(process) -> None:
    text = (
        "At least 141 people are missing after heavy rain triggered a landslide in south-western China, "
        "local authorities said. In central China, flooding has affected at least 390,000 people this week."
    )
    found = read_events(process, text, date=dt.date(2017, 6, 24))
    assert [i.location_name for i in found] == ["south-western China", "central China"]
