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


# ---- ACLED conventions and second actors (sentences written for these tests) ---------------------

D2020 = dt.date(2020, 6, 10)


def only(text: str, published: dt.date = D2020):
    events = extract(text, published).events
    assert events, f"no event from {text!r}"
    return events[0]


def test_forces_owned_by_a_country_named_after_of():
    e = only("On 8 June 2020, military forces of Armenia fired small arms on the positions of the "
             "military forces of Azerbaijan near Tovuz.")
    assert {e.actor1, e.actor2} == {"Military Forces of Armenia (2018-)", "Military Forces of Azerbaijan (2003-)"}


def test_forces_of_two_countries_in_one_phrase():
    e = only("On 9 June 2020, military forces of India and Pakistan exchanged fire across the LoC in Poonch district (J&K).")
    assert {e.actor1, e.actor2} == {"Military Forces of India (2014-)", "Military Forces of Pakistan (2018-2022)"}


def test_second_side_named_outside_the_roles():
    e = only("On 4 June 2020, five Taliban militants were killed during clashes with ANDSF forces in Kajran district, Daykundi.")
    assert {e.actor1, e.actor2} == {"Taliban", "Military Forces of Afghanistan (2014-2021)"}


def test_fire_observed_by_a_monitor_is_coded_to_the_side_facing_the_place():
    near_government = only("On 3 June 2019, the OSCE SMM recorded 12 explosions near Avdiivka.", dt.date(2019, 6, 5))
    assert near_government.country == "Ukraine"
    assert near_government.actor1 == "NAF: United Armed Forces of Novorossiya" and near_government.actor2 is None
    near_rebels = only("On 3 June 2019, the OSCE SMM recorded 4 explosions near Horlivka.", dt.date(2019, 6, 5))
    assert near_rebels.actor1.startswith("Military Forces of Ukraine")
    # after February 2022 the old line says nothing about who fired
    later = only("On 3 June 2023, the OSCE SMM recorded 4 explosions near Horlivka.", dt.date(2023, 6, 5))
    assert later.actor1 is None or "NAF" not in later.actor1


@pytest.mark.parametrize("text,actor1", [
    ("On 6 June 2020, in Culiacan, Sinaloa, two armed men on a motorcycle carried out a drive-by shooting "
     "against a taxi driver. The victim died.", "Unidentified Gang (Mexico)"),
    ("On 6 June 2020, in Acapulco, Guerrero, the body of a man with his hands tied was found by a road.",
     "Unidentified Gang (Mexico)"),
    ("On 6 June 2020, in Recife, Pernambuco, a man was killed in a drive-by shooting by armed men in a car.",
     "Unidentified Gang and/or Police Militia"),
    ("On 6 June 2020, in Leon, Guanajuato, armed men attacked two men in a street. Both victims died.",
     "Unidentified Armed Group (Mexico)"),
    ("On 6 June 2020, gunmen carried out a drive-by shooting on a bus in Kano, Nigeria, killing two passengers.",
     "Unidentified Armed Group (Nigeria)"),
])
def test_organised_crime_killings_in_latin_america_are_gang_violence(text, actor1):
    e = only(text)
    assert e.actor1 == actor1
    assert e.actor2 is not None and e.actor2.startswith("Civilians")


def test_an_unnamed_shootout_has_unidentified_groups_on_both_sides():
    e = only("On 7 June 2020, in Sao Goncalo, Rio de Janeiro, residents reported that a shoot-out took place "
             "in the Jardim Catarina neighbourhood.")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.actor1 == e.actor2 == "Unidentified Armed Group (Brazil)"


def test_two_groups_that_clash_are_rioters_on_both_sides():
    e = only("On 7 June 2020, two groups of villagers clashed with sticks over a land dispute in Gaya, Bihar, "
             "India. Four people were injured.")
    assert e.event_type == "Riots" and e.actor1 == e.actor2 == "Rioters (India)"


def test_a_mob_that_beats_a_man_attacks_a_civilian():
    e = only("On 7 June 2020, a mob beat and injured a suspected thief in Mzuzu, Malawi.")
    assert e.event_type == "Riots" and e.actor1 == "Rioters (Malawi)" and e.actor2 == "Civilians (Malawi)"


