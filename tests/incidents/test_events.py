"""Tests for mapapp.incidents.events: every event type, the exclusions, the seed."""

from __future__ import annotations

import re
import time

import pytest

from mapapp.incidents.events import EVENT_TYPES, EventMatch, classify_event, classify_events, is_caption
from mapapp.text.sentences import split_sentences
from tests.helpers import SEED_PATH

SEED = SEED_PATH

# (sentence, expected event type, expected trigger)
CASES = [
    ("Syrian air defences shot down an Israeli F-16 on Saturday.", "shootdown", "shot down"),
    ("Mr Putin said the downing of the plane was a tragedy.", "shootdown", "downing of"),
    ("Rebels downed a government helicopter near Idlib.", "shootdown", "downed a government helicopter"),
    ("The drone was intercepted over the Golan.", "shootdown", "intercepted"),
    ("Houthi rebels fired a ballistic missile at Riyadh.", "missile_attack", "fired a ballistic missile"),
    ("A rocket attack hit the Green Zone.", "missile_attack", "rocket attack"),
    ("The tanker was hit by a missile in the Red Sea.", "missile_attack", "hit by a missile"),
    ("The coalition carried out airstrikes on Raqqa.", "airstrike", "airstrikes"),
    (
        "Israeli F-16s were carrying out strikes against targets in Latakia province.",
        "airstrike",
        "strikes against targets",
    ),
    ("Israeli warplanes struck Iranian targets near Damascus.", "airstrike", "warplanes struck"),
    ("Israeli jets have bombed Gaza.", "airstrike", "bombed"),
    ("A drone strike killed three militants in Waziristan.", "airstrike", "drone strike"),
    ("Government forces shelled rebel-held areas of Idlib.", "shelling", "shelled"),
    ("Artillery fire hit the village of Marinka.", "shelling", "Artillery fire"),
    ("Three soldiers were killed when a roadside bomb exploded near Kandahar.", "explosion", "roadside bomb"),
    ("A blast tore through a market in Baghdad.", "explosion", "blast"),
    ("An IED struck a patrol in Helmand.", "explosion", "IED"),
    ("Clashes erupted in Tripoli on Monday.", "armed_clash", "Clashes"),
    ("Heavy fighting broke out between the army and rebels.", "armed_clash", "Heavy fighting"),
    ("Police and smugglers exchanged fire at the border.", "armed_clash", "exchanged fire"),
    ("Gunmen attacked a police checkpoint in Sinai.", "attack", "Gunmen"),
    ("Militants ambushed a convoy near Mosul.", "attack", "ambushed"),
    ("A man opened fire on worshippers in Quebec City.", "assault", "opened fire"),
    ("A man was stabbed to death outside a pub in Leeds.", "assault", "stabbed"),
    ("Two aid workers were kidnapped in Niger.", "kidnapping", "kidnapped"),
    ("Looters torched shops in Durban.", "crime", "torched"),
    ("Officials confirmed 12 new cases of cholera in Harare.", "outbreak", "confirmed 12 new cases"),
    ("An outbreak of bird flu was found on a farm in Suffolk.", "outbreak", "outbreak"),
    ("Israeli pilots carrying out attacks on Syrian targets used the plane as cover.", "attack", "attacks"),
    ("The aircraft was hit 22 miles off the coast.", "attack", "hit"),
    ("Fifteen Russian military service members died.", "casualties", "died"),
    ("Ten people were killed in Kano.", "casualties", "killed"),
    ("The death toll rose to 40.", "casualties", "death toll"),
    ("Police arrested 12 people in Minsk.", "arrest", "arrested"),
    ("Five suspects were detained in Brussels.", "arrest", "detained"),
    # drugs taken by customs: a crime matter (the crime family), not ground taken in a war
    ("Customs officers seized 2 tonnes of cocaine at the port.", "crime", "seized"),
    ("Rebels seized the airport in Aleppo on Sunday.", "seizure", "seized"),
    ("Rebels captured the town of Maarat.", "seizure", "captured"),
    ("Russian troops were recently sent to the border of the Golan Heights.", "deployment", "sent"),
    ("The Pentagon deployed 5,000 troops to the border.", "deployment", "deployed 5,000 troops"),
    ("Warships were deployed to the Black Sea.", "deployment", "deployed"),
    ("Thousands of protesters took to the streets of Paris.", "protest", "took to the streets"),
    ("A rally against the tax was held in Calgary.", "protest", "rally"),
    ("Riots broke out in the suburbs.", "protest", "Riots"),
    ("A magnitude 7.5 earthquake struck Sulawesi.", "disaster", "earthquake"),
    ("Floods have displaced 10,000 people in Kerala.", "disaster", "Floods"),
    ("Wildfires raged across California.", "disaster", "Wildfires"),
    ("Hurricane Florence made landfall in North Carolina.", "disaster", "Hurricane"),
    ("A landslide buried the village of Xinmo.", "disaster", "landslide"),
    ("A train derailed near Ankara.", "accident", "derailed"),
    ("A ferry capsized on Lake Victoria.", "accident", "capsized"),
    ("Two cars collided on the motorway.", "accident", "collided"),
    ("A boy on a scooter was hit by a car and killed in Ipswich.", "accident", "hit by a car"),
    ("The convoy was hit by a car bomb in Mosul.", "explosion", "car bomb"),
    ("A bus crash killed 20 people.", "accident", "crash"),
    ("Pirates hijacked a tanker off Somalia.", "kidnapping", "hijacked"),
    ("A fire broke out at a market in Lagos.", "fire", "fire broke out"),
    # a place's own report of cases and deaths, and armed men as the killers
    ("The ministry says Nairobi has reported forty flu infections.", "outbreak", "infections"),
    (
        "Two deaths from cholera had been confirmed in Luanda.",
        "outbreak",
        "cholera had been confirmed",
    ),
    ("Of Brazil's H1N1 cases, nine are in Sao Paulo.", "outbreak", "H1N1 cases"),
    ("Cattle rustlers have killed eleven people near Isiolo.", "attack", "killed"),
    # a headline without its auxiliary, a detection, people falling ill
    ("New strain of bird flu virus detected in Vietnam", "outbreak", "flu virus detected"),
    (
        "Officials in Peru have confirmed the presence of cholera in Lima.",
        "outbreak",
        "confirmed the presence of",
    ),
    ("In Ohio, forty people have fallen ill from salmonella.", "outbreak", "fallen ill"),
    ("Tainted lettuce has sickened 30 people with E. coli in Utah.", "outbreak", "sickened"),
    # a death the disease caused, told after the verb; a report of deaths with words between
    ("Four people in Leeds have died after contracting the H1N1 swine flu virus.", "outbreak", "died"),
    (
        "The first deaths from swine flu in Chile have been reported.",
        "outbreak",
        "deaths from swine flu in Chile have been reported",
    ),
    ("Swine flu deaths reported in Peru", "outbreak", "flu deaths reported"),
    (
        "A 28-year-old man is in custody after pointing a replica handgun at a police officer.",
        "arrest",
        "is in custody",
    ),
    ("A four-year-old boy drowned in a swimming pool at his home in Phoenix.", "accident", "drowned"),
    (
        "The deadly disease has struck in Ituri district, Orientale province.",
        "outbreak",
        "disease has struck",
    ),
    (
        "Lead poisoning has taken the lives of at least 163 people in Zamfara.",
        "casualties",
        "taken the lives",
    ),
    # a disease declared present, a death its cause is told of, a strain found, patients with it
    (
        "The WHO declared presence of the H5N1 strain of the avian flu virus in Egypt.",
        "outbreak",
        "declared presence of",
    ),
    (
        "Yesterday, the first fatality in the UK caused by swine flu was announced.",
        "outbreak",
        "fatality in the UK caused by swine flu",
    ),
    ("The latest Swine Flu death in the United States is a girl from Buffalo.", "outbreak", "Flu death"),
    (
        "At least three patients in Norway were confirmed to have the mutated strain of H1N1.",
        "outbreak",
        "confirmed to have",
    ),
    ("H5N1 was discovered in Turkish poultry in Van.", "outbreak", "H5N1 was discovered"),
]


