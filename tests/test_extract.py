"""Event typing, actors, places, dates and figures on short reports written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from observatory.extract.assemble import Figure, reconcile
from observatory.ingest import article_from_text
from observatory.pipeline import extract_article
from observatory.taxonomy import interaction

PUBLISHED = dt.date(2024, 3, 14)  # a Thursday


def extract(text: str, published: dt.date = PUBLISHED):
    article, warnings = article_from_text(text, published=published, outlet="Test Wire")
    return extract_article(article, warnings)


@pytest.mark.parametrize("text,event_type,sub_event_type", [
    ("Russian drones struck an apartment block in Kharkiv, Ukraine, on Wednesday, killing two civilians.",
     "Explosions/Remote violence", "Air/drone strike"),
    ("A roadside bomb killed three soldiers near Afgooye, Somalia, on Monday.",
     "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Syrian army artillery shelled the town of Sarmin in Idlib, Syria, on Wednesday.",
     "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("A suicide bomber blew himself up at a checkpoint in Kabul, Afghanistan, on Tuesday, killing five policemen.",
     "Explosions/Remote violence", "Suicide bomb"),
    ("Hundreds of teachers protested peacefully in Nairobi, Kenya, on Wednesday to demand higher pay.",
     "Protests", "Peaceful protest"),
    ("Police fired tear gas to disperse students protesting in Dhaka, Bangladesh, on Wednesday.",
     "Protests", "Protest with intervention"),
    ("Police fired live ammunition at protesters in Nairobi, Kenya, on Wednesday, killing three.",
     "Protests", "Excessive force against protesters"),
    ("Police arrested 12 suspected Islamic State members in Kirkuk, Iraq, on Wednesday.",
     "Strategic developments", "Arrests"),
    ("Gunmen abducted 20 students from a school in Kaduna, Nigeria, on Wednesday.",
     "Violence against civilians", "Abduction/forced disappearance"),
    ("M23 rebels captured the town of Rubaya in North Kivu, Congo, on Tuesday after fighting with the army.",
     "Battles", "Non-state actor overtakes territory"),
    ("Al Shabaab fighters clashed with Somali troops in Afgooye, Somalia, on Wednesday, leaving six dead.",
     "Battles", "Armed clash"),
    ("RSF fighters killed 15 villagers in an attack on a village near El Fasher, Sudan, on Wednesday.",
     "Violence against civilians", "Attack"),
])
def test_event_types(text, event_type, sub_event_type):
    result = extract(text)
    assert result.events, f"no event; warnings: {[w.message for w in result.warnings]}"
    e = result.events[0]
    assert (e.event_type, e.sub_event_type) == (event_type, sub_event_type)


def test_non_state_fighter_jets_are_a_warning_not_an_air_strike():
    result = extract("HTS fighter jets attacked positions near Aleppo, Syria, on Wednesday.")
    assert all(e.sub_event_type != "Air/drone strike" for e in result.events)
    assert any(w.kind == "implausible_claim" for w in result.warnings)


def test_actor_codes_and_interaction():
    e = extract("Al Shabaab fighters clashed with Somali troops in Afgooye, Somalia, on Wednesday.").events[0]
    assert {e.actor1, e.actor2} == {"Al Shabaab", "Military Forces of Somalia (2022-)"}
    assert e.interaction == interaction(e.inter1, e.inter2) == 12


def test_foreign_state_forces_are_external():
    e = extract("Russian drones struck Kharkiv, Ukraine, on Wednesday, killing two civilians.").events[0]
    assert e.actor1 == "Military Forces of Russia (2000-)" and e.inter1 == 8
    assert e.actor2 == "Civilians (Ukraine)" and e.civilian_targeting


def test_place_and_precision():
    e = extract("Gunmen killed four villagers near Gao, Mali, on Wednesday.").events[0]
    assert e.country == "Mali" and e.iso3 == "MLI" and e.location == "Gao"
    assert e.geo_precision == 2  # "near" a town
    e = extract("Gunmen killed four villagers in Gao, Mali, on Wednesday.").events[0]
    assert e.geo_precision == 1


def test_relative_dates():
    assert extract("Gunmen killed four villagers in Gao, Mali, on Wednesday.").events[0].event_date == "2024-03-13"
    e = extract("Gunmen killed four villagers in Gao, Mali, yesterday.").events[0]
    assert (e.event_date, e.time_precision) == ("2024-03-13", 1)


def test_parts_against_total():
    result = extract("Fighting between the army and rebels in Kidal, Mali, on Wednesday killed 20 people, the "
                     "army said. The army said 15 soldiers and 12 rebels were killed.")
    assert any(w.kind == "inconsistent_total" for w in result.warnings)


def test_conflicting_sources_keep_the_conservative_figure():
    result = extract("Gunmen killed 12 villagers in Gao, Mali, on Wednesday, the governor said. Local residents "
                     "said 30 villagers were killed.")
    e = result.events[0]
    assert e.fatalities == 12 and e.fatalities_low == 12
    assert {c.source for c in e.casualties} >= {"governor", "residents"}
    assert any(w.kind == "source_disagreement" for w in result.warnings)


def test_reconcile_rules():
    assert reconcile([]) == (0, 0, 0, 0)
    specific = Figure(97, 97, 100, False, "monitor")
    vague = Figure(12, 24, None, True, "website")
    # a vague "dozens" gives way to a specific count
    assert reconcile([specific, vague]) == (97, 97, 97, 100)
    assert reconcile([vague]) == (12, 12, 24, None)
    assert reconcile([Figure(10, 10, 10, False, "a"), Figure(30, 30, None, False, "b")])[0] == 10


def test_no_event_in_background_text():
    result = extract("Russia entered Syria's civil war in 2015. The conflict has killed hundreds of thousands "
                     "of people since it began.")
    assert result.events == []
    assert any(w.kind == "no_events" for w in result.warnings)


def test_a_demonstration_that_turns_violent_is_a_riot():
    e = extract("Hundreds of garment workers demonstrated in Gazipur, Bangladesh, on Wednesday to demand unpaid "
                "wages. Later the protesters set tires on fire and blocked the highway.").events[0]
    assert (e.event_type, e.sub_event_type) == ("Riots", "Violent demonstration")
    assert e.actor1 == "Rioters (Bangladesh)"


def test_both_sides_of_a_repelled_attack():
    e = extract("Afghan army forces repelled an attack by Taliban militants in Kunduz, Afghanistan, on "
                "Wednesday, killing two militants.", published=dt.date(2020, 5, 7)).events[0]
    assert e.sub_event_type == "Armed clash"
    assert {e.actor1, e.actor2} == {"Taliban", "Military Forces of Afghanistan (2014-2021)"}
    assert e.fatalities == 2


def test_knowledge_base_ruler_marks_garbled_aliases():
    from observatory.nlp import get_nlp

    doc = get_nlp()("Hayate Tahrir al-Sham and the SOHR said Regiment forces retreated.")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("Hayate Tahrir al-Sham", "ACTOR") in labels
    assert ("SOHR", "SOURCE") in labels


def test_intervention_told_in_a_later_sentence():
    e = extract("Twenty teachers demonstrated in Goma, Democratic Republic of Congo, on Wednesday to demand better pay. "
                "Police dispersed them with tear gas.").events[0]
    assert (e.sub_event_type, e.actor1) == ("Protest with intervention", "Protesters (Democratic Republic of Congo)")
    assert e.actor2 and e.actor2.startswith("Police Forces of the Democratic Republic of Congo")


def test_rioters_who_clash_with_police():
    e = extract("Locals pelted stones and clashed with police in Ahmedabad, India, on Wednesday.").events[0]
    assert (e.event_type, e.actor1) == ("Riots", "Rioters (India)")
    assert e.actor2 and e.actor2.startswith("Police Forces of India")


@pytest.mark.parametrize("text,sub_event_type", [
    ("Military forces of Armenia fired with unspecified weapons on the positions of the military forces of "
     "Azerbaijan near Tovuz, Azerbaijan, on Wednesday.", "Armed clash"),
    ("A shoot-out took place in Belford Roxo, Brazil, on Wednesday.", "Armed clash"),
    ("Houthi forces fired 14.5mm and 12.7mm machine guns at residential areas of Hays, Yemen, on Wednesday.",
     "Shelling/artillery/missile attack"),
    ("The Mozambican army recaptured Quissanga, Mozambique, on Wednesday.", "Government regains territory"),
])
def test_forms_seen_in_acled_notes(text, sub_event_type):
    result = extract(text)
    assert result.events and result.events[0].sub_event_type == sub_event_type
