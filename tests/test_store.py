"""The event store on SQLite and on a real PostgreSQL server: storing, merging, querying, exporting."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from observatory.ingest.text import article_from_text
from observatory.store import EventFilter, open_store
from observatory.store import export
from observatory.store.merge import Report, reconcile, same_event

from conftest import EXAMPLES

# Reports written for these tests: one drone strike on Sumy told three ways over three
# days (the toll rises from 5 to 7), and two other events on the same days nearby.
SUMY_1 = ("2025-03-04", "Kyiv Independent", "A Russian drone strike on a residential building in Sumy killed five "
          "civilians and injured 12 on Monday night, the regional governor said on Tuesday.")
SUMY_2 = ("2025-03-05", "Reuters", "Seven people were killed in Monday's Russian drone attack on the northern "
          "Ukrainian city of Sumy, Ukrainian officials said on Wednesday.")
OKHTYRKA = ("2025-03-04", "Ukrinform", "Russian artillery shelled the town of Okhtyrka in Sumy region on Monday, "
            "wounding two men, local authorities said.")
SUMY_AGAIN = ("2025-03-06", "Kyiv Independent", "Russian forces struck Sumy with drones again on Wednesday, killing "
              "one woman, the governor said.")


def article(spec):
    published, outlet, text = spec
    art, warnings = article_from_text(text, published=dt.date.fromisoformat(published), outlet=outlet,
                                      title=text[:40], url=f"https://news.test/{outlet.replace(' ', '-')}/{published}")
    return art, warnings


def ev(**kw) -> dict:
    base = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", "event_date": "2025-03-03",
            "time_precision": 1, "country": "Ukraine", "latitude": 50.91, "longitude": 34.80, "geo_precision": 1,
            "location": "Sumy", "actor1": "Military Forces of Russia (2000-)", "actor2": "Civilians (Ukraine)",
            "assoc_actor_1": [], "assoc_actor_2": [], "fatalities": 5, "fatalities_low": 5, "fatalities_best": 5,
            "fatalities_high": 5, "casualties": [], "sources": []}
    base.update(kw)
    return base


# ---- merge rules, without a database -------------------------------------------------------

def test_same_event_matches_a_second_telling():
    d = same_event(ev(), ev(fatalities=7, latitude=50.92, longitude=34.78))
    assert d is not None and "same date" in d.reason and "shared actors" in d.reason


@pytest.mark.parametrize("other, why", [
    (dict(event_date="2025-03-05"), "a strike two days later on the same city is another event"),
    (dict(country="Russia"), "different countries"),
    (dict(latitude=50.30, longitude=34.90), "68 km apart, both precise to the town"),
    (dict(event_type="Protests", sub_event_type="Peaceful protest"), "a protest is not a strike"),
    (dict(actor1="Military Forces of Ukraine (2019-)", actor2="Wagner Group"), "named actors share nothing"),
])
def test_same_event_refuses(other, why):
    assert same_event(ev(), ev(**other)) is None, why


def test_same_event_tolerates_type_drift_and_vague_dates():
    d = same_event(ev(sub_event_type="Shelling/artillery/missile attack"), ev())
    assert d is not None
    d = same_event(ev(event_type="Battles", sub_event_type="Armed clash"), ev())
    assert d is not None and "compatible types" in d.reason
    # a different type is the same event only on the same day at the same precisely named town
    assert same_event(ev(event_type="Battles", sub_event_type="Armed clash", event_date="2025-03-04"), ev()) is None
    assert same_event(ev(event_type="Battles", sub_event_type="Armed clash", geo_precision=2), ev()) is None
    # a date known only to the week: three days of slack
    d = same_event(ev(time_precision=2, event_date="2025-03-05"), ev())
    assert d is not None and "2 day(s) apart" in d.reason


def test_two_precisely_named_towns_are_two_places():
    assert same_event(ev(location="Nuseirat", latitude=31.45, longitude=34.39),
                      ev(location="Deir al-Balah", latitude=31.42, longitude=34.35)) is None
    # the same town under another spelling sits at the same point
    assert same_event(ev(location="An Nusayrat", latitude=31.45, longitude=34.39),
                      ev(location="Nuseirat camp", latitude=31.45, longitude=34.39)) is not None


def test_a_report_without_a_place_needs_a_named_actor_and_the_same_sub_type():
    unplaced = ev(location=None, latitude=None, longitude=None, geo_precision=None)
    assert same_event(unplaced, ev()) is not None
    assert same_event({**unplaced, "actor1": None, "actor2": None}, ev()) is None
    assert same_event({**unplaced, "sub_event_type": "Shelling/artillery/missile attack"}, ev()) is None


def test_reconcile_newest_toll_supersedes_and_disagreement_is_kept():
    def kill(source, n):
        return [{"kind": "killed", "source": source, "best": n, "actor": "Civilians (Ukraine)"}]

    reps = [Report("a1", "Kyiv Independent", dt.date(2025, 3, 4), ev(fatalities=5, fatalities_low=5, fatalities_best=5,
                                                                     fatalities_high=5, casualties=kill("governor", 5),
                                                                     location="Sumy Oblast", geo_precision=2)),
            Report("a2", "Ukrinform", dt.date(2025, 3, 4), ev(fatalities=4, fatalities_low=4, fatalities_best=4,
                                                             fatalities_high=4, casualties=kill("police", 4),
                                                             location="Sumy Oblast", geo_precision=2)),
            Report("a3", "Reuters", dt.date(2025, 3, 5), ev(fatalities=7, fatalities_low=7, fatalities_best=7,
                                                           fatalities_high=7, casualties=kill("governor", 7),
                                                           location="Sumy", geo_precision=1))]
    out = reconcile(reps)
    assert out["fatalities"] == 7  # the governor's newest toll; the police's 4 is older
    assert out["fatalities_low"] == 4 and out["fatalities_high"] == 7
    assert out["fatalities_best"] == 4  # median_low of the sources' newest figures {governor 7, police 4}
    assert {d["source"] for d in out["disagreements"]} == {"governor", "police"}
    assert out["n_reports"] == 3 and out["location"] == "Sumy"  # the most precise place wins


# ---- the store itself ---------------------------------------------------------------------

def seed_article():
    from observatory.ingest import read_article

    meta = json.loads((EXAMPLES / "syria_aleppo_hts_offensive.meta.json").read_text())
    return read_article(EXAMPLES / "syria_aleppo_hts_offensive.txt", published=dt.date(2024, 11, 28),
                        outlet=meta["outlet"], title=meta["title"])


def test_ingest_is_idempotent(store_url):
    store = open_store(store_url)
    art, warnings = seed_article()
    first = store.ingest_article(art, warnings, origin="seed")
    assert first.status == "new" and len(first.event_ids) == 3
    before = store.summary()
    again = store.ingest_article(art, warnings, origin="seed")
    assert again.status == "known" and again.event_ids == first.event_ids
    assert store.summary() == before
    assert before["articles"] == 1 and before["reports"] == 3 and before["events"] == 3


def test_event_carries_evidence_and_history(store_url):
    store = open_store(store_url)
    art, warnings = seed_article()
    store.ingest_article(art, warnings)
    total, items = store.query_events(EventFilter(type="Non-state actor overtakes territory"))
    assert total == 1
    battle = store.get_event(items[0]["event_id"])
    assert battle["fatalities"] == 97 and battle["actor1"] == "Hayat Tahrir al-Sham"
    assert battle["articles"][0]["id"] == art.id and battle["reports"][0]["merge_reason"] == "first report of this event"
    figures = {c["best"] for c in battle["casualties"] if c["kind"] == "killed"}
    assert {44, 16, 37} <= figures
    for c in battle["casualties"]:
        ev_span = c["evidence"]
        assert art.text[ev_span["start"]:ev_span["end"]] == ev_span["text"] and c["article_id"] == art.id
    assert battle["history"][0]["note"] == "first report" and battle["history"][0]["fatalities"] == 97
    # by side, as the Observatory counts them: 44 HTS + 16 allies; 37 soldiers, the four officers among them
    assert (battle["deaths_a"], battle["deaths_b"], battle["deaths_civilians"], battle["deaths_unknown"]) == (60, 37, 0, 0)
    stored = store.get_article(art.id)
    assert stored["text"] == art.text and set(stored["events"]) == {i["event_id"] for i in store.query_events()[1]}
    for s in stored["spans"]:
        assert stored["text"][s["start"]:s["end"]] == s["text"]


def test_filters(store_url):
    store = open_store(store_url)
    store.ingest_article(*seed_article())
    for spec in (SUMY_1, OKHTYRKA):
        store.ingest_article(*article(spec))
    count = lambda **kw: store.query_events(EventFilter(**kw))[0]  # noqa: E731
    assert count() == 5
    assert count(country="Syria") == count(country="SYR") == count(country="sy") == 3
    assert count(country="Ukraine", type="Explosions/Remote violence") == 2
    assert count(type="air/drone strike") == 1
    assert count(actor="TAHRIR") == 3 and count(actor="russia") == 2 and count(actor="nobody at all") == 0
    assert count(near="50.91,34.80,10") == 1  # Sumy, not Okhtyrka 60 km away
    assert count(near="50.6,34.8,80") == 2
    assert count(since="2025-01-01") == 2 and count(until="2024-12-31") == 3
    assert count(since="2024-11-27", until="2024-11-27") == 3
    total, page = store.query_events(EventFilter(), limit=2, offset=4)
    assert total == 5 and len(page) == 1
    with pytest.raises(ValueError, match="unknown event type"):
        EventFilter(type="Skirmish")
    with pytest.raises(ValueError, match="LAT,LON,KM"):
        EventFilter(near="50,30")
    with pytest.raises(ValueError, match="after until"):
        EventFilter(since="2025-02-01", until="2025-01-01")


def test_reports_of_one_event_merge_and_others_stay_apart(store_url):
    store = open_store(store_url)
    for spec in (SUMY_1, OKHTYRKA, SUMY_2, SUMY_AGAIN):
        assert store.ingest_article(*article(spec)).status == "new"
    total, items = store.query_events(EventFilter(country="Ukraine"))
    assert total == 3, [(i["location"], i["event_date"]) for i in items]
    by_place_date = {(i["location"], i["event_date"]): i for i in items}
    strike = by_place_date[("Sumy", "2025-03-03")]
    assert strike["n_reports"] == 2 and {a["outlet"] for a in strike["articles"]} == {"Kyiv Independent", "Reuters"}
    full = store.get_event(strike["event_id"])
    assert full["fatalities"] == 7  # the newer toll
    assert full["fatalities_low"] == 5 and full["fatalities_high"] == 7
    assert len(full["history"]) == 2 and "fatalities 5 -> 7" in full["history"][1]["note"]
    assert "same date" in full["reports"][1]["merge_reason"]
    assert by_place_date[("Sumy", "2025-03-05")]["n_reports"] == 1
    assert by_place_date[("Okhtyrka", "2025-03-03")]["n_reports"] == 1


def test_exports(store_url, tmp_path):
    store = open_store(store_url)
    store.ingest_article(*seed_article())
    items = list(store.iter_events(EventFilter(country="Syria")))
    buf = io.StringIO()
    assert export.write_acled_csv(items, buf) == 3
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    battle = next(r for r in rows if r["sub_event_type"] == "Non-state actor overtakes territory")
    assert battle["fatalities"] == "97" and battle["country"] == "Syria" and battle["interaction"] == "12"
    buf = io.StringIO()
    export.write_ucdp_csv(items, buf)
    urow = next(r for r in csv.DictReader(io.StringIO(buf.getvalue())) if r["best"] == "97")
    assert urow["side_a"] == "Hayat Tahrir al-Sham" and urow["type_of_violence"] == "1"
    assert int(urow["deaths_a"]) + int(urow["deaths_b"]) + int(urow["deaths_unknown"]) + int(urow["deaths_civilians"]) == 97
    gj = export.to_geojson(items)
    lon, lat = gj["features"][0]["geometry"]["coordinates"]
    assert 35 < lat < 37 and 36 < lon < 38  # GeoJSON order is longitude, latitude
    import pyarrow.parquet as pq

    n = export.write_parquet(items, str(tmp_path / "e.parquet"))
    table = pq.read_table(tmp_path / "e.parquet")
    assert n == table.num_rows == 3 and "casualties" in table.column_names


def test_bad_database_urls_say_why(tmp_path):
    from observatory.errors import ConfigError

    with pytest.raises(ConfigError, match="unsupported database URL"):
        open_store("mysql://x@y/z")
    with pytest.raises(ConfigError, match="cannot open the database"):
        open_store("postgresql://nobody@127.0.0.1:1/none")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(ConfigError, match="file is not a database"):
        open_store(str(garbage))
    with pytest.raises(ConfigError, match="does not exist"):
        open_store(str(tmp_path / "no" / "such" / "folder.db"))
    assert not (tmp_path / "no").exists()