def test_police_named_in_the_next_sentence_intervened_in_the_protest():
    e = only("On 8 June 2020, about 200 traders protested in Kisumu, Kenya, against market closures. "
             "Police arrested 12 protesters.")
    assert e.event_type == "Protests" and e.actor1 == "Protesters (Kenya)"
    assert e.actor2 is not None and e.actor2.startswith("Police Forces of Kenya")
    assert e.sub_event_type == "Protest with intervention"


def test_a_currency_is_not_a_country():
    e = only("On 8 June 2020, protesters angry at the US dollar exchange rate blocked the main road in Sidon, Lebanon.")
    assert e.country == "Lebanon" and e.actor1 == "Protesters (Lebanon)"


def test_a_province_named_after_a_place_is_where_it_lies():
    # al-Hasakeh is also a city; here it names the governorate that holds rural Tal Tamer
    e = only("On 9 June 2020, Turkish forces shelled villages in rural Tal Tamer in al-Hasakeh. "
             "No casualties were reported.")
    assert e.location is not None and "Tamr" in e.location and e.geo_precision == 2


def test_a_namesake_in_another_province_is_not_the_place():
    # Baharak is a town in Badakhshan; a Baharak district of Takhar is not it: code the province
    e = only("On 9 June 2020, an Afghan military airstrike killed two Taliban militants in Baharak district, Takhar.")
    assert e.admin1 == "Takhar" and e.geo_precision == 3


def test_a_fight_on_the_line_of_contact_has_both_sides_of_the_line():
    e = only("On 3 June 2019, the OSCE SMM recorded 40 shots of small-arms fire in both directions of the "
             "frontline near Zolote.", dt.date(2019, 6, 5))
    assert e.event_type == "Battles"
    assert {e.actor1, e.actor2} == {"Military Forces of Ukraine (2019-)", "NAF: United Armed Forces of Novorossiya"}


def test_one_named_side_on_the_line_gets_the_other():
    e = only("On 3 June 2019, the NAF rebel forces fired grenade launchers at the governmental positions near "
             "Shyrokyne, Donetsk.", dt.date(2019, 6, 5))
    assert {e.actor1, e.actor2} == {"Military Forces of Ukraine (2019-)", "NAF: United Armed Forces of Novorossiya"}
    assert e.location == "Shyrokyne"


def test_the_passive_agent_planted_the_bomb():
    e = only("On 4 June 2020, a roadside bomb planted by Taliban militants hit an Afghan army patrol in "
             "Maidan Shar, Wardak, killing two soldiers.")
    assert e.event_type == "Explosions/Remote violence"
    assert e.actor1 == "Taliban" and e.actor2 == "Military Forces of Afghanistan (2014-2021)"


def test_forces_acting_under_an_operation_are_coded_to_the_operation():
    e = only("On 5 June 2020, Turkish forces and opposition rebels under OPS shelled the village of Tal Tamr "
             "in al-Hasakeh. No casualties were reported.")
    assert e.actor1 == "Operation Peace Spring" and e.actor2 is None
    assert "Military Forces of Turkey (2016-)" in e.assoc_actor_1


def test_saudi_forces_in_yemen_are_the_coalition():
    e = only("On 5 June 2020, Saudi forces fired artillery shells at villages in Shada district, Saada, Yemen.")
    assert e.actor1 == "Operation Restoring Hope"


def test_a_community_militia_is_named_after_its_community():
    e = only("On 5 June 2020, communal militias from Umuleri clashed with armed herders near Aguleri, Anambra, "
             "Nigeria. Three communal militiamen were killed.")
    assert e.actor1 == "Umuleri Communal Militia (Nigeria)" or e.actor2 == "Umuleri Communal Militia (Nigeria)"
    assert "Unidentified Communal Militia (Nigeria)" not in (e.actor1, e.actor2)


def test_actor_names_as_acled_wrote_them_at_the_event_date():
    old = only("On 5 June 2020, ISGS militants killed three civilians near Tera, Tillaberi, Niger.")
    assert old.actor1 == "Islamic State (Greater Sahara)"
    new = only("On 5 June 2023, ISGS militants killed three civilians near Tera, Tillaberi, Niger.", dt.date(2023, 6, 6))
    assert new.actor1 == "Islamic State (Sahel)"


