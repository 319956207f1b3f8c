"""Attribution: who says so, for each claim — on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from observatory.ingest import article_from_text
from observatory.pipeline import extract_article

PUBLISHED = dt.date(2024, 3, 14)


def casualties(text: str, **kw):
    article, warnings = article_from_text(text, published=PUBLISHED, **kw)
    result = extract_article(article, warnings)
    return [c for e in result.events for c in e.casualties], result


@pytest.mark.parametrize("text,source", [
    ("Gunmen killed four soldiers near Gao, Mali, on Wednesday, the army said.", "army"),
    ("According to Human Rights Watch, gunmen killed four villagers near Gao, Mali, on Wednesday.",
     "Human Rights Watch"),
    ("Witnesses said gunmen killed four villagers near Gao, Mali, on Wednesday.", "witnesses"),
    ("Reuters reported that gunmen killed four villagers near Gao, Mali, on Wednesday.", "Reuters"),
    ("A military source told AFP that gunmen had killed four soldiers near Gao, Mali, on Wednesday.",
     "military source"),
    ("Gunmen killed four villagers near Gao, Mali, on Wednesday.", "Test Wire"),
])
def test_reporting_forms(text, source):
    cas, _ = casualties(text, outlet="Test Wire")
    assert cas, "no casualty claim extracted"
    assert cas[0].source == source
    assert cas[0].best == 4


def test_pronoun_continues_the_previous_source():
    text = ("A Syrian military source said troops clashed with HTS fighters near Aleppo, Syria, on Wednesday. "
            "He told Reuters that 12 soldiers were killed.")
    cas, _ = casualties(text)
    killed = [c for c in cas if c.kind == "killed"]
    assert killed and killed[0].source == "military source"


def test_two_sources_in_one_sentence():
    text = ("State media did not report the fighting in Idlib, Syria, on Wednesday, but a pro-government "
            "website said troops had attacked HTS positions and killed dozens of fighters.")
    cas, result = casualties(text)
    assert [c.source for c in cas] == ["pro-government website"]
    assert cas[0].actor == "Hayat Tahrir al-Sham"
    assert result.events and "pro-government website" in result.events[0].sources


def test_quote_block_takes_the_speaker_of_its_closing_sentence():
    text = ("A roadside bomb hit an army truck near Afgooye, Somalia, on Monday. \"We lost three soldiers. "
            "Two others were wounded,\" said the officer, who asked not to be named.")
    cas, _ = casualties(text)
    lost = [c for c in cas if c.kind == "killed" and c.best == 3]
    assert lost and lost[0].source == "officer"


def test_spokesman_speaks_for_his_organisation():
    text = ("An air strike hit a house in Deir al-Balah, Gaza, on Tuesday, killing six people, Gaza's civil "
            "defence agency said. A civil defence spokesman said 11 people were wounded.")
    cas, _ = casualties(text)
    wounded = [c for c in cas if c.kind == "injured"]
    assert wounded and wounded[0].source == "Gaza civil defence agency"


def test_evidence_spans_point_into_the_article():
    text = "Gunmen killed at least four villagers near Gao, Mali, on Wednesday, the governor said."
    cas, result = casualties(text)
    for c in cas:
        assert text[c.evidence.start:c.evidence.end] == c.evidence.text
    for e in result.events:
        for claim in e.claims:
            assert text[claim.start:claim.end] == claim.text
