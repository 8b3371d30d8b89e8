"""The incident stage on the failures found in the shared corpora, each a test named after it.

Each article is short real-style news text run through the whole stage (the
geoparser, then the incident reader with spaCy's parser), so each test checks
the outcome a user sees: which incidents there are, where and when.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import near, read_events


def test_a_law_named_after_a_place_is_not_the_place(process) -> None:
    (arrest,) = read_events(
        process, "LONDON - A man was detained under the Mental Health Act in London on Monday."
    )
    assert arrest.event_type == "arrest" and near(arrest, 51.51, -0.13, 30)


def test_an_acronym_that_spells_a_town_is_not_the_town(process) -> None:
    text = "Protesters marched in Nairobi on Monday against the Middle East and Africa (MEA) trade bloc."
    (protest,) = read_events(process, text)
    assert near(protest, -1.29, 36.82, 30)  # Nairobi, not Medea in Algeria


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        # a poet, a person and a storm named like towns: the event's place is the one it happened in
        ("Students protested in Cambridge on Monday over a lecture on Milton.", 52.2, 0.12),
        ("Police arrested Holland in Leeds on Monday.", 53.8, -1.55),
        ("Hurricane Harvey flooded Houston on Monday.", 29.76, -95.37),
        # a disease named after a place: the place it was found is the event's
        (
            "Three farm workers became infected with the Reston ebolavirus, officials in Manila said.",
            14.6,
            120.98,
        ),
    ],
)
def test_names_with_a_person_reading_need_a_place_reading(process, text: str, lat: float, lon: float) -> None:
    (event,) = read_events(process, text)
    assert near(event, lat, lon, 40), (event.location_name, event.lat, event.lon)


def test_a_church_named_after_saints_is_in_its_city(process) -> None:
    text = "A bomb exploded at the Saint Peter and Saint Paul Church in Cairo on Sunday, killing 25 people."
    (blast,) = read_events(process, text)
    assert blast.event_type == "explosion" and near(blast, 30.06, 31.25, 30)


def test_a_participants_home_town_is_not_the_event_place(process) -> None:
    text = (
        "A British soldier was killed by a roadside bomb in Manbij, Syria, on Thursday. "
        "A US serviceman, Master Sgt Johnathan Dunbar of Austin, Texas, died alongside him in the blast."
    )
    (blast,) = read_events(process, text, date=dt.date(2018, 3, 31))
    assert blast.country_code == "SY" and not near(blast, 30.27, -97.74, 500)


def test_a_suspects_home_town_after_his_age_is_not_the_arrest_place(process) -> None:
    # the double space (as in the corpus) hides the surname from the NER's person
    text = "LEXINGTON, Ky. - Police also arrested Vernon  Adkins, 40, of McKee."
    (arrest,) = read_events(process, text)
    assert arrest.location_name == "Lexington"


def test_a_gang_named_after_a_district_is_not_the_district(process) -> None:
    text = "Members of the Harrow Boys gang stabbed a teenager in Croydon on Friday, police said."
    (stabbing,) = read_events(process, text)
    assert stabbing.event_type == "assault" and near(stabbing, 51.37, -0.10, 15)


def test_a_park_in_london_ontario_is_in_london_ontario(process) -> None:
    text = "LONDON, Ont. - Hundreds of people rallied in Victoria Park in London, Ontario, on Saturday."
    (rally,) = read_events(process, text)
    assert rally.event_type == "protest" and near(rally, 42.98, -81.25, 30)


@pytest.mark.parametrize(
    "text",
    [
        "There haven't been any seizures of weapons at the border crossing in Rafah this year.",
        "None of the injured were British, the Foreign Office in London said.",
        "The evacuation of eastern Aleppo quickly derailed on Thursday.",
        "The Trans-Pacific Partnership was effectively killed by the election in Washington.",
        "Russia threatened on Monday to strike rebel positions in Idlib.",
        "Turkey denied on Monday that its jets had bombed a village near Afrin.",
        # a danger averted or feared, an accusation, a belief: not (yet) a fact
        "Health officials in Lagos are working to avert a widespread cholera outbreak.",
        "Doctors in Queensland say they are worried about an outbreak of dengue fever in Cairns.",
        "Activists accused the army of shelling villages near Hama.",
        "She believes her husband murdered the girl in Leeds.",
        # what is expected, inside the expected thing's noun phrase
        "In Goz Beida, MSF anticipated an increase in malaria and epidemic diarrhoeal diseases.",
        # one side's account, and a topic of talk
        "Two daughters of the singer claim that he was poisoned by his manager in Las Vegas.",
        "In Washington, the president gave a speech about the swine flu outbreak on Wednesday.",
        # "'d" as "would": what someone would do, not what was done
        "“We’d attack the checkpoint in Idlib,” the commander said.",
        "He told his father in Athens: “We’d set fire to the camp.”",
        # a running total, a ranking, a topic: statistics and talk, not an event
        "In Indonesia, 150 people have died of bird flu since 2005.",
        "The three storms all rank among the costliest in the history of Florida.",
        "The agency withheld information regarding bird flu outbreaks in Guangdong.",
        # the wrong sense of the trigger: tariffs, experts, symptoms
        "The new tariffs targeted steel from China on Monday.",
        "These tariffs that have targeted China confirm that Washington intends to bypass the WTO.",
        # still to come, decided, or a verdict on an event told elsewhere
        '"Cholera outbreaks are likely to spread to Nigeria, Cameroon and Chad in the next weeks," it said.',
        "Residents of Pangandaran were not told that a tsunami was looming.",
        "Mexico's Senate condemned the decision to deploy National Guard troops to the border at Laredo.",
        "The man from Tottenham was found guilty of attempted murder at Wood Green Crown Court.",
        # a comparison of counts; a race
        "There were more murders in London in March than in any month for more than a decade.",
        "The Kent-based team has three drivers capable of fighting at the front of the pack at Brands Hatch.",
        # a kind of event, none that happened
        "Tourism in Singapore is particularly vulnerable to the effects of such an outbreak of bird flu.",
        "Some 40 experts were deployed in Angola to help local doctors.",
        "Mercury in fish can cause fatigue and tremors in people who live in Ontario.",
        # a charge, a worldwide total, the reference point of a count
        "A youth in Dundalk was charged with the murder of a Japanese man.",
        "Of the 190,000 cattle infected with BSE worldwide, most were raised in Britain.",
        "It is the fourth cow to test positive since December 2003, when a cow in Washington state tested positive.",
        # a span of years names the event as history
        "The 1998–2001 cholera epidemics in South Sudan, Angola and Uganda killed thousands of people.",
        # an adjective describing a place; a negative test on someone who died; a running total
        "A majority of the new cases are in the regions north of the earthquake-ravaged capital, Port-au-Prince.",
        "Tests proved negative for Ebola on the remains of a soldier who died in Texas.",
        "The virus, which has spread throughout Europe and Asia, has already killed about 100 people.",
    ],
)
def test_negated_hypothetical_and_figurative_triggers_are_not_read_events(process, text: str) -> None:
    assert read_events(process, text) == []


def test_floodwaters_submerging_districts_is_a_disaster_there(process) -> None:
    text = "Floodwaters submerged large parts of Sylhet and Sunamganj on Tuesday, officials in Dhaka said."
    (flood,) = read_events(process, text)
    assert flood.event_type == "disaster" and near(flood, 24.9, 91.87, 80)
    assert (flood.date, flood.date_precision) == (dt.date(2016, 12, 13), "day")


def test_a_year_named_for_another_event_never_dates_this_one(process) -> None:
    text = (
        "Officials confirmed 40 new cases of swine flu in Mexico City on Monday, the worst outbreak "
        "since the 1968 pandemic."
    )
    (outbreak,) = read_events(process, text, date=None)
    assert outbreak.event_type == "outbreak" and outbreak.date is None


def test_a_month_and_day_take_the_articles_year_at_day_precision(process) -> None:
    (arrest,) = read_events(
        process,
        "It was on July 7 that the brothers were arrested in Yuba City, California.",
        date=dt.date(1999, 7, 20),
    )
    assert (arrest.date, arrest.date_precision) == (dt.date(1999, 7, 7), "day")
    (undated,) = read_events(
        process, "It was on July 7 that the brothers were arrested in Yuba City, California.", date=None
    )
    assert undated.date is None  # no year to read it with


def test_a_later_event_does_not_take_the_previous_sentences_date(process) -> None:
    text = (
        "Police shot dead a protester in Dhaka on Monday. "
        "Two days later, protesters gathered outside parliament in Dhaka."
    )
    found = {i.event_type: i for i in read_events(process, text)}
    assert found["protest"].date != found["assault"].date


def test_a_year_alone_is_a_year_never_a_made_up_day(process) -> None:
    (clash,) = read_events(
        process, "Clashes erupted in Aleppo in 2016, killing dozens.", date=dt.date(2016, 12, 19)
    )
    assert (clash.date, clash.date_precision, clash.time_precision) == (dt.date(2016, 1, 1), "year", 3)


def test_history_is_not_news(process) -> None:
    text = (
        "Residents of Harare fear a repeat of the 2008 epidemic that killed thousands. "
        "The city council met on Monday to discuss water supplies."
    )
    assert read_events(process, text) == []


def test_a_month_and_day_take_the_year_a_neighbour_gives_never_its_day(process) -> None:
    text = (
        "The brothers murdered a couple near Redding, California, on July 1, 1999, police said. "
        "It was on July 7 that the brothers were arrested in Yuba City, California."
    )
    found = {i.event_type: i for i in read_events(process, text, date=None)}
    assert (found["arrest"].date, found["arrest"].date_precision) == (dt.date(1999, 7, 7), "day")


@pytest.mark.parametrize(
    ("text", "event_type", "lat", "lon"),
    [
        ("Thousands of people turned out in Durban on Tuesday to support the former president.",
         "protest", -29.86, 31.03),
        ("An Amber Alert was issued after two boys were taken from a home in Cairns on Monday.",
         "kidnapping", -16.92, 145.77),
        ("Twelve children died in Bohol on Friday after eating tainted cassava.", "accident", 9.85, 124.14),
        ("A case of bird flu was found in Moscow on Monday.", "outbreak", 55.75, 37.62),
        ("Rebels seized the airport in Aleppo on Sunday.", "seizure", 36.2, 37.16),
        ("Police are looking for two men after a break-in at a shop in Mississauga on Monday.",
         "crime", 43.59, -79.64),
        ("A woman was killed when a large tree fell on a wedding party in Whittier on Saturday.",
         "accident", 33.98, -118.03),
    ],
)  # fmt: skip
def test_events_told_without_the_usual_trigger_words(
    process, text: str, event_type: str, lat: float, lon: float
) -> None:
    (event,) = read_events(process, text)
    assert event.event_type == event_type and near(event, lat, lon, 60)


def test_storms_named_in_a_list_are_not_towns(process) -> None:
    text = "Three hurricanes struck the United States last month: Harvey, Irma and Maria."
    (storm,) = read_events(process, text, date=dt.date(2017, 10, 15))
    assert storm.event_type == "disaster" and not near(storm, 29.9, -90.08, 100)  # Harvey, Louisiana


def test_a_word_of_a_persons_name_is_not_the_event_place(process) -> None:
    text = (
        "Police named the suspect as James Tyler Williams, 29. "
        "Tyler attacked a guard on Monday and was later charged, officials said."
    )
    (assault,) = read_events(process, text)
    assert not near(assault, 32.35, -95.30, 100)  # Tyler, Texas


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # one event at two places far apart: one incident per place, as ACLED codes it
        ("Government jets bombed rebel positions in Idlib and Hama on Monday.", [(35.93, 36.63), (35.13, 36.76)]),
        # twin cities, a town and its state: one place
        ("Protesters marched in Minneapolis and St. Paul on Monday.", [(44.98, -93.26)]),
        ("A man was arrested in Springfield, Illinois, and Chicago police were told on Monday.", [(39.80, -89.64)]),
        # list shapes the parse hangs on other heads: counts in brackets, "states" after the list,
        # a list as the object of "include", a repeated preposition
        ("The salmonella outbreak has sickened 60 people in Illinois (22 cases), Indiana (10) and Iowa (8), "
         "the CDC said.", [(39.75, -89.48), (39.82, -86.37), (41.93, -93.37)]),
        ("A cholera outbreak has killed 40 people in Kano, Kaduna and Katsina states, officials said.",
         [(12.0, 8.52), (10.53, 7.44), (12.24, 7.89)]),
        ("States reporting cases of the new flu strain include Texas, Ohio and Oregon, the CDC said on Monday.",
         [(31.16, -100.11), (40.18, -82.67), (44.11, -120.73)]),
        ("The E. coli outbreak has sickened people in California, in Ohio and in Pennsylvania, officials said.",
         [(37.28, -119.31), (40.18, -82.67), (40.97, -77.61)]),
        # each item with a count of its own
        ("Health officials have confirmed new cases of swine flu in California, three in Texas, two in Kansas, "
         "and one case in Ohio.", [(37.28, -119.31), (31.16, -100.11), (38.46, -98.25), (40.18, -82.67)]),
        # a list beside the event's own place: where it spread
        ("The outbreak of swine flu, which started in Mexico, has now spread, with confirmed cases reported in "
         "the United States, Canada, Spain and Israel.",
         [(23.0, -102.0), (39.76, -98.5), (60.11, -113.64), (40.0, -4.0), (31.5, 34.75)]),
        # a place reporting cases of its own, as subject: its clause is an event there too
        ("Ohio has confirmed nine cases of swine flu, while Kansas and Oregon have each reported two cases.",
         [(40.18, -82.67), (38.46, -98.25), (44.11, -120.73)]),
        ("Egypt has announced a new outbreak of bird flu along with similar cases in Turkey and Iraq.",
         [(27.0, 30.0), (39.0, 35.0), (33.0, 44.0)]),
        # a listed country stays the list's place, though the story names one town there
        ("Cases of bird flu were confirmed in Turkey, Iraq and Egypt on Monday. "
         "Officials in Ankara said more tests were under way.", [(39.0, 35.0), (33.0, 44.0), (27.0, 30.0)]),
        # a reporting body inside the country it speaks for is no place of its own
        ("The health ministry said Kenya has confirmed two cases of cholera in Nairobi on Monday.",
         [(-1.28, 36.82)]),
        # an item the NER missed ("Mozambique"): the list says it is a place
        ("There have been cases of cholera reported in areas of Botswana, Mozambique, and South Africa.",
         [(-22.0, 24.0), (-18.25, 35.0), (-29.0, 24.0)]),
    ],
)  # fmt: skip
def test_places_coordinated_in_one_phrase_are_one_incident_each(
    process, text: str, places: list[tuple[float, float]]
) -> None:
    found = read_events(process, text)
    assert len(found) == len(places)
    assert all(any(near(incident, lat, lon, 30) for incident in found) for lat, lon in places)


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("Cholera has killed 400 people in Harare this month, officials said.", -17.83, 31.05),
        ("A girl died from complications caused by the swine flu virus in Buffalo on Saturday.", 42.89, -78.88),
        # the laboratory's city is where the sample was tested, not where the case is
        ("A laboratory in Winnipeg confirmed the presence of BSE in a cow born and raised in Alberta.",
         55.0, -115.0),
    ],
)  # fmt: skip
def test_a_diseases_toll_is_an_outbreak(process, text: str, lat: float, lon: float) -> None:
    (outbreak,) = read_events(process, text)
    assert outbreak.event_type == "outbreak" and near(outbreak, lat, lon, 30)


def test_a_lists_places_stay_its_incidents_places_when_retellings_name_others(process) -> None:
    text = (
        "Egypt, Bulgaria and Nicaragua each reported their first case of swine flu. "
        "The first case was confirmed in Melbourne on Monday."
    )
    found = {e.location_name for e in read_events(process, text)}
    assert {"Egypt", "Bulgaria", "Nicaragua"} <= found


def test_a_shooting_the_headline_calls_a_hunting_accident_is_an_accident(process) -> None:
    text = "Police received a call on Sunday about a shooting incident on Cedar Road in Metcalfe County."
    (event,) = read_events(process, text, title="Hunting accident claims life")
    assert event.event_type == "accident"
    (event,) = read_events(process, text, title="Man shot on Cedar Road")
    assert event.event_type == "assault"


def test_a_town_of_a_country_wide_outbreak_is_its_own_incident(process) -> None:
    text = (
        "A growing outbreak of influenza is affecting a large portion of the United States. "
        "On Monday, new flu cases were confirmed in Boston, officials said."
    )
    found = sorted(e.location_name for e in read_events(process, text))
    assert found == ["Boston", "United States"]


def test_the_headline_gives_an_outbreak_its_disease(process) -> None:
    text = "The outbreak has sickened 60 people in Ohio, the CDC said on Monday."
    (outbreak,) = read_events(process, text, title="Salmonella outbreak sickens 60")
    assert outbreak.event_type == "outbreak" and near(outbreak, 40.18, -82.67, 30)
    assert read_events(process, text, title="Budget talks stall") == []


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        # a state the story narrows to the town it names right after
        ("A woman was killed when a tree fell on a wedding party at a Southern California park on Saturday. "
         "Several people were trapped under the tree at a park in Whittier, fire officials said.", 33.98, -118.03),
        # "province" says the writer meant the whole division, not its namesake capital
        ("Two bombs exploded in Latakia province on Monday. Residents in Latakia heard the blasts.", 35.6, 36.0),
    ],
)  # fmt: skip
def test_a_division_is_narrowed_only_to_the_town_named_right_after_it(
    process, text: str, lat: float, lon: float
) -> None:
    (event, *_) = read_events(process, text)
    assert near(event, lat, lon, 30)


def test_an_undated_event_takes_the_day_the_next_sentence_gives(process) -> None:
    text = (
        "One man is dead after a hunting accident in Metcalfe County, Kentucky. "
        "Wildlife officers received the call just after eight Sunday morning."
    )
    (accident,) = read_events(process, text, date=dt.date(2016, 11, 28))
    assert (accident.date, accident.date_precision) == (dt.date(2016, 11, 27), "day")


@pytest.mark.parametrize(
    "text",
    [
        # the previous outbreak told beside the news, and an epidemic that could come
        "The last outbreak of foot-and-mouth disease in Britain was in 2001.",
        "Officials in Geneva warned that the strain has the potential of causing a human pandemic.",
        "Japan lifted the ban more than 20 years after it was imposed over Britain's BSE outbreak.",
        "No infection has been found in Britain since a cow tested positive in 2015.",
    ],
)
def test_an_earlier_or_possible_event_is_not_news(process, text: str) -> None:
    assert read_events(process, text, date=None) == []


def test_violence_that_erupted_is_an_attack_not_a_volcano(process) -> None:
    (violence,) = read_events(process, "Post-election violence erupted in Nairobi on Monday.")
    assert violence.event_type == "attack" and near(violence, -1.29, 36.82, 30)


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("A case of bird flu was found on a farm near Vasteras, some 80 kilometres west of Stockholm.",
         59.61, 16.55),
        ("Last Thursday, German police arrested two teenagers accused of plotting a terror attack on a "
         "public institution in Aschaffenburg, in north-western Bavaria.", 49.98, 9.15),
    ],
)  # fmt: skip
def test_a_place_a_distance_or_region_only_situates_is_the_place(
    process, text: str, lat: float, lon: float
) -> None:
    (event,) = read_events(process, text)
    assert near(event, lat, lon, 15)


def test_goods_seized_at_a_city_market_are_a_crime_matter(process) -> None:
    text = "Police seized 3,000 kilos of rotten pork at a market in Quezon City on Wednesday."
    (seizure,) = read_events(process, text)
    assert seizure.event_type == "crime"


def test_a_disease_found_in_several_countries_is_one_incident_each(process) -> None:
    text = "The disease has also been found in Belgium, France and Luxembourg, officials said on Monday."
    found = read_events(process, text, title="Bluetongue spreads in Europe")
    assert sorted(i.country_code for i in found) == ["BE", "FR", "LU"]


def test_cases_in_a_disease_story_need_not_name_the_disease(process) -> None:
    text = (
        "Bird flu has reached Poland, officials said on Monday. "
        "The two cases were discovered in the northern town of Torun."
    )
    assert any(i.event_type == "outbreak" and near(i, 53.01, 18.60, 25) for i in read_events(process, text))


def test_victims_of_violence_are_where_the_violence_was(process) -> None:
    text = "The United Nations appealed for aid for victims of post-election violence in Kenya on Monday."
    (violence,) = read_events(process, text)
    assert violence.country_code == "KE"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # the main clause's day is the day of the "when" clause's event
        ("A woman was killed when a tree fell on a wedding party in Whittier on Saturday.", dt.date(2016, 12, 17)),
        # the day of a participle on the clause's noun is the clause's day
        (
            "A woman was killed and five others were injured when a large eucalyptus tree fell on a "
            "wedding party taking photographs at a Whittier park Saturday, authorities said.",
            dt.date(2016, 12, 17),
        ),
        # a participle's event happens when the verb it hangs on does
        (
            "Prosecutors said the boy left a backpack containing a nail bomb at the market in Ludwigshafen "
            "on 26 November.",
            dt.date(2016, 11, 26),
        ),
    ],
)  # fmt: skip
def test_an_event_in_a_dependent_clause_takes_its_clauses_day(process, text: str, day: dt.date) -> None:
    (event,) = read_events(process, text)
    assert (event.date, event.date_precision) == (day, "day")


@pytest.mark.parametrize(
    "text",
    [
        "This death marks the fourth homicide of 2016 in London.",
        "As of July 21, 109 cases of bird flu have been confirmed in Vietnam.",
    ],
)
def test_counts_of_events_are_not_read_events(process, text: str) -> None:
    assert read_events(process, text) == []


def test_a_disease_also_found_in_other_countries_is_an_outbreak_in_each(process) -> None:
    text = (
        "A highly dynamic bluetongue infection of sheep herds is underway in Germany. "
        "The disease has also been found in Belgium, France, the Netherlands and Luxembourg."
    )
    found = read_events(process, text)
    assert {i.event_type for i in found} == {"outbreak"}
    assert sorted(i.country_code for i in found) == ["BE", "DE", "FR", "LU", "NL"]


def test_a_datelines_filing_date_does_not_date_the_event(process) -> None:
    text = (
        "Edmonton, Ky. (November 28, 2016) – Police received a call on Sunday, November 27, 2016 "
        "in reference to a shooting incident on Cedar Flat Rd. in Metcalfe County."
    )
    (shooting,) = read_events(process, text, date=dt.date(2016, 11, 28))
    assert (shooting.date, shooting.date_precision) == (dt.date(2016, 11, 27), "day")


def test_the_place_naming_an_event_noun_is_its_place_not_a_clause_inside_its_phrase(process) -> None:
    # "in support of the people caught in the conflict in Aleppo" does not say where the
    # rally was, and the organizers "thanked Canada" is not where it was either
    (rally,) = read_events(
        process,
        "Organizers of a Toronto rally in support of the people caught in the brutal conflict "
        "in Aleppo thanked Canada for what it has done on Saturday.",
    )
    assert rally.event_type == "protest" and near(rally, 43.70, -79.42, 25)


def test_an_arrest_with_no_place_or_day_of_its_own_belongs_to_the_event(process) -> None:
    text = (
        "LOS ANGELES: A four-year-old boy was struck by glass after a man attacked a car in Beverly Hills "
        "on Monday. The suspect was arrested for felony child endangerment. "
        'The suspect also vandalised two cars "by kicking and jumping on the vehicles".'
    )
    (attack,) = read_events(process, text)
    assert attack.event_type == "assault" and near(attack, 34.07, -118.40, 10)
    assert len(attack.provenance.also_reported) == 2


def test_an_arrest_on_a_day_of_its_own_is_its_own_incident(process) -> None:
    text = (
        "A software CEO was stabbed to death in an alley in River North, Chicago police said. "
        "Bassett was arrested on Wednesday after he was identified as the killer, police said."
    )
    assert sorted(i.event_type for i in read_events(process, text, date=None)) == ["arrest", "assault"]


def test_states_that_all_report_cases_are_one_outbreak_incident_each(process) -> None:
    text = (
        "An E. coli outbreak linked to bagged spinach has killed a woman in Wisconsin. "
        "Michigan, Ohio, Wisconsin, Idaho and Utah all report human cases of the illness "
        "linked to the contaminated spinach."
    )
    found = read_events(process, text, date=None)
    assert {i.event_type for i in found} == {"outbreak"}
    assert sorted(i.location_name for i in found) == ["Idaho", "Michigan", "Ohio", "Utah", "Wisconsin"]


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        # the place named right after a country-wide report says where it was
        ("The first ever case of bluetongue disease has been reported in the UK. The case involves a cow "
         "at a farm near Ipswich, Suffolk. Scientists in Aberdeen are studying the virus.", 52.06, 1.16),
        # the one place the story keeps coming back to
        ("Bird flu has been confirmed in Poland. Officials in Torun said the farm was sealed. Vets in Warsaw "
         "tested the birds. Torun's mayor asked for calm.", 53.01, 18.60),
    ],
)  # fmt: skip
def test_a_country_wide_report_is_placed_where_the_story_says(
    process, text: str, lat: float, lon: float
) -> None:
    (outbreak,) = read_events(process, text)
    assert near(outbreak, lat, lon, 15)


def test_an_event_spread_over_the_country_stays_country_wide(process) -> None:
    text = (
        "Physicians are struggling to address a growing outbreak of influenza affecting a large portion of "
        "the United States. Earlier this week, the Mayor of Boston declared a flu emergency for the city."
    )
    outbreaks = [i for i in read_events(process, text) if i.provenance.sentence_start == 0]
    assert [i.country_code for i in outbreaks] == ["US"] and not near(outbreaks[0], 42.36, -71.06, 100)


def test_a_town_inside_a_part_of_a_country_is_the_place_not_the_part(process) -> None:
    text = (
        "Six people have died after becoming infected with the Hong Kong Flu virus in the city of "
        "Kitaakita located in the Akita Prefecture of northern Japan."
    )
    (outbreak,) = read_events(process, text, date=None)
    assert outbreak.location_name == "Kita-Akita" and near(outbreak, 40.2, 140.4, 25)


def test_a_part_of_a_country_stays_the_place_when_no_place_inside_it_is_named(process) -> None:
    text = "Floods have killed twelve people in northern Japan, officials said on Monday."
    (flood,) = read_events(process, text)
    assert flood.location_name == "northern Japan"


def test_a_crime_a_retelling_dates_years_before_the_verdict_is_history(process) -> None:
    text = (
        "A man who fatally stabbed a man in the neck and hid the body in an esky has been found guilty "
        "of murder. David Hickson, 34, admitted fatally stabbing Campbell Paterson at a house in Edmonton, "
        "south of Cairns, in November 2014."
    )
    assert read_events(process, text, date=dt.date(2016, 6, 27)) == []


def test_a_crime_retold_with_a_date_in_the_news_stays_news(process) -> None:
    text = (
        "A man who fatally stabbed a man in the neck has been charged with murder. Police say David "
        "Hickson, 34, stabbed Campbell Paterson at a house in Edmonton, south of Cairns, on Sunday."
    )
    (stabbing,) = read_events(process, text, date=dt.date(2016, 6, 27))
    assert (stabbing.event_type, stabbing.date) == ("assault", dt.date(2016, 6, 26))


def test_had_written_as_an_apostrophe_d_still_reports_the_event(process) -> None:
    text = "He’d been stabbed outside a bar in Leeds on Monday, police said."
    (shooting,) = read_events(process, text)
    assert (shooting.event_type, shooting.location_name) == ("assault", "Leeds")


def test_tsunami_waves_that_scoured_the_coasts_are_the_disaster(process) -> None:
    text = (
        "Nearly a week after tsunami waves scoured the coasts of Sri Lanka, the confirmed death count "
        "is over 28,000."
    )
    (tsunami,) = read_events(process, text, date=None)
    assert (tsunami.event_type, tsunami.location_name) == ("disaster", "Sri Lanka")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a hazard word naming what struck, or only describing another noun
        ("Hurricane landfall in Biloxi flattened homes on Monday.", True),
        ("Heavy storm rains lashed Mumbai on Monday.", True),
        ("Forecasters in Miami expect a busy hurricane season.", False),
        ("Cyclone relief reached Yangon on Monday.", False),
    ],
)
def test_a_hazard_word_modifying_a_noun_reports_it_only_when_the_noun_is_its_strike(
    process, text: str, found: bool
) -> None:
    assert bool(read_events(process, text, date=dt.date(2018, 4, 3))) is found


def test_a_group_claiming_an_attack_still_reports_the_attack(process) -> None:
    text = "The Taliban claimed responsibility for the attack on a police station in Kandahar on Monday."
    (attack,) = read_events(process, text)
    assert (attack.event_type, attack.location_name) == ("attack", "Kandahār")


def test_an_order_about_what_the_earthquake_damaged_keeps_the_earthquake(process) -> None:
    text = "Officials in Kathmandu ordered the evacuation of buildings damaged by Saturday's earthquake."
    (quake,) = read_events(process, text)
    assert (quake.event_type, quake.location_name) == ("disaster", "Kathmandu")


def test_a_country_naming_the_laboratory_is_not_where_the_case_is(process) -> None:
    text = (
        "A case of mad cow disease has been discovered in Sweden at a farm near Vasteras. The tests "
        "confirmed the presence of BSE and the specimen was sent for further analysis at a United "
        "Kingdom laboratory."
    )
    assert [i.country_code for i in read_events(process, text, date=None)] == ["SE"]


def test_an_event_told_as_the_start_of_a_span_of_years_is_history(process) -> None:
    text = (
        "The announcement follows the successful visit by a Japanese delegation to production sites in "
        "the UK in 2017, more than 20 years after the ban was implemented over Britain’s bovine "
        "spongiform encephalopathy (BSE) outbreak."
    )
    assert read_events(process, text, date=None, title="Japan to lift ban on British beef") == []


def test_an_event_days_after_another_is_still_news(process) -> None:
    text = "Two days after the bombing, police arrested a man in Paris on Monday."
    assert [i.event_type for i in read_events(process, text)] == ["explosion"]


def test_an_undated_articles_event_dated_years_before_the_latest_day_it_names_is_history(process) -> None:
    text = (
        "A cow from a farm in Alabama tested positive for mad cow disease on Friday, March 10, "
        "2006, officials said. The first case turned up in December of 2003, when a cow from a farm in "
        "Washington state tested positive for the disease."
    )
    found = read_events(process, text, date=None, title="Mad cow disease confirmed in Alabama")
    assert [i.location_name for i in found] == ["Alabama"]


def test_provinces_named_inside_a_part_of_a_country_are_the_places(process) -> None:
    text = "In central China's Hunan and Hubei provinces, flooding has affected at least 390,000 people this week."
    found = read_events(process, text, date=dt.date(2017, 6, 24))
    assert sorted(i.location_name for i in found) == ["Hubei Sheng", "Hunan Sheng"]


@pytest.mark.parametrize(
    ("title", "count"),
    [
        # a court's decision tries a crime of before the news
        ("Edmonton man jailed after vicious assault on woman", 0),
        ("Man found guilty of stabbing woman in Enfield", 0),
        # a report of the crime itself
        ("Woman stabbed in Enfield, man arrested", 1),
    ],
)
def test_a_crime_a_court_story_tries_is_history_unless_dated_in_the_news(
    process, title: str, count: int
) -> None:
    text = (
        "A man launched a vicious assault on a woman at a house in Enfield, leaving her with multiple "
        "stab wounds, police said."
    )
    assert len(read_events(process, text, date=dt.date(2017, 7, 23), title=title)) == count


def test_a_crime_a_court_story_dates_in_the_news_stays_news(process) -> None:
    text = "A man was stabbed at a house in Enfield on Saturday, police said, as a jury heard another case."
    (stabbing,) = read_events(
        process, text, date=dt.date(2017, 7, 23), title="Jury hears of Enfield stabbing"
    )
    assert stabbing.date == dt.date(2017, 7, 22)


@pytest.mark.parametrize(
    ("relative", "day"),
    [
        ("Two days later", dt.date(2016, 12, 21)),
        ("A day earlier", dt.date(2016, 12, 18)),
        ("The previous day", dt.date(2016, 12, 18)),
    ],
)
def test_a_relative_day_moves_from_the_previous_events_day(process, relative: str, day: dt.date) -> None:
    text = f"Police shot dead a protester in Dhaka on Monday. {relative}, protesters gathered outside parliament in Dhaka."
    found = {i.event_type: i for i in read_events(process, text)}
    assert (found["protest"].date, found["protest"].date_precision) == (day, "day")