def test_unit_words_of_one_country_name_it():
    e = only("On 5 June 2020, gunmen killed two farmers in Adu village, Kwall district, Bassa LGA (Plateau).")
    assert e.country == "Nigeria" and e.actor2 == "Civilians (Nigeria)"


def test_a_province_named_unlike_its_seat_is_found_and_coded_to_the_seat():
    e = only("On 5 June 2020, unknown gunmen killed two people in the village of Boulgaye (Sebba, Yagha).")
    assert e.country == "Burkina Faso" and e.admin1 == "Sahel"


def test_police_seizing_drugs_take_them_from_a_gang():
    e = only("On 5 June 2020, in Cuiaba, Mato Grosso, federal police forces seized two tons of marijuana from a truck.")
    assert e.sub_event_type == "Looting/property destruction"
    assert e.actor1.startswith("Police Forces of Brazil") and e.actor2 == "Unidentified Gang (Brazil)"


def test_the_killing_of_a_known_criminal_is_a_fight_between_armed_groups():
    e = only("On 5 June 2020, in Culiacan, Sinaloa, an alleged drug dealer was shot dead by armed men in a street.")
    assert e.event_type == "Battles" and e.actor2 == "Unidentified Gang (Mexico)"


def test_a_police_operation_told_before_the_shootout():
    e = only("On 5 June 2020, in Duque de Caxias, Rio de Janeiro, the Military Police carried out an operation "
             "against drug trafficking. A shoot-out broke out and two suspects were killed.")
    assert e.event_type == "Battles"
    assert e.actor1.startswith("Military Forces of Brazil") and e.actor1.endswith("Military Police")
    assert e.actor2 == "Unidentified Gang and/or Police Militia"


def test_bodies_found_are_reported_killings():
    e = only("On 5 June 2020, in Uruapan, Michoacan, two human heads were found beside a road with a threatening message.")
    assert e.event_type == "Violence against civilians" and e.actor1 == "Unidentified Gang (Mexico)"


def test_shootouts_in_the_plural_are_a_battle():
    e = only("On 7 June 2020, in Sao Goncalo, Rio de Janeiro, residents reported that shoot-outs took place in "
             "two neighbourhoods.")
    assert (e.event_type, e.actor1, e.actor2) == ("Battles", "Unidentified Armed Group (Brazil)",
                                                   "Unidentified Armed Group (Brazil)")


def test_a_unit_word_after_a_place_name_still_finds_the_place():
    e = only("On 3 June 2020, in Sittwe District, Rakhine State, Myanmar military troops shelled a village.")
    assert e.country == "Myanmar" and e.location == "Sittwe"


def test_a_party_at_a_protest_is_not_the_force_facing_it():
    e = only("On 8 June 2020, members of the BJP staged a demonstration in Jalpaiguri, West Bengal, India. "
             "Police dispersed them with a lathi charge.")
    assert e.event_type == "Protests" and e.actor2 is not None and e.actor2.startswith("Police Forces of India")


def test_security_forces_facing_a_crowd_are_the_police():
    e = only("On 8 June 2020, hundreds of residents demonstrated in Kati, Mali, against the election results. "
             "Security forces intervened and arrested ten demonstrators.")
    assert e.actor2 is not None and e.actor2.startswith("Police Forces of Mali")


def test_a_bomb_that_kills_a_civilian_targets_civilians():
    e = only("On 5 June 2020, an IED planted in a car by an unknown armed group exploded near a mosque in Al Bab, "
             "Syria, killing the driver.")
    assert e.actor1 == "Unidentified Armed Group (Syria)" and e.actor2 == "Civilians (Syria)"


def test_a_police_officer_with_a_title_is_the_police():
    e = only("On 6 June 2020, in Tijuana, Baja California, armed men attacked a ministerial police officer. "
             "The officer was injured.")
    assert e.actor2 is not None and e.actor2.startswith("Police Forces of Mexico")


