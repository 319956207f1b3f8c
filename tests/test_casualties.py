"""Death tolls the way wire copy tells them: updated tolls, parts, increments, period tallies,
killers and victims, ages. Every report here was written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from observatory.extract.assemble import reconcile, source_figures
from observatory.extract.casualties import CasualtyReading
from observatory.ingest import article_from_text
from observatory.numbers import find_quantities
from observatory.pipeline import extract_article
from observatory.records import Span

PUBLISHED = dt.date(2024, 3, 14)  # a Thursday


def fatalities(text: str) -> int:
    article, warnings = article_from_text(text, published=PUBLISHED, outlet="Test Wire")
    result = extract_article(article, warnings)
    assert result.events, f"no event in {text!r}"
    return result.events[0].fatalities


def killed(text: str):
    article, warnings = article_from_text(text, published=PUBLISHED, outlet="Test Wire")
    result = extract_article(article, warnings)
    return [c for e in result.events for c in e.casualties if c.kind == "killed"]


@pytest.mark.parametrize("text,expected", [
    # an updated toll is the figure; "three more bodies" is already inside it
    ("The death toll from Monday's shelling of Kramatorsk, Ukraine, has climbed to nine after rescuers "
     "pulled three more bodies from the rubble, officials said on Wednesday.", 9),
    ("The number of people killed in Sunday's car bomb attack on a market in Baidoa, Somalia, has reached "
     "eight, including two soldiers and six civilians, hospital staff said.", 8),
    ("Russian missiles hit a school in Sumy, Ukraine, on Tuesday. The regional governor said on Wednesday "
     "that the toll had risen to 14. Two of the injured died overnight, a doctor said.", 14),
    ("The toll of Tuesday's raid by gunmen on the village of Kuru, Nigeria, has risen to 23 dead after "
     "searchers found five more bodies in the bush, a local leader said.", 23),
])
def test_updated_toll_is_the_figure(text, expected):
    assert fatalities(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Gunmen killed ten villagers, among them four women, in an attack near Gao, Mali, on Wednesday.", 10),
    ("An air strike on a market in Idlib, Syria, on Wednesday killed six people, two of them children, "
     "rescuers said.", 6),
    ("Shells fired by the army killed seven civilians in Kadugli, Sudan, on Tuesday, including three "
     "children and two women, a local rights group said.", 7),
])
def test_parts_are_not_added_to_their_total(text, expected):
    assert fatalities(text) == expected


def test_two_sources_for_the_same_dead_give_the_conservative_figure_and_keep_both():
    text = ("A drone strike hit a car near Afrin, Syria, on Wednesday, killing five people, a local news "
            "agency said. The Syrian Observatory for Human Rights put the toll at four.")
    assert fatalities(text) == 4
    figures = {c.best for c in killed(text)}
    assert {4, 5} <= figures


def test_increments_count_when_no_toll_is_given():
    text = ("Two soldiers were killed in an ambush near Afgooye, Somalia, on Tuesday, and another three "
            "died of their wounds overnight, an army officer said.")
    assert fatalities(text) == 5


@pytest.mark.parametrize("text,expected", [
    ("Three soldiers were killed in an ambush near Kidal, Mali, on Tuesday. The army says 40 soldiers "
     "have been killed in the region since January.", 3),
    ("Unknown gunmen shot dead two farmers near Jos, Nigeria, on Monday. The state police say 35 people "
     "have been killed in the area so far this year.", 2),
    ("A mortar shell killed a woman in Dnipro, Ukraine, on Wednesday. The city has recorded 54 attacks "
     "since the start of February, in which 31 people were killed.", 1),
])
def test_period_tallies_are_context_not_the_toll(text, expected):
    assert fatalities(text) == expected


def test_an_unnumbered_report_gives_way_to_a_count():
    text = ("Civilians were killed when shells hit a market in Donetsk, Ukraine, on Wednesday, witnesses "
            "said. A hospital official said seven bodies had been brought in.")
    assert fatalities(text) == 7


def test_a_negated_question_is_no_claim_of_deaths():
    text = ("Militants killed four farmers near Beni, Congo, on Monday, the army said. A spokesman did not "
            "say whether any militants were killed.")
    assert fatalities(text) == 4
    assert not [c for c in killed(text) if c.qualifier == "unspecified"]


@pytest.mark.parametrize("text,expected", [
    ("Four kidnappers lost their lives in a shoot-out with marines in Reynosa, Mexico, on Tuesday.", 4),
    ("Two gunmen shot and killed a shopkeeper in Kaduna, Nigeria, on Tuesday.", 1),
    ("Militants killed a police officer in Pattani, Thailand, on Monday in revenge for the killing of "
     "four of their members last week.", 1),
    ("Soldiers beat a trader in Bunia, Congo, on Monday, and killed two of his neighbours, residents said.", 2),
])
def test_who_died(text, expected):
    assert fatalities(text) == expected


def test_ages_units_and_distances_are_not_counts():
    text = ("Gunmen shot dead a farmer aged 47 and his son, 12, about 15 km from Jos, Nigeria, at 9 pm "
            "on Tuesday, Brigade 3 said.")
    figures = sorted(c.best for c in killed(text))
    assert all(n <= 2 for n in figures) and fatalities(text) in (1, 2)


def test_restated_count_of_the_dead_is_the_toll():
    text = ("On 4 March 2024, in Leon, Guanajuato, a man and a teenager were shot dead by armed men on a "
            "motorcycle. 2 fatalities.")
    assert fatalities(text) == 2


@pytest.mark.parametrize("phrase,expected", [
    ("aged 14 and 16", []),
    ("between the ages of 5 and 9", []),
    ("a man, 45, and his son, 12, were hurt", ["a man"]),
    ("Battalion 12 lost 3 men", ["3"]),
])
def test_numbers_that_are_not_counts(phrase, expected):
    assert [q.text for q in find_quantities(phrase)] == expected


# ---- reconciling figures --------------------------------------------------------------------------

def _claim(best: int, source: str, *, role=None, qualifier="exact", actor=None, text=None, sentence=0):
    ev = Span(text=str(best), start=sentence * 100, end=sentence * 100 + 2)
    return CasualtyReading(actor=actor, actor_text=text, kind="killed", low=best, best=best, high=best,
                           qualifier=qualifier, source=source, evidence=ev, sentence=sentence, role=role)


def test_an_updated_toll_replaces_earlier_figures_of_every_source():
    claims = [_claim(3, "police", text="people"), _claim(5, "hospital", role="updated_toll", sentence=1)]
    assert reconcile(source_figures(claims, "killed", []))[0] == 5


def test_a_stated_toll_is_weighed_against_other_sources_conservatively():
    claims = [_claim(4, "agency", text="people"), _claim(3, "monitor", role="toll", sentence=1)]
    assert reconcile(source_figures(claims, "killed", []))[0] == 3


def test_increments_and_parts_are_not_added_to_a_toll():
    claims = [_claim(7, "medics", role="updated_toll"), _claim(2, "medics", role="increment", text="bodies"),
              _claim(3, "volunteer", role="increment", sentence=1), _claim(2, "medics", role="part", sentence=2)]
    assert reconcile(source_figures(claims, "killed", []))[0] == 7


def test_unspecified_deaths_give_way_to_a_count_from_another_source():
    claims = [_claim(3, "medics", qualifier="unspecified", text="civilians"), _claim(9, "official", text="bodies")]
    assert reconcile(source_figures(claims, "killed", []))[0] == 9
