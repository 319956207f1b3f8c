"""The actor knowledge base: data validity, no silent alias collisions, resolution rules."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from observatory.actors import Actor, ActorMatch, get_kb, load_kb
from observatory.actors.data import RELATION_KEYS
from observatory.actors.kb import DATA_DIR, read_data
from observatory.actors.models import ACTOR_KINDS
from observatory.actors.text import norm_key

YEARS = range(2000, 2027)


@pytest.fixture(scope="module")
def kb():
    return get_kb()


@pytest.fixture(scope="module")
def raw():
    return read_data(DATA_DIR, use_cache=False)


def name_of(kb, mention, country, year=2024):
    match = kb.resolve(mention, country=country, year=year)
    return match.actor.name if match else None


# ---- the YAML files ------------------------------------------------------------------
def test_actor_entries_have_the_required_fields(raw):
    actors_raw, gov_raw, _ = raw
    countries = set(gov_raw)
    assert all(isinstance(k, str) and len(k) == 2 and k.isupper() for k in countries)
    for e in actors_raw["actors"]:
        label = e.get("name") or f"{e.get('state')} {e.get('country')} {e.get('unit', '')}"
        if "state" in e:
            assert e["state"] in ("military", "police", "government"), label
            assert str(e["country"]) in countries and gov_raw[str(e["country"])].get("periods"), label
        else:
            for key in ("name", "inter", "country", "kind", "aliases"):
                assert key in e, f"{label}: missing {key}"
            assert 1 <= int(e["inter"]) <= 8, label
            assert e["kind"] in ACTOR_KINDS, label
            assert e["country"] is None or e["country"] in countries, label
        assert set(e.get("active") or {}) <= {"start", "end"}, label
        assert set(e.get("relations") or {}) <= set(RELATION_KEYS), label
        for field in ("aliases", "local_aliases"):
            assert all(isinstance(a, str) and a.strip() for a in e.get(field) or ()), f"{label}: {field}"
        assert all(c in countries for c in e.get("operates_in") or ()), label


def test_government_periods_are_ordered_and_contiguous(raw):
    _, gov_raw, _ = raw
    for iso2, c in gov_raw.items():
        periods = c.get("periods") or []
        assert c["name"], iso2
        for a, b in zip(periods, periods[1:]):
            assert a["end"] is not None and a["start"] <= a["end"] <= b["start"] <= a["end"] + 1, iso2
        if periods:
            assert periods[-1].get("end") is None, f"{iso2}: the last period is open"


def test_sources_have_names_kinds_and_aliases(raw):
    _, _, sources_raw = raw
    names = [s["name"] for s in sources_raw["sources"]]
    assert len(names) == len(set(names))
    for s in sources_raw["sources"]:
        assert s["kind"] and isinstance(s.get("aliases"), list), s["name"]


def test_every_actor_is_valid_and_relations_point_at_actors(kb):
    names = {a.name for a in kb.all()}
    assert len(names) == len(kb.all())
    for a in kb.all():
        assert 1 <= a.inter <= 8
        assert a.kind in ACTOR_KINDS
        assert a.start is None or a.end is None or a.start <= a.end, a.name
        for rel, targets in a.relations.items():
            assert rel in RELATION_KEYS
            for t in targets:
                assert t in names, f"{a.name}: {rel} {t!r} is not a canonical name"


def test_required_canonical_names_exist(kb):
    names = {a.name for a in kb.all()}
    for n in ("Hayat Tahrir al-Sham", "Military Forces of Syria (2000-2024)", "Hezbollah",
              "Military Forces of Russia (2000-)", "Rapid Support Forces", "Military Forces of Sudan (2019-)",
              "Police Forces of Kenya (2022-)", "Al Shabaab", "Military Forces of Somalia (2022-)",
              "M23: March 23 Movement", "Military Forces of the Democratic Republic of Congo (2019-)", "Wazalendo",
              "JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali (2021-)",
              "Islamic State (Iraq)", "Military Forces of Iraq (2022-)", "Military Forces of Ukraine (2019-)"):
        assert n in names, n


# ---- no silent collisions -------------------------------------------------------------
def test_every_alias_resolves_to_its_actor_at_home(kb):
    """Each alias, in its actor's own country (or where it operates) and every year it is
    valid, resolves to an actor that carries that alias - never to None (a tie)."""
    failures = []
    keys_of: dict[str, set[str]] = {}
    for alias, actor, lo, hi, _local in kb.alias_rows():
        y0, y1 = max(YEARS[0], lo.year if lo else YEARS[0]), min(YEARS[-1], hi.year if hi else YEARS[-1])
        countries = [actor.country] if actor.country else (list(actor.operates_in) or [None])
        for country in countries:
            for year in range(y0, y1 + 1):
                m = kb.resolve(alias, country=country, year=year)
                if m is not None and m.actor.name != actor.name and m.actor.name not in keys_of:
                    keys_of[m.actor.name] = {norm_key(x) for x in (*m.actor.aliases, m.actor.name)}
                if m is None or (m.actor.name != actor.name and norm_key(alias) not in keys_of[m.actor.name]):
                    failures.append((alias, actor.name, country, year, m.actor.name if m else None))
    assert not failures, failures[:20]


def test_no_two_actors_tie_for_an_alias_in_their_own_countries(kb):
    """Where several actors share an alias, the country and the year settle it: no
    (alias, country, year) leaves two actors tied in the home or operating country."""
    by_key: dict[str, list[Actor]] = {}
    for alias, actor, *_ in kb.alias_rows():
        by_key.setdefault(norm_key(alias), []).append(actor)
    ties = []
    for key, actors in by_key.items():
        if len({a.name for a in actors}) < 2 or key not in kb._norm:
            continue
        countries = {a.country for a in actors if a.country} | {c for a in actors for c in a.operates_in}
        for country in countries:
            for year in YEARS:
                finalists, rank = kb.ranked(kb._norm[key], country, year)
                if len(finalists) > 1 and rank <= 1:
                    ties.append((key, country, year, [a.name for a in finalists]))
    assert not ties, ties[:20]


def test_no_actor_alias_is_a_source(kb):
    clashes = [alias for alias, *_ in kb.alias_rows() if kb.source(alias) is not None]
    assert not clashes, clashes[:20]


def test_canonical_and_legacy_names_are_unique(kb):
    seen: dict[str, str] = {}
    for a in kb.all():
        for n in (a.name, *a.legacy):
            assert seen.setdefault(n.casefold(), a.name) == a.name, n


# ---- seed-style mentions (Syria, 2024) --------------------------------------------------
@pytest.mark.parametrize("mention", ["Hay’et Tahrir al-Sham", "Hayate Tahrir al-Sham", "HTS", "Tahrir al-Sham",
                                     "Hayat Tahrir al Sham", "HTS-led rebels", "HTS militants"])
def test_hts_spellings(kb, mention):
    assert name_of(kb, mention, "SY") == "Hayat Tahrir al-Sham"


@pytest.mark.parametrize("mention", ["Syrian army", "Syrian forces", "Regiment forces", "regime forces",
                                     "al-Assad’s forces", "Assad's forces", "troops", "Syrian Arab Army", "SAA",
                                     # decision: "the Syrian government" as an actor is its armed forces
                                     "the Syrian government", "government forces", "forces loyal to Assad"])
def test_syrian_government_forces(kb, mention):
    assert name_of(kb, mention, "SY") == "Military Forces of Syria (2000-2024)"


def test_hezbollah_and_iran_backed_militias(kb):
    assert name_of(kb, "Hezbollah", "SY") == "Hezbollah"
    assert name_of(kb, "pro-Iran fighters", "SY") == "Militia (Pro-Iran)"
    assert name_of(kb, "Iranian-backed militias", "SY") == "Militia (Pro-Iran)"


@pytest.mark.parametrize("mention,source", [
    ("Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"),
    ("SOHR", "Syrian Observatory for Human Rights"),
    ("the Britain-based Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"),
    ("the monitoring group", "Syrian Observatory for Human Rights"),
    ("Reuters", "Reuters"), ("state media", "state media"), ("Syrian state media", "state media"),
    ("SANA", "SANA"), ("AFP", "AFP"), ("the Associated Press", "AP"),
])
def test_sources_are_sources_not_actors(kb, mention, source):
    assert kb.source(mention).name == source
    assert kb.resolve(mention, country="SY", year=2024) is None


# ---- context: the article's country and year ---------------------------------------------
@pytest.mark.parametrize("mention,country,year,expected", [
    ("troops", "SD", 2024, "Military Forces of Sudan (2019-)"),
    ("the army", "SD", 2024, "Military Forces of Sudan (2019-)"),
    ("RSF", "SD", 2024, "Rapid Support Forces"),
    ("RSF", "SD", 2021, "Military Forces of Sudan (2019-) Rapid Support Forces"),
    ("Janjaweed", "SD", 2024, "Rapid Support Forces"),
    ("police", "KE", 2024, "Police Forces of Kenya (2022-)"),
    ("protesters", "KE", 2024, "Protesters (Kenya)"),
    ("demonstrators", "KE", 2024, "Protesters (Kenya)"),
    ("gunmen", "NG", 2024, "Unidentified Armed Group (Nigeria)"),
    ("bandits", "NG", 2024, "Unidentified Armed Group (Nigeria)"),
    ("villagers", "NG", 2024, "Civilians (Nigeria)"),
    ("a mob", "NG", 2024, "Rioters (Nigeria)"),
    ("herders", "NG", 2024, "Unidentified Communal Militia (Nigeria)"),
    ("Russian forces", "UA", 2024, "Military Forces of Russia (2000-)"),
    ("Ukrainian troops", "UA", 2024, "Military Forces of Ukraine (2019-)"),
    ("troops", "SY", 2025, "Military Forces of Syria (2024-)"),
    ("Syrian army", "SY", 2025, "Military Forces of Syria (2024-)"),
    ("Assad forces", "SY", 2025, "Military Forces of Syria (2000-2024)"),
    ("Al-Shabaab militants", "SO", 2024, "Al Shabaab"),
    ("SNA", "SO", 2024, "Military Forces of Somalia (2022-)"),
    ("SNA", "SY", 2020, "JWS: Syrian National Army"),
    ("M23 rebels", "CD", 2025, "M23: March 23 Movement"),
    ("FARDC", "CD", 2025, "Military Forces of the Democratic Republic of Congo (2019-)"),
    ("Wazalendo fighters", "CD", 2025, "Wazalendo"),
    ("JNIM", "BF", 2024, "JNIM: Group for Support of Islam and Muslims"),
    ("FAMa", "ML", 2024, "Military Forces of Mali (2021-)"),
    ("ISIS", "IQ", 2024, "Islamic State (Iraq)"),
    ("ISIS", "TR", 2024, "Islamic State (Turkey)"),
    ("Iraqi security forces", "IQ", 2024, "Military Forces of Iraq (2022-)"),
    ("Houthis", "YE", 2024, "Military Forces of Yemen (2016-) Supreme Political Council"),
    ("Houthis", "IL", 2024, "Military Forces of Yemen (2016-) Supreme Political Council"),
    ("IDF", "PS", 2024, "Military Forces of Israel (2022-)"),
    ("troops", "PS", 2024, "Military Forces of Israel (2022-)"),
    ("Taliban", "AF", 2020, "Taliban"),
    ("Tiv militias", "NG", 2020, "Tiv Ethnic Militia (Nigeria)"),
    ("Palestinian fishermen", "IL", 2020, "Civilians (Palestine)"),
    ("suspected ISWAP fighters", "NG", 2024, "Islamic State (West Africa)"),
])
def test_context_rules(kb, mention, country, year, expected):
    assert name_of(kb, mention, country, year) == expected


def test_transition_year_and_dates(kb):
    assert name_of(kb, "troops", "SY", 2024) == "Military Forces of Syria (2000-2024)"
    assert name_of(kb, "troops", "SY", dt.date(2024, 12, 20)) == "Military Forces of Syria (2024-)"
    assert name_of(kb, "police", "KE", 2022) == "Police Forces of Kenya (2013-2022)"
    assert name_of(kb, "police", "KE", dt.date(2022, 10, 1)) == "Police Forces of Kenya (2022-)"


def test_generic_words_need_a_country(kb):
    assert kb.resolve("troops", country=None, year=2024) is None
    assert kb.resolve("the town", country="SY", year=2024) is None
    assert kb.resolve("tip", country="BR", year=2020) is None  # not the Turkistan Islamic Party
    assert kb.resolve("is", country="IQ", year=2020) is None  # not the Islamic State


def test_acled_names_resolve_to_themselves(kb):
    for name, country in [("Protesters (Kenya)", "KE"), ("Okpanan Communal Militia (Nigeria)", "NG"),
                          ("Military Forces of Mali (2021-)", "ML"), ("Police Forces of Kenya (2022-)", "KE")]:
        assert name_of(kb, name, country, 2024) == name
    # earlier exports wrote periods open and used older names
    assert name_of(kb, "Military Forces of Syria (2000-)", "SY", 2020) == "Military Forces of Syria (2000-2024)"
    assert name_of(kb, "HTS: Hayat Tahrir al Sham", "SY", 2020) == "Hayat Tahrir al-Sham"
    m = kb.resolve("Military Forces of Mali (2013-) Gendarmerie", country="ML", year=2020)
    assert m.rule == "generic" and m.actor.name == "Military Forces of Mali (2013-2020) Gendarmerie"


def test_name_as_of_and_inter_in(kb):
    syria = kb.get("Military Forces of Syria (2000-2024)")
    assert kb.name_as_of(syria, 2020) == "Military Forces of Syria (2000-)"
    assert kb.name_as_of(syria, 2025) == "Military Forces of Syria (2000-2024)"
    assert kb.name_as_of(kb.get("Hayat Tahrir al-Sham"), 2020) == "HTS: Hayat Tahrir al Sham"
    russia = kb.get("Military Forces of Russia (2000-)")
    assert kb.inter_in(russia, "SY") == 8 and kb.inter_in(russia, "RU") == 1


def test_generic_api(kb):
    assert kb.generic("police", "KE", 2024).name == "Police Forces of Kenya (2022-)"
    assert kb.generic("military", "CD", 2024).name == "Military Forces of the Democratic Republic of Congo (2019-)"
    assert kb.generic("civilians", "CD", 2024).name == "Civilians (Democratic Republic of Congo)"
    assert kb.generic("unidentified-armed-group", "NG", 2024).inter == 3
    assert kb.generic("communal-militia", "NG", 2024).name == "Unidentified Communal Militia (Nigeria)"
    assert kb.generic("government", "KE", 2024).name == "Government of Kenya (2022-)"
    assert kb.generic("police", "BR", 2020).name == "Military Forces of Brazil (2019-2022) Military Police"
    assert kb.generic("military", "LY", 2020).name == "Military Forces of Libya (2016-2021) Government of National Accord"
    assert kb.generic("military", "XX", 2024) is None
    no_periods = kb.generic("military", "NO", 2024)
    assert no_periods.name == "Military Forces of Norway" and no_periods.provisional


def test_provisional(kb):
    a = kb.provisional("Free Alawite Liberation Front", country="SY")
    assert a.inter == 2 and a.provisional and a.country == "SY"
    assert kb.provisional("Coastal Shield Brigade", country="SY").inter == 3
    assert kb.provisional("Al-Baggara tribe", country="SY").inter == 4
    assert kb.provisional("Malian National Guard", country="ML").inter == 1
    assert kb.provisional("Army of the Free Tribes", country="SY").inter == 4


def test_match_model(kb):
    m = kb.resolve("HTS", country="SY", year=2024)
    assert isinstance(m, ActorMatch) and m.rule == "alias" and m.score == 1.0 and m.matched == "HTS"
    assert kb.resolve("Hayat Tahreer al Shaam", country="SY", year=2020).rule == "fuzzy"
    assert kb.resolve("HTS security forces", country="SY", year=2020).actor.name == "Hayat Tahrir al-Sham"


# ---- entity-ruler patterns -----------------------------------------------------------------
def test_patterns_are_named_and_case_aware(kb):
    pats = kb.patterns()
    assert 1000 < len(pats) < 20000
    by_text = {}
    for p in pats:
        assert p["label"] in ("ACTOR", "SOURCE") and p["id"]
        assert all(len(tok) == 1 and set(tok) <= {"LOWER", "ORTH"} for tok in p["pattern"])
        by_text.setdefault(" ".join(next(iter(t.values())) for t in p["pattern"]), p)
    assert by_text["HTS"]["pattern"] == [{"ORTH": "HTS"}]
    assert by_text["HTS"]["id"] == "Hayat Tahrir al-Sham"
    assert by_text["hayate tahrir al - sham"]["label"] == "ACTOR"
    assert by_text["sohr"]["label"] == "SOURCE" if "sohr" in by_text else by_text["SOHR"]["label"] == "SOURCE"
    assert "troops" not in by_text and "regime forces" not in by_text


def test_patterns_work_in_an_entity_ruler(kb):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": False})
    ruler.add_patterns(kb.patterns())
    doc = nlp("Hayate Tahrir al-Sham fighters clashed with Hezbollah, SOHR said. This is IS territory.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("Hayate Tahrir al-Sham", "ACTOR") in found and ("Hezbollah", "ACTOR") in found
    assert ("SOHR", "SOURCE") in found and ("IS", "ACTOR") in found
    assert not any(e.text == "is" for e in doc.ents)


# ---- speed -------------------------------------------------------------------------------------
def test_load_and_resolve_are_fast(kb):
    load_kb()  # warm the parsed-data cache
    start = time.perf_counter()
    load_kb()
    assert time.perf_counter() - start < 0.5  # budget 0.1 s; loose for slow CI machines
    mentions = ["HTS", "regime forces", "troops", "Russian forces", "gunmen", "the town"] * 200
    start = time.perf_counter()
    for i, m in enumerate(mentions):
        kb.resolve(m, country="SY", year=2000 + i % 25)
    assert (time.perf_counter() - start) / len(mentions) < 0.0005


# ---- coverage of an ACLED export's actor names ------------------------------------------
_MODERN = """event_id_cnty,event_date,year,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,country,notes
XYZ1,3 May 2020,2020,Battles,Armed clash,Military Forces of Syria (2000-),,1,HTS: Hayat Tahrir al Sham,,2,Syria,Troops and HTS fought near a village.
XYZ2,4 May 2020,2020,Protests,Peaceful protest,Protesters (Kenya),Teachers (Kenya); Imaginary Workers Union,6,,,,Kenya,Teachers marched in a town.
XYZ3,5 May 2020,2020,Violence against civilians,Attack,Unheard Of Brigade,,3,Civilians (Kenya),,7,Kenya,Armed men attacked a farm.
XYZ4,6 May 2020,2020,Protests,Peaceful protest,Protesters (Kenya),,6,,,,Kenya,Traders marched again.
"""
_OLD = """EVENT_ID_CNTY,EVENT_DATE,YEAR,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,INTER1,ACTOR2,ALLY_ACTOR_2,INTER2,COUNTRY,NOTES
OLD1,2015-03-02,2015,Battle-No change of territory,Military Forces of Nigeria (2015-),,1,Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad,,2,Nigeria,Soldiers fought militants.
"""


def test_coverage_counts_distinct_names_by_inter(tmp_path):
    from observatory.actors.coverage import coverage

    path = tmp_path / "modern.csv"
    path.write_text(_MODERN, encoding="utf-8")
    result = coverage(path)
    assert result.rows == 4
    by = {c.inter: c for c in result.by_inter}
    # the 2020 export writes the open period "(2000-)": the KB's actor under that year's name
    assert (by[1].names, by[1].exact) == (1, 1)
    assert (by[2].names, by[2].exact) == (1, 1)
    # Protesters (Kenya) once though used twice; the associated actors take their side's code
    assert by[6].names == 3 and by[6].exact >= 1
    assert "Imaginary Workers Union" in by[6].missing
    assert by[3].resolved == 0 and by[3].missing == ["Unheard Of Brigade"]
    assert by[7].exact == 1
    total = result.total
    assert total.names == sum(c.names for c in result.by_inter) == 7
    assert result.as_dict()["total"]["names"] == 7


def test_coverage_reads_the_old_schema_and_the_cli(tmp_path):
    from typer.testing import CliRunner

    from observatory.cli import app

    path = tmp_path / "old.csv"
    path.write_text(_OLD, encoding="utf-8")
    out = CliRunner().invoke(app, ["actors", "--coverage", str(path), "--json"])
    assert out.exit_code == 0, out.output
    import json

    data = json.loads(out.output)
    assert data["rows"] == 1
    assert {c["inter"]: c["exact"] for c in data["by_inter"]} == {1: 1, 2: 1}
    assert data["total"]["exact_share"] == 1.0
    table = CliRunner().invoke(app, ["actors", "--coverage", str(path)])
    assert table.exit_code == 0 and "State forces" in table.output
    missing = CliRunner().invoke(app, ["actors", "--coverage", str(tmp_path / "none.csv")])
    assert missing.exit_code == 2


# ---- actors of extracted events (ACLED's conventions) ----------------------------------
def _events(text, published=dt.date(2021, 3, 9)):
    from observatory.pipeline import extract_article
    from observatory.records import Article

    return extract_article(Article(id="t", text=text, published=published)).events


@pytest.mark.parametrize("mention,country,expected", [
    ("pro-STC forces", "YE", "Military Forces of Yemen (2012-2022) Security Belt Forces"),
    ("STC", "YE", "STC: Southern Transitional Council"),
    ("IS militant snipers", "IQ", "Islamic State (Iraq)"),
    ("a local policeman", "AF", "Police Forces of Afghanistan (2014-2021) Afghan Local Police"),
])
def test_unit_and_member_aliases(kb, mention, country, expected):
    assert name_of(kb, mention, country, 2020) == expected


def test_counter_protest_is_the_second_side():
    ev = _events("On 7 March 2021, residents protested in Novi Sad, Serbia, against the new tax. "
                 "A small counter-protest in support of the mayor was held nearby.")[0]
    assert ev.event_type == "Protests"
    assert (ev.actor1, ev.actor2) == ("Protesters (Serbia)", "Protesters (Serbia)")


def test_two_crowds_clashing_are_rioters_on_both_sides():
    ev = _events("On 7 March 2021, a group of youths clashed with residents of a neighbouring quarter in "
                 "Yaounde, Cameroon, over a football match. Police later arrived in the area.")[0]
    assert ev.event_type == "Riots"
    assert (ev.actor1, ev.actor2) == ("Rioters (Cameroon)", "Rioters (Cameroon)")


def test_foreign_victims_keep_their_nationality():
    ev = _events("On 7 March 2021, soldiers entered a camp near Djibo, Burkina Faso, and beat and tortured "
                 "several Nigerien refugees. The refugees were later told to leave.")[0]
    assert ev.actor2 == "Civilians (Niger)"


def test_a_crowd_beating_a_man_has_a_civilian_victim():
    evs = _events("On 7 March 2021, in Oaxaca, Mexico, about 200 rioters blocked a road and beat up a man "
                  "they accused of theft, before burning his car.")
    assert any(e.event_type == "Riots" and e.actor2 == "Civilians (Mexico)" for e in evs)


@pytest.mark.parametrize("mention,country,expected", [
    ("militiamen from the Sarur sub-clan", "SO", "Habar Gedir-Sarur Sub-Clan Militia (Somalia)"),
    ("Saad militia", "SO", "Habar Gedir-Saad Sub-Clan Militia (Somalia)"),
    ("Jarer Weyne clan militia", "SO", "Jareer-Weyne Sub-Clan Militia (Somalia)"),
    ("Hawadle militia", "SO", "Hawadle Clan Militia (Somalia)"),
    ("Mogadishu police", "SO", "Police Forces of Somalia (2017-2022)"),
    ("the Divisional Police Officer", "NG", "Police Forces of Nigeria (2015-2023)"),
    ("foreigners", "MX", "Civilians (International)"),
    ("foreign tourists", "EG", "Civilians (International)"),
    ("militants", "PK", "Unidentified Armed Group (Pakistan)"),
    ("militants", "AF", "Taliban"),
])
def test_clans_regional_police_foreigners(kb, mention, country, expected):
    assert name_of(kb, mention, country, 2020) == expected


def test_police_named_after_a_group_or_an_opposition_are_not_the_states(kb):
    assert name_of(kb, "Kurdish police", "SY", 2020) is None
    assert name_of(kb, "religious police", "IR", 2020) is None


def test_militiamen_is_no_entity_pattern(kb):
    assert not [p for p in kb.patterns() if p["pattern"] == [{"LOWER": "militiamen"}]]


@pytest.mark.parametrize("text,expected", [
    ("On 4 May 2020, unknown gunmen, presumably Islamic State fighters, opened fire on an SDF patrol near "
     "Hajin, Deir ez-Zor, killing two SDF fighters.", "Islamic State (Syria)"),
    ("On 4 May 2020, militants (suspected TTP) attacked a police post in Bannu, Khyber Pakhtunkhwa, "
     "killing a policeman.", "TTP: Tehreek-i-Taliban Pakistan"),
])
def test_generic_attackers_named_by_the_next_words(text, expected):
    evs = _events(text, dt.date(2020, 5, 5))
    assert evs and evs[0].actor1 == expected


def test_a_crowd_attacking_a_police_station_faces_the_police():
    ev = _events("On 4 May 2020, angry residents stormed and set fire to a police station in Kenema, "
                 "Sierra Leone, after a young man died in custody.", dt.date(2020, 5, 5))[0]
    assert ev.event_type == "Riots"
    assert ev.actor2 == "Police Forces of Sierra Leone (2018-)"


def test_a_prison_riot_faces_the_prison_guards():
    ev = _events("On 4 May 2020, inmates rioted and burned mattresses at a prison in Harare, Zimbabwe. "
                 "Guards fired tear gas to restore order.", dt.date(2020, 5, 5))[0]
    assert ev.event_type == "Riots"
    assert ev.actor2.endswith("Prison Guards")


def test_us_forces_in_syria_are_the_coalition():
    ev = _events("On 4 May 2020, a US military convoy entered Syria through the Semalka crossing and headed "
                 "to a base near Qamishli, Al-Hasakeh.", dt.date(2020, 5, 5))[0]
    assert ev.actor1 == "Global Coalition Against Daesh"
    assert ev.assoc_actor_1 and ev.assoc_actor_1[0].startswith("Military Forces of the United States")


def test_a_shootout_between_unnamed_sides():
    ev = _events("On 4 May 2020, a shoot-out took place in the Vila Nova neighbourhood of Duque de Caxias, "
                 "Rio de Janeiro, Brazil. No injuries were reported.", dt.date(2020, 5, 5))[0]
    assert ev.event_type == "Battles"
    assert ev.actor1 and ev.actor1 == ev.actor2