def test_a_government_act_without_troops_is_the_government_s():
    e = only("On 9 June 2020, the Afghan government released 40 Taliban prisoners from a prison in Kabul, Afghanistan.")
    assert e.event_type == "Strategic developments"
    assert e.actor1 == "Government of Afghanistan (2014-2021)"


def test_commandos_in_afghanistan_are_its_special_forces():
    e = only("On 9 June 2020, commandos killed six Taliban militants in Andar district, Ghazni, Afghanistan.")
    assert "Military Forces of Afghanistan (2014-2021) Special Forces" in (e.actor1, e.actor2)


def test_two_groups_a_report_cannot_tell_apart_are_coded_as_the_pair():
    e = only("On 9 June 2020, ISWAP or Boko Haram militants abducted four farmers near Damasak, Borno, Nigeria.")
    assert e.actor1 == "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"


@pytest.mark.parametrize("text,gang", [
    ("On 9 June 2020, in Campinas, Sao Paulo, military police seized 300 kg of cocaine hidden in a truck. "
     "Two men were arrested.", "Unidentified Gang (Brazil)"),
    ("On 9 June 2020, in Culiacan, Sinaloa, police dismantled a clandestine drug lab and arrested a man.",
     "Unidentified Gang (Mexico)"),
])
def test_a_seizure_of_drugs_is_the_traffickers_loss_even_with_arrests(text, gang):
    e = only(text)
    assert (e.event_type, e.sub_event_type) == ("Strategic developments", "Looting/property destruction")
    assert e.actor2 == gang


def test_an_arrest_without_a_seizure_keeps_the_civilian():
    e = only("On 9 June 2020, in Campinas, Sao Paulo, military police arrested a man accused of theft.")
    assert e.sub_event_type == "Arrests" and e.actor2 == "Civilians (Brazil)"


def test_a_known_criminal_killed_by_unnamed_men_in_brazil_is_gang_or_militia_violence():
    e = only("On 9 June 2020, in Belem, Para, a man was shot dead by two armed men. "
             "The victim had charges against him for drug trafficking.")
    assert (e.event_type, e.actor1, e.actor2) == (
        "Battles", "Unidentified Gang and/or Police Militia", "Unidentified Gang (Brazil)")


def test_a_seizure_told_with_a_long_quantity_is_still_a_seizure():
    e = only("On 9 June 2020, in Londrina, Parana, federal police seized more than a ton of marijuana "
             "during highway inspections.")
    assert e.sub_event_type == "Looting/property destruction" and e.actor2 == "Unidentified Gang (Brazil)"


def test_a_crowd_that_gathers_to_march_is_a_protest():
    e = only("On 9 June 2020, teachers gathered in the main square of Salta, Argentina, to march in demand of unpaid wages.")
    assert e.event_type == "Protests" and e.actor1 == "Protesters (Argentina)"