@pytest.mark.parametrize(("sentence", "event_type", "trigger"), CASES)
def test_classify_event(sentence: str, event_type: str, trigger: str) -> None:
    got = classify_event(sentence)
    assert got is not None
    assert (got.event_type, got.trigger) == (event_type, trigger)
    assert sentence[got.start : got.end] == got.trigger
    assert 0.0 < got.confidence <= 1.0


def test_every_event_type_is_tested() -> None:
    assert {case[1] for case in CASES} == set(EVENT_TYPES)


NON_EVENTS = [
    "A IL-20PP reconnaissance aircraft of the Russian Air Force taking Credit: Alamy More",
    "A general view shows Russian fighter jets at the base Credit: AFP/Getty Images More",
    "Israel denied it was its intention to provoke Syria into firing at the Russian plane.",
    "Officials denied that any troops had been deployed.",
    "Moscow would look into boosting security for its servicemen.",
    "The army said it would not attack civilians.",
    "No one was injured in the incident.",
    "The minister warned of possible protests.",
    "Analysts fear clashes could erupt.",
    "He died of a heart attack.",
    "The stock market crash wiped out savings.",
    "He took a crash course in French.",
    "The incident was captured on camera.",
    "She captured four medals at the championships.",
    "Riot police stood by the gates.",
    "Israel and Russia have so far managed to carefully coordinate military action in Syria.",
    "The Russian president and Israeli Prime Minister spoke over the phone to clear the air.",
    # "targeted" after a determiner is an adjective; a trigger half of an adjective of a place
    "As part of our targeted surveillance system, inspectors visited the farm.",
    "Aid reached the flood-hit villages in the north.",
    # reported cases need a disease; a report of none is none
    "Police have reported 12 cases of burglary this month.",
    "China has reported no deaths in the recent bird flu outbreaks.",
    "",
]


