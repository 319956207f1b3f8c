"""`observatory evaluate`: gold readers, the scorer, and one end-to-end run.

All gold rows here are invented for the tests (ACLED and UCDP data may not be copied
into the repository); they only mimic the exports' layouts.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path

import pytest

from observatory.evaluate import aggregate, read_gold, run_evaluation, score_row
from observatory.evaluate.compare import actor_key, actors_match, admin1_key, haversine_km
from observatory.evaluate.html import render_html
from observatory.evaluate.readers import GoldRow, map_event_type
from observatory.evaluate.report import worst_examples
from observatory.evaluate.runner import select_rows

ACLED_HEADER = ["data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision",
                "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
                "inter2", "interaction", "region", "country", "admin1", "admin2", "admin3", "location",
                "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities",
                "timestamp", "iso3"]
OLD_HEADER = ["GWNO", "EVENT_ID_CNTY", "EVENT_ID_NO_CNTY", "EVENT_DATE", "YEAR", "TIME_PRECISION", "EVENT_TYPE",
              "ACTOR1", "ALLY_ACTOR_1", "INTER1", "ACTOR2", "ALLY_ACTOR_2", "INTER2", "INTERACTION", "COUNTRY",
              "ADMIN1", "ADMIN2", "ADMIN3", "LOCATION", "LATITUDE", "LONGITUDE", "GEO_PRECISION", "SOURCE", "NOTES",
              "FATALITIES"]
UCDP_HEADER = ["id", "year", "type_of_violence", "conflict_name", "side_a", "side_b", "source_date",
               "source_headline", "where_prec", "where_coordinates", "adm_1", "latitude", "longitude", "country",
               "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
               "low", "best", "high"]

# Invented notes, in the style of ACLED's.
NOTES = [
    "On 3 May 2020, Taliban militants attacked an Afghan army checkpoint in Maiwand district, Kandahar, "
    "killing 4 soldiers.",
    "On 4 May 2020, around 200 nurses held a peaceful protest outside the district hospital in Multan "
    "(Punjab) demanding protective equipment.",
    "On 5 May 2020, Al Shabaab fired mortars at an AMISOM base in Baidoa (Bay). No casualties were reported.",
]

FRENCH_NOTE = ("Le 3 mai 2020, des centaines de manifestants se sont rassemblés devant la mairie de Dakar pour "
               "protester contre la hausse des prix et la fermeture des marchés pendant le confinement.")


def acled_row(**kw) -> dict[str, str]:
    row = dict.fromkeys(ACLED_HEADER, "")
    row.update({"event_id_cnty": "AFG1", "event_date": "3-May-20", "year": "2020", "event_type": "Battles",
                "sub_event_type": "Armed clash", "actor1": "Taliban", "inter1": "2",
                "actor2": "Military Forces of Afghanistan (2014-)", "inter2": "1", "country": "Afghanistan",
                "admin1": "Kandahar", "location": "Maiwand", "latitude": "31.75", "longitude": "65.05",
                "geo_precision": "2", "notes": NOTES[0], "fatalities": "4", "timestamp": "1588636800",
                "iso3": "AFG"})
    row.update({k: str(v) for k, v in kw.items()})
    return row


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    return path


def gold_row(**kw) -> GoldRow:
    base = dict(row_id="X1", text="On 3 May 2020, something happened.", published=dt.date(2020, 5, 5),
                event_date=dt.date(2020, 5, 3), event_type="Battles", event_type_options=("Battles",),
                sub_event_type="Armed clash", actor1="Taliban", actor2="Military Forces of Afghanistan (2014-)",
                country="Afghanistan", iso3="AFG", admin1="Kandahar", location="Maiwand", latitude=31.75,
                longitude=65.05, geo_precision=2, fatalities=4)
    base.update(kw)
    return GoldRow(**base)


def event(**kw) -> dict:
    """An extracted event in contract form, built by hand."""
    ev = {"event_id": "e1", "event_date": "2020-05-03", "time_precision": 1, "event_type": "Battles",
          "sub_event_type": "Armed clash", "actor1": "Military Forces of Afghanistan (2014-2021)", "assoc_actor_1": [],
          "inter1": 1, "actor2": "Taliban", "assoc_actor_2": [], "inter2": 2, "interaction": 12,
          "civilian_targeting": False, "country": "Afghanistan", "iso3": "AFG", "admin1": "Kandahar",
          "admin2": "Maiwand", "location": "Maiwand", "latitude": 31.75, "longitude": 65.05, "geo_precision": 2,
          "fatalities": 4, "fatalities_low": 4, "fatalities_best": 4, "fatalities_high": 4, "casualties": [],
          "sources": [], "claims": [], "notes": "", "confidence": 0.5}
    ev.update(kw)
    return ev


SCORED = ("detected", "event_type_acc", "sub_event_type_acc", "actor_acc", "country_acc", "admin1_acc",
          "within_25km", "date_acc", "fatalities_exact", "geo_precision_acc")


# ---------------------------------------------------------------------- scorer
def test_perfect_extraction_scores_one_everywhere():
    m = aggregate([score_row(gold_row(), [event()])])
    for key in SCORED:
        assert m[key] == 1.0, key
    assert m["fatalities_mae"] == 0.0
    assert m["n"] == 1 and m["n_detected"] == 1


def test_best_event_prefers_same_type_then_nearest():
    far = event(event_id="far", latitude=34.5, longitude=69.2)
    wrong_type = event(event_id="type", event_type="Protests", sub_event_type="Peaceful protest")
    near = event(event_id="near")
    s = score_row(gold_row(), [wrong_type, far, near])
    assert s.event["event_id"] == "near" and s.n_events == 3


def test_wrong_country_scores_zero_for_country():
    s = score_row(gold_row(), [event(country="Pakistan", iso3="PAK", admin1="Balochistan",
                                     latitude=30.18, longitude=66.99)])
    m = aggregate([s])
    assert m["country_acc"] == 0.0 and m["admin1_acc"] == 0.0 and m["within_25km"] == 0.0
    assert m["event_type_acc"] == 1.0 and m["detected"] == 1.0


def test_distance_across_the_antimeridian():
    d = haversine_km(0.0, 179.9, 0.0, -179.9)
    assert d == pytest.approx(22.24, abs=0.05)
    assert haversine_km(10.0, 20.0, 10.0, 20.0) == 0.0
    gold = gold_row(country="Fiji", iso3="FJI", admin1="Northern", latitude=-16.5, longitude=179.95)
    s = score_row(gold, [event(country="Fiji", iso3="FJI", admin1="Northern", latitude=-16.5, longitude=-179.95)])
    assert s.distance_km == pytest.approx(0.1 * 111.2 * math.cos(math.radians(16.5)), rel=0.01)
    assert s.within_25km is True


def test_period_suffix_and_punctuation_are_stripped_from_actors():
    assert actor_key("Military Forces of Yemen (2016-) Supreme Political Council") == \
        actor_key("military forces of yemen (2016-2024) supreme political council")
    assert actor_key("Military Forces of Yemen (2012-)") == actor_key("Military Forces of Yemen (2012-2022)")
    assert actor_key("Al-Shabaab") == actor_key("al shabaab")
    assert actor_key("Protesters (India)") != actor_key("Protesters (Pakistan)")


def test_actor_rules_order_insensitive_and_one_sided():
    a, b = frozenset({"a"}), frozenset({"b"})
    assert actors_match([a, b], ["b", "a"])
    assert not actors_match([a, b], ["a"])
    assert actors_match([a, frozenset()], ["c", "a"])
    assert not actors_match([a, a], ["a"]) and actors_match([a, a], ["a", "a"])
    gold = gold_row(actor2="Military Forces of Afghanistan (2014-)")
    assert score_row(gold, [event(actor1="Taliban", actor2="Military Forces of Afghanistan (2014-2021)")]).actor
    missing_side = score_row(gold, [event(actor2="Islamic State (Afghanistan)")])
    assert not missing_side.actor and missing_side.actor_any


def test_admin1_normalisation():
    assert admin1_key("Al-Hasakeh") == admin1_key("Hasakeh Governorate")
    assert admin1_key("Ar Raqqa") == admin1_key("ar-raqqa")
    assert admin1_key("Dar'a") == admin1_key("Dara")
    assert admin1_key("Bogotá, D.C.") == admin1_key("Bogota D C")
    assert admin1_key("Punjab") != admin1_key("Sindh")


def test_not_detected_row_counts_as_wrong_everywhere():
    s = score_row(gold_row(), [], error="LanguageError: not English")
    assert not s.detected and s.error
    m = aggregate([s, score_row(gold_row(row_id="X2"), [event()])])
    for key in SCORED:
        assert m[key] == 0.5, key
    assert m["errors"] == 1
    assert m["confusion"]["Battles"] == {"(none)": 1, "Battles": 1}


def test_sub_event_type_absent_in_gold_is_excluded():
    gold = gold_row(sub_event_type=None, source_format="acled-old")
    m = aggregate([score_row(gold, [event(sub_event_type="Government regains territory")])])
    assert m["sub_event_type_acc"] is None and m["sub_event_type_acc_n"] == 0
    assert m["event_type_acc"] == 1.0


def test_alias_aware_actor_figure_uses_the_knowledge_base():
    from observatory.evaluate.compare import Resolver

    gold = gold_row(source_format="ucdp", actor1="Government of Syria", actor2="IS", country="Syria", iso3=None,
                    event_type=None, event_type_options=("Battles", "Explosions/Remote violence"),
                    sub_event_type=None)
    ours = event(actor1="Military Forces of Syria (2000-2024)", actor2="Islamic State (Syria)", country="Syria",
                 iso3="SYR")
    s = score_row(gold, [ours], resolver=Resolver())
    assert s.actor is False and s.actor_alias is True
    assert s.event_type is True


# ---------------------------------------------------------------------- readers
def test_modern_acled_reader_and_date_formats(tmp_path):
    rows = [acled_row(),
            acled_row(event_id_cnty="PAK2", event_date="21 March 2020", notes=NOTES[1], timestamp="1584835200"),
            acled_row(event_id_cnty="SOM3", event_date="2020-05-05", notes="   "),
            acled_row(event_id_cnty="SOM4", event_date="01-January-2015", notes=NOTES[2], timestamp="")]
    path = write_csv(tmp_path / "acled.csv", ACLED_HEADER, rows)
    reader = read_gold(path)
    got = list(reader)
    assert reader.format == "acled" and reader.skipped_empty == 1 and reader.rows_read == 4
    assert [g.row_id for g in got] == ["AFG1", "PAK2", "SOM4"]
    assert got[0].event_date == dt.date(2020, 5, 3) and got[0].published == dt.date(2020, 5, 5)
    assert got[1].event_date == dt.date(2020, 3, 21) and got[1].published == dt.date(2020, 3, 22)
    assert got[2].event_date == dt.date(2015, 1, 1) and got[2].published is None
    assert got[0].sub_event_type == "Armed clash" and got[0].latitude == 31.75 and got[0].fatalities == 4


def test_old_acled_schema_maps_event_types(tmp_path):
    def old(i, etype, inter1="1", inter2="2", date="01-January-2015"):
        row = dict.fromkeys(OLD_HEADER, "")
        row.update({"EVENT_ID_CNTY": f"{i}IND", "EVENT_DATE": date, "EVENT_TYPE": etype, "ACTOR1": "Police Forces "
                    "of India (2014-)", "INTER1": inter1, "INTER2": inter2, "COUNTRY": "India", "ADMIN1": "Bihar",
                    "LATITUDE": "25.6", "LONGITUDE": "85.1", "GEO_PRECISION": "1",
                    "NOTES": "Police clashed with a group near Patna on Thursday.", "FATALITIES": "0"})
        return row

    path = write_csv(tmp_path / "old.csv", OLD_HEADER, [
        old(1, "Battle-No change of territory"), old(2, "Remote violence"), old(3, "Riots/Protests", "5", "1"),
        old(4, "Riots/Protests", "6", "0"), old(5, "Riots/Protests", "3", "0"), old(6, "Strategic development"),
        old(7, "Violence Against Civilians", date="2016-07-02"), old(8, "Violence against civilians", "5", "7")])
    got = list(read_gold(path))
    assert got[0].source_format == "acled-old"
    assert (got[0].event_type, got[0].sub_event_type) == ("Battles", "Armed clash")
    assert (got[1].event_type, got[1].sub_event_type) == ("Explosions/Remote violence", None)
    assert got[2].event_type == "Riots" and got[3].event_type == "Protests"
    assert got[4].event_type is None and set(got[4].event_type_options) == {"Protests", "Riots"}
    assert got[4].type_label == "Riots/Protests"
    assert got[5].event_type == "Strategic developments"
    assert got[6].event_type == "Violence against civilians" and got[6].event_date == dt.date(2016, 7, 2)
    assert set(got[7].event_type_options) == {"Violence against civilians", "Riots"}  # mob violence
    assert all(g.published is None for g in got)  # no timestamp: no reference date
    assert map_event_type("Battle-Government regains territory") == (
        "Battles", ("Battles",), "Government regains territory")


def test_ucdp_folder_reader(tmp_path):
    folder = tmp_path / "ucdp"
    folder.mkdir()
    (folder / "README.txt").write_text("not data")
    base = {"year": "2017", "type_of_violence": "1", "conflict_name": "Syria: Government",
            "side_a": "Government of Syria", "side_b": "Syrian insurgents", "where_prec": "1",
            "where_coordinates": "Kafr Zita town", "adm_1": "Hamah Governorate", "latitude": "35.37",
            "longitude": "36.6", "country": "Syria", "date_prec": "1", "low": "2", "best": "3", "high": "5"}
    rows = [dict(base, id="101", source_date="2017-03-02", source_headline="Clashes and shelling in Kafr Zita",
                 date_start="2017-03-01", date_end="2017-03-01"),
            dict(base, id="102", source_date="1753-01-01", source_headline="Air strikes on Idlib",
                 date_start="2017-03-04", date_end="2017-03-06", type_of_violence="3", side_b="Civilians"),
            dict(base, id="103", source_date="", source_headline="", date_start="2017-03-04", date_end="2017-03-04")]
    write_csv(folder / "ged.csv", UCDP_HEADER, [{k: r.get(k, "") for k in UCDP_HEADER} for r in rows])
    reader = read_gold(folder)
    got = list(reader)
    assert reader.format == "ucdp" and reader.skipped_empty == 1
    assert got[0].published == dt.date(2017, 3, 2) and got[1].published == dt.date(2017, 3, 6)
    assert got[0].fatalities == 3 and got[0].fatalities_low == 2 and got[0].fatalities_high == 5
    assert "Violence against civilians" in got[1].event_type_options
    s = score_row(got[1], [event(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                                 event_date="2017-03-05", country="Syria", iso3="SYR", admin1="Hama",
                                 latitude=35.37, longitude=36.6, fatalities_best=4, geo_precision=1)])
    assert s.event_type and s.date and s.fatalities_in_range and not s.fatalities_exact
    assert s.country and s.admin1 is False  # "Hamah" vs "Hama": strict spelling differs


def test_limit_and_sample_are_deterministic(tmp_path):
    rows = [acled_row(event_id_cnty=f"AFG{i}", notes=f"{NOTES[0]} Report {i}.") for i in range(40)]
    path = write_csv(tmp_path / "many.csv", ACLED_HEADER, rows)
    first = select_rows(read_gold(path), limit=5)
    assert [r.row_id for r in first] == [f"AFG{i}" for i in range(5)]
    a = [r.row_id for r in select_rows(read_gold(path), limit=10, sample=7)]
    b = [r.row_id for r in select_rows(read_gold(path), limit=10, sample=7)]
    c = [r.row_id for r in select_rows(read_gold(path), limit=10, sample=8)]
    assert a == b and len(set(a)) == 10 and a != c
    assert [int(x[3:]) for x in a] == sorted(int(x[3:]) for x in a)  # file order
    assert len(select_rows(read_gold(path), limit=100, sample=1)) == 40


def test_html_escapes_data_text():
    gold = gold_row(text="Shots fired <script>alert(1)</script> & more")
    scores = [score_row(gold, [event(country="Pakistan", latitude=30.0, longitude=67.0)])]
    metrics = aggregate(scores)
    metrics["worst"] = worst_examples(scores)
    page = render_html(metrics, scores)
    assert "<script>" not in page and "&lt;script&gt;" in page and "<svg" in page


# ---------------------------------------------------------------------- end to end
@pytest.mark.slow
def test_run_evaluation_end_to_end(tmp_path):
    rows = [acled_row(),
            acled_row(event_id_cnty="PAK2", event_date="4-May-20", event_type="Protests",
                      sub_event_type="Peaceful protest", actor1="Protesters (Pakistan)", inter1="6", actor2="",
                      inter2="0", country="Pakistan", admin1="Punjab", location="Multan", latitude="30.1968",
                      longitude="71.4782", geo_precision="1", notes=NOTES[1], fatalities="0", iso3="PAK"),
            acled_row(event_id_cnty="SOM3", event_date="5-May-20", event_type="Explosions/Remote violence",
                      sub_event_type="Shelling/artillery/missile attack", actor1="Al Shabaab",
                      actor2="AMISOM: African Union Mission in Somalia (2007-)", country="Somalia", admin1="Bay",
                      location="Baidoa", latitude="3.1138", longitude="43.6498", geo_precision="1",
                      notes=NOTES[2], fatalities="0", iso3="SOM"),
            acled_row(event_id_cnty="SEN4", notes=FRENCH_NOTE, country="Senegal", iso3="SEN")]
    gold = write_csv(tmp_path / "gold.csv", ACLED_HEADER, rows)
    out_json, out_pred, out_html = tmp_path / "m.json", tmp_path / "p.jsonl", tmp_path / "r.html"
    metrics = run_evaluation(gold, workers=1, json_out=out_json, predictions_out=out_pred, html_out=out_html,
                             show_progress=False, show_report=False)
    saved = json.loads(out_json.read_text("utf-8"))
    required = ("n", "detected", "event_type_acc", "sub_event_type_acc", "actor_acc", "country_acc", "admin1_acc",
                "within_25km", "date_acc", "fatalities_exact", "fatalities_mae", "seconds")
    for key in required:
        assert isinstance(saved[key], (int, float)) and not isinstance(saved[key], bool), key
    assert saved["n"] == 4 and metrics["n"] == 4
    assert 0.0 <= saved["event_type_acc"] <= 1.0 and saved["seconds"] > 0
    assert saved["errors"] == 1  # the French note fails, and the run goes on
    lines = [json.loads(x) for x in out_pred.read_text("utf-8").splitlines()]
    assert [x["row"] for x in lines] == ["AFG1", "PAK2", "SOM3", "SEN4"]
    assert "error" in lines[3] and lines[3]["events"] == [] and "error" not in lines[0]
    for x in lines:
        assert isinstance(x["events"], list)
        for ev in x["events"]:
            assert {"event_type", "sub_event_type", "actor1", "latitude", "fatalities", "event_date"} <= set(ev)
    assert any(x["events"] for x in lines)
    page = out_html.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "http" not in page.split("<body>")[0]

    # two worker processes give the same figures
    parallel = run_evaluation(gold, workers=2, show_progress=False, show_report=False)
    for key in required[:-1]:
        assert parallel[key] == saved[key], key