@pytest.mark.parametrize("text,force", [
    ("On 9 June 2020, police officers severely beat a street vendor in Lusaka, Zambia, for violating the curfew.",
     "Police Forces of Zambia"),
    ("On 9 June 2020, soldiers arrested and beat a local opposition leader in Gode, Ethiopia.",
     "Military Forces of Ethiopia"),
])
def test_forces_that_beat_a_civilian_attack_him_rather_than_break_up_a_protest(text, force):
    e = only(text)
    assert (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack")
    assert e.actor1.startswith(force) and e.actor2 is not None and e.actor2.startswith("Civilians")


def test_forces_that_beat_and_disperse_a_crowd_still_break_up_a_protest():
    e = only("On 9 June 2020, police beat and dispersed traders protesting in Lusaka, Zambia.")
    assert e.event_type == "Protests" and e.sub_event_type == "Protest with intervention"


@pytest.mark.parametrize("text,country", [
    # the district and province in brackets outvote the home of a group active in several countries
    ("On 9 June 2020, presumed ISGS militants killed three people in Tassouri (Dori, Seno).", "Burkina Faso"),
    # the province after the town picks the namesake that lies in it
    ("On 9 June 2020, an Islamic State sniper shot a soldier west of Rafah (Rafah, North Sinai).", "Egypt"),
    ("On 9 June 2020, women staged a protest in villages of Nabha district (Punjab) against the decision.", "India"),
])
def test_the_district_and_province_written_after_a_place_decide_its_country(text, country):
    assert only(text).country == country


def test_a_province_after_a_comma_picks_the_namesake_that_lies_in_it():
    # Trujillo is a city of Peru's La Libertad and of Venezuela's Trujillo state
    e = only("On 3 June 2021, nurses staged a demonstration in Trujillo, La Libertad, to demand better pay.")
    assert e.country == "Peru" and e.actor1 == "Protesters (Peru)"


def test_a_monitor_s_exchange_of_fire_near_a_village_off_the_gazetteer_s_line_has_both_sides():
    # the gazetteer knows only a Naberezhne far from Donbas; the OSCE SMM reports from the line
    e = only("On 9 May 2020, the OSCE SMM observed a total of 12 shots involving small arms near Naberezhne.",
             published=dt.date(2020, 5, 10))
    assert e.event_type == "Battles"
    assert {e.actor1, e.actor2} == {"Military Forces of Ukraine (2019-)", "NAF: United Armed Forces of Novorossiya"}


def test_a_monitor_s_one_sided_fire_near_an_unlisted_village_is_not_an_unknown_group():
    e = only("On 9 May 2020, the OSCE SMM observed a total of 20 bursts of fire involving heavy machineguns "
             "near Naberezhne.", published=dt.date(2020, 5, 10))
    assert e.actor1 in ("Military Forces of Ukraine (2019-)", "NAF: United Armed Forces of Novorossiya")
    assert "Unidentified" not in (e.actor2 or "")


@pytest.mark.parametrize("text,country,admin1", [
    ("On 9 June 2020, about 40 teachers protested in front of the education office in Eastern Cape, "
     "demanding unpaid salaries.", "South Africa", "Eastern Cape"),
    ("On 9 June 2020, gunmen killed two farmers in a village of North Sinai.", "Egypt", "North Sinai"),
])
def test_a_province_whose_name_starts_with_a_direction_keeps_its_whole_name(text, country, admin1):
    e = only(text)
    assert (e.country, e.admin1) == (country, admin1)



@pytest.mark.parametrize("text,actor1,actor2,fatalities", [
    # the detection gap: a killing by an unarmed group, with no count sentence after it
    ("On 8 June 2020, a trader was attacked and beaten to death by a group of men in Sitapur town "
     "(Sitapur, Uttar Pradesh) over a dispute about water.", "Rioters (India)", "Civilians (India)", 1),
    ("On 8 June 2020, villagers assaulted a forest guard in a village in Gaya district (Gaya, Bihar) "
     "after he tried to stop them from cutting trees.", "Rioters (India)", "Civilians (India)", 0),
    ("On 8 June 2020, in Cusco, Peru, a group of street vendors attacked a police officer who was "
     "enforcing the curfew. The officer was injured.", "Rioters (Peru)", "Police Forces of Peru", 0),
])
def test_an_unarmed_group_beating_someone_is_mob_violence(text, actor1, actor2, fatalities):
    """ACLED codes a crowd or a group of men attacking a person with what came to hand as
    Riots/Mob violence by Rioters (country) against the one attacked, not as an armed attack."""
    ev = only(text)
    assert (ev.event_type, ev.sub_event_type, ev.actor1) == ("Riots", "Mob violence", actor1)
    assert ev.actor2.startswith(actor2)
    assert ev.fatalities == fatalities


@pytest.mark.parametrize("text,actor1,actor2", [
    # "continued to loot ...": the parse leaves the forces as the object
    ("Looting: On 8 June 2020, regime forces continued to loot civilian houses in Kafr Nabl in Idleb.",
     "Military Forces of Syria", "Civilians (Syria)"),
    ("Looting: On 8 June 2020, Turkish-backed rebels looted residents' homes in Afrin in Aleppo.",
     "JWS: Syrian National Army", "Civilians (Syria)"),
    ("Looting: On 8 June 2020, opposition rebels under OPS looted civilians' olive harvest in Ras al Ain "
     "in al-Hasakeh.", "Operation Peace Spring", "Civilians (Syria)"),
])
def test_looting_of_civilian_property_has_civilians_as_second_actor(text, actor1, actor2):
    """ACLED codes the armed group that looted as actor 1 and the civilians it robbed as actor 2
    when the text says whose property it was."""
    ev = only(text)
    assert ev.sub_event_type == "Looting/property destruction"
    assert ev.actor1.startswith(actor1)
    assert ev.actor2 == actor2


@pytest.mark.parametrize("text,actor1,actor2", [
    ("On 8 June 2020, police recovered 40 crude bombs from an abandoned house in Basirhat "
     "(North 24 Parganas district, West Bengal).", "Police Forces of India", "Unidentified Armed Group (India)"),
    ("On 8 June 2020, police in Kozani, Greece, discovered a cache of explosives hidden in a forest.",
     "Police Forces of Greece", "Unidentified Armed Group (Greece)"),
    ("On 8 June 2020, Afghan forces defused an IED planted by the Taliban on a road in Maidan Shahr, Wardak.",
     "Military Forces of Afghanistan", "Taliban"),
])
def test_weapons_seized_by_state_forces_belong_to_an_armed_group(text, actor1, actor2):
    """Disrupted weapons use: the forces that seized or defused the weapons are actor 1, the
    group they belonged to actor 2, an unidentified armed group when the text names none."""
    ev = only(text)
    assert ev.sub_event_type == "Disrupted weapons use"
    assert ev.actor1.startswith(actor1)
    assert ev.actor2 == actor2


# ---- event detection: cues for events told without the usual words (sentences written for these tests) ----

@pytest.mark.parametrize("text,event_type,sub_event_type", [
    ("On 1 May 2020, members of a teachers' union gathered at the main square of Fes, Morocco, next to the "
     "regional education office, to demand their unpaid salaries.", "Protests", "Peaceful protest"),
    ("On 1 May 2020, dock workers commemorated Labour Day in Valparaiso, Chile.", "Protests", "Peaceful protest"),
    ("On 1 May 2020, supporters of an opposition party gathered in Tyre, Lebanon, and held up portraits of "
     "their leader.", "Protests", "Peaceful protest"),
    ("On 2 May 2020, police used force against villagers who had gathered for a funeral and shouted slogans "
     "in Sopore, India.", "Protests", "Protest with intervention"),
    ("On 2 May 2020, two people died and were found tied up in a vacant lot in Celaya, Mexico.",
     "Violence against civilians", "Attack"),
    ("On 3 May 2020, unknown perpetrators set and activated explosives devices under a railway bridge near "
     "Temuco, Chile.", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("A guided aerial bomb hit a school in Kharkiv, Ukraine, on Wednesday, killing two civilians.",
     "Explosions/Remote violence", "Air/drone strike"),
    ("On 4 May 2020, soldiers burned down a hut used by rebels near Hpapun, Myanmar.",
     "Strategic developments", "Looting/property destruction"),
    ("On 4 May 2020, three homes were destroyed by army troops in Wardak, Afghanistan.",
     "Strategic developments", "Looting/property destruction"),
    ("On 5 May 2020, a unit of soldiers was moved to secure the port of Higuerote, Venezuela.",
     "Strategic developments", "Change to group/activity"),
    ("On 6 May 2020, 200 refugees returned to San Cristobal, Venezuela, from Colombia.",
     "Strategic developments", "Other"),
    ("On 6 May 2020, lawmakers approved a new government in Baghdad, Iraq.", "Strategic developments", "Other"),
    ("On 7 May 2020, the governor of Van, Turkey, imposed a curfew on the city centre.",
     "Strategic developments", "Change to group/activity"),
    ("On 7 May 2020, militia forces turned two schools into military barracks in Taizz, Yemen.",
     "Strategic developments", "Headquarters or base established"),
    ("On 7 May 2020, government troops re-captured Quissanga, Mozambique, from insurgents.",
     "Battles", "Government regains territory"),
    ("On 8 May 2020, police officers were patrolling a neighbourhood of Soyapango, El Salvador, when gang "
     "members started shooting. The police shot back.", "Battles", "Armed clash"),
    ("On 8 May 2020, students burnt down two dormitories of their school in Kisii, Kenya.", "Riots", "Mob violence"),
])
def test_events_told_without_the_usual_words(text, event_type, sub_event_type):
    e = only(text)
    assert (e.event_type, e.sub_event_type) == (event_type, sub_event_type)


def test_armed_forces_moved_in_a_passive_clause_are_the_actor():
    e = only("On 5 May 2020, a unit of soldiers was moved to secure the port of Higuerote, Venezuela.")
    assert e.actor1 and e.actor1.startswith("Military Forces of Venezuela")


@pytest.mark.parametrize("text", [
    "People gathered to celebrate a wedding in Kano, Nigeria, on Saturday.",
    "Civil society urged the army to step up patrols around the fields near Beni, Congo, where attacks are frequent.",
    "More troops were deployed to the area afterwards, officials in Kaduna, Nigeria, said.",
])
def test_no_event_in_wishes_celebrations_and_aftermath(text):
    assert extract(text, D2020).events == []


def test_the_air_force_supporting_a_battle_is_not_a_separate_air_strike():
    result = extract("On Sunday, troops repelled an attack by armed groups on their base in Djibo, Burkina Faso. "
                     "Thanks to the rapid intervention of the air force, several dozen assailants were neutralised.",
                     dt.date(2024, 5, 13))
    assert [e.sub_event_type for e in result.events] == ["Armed clash"]


def test_a_cue_inside_an_actor_name_is_not_an_event():
    e = only("On 9 May 2020, police arrested a leader of the Ogaden National Liberation Front in Jigjiga, Ethiopia.")
    assert e.sub_event_type == "Arrests"


@pytest.mark.parametrize("text,sub_event_type", [
    ("On 9 May 2020, reporters held a protest in Quetta, Pakistan, against the arrest of their editor.",
     "Peaceful protest"),
    ("On 9 May 2020, residents rallied in Sfax, Tunisia, condemning the detention of two bloggers.", "Peaceful protest"),
    ("On 9 May 2020, police arrested 12 people who demonstrated against the arrest of a journalist in Lahore, "
     "Pakistan.", "Protest with intervention"),
])
def test_what_a_protest_is_against_is_no_intervention(text, sub_event_type):
    assert only(text).sub_event_type == sub_event_type


def test_the_people_who_tell_of_a_takeover_are_not_its_target():
    e = only("M23 rebels seized the town of Rubaya in North Kivu province on Saturday, residents said.",
             dt.date(2024, 3, 4))
    assert (e.sub_event_type, e.actor1, e.location) == (
        "Non-state actor overtakes territory", "M23: March 23 Movement", "Rubaya")


def test_where_a_spokesman_spoke_is_not_a_second_event():
    result = extract("KANO, Nigeria (Reuters) - Gunmen killed 12 villagers in an attack on Kankara in Katsina state "
                     "on Tuesday, police said.\n\nThe attackers arrived on motorcycles and opened fire, a police "
                     "spokesman said in Kano.", dt.date(2024, 3, 7))
    assert [(e.location, e.fatalities) for e in result.events] == [("Kankara", 12)]


def test_an_earlier_event_named_as_the_reason_makes_no_event_here():
    result = extract("Police arrested nine suspects in Kismayo, Somalia, on Sunday in connection with Friday's "
                     "suicide bombing at a hotel, officials said. Security has been tightened since the bombing.",
                     dt.date(2024, 3, 18))
    assert [e.sub_event_type for e in result.events] == ["Arrests"]


def test_a_datelines_date_and_city_are_the_reports_not_the_events():
    # the reporter files from Goma on Tuesday; the attack was in Beni territory on Monday
    e = only("GOMA, Democratic Republic of Congo, Nov 5 - Suspected rebels of the Allied Democratic Forces (ADF) "
             "killed at least 11 civilians in an attack in Beni territory on Monday, a civil society leader said.",
             dt.date(2024, 11, 5))
    assert (e.event_date, e.location, e.actor1) == ("2024-11-04", "Beni", "ADF: Allied Democratic Forces")


def test_a_datelines_country_still_counts():
    e = only("KHARKIV, Ukraine, Oct 10 - A Russian guided aerial bomb hit a residential area of Kharkiv on Thursday, "
             "killing three people, the regional governor said.", dt.date(2024, 10, 10))
    assert (e.country, e.location) == ("Ukraine", "Kharkiv")


def test_a_shootout_between_two_armed_sides_is_a_clash_in_the_town_before_the_country():
    e = only("Six people were killed on Friday morning in a shootout between soldiers and gunmen in the north of "
             "Culiacan, Mexico, the state prosecutor said.", dt.date(2024, 10, 19))
    assert (e.sub_event_type, e.location, e.fatalities) == ("Armed clash", "Culiacán", 6)


# ---- typing confusions: riots with and without a demonstration, attacks against fights -------------
# (sentences written for these tests)

@pytest.mark.parametrize("text,sub_event_type", [
    # no demonstration told: a crowd's violence is mob violence
    ("On 9 May 2020, a crowd pelted stones at police enforcing the lockdown in a village near Patna, India.",
     "Mob violence"),
    ("On 9 May 2020, rioters set a pharmacy on fire in Kisumu, Kenya, after a rumour spread about its owner.",
     "Mob violence"),
    ("On 9 May 2020, a mob clashed with police in Meerut, India, over a dispute about a market stall.",
     "Mob violence"),
    # a demonstration told (a demand, a protest form): violent demonstration
    ("On 9 May 2020, inmates set their mattresses alight in a prison in Kisumu, Kenya, demanding visits from "
     "their families.", "Violent demonstration"),
    ("On 9 May 2020, residents burned tyres on the main road of Soweto, South Africa, over power cuts.",
     "Violent demonstration"),
    ("On 9 May 2020, hundreds of workers marched in Chennai, India, to demand unpaid wages. Rioters pelted "
     "stones at police.", "Violent demonstration"),
    ("On 9 May 2020, farmers held a demonstration in Nashik, India, against low onion prices. Police clashed "
     "with the demonstrators.", "Violent demonstration"),
])
def test_rioting_is_a_demonstration_only_where_one_is_told(text, sub_event_type):
    e = only(text)
    assert (e.event_type, e.sub_event_type) == ("Riots", sub_event_type)


@pytest.mark.parametrize("text,sub_event_type", [
    # an armed service member off duty, retired or at home is hit as a civilian
    ("On 9 May 2020, Al Shabaab militants shot dead a soldier (off-duty) in Baidoa, Somalia.", "Attack"),
    ("On 9 May 2020, a former soldier was killed by Taliban militants in Herat, Afghanistan.", "Attack"),
    ("On 9 May 2020, Taliban militants killed a police officer who was sitting in front of his house in "
     "Kunduz, Afghanistan.", "Attack"),
    # on duty: a fight
    ("On 9 May 2020, Taliban militants killed two police officers at a checkpoint in Kunduz, Afghanistan.",
     "Armed clash"),
    # fire answered or exchanged is a fight, whoever it hurt
    ("On 9 May 2020, the armies of India and Pakistan exchanged fire across the Line of Control near Uri, "
     "injuring two civilians.", "Armed clash"),
    ("On 9 May 2020, officers were shot at by a wanted man in Arima, Trinidad and Tobago. The officers returned "
     "fire and hit the man, who died.", "Armed clash"),
    # rival families that shoot at each other are armed groups, not a brawling crowd
    ("On 9 May 2020, clashes broke out between two families in a village near Hebron, Palestine. The two sides "
     "exchanged fire and one man was killed.", "Armed clash"),
    # "with sticks" is the weapon, not the other side of a fight
    ("On 9 May 2020, members of a criminal group were filmed beating young men with sticks in Iguala, Mexico, "
     "for breaking the curfew.", "Attack"),
])
def test_attack_or_armed_clash(text, sub_event_type):
    assert only(text).sub_event_type == sub_event_type


def test_doers_named_in_a_by_phrase_after_the_victims():
    """'the bodies of villagers killed by ADF rebels': the rebels did it; the villagers are not a mob."""
    e = only("On 9 May 2020, the bodies of four villagers killed by ADF rebels were found near Beni, "
             "Democratic Republic of Congo.")
    assert (e.sub_event_type, e.actor1) == ("Attack", "ADF: Allied Democratic Forces")
    assert e.actor2 == "Civilians (Democratic Republic of Congo)"