@pytest.mark.parametrize("sentence", NON_EVENTS)
def test_non_events(sentence: str) -> None:
    assert classify_event(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "low", "high"),
    [
        # habitual or aggregate: kept, but with low confidence
        (
            "Israel has carried out more than 200 attacks on Hizbollah and Iranian targets in Syria "
            "in the last few years.",
            0.2,
            0.4,
        ),
        ("Iran has repeatedly attacked tankers in the Gulf.", 0.2, 0.4),
        # hedged or asked: lowered
        ("Rebels reportedly shot down a jet.", 0.7, 0.8),
        ("Was the plane shot down?", 0.4, 0.5),
        # plain report: high
        ("Syrian air defences shot down an Israeli F-16.", 0.85, 0.95),
    ],
)
def test_confidence(sentence: str, low: float, high: float) -> None:
    got = classify_event(sentence)
    assert got is not None
    assert low <= got.confidence <= high


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Photo: a destroyed tank", True),
        ("Russian jets at Hmeimim in 2016 Credit: AFP/Getty Images More", True),
        ("Reuters reported that a blast hit Kabul.", False),
    ],
)
def test_is_caption(sentence: str, expected: bool) -> None:
    assert is_caption(sentence) is expected


def test_context_upgrades_weak_hit_only_near_shootdown() -> None:
    far = ["The plane was shot down on Monday."] + ["Talks went on."] * 3 + ["The plane was hit at sea."]
    assert [m.event_type if m else None for m in classify_events(far)] == (
        ["shootdown", None, None, None, "attack"]
    )
    near = classify_events(far, window=4)
    assert near[-1] == EventMatch(event_type="shootdown", trigger="hit", start=14, end=17, confidence=0.72)
    # a strong trigger is never overridden by a neighbour
    assert (
        classify_events(["A jet was shot down.", "Gunmen attacked a checkpoint."])[1].event_type == "attack"
    )


@pytest.mark.parametrize(
    ("story", "disease"),
    [
        ("Philippines culls hogs after Reston ebolavirus outbreak", True),
        ("Canada confirms a fifth case of mad cow disease", True),
        ("Bluetongue found on a farm in Kent", True),
        ("Listeria in cheese: a recall", True),
        ("Hantavirus kills a hiker", True),
        ("Lassa fever in Nigeria", True),
        ("Election fever grips the capital", False),
        ("Record sales at the car show", False),
    ],
)
def test_a_bare_case_count_needs_a_disease_in_the_story(story: str, disease: bool) -> None:
    found = classify_event("Cases of sick animals were reported near the farm.", story=story)
    assert (found is not None and found.event_type == "outbreak") is disease


@pytest.mark.parametrize(
    ("title", "event_type"),
    [
        # a death told without its cause in a disease story is the disease's
        ("Swine flu deaths reported in Argentina", "outbreak"),
        ("Bird flu kills a boy in East Java", "outbreak"),
        # not when the story clears the disease, nor in a story about something else
        ("US soldier who died after serving in Liberia tests negative for Ebola", "casualties"),
        ("Storm batters the coast", "casualties"),
        # the dead of a tsunami, whatever disease the story fears next
        ("Tsunami deaths mount as Indonesia tries to prevent an outbreak of typhoid", "casualties"),
    ],
)
def test_a_death_in_a_disease_story_is_the_diseases(title: str, event_type: str) -> None:
    (found,) = classify_events(["She died in a Buenos Aires hospital on Sunday."], title=title)
    assert found is not None and found.event_type == event_type


def test_a_wounded_count_in_a_disease_story_stays_a_casualty_count() -> None:
    (found,) = classify_events(["Two nurses were injured in Lima."], title="Cholera spreads in Peru")
    assert found is not None and found.event_type == "casualties"


def _seed() -> list[str]:
    raw = SEED.read_text(encoding="utf-8")
    header = re.match(r"\s*date\s+\d{4}-\d\d-\d\d\s+", raw)
    assert header is not None
    return [s.text for s in split_sentences(raw[header.end() :])]


@pytest.mark.parametrize(
    ("prefix", "event_type"),
    [
        ("Russia and Israel risked a military confrontation on Tuesday", "shootdown"),
        ("Russia's defence ministry said that Israeli F-16 pilots", "airstrike"),
        ("The aircraft was hit 22 miles off Latakia", "shootdown"),  # via the previous sentences
        ("President Vladimir Putin was forced to step in", None),
        ("Israel, which appears to have been targeting", None),
        ("A IL-20PP reconnaissance aircraft", None),
        ("Fifteen Russian military service members died", "casualties"),
        ("Mr Putin later downplayed the incident", "shootdown"),
        ("Israel and Russia have so far managed", None),
        ("Israel has carried out more than 200 attacks", "attack"),
        ("Russian troops were recently sent", "deployment"),
        ("A general view shows Russian fighter jets", None),
    ],
)
def test_seed_article(prefix: str, event_type: str | None) -> None:
    sentences = _seed()
    (index,) = [i for i, s in enumerate(sentences) if s.startswith(prefix)]
    got = classify_events(sentences)[index]
    assert (got.event_type if got else None) == event_type


def test_speed() -> None:
    sentences = [case[0] for case in CASES] + NON_EVENTS
    batch = sentences * (3000 // len(sentences) + 1)
    started = time.perf_counter()
    for sentence in batch:
        classify_event(sentence)
    rate = len(batch) / (time.perf_counter() - started)
    assert rate > 1000, f"{rate:.0f} sentences/s"


@pytest.mark.parametrize("text", ["." * 20000, "shot " * 4000, "troops were " * 2000, "a " * 10000])
def test_hostile_text_is_fast(text: str) -> None:
    started = time.perf_counter()
    classify_event(text)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        # a death of another cause in a disease story, and a story that names another cause
        ("He died of an overdose of codeine in Frederick.", "Anthrax suspect found dead"),
        (
            "A man about to be indicted died on Tuesday.",
            "Suspect in anthrax attacks dies of apparent suicide",
        ),
    ],
)
def test_a_death_of_another_cause_in_a_disease_story_is_not_the_diseases(sentence: str, title: str) -> None:
    (found,) = classify_events([sentence], title=title)
    assert found is not None and found.event_type == "casualties"


def test_a_death_after_a_hospital_stay_in_a_disease_story_is_the_diseases() -> None:
    sentence = "The 26-year-old poultry trader from Sukoharjo died after being hospitalized for three days."
    (found,) = classify_events([sentence], title="Indonesian bird flu patient dies")
    assert found is not None and found.event_type == "outbreak"


def test_a_hysteria_that_died_down_is_no_death() -> None:
    (found,) = classify_events(
        ["By Saturday morning the hysteria had died down."],
        title="Disease outbreak feared after mass hysteria",
    )
    assert found is None


def test_deaths_due_to_a_symptom_are_no_outbreak_trigger() -> None:
    assert classify_event("The swine deaths were due to loss of appetite and dehydration.") is None
