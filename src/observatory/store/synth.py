"""Synthetic stores for benchmarks: `fill(store, 100_000)` writes that many plausible events.

Each event gets one short article, one report and one casualty claim, so list, detail and
stats queries touch every table they touch in real use. Random but seeded: the same seed
gives the same store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from sqlalchemy import insert, select

from observatory.store import schema as T
from observatory.store.repo import now
from observatory.taxonomy import EVENT_TYPES, interaction

THEATRES = [  # country, iso3, lat, lon, spread in degrees, actors (inter)
    ("Syria", "SYR", 35.0, 38.5, 1.5, [("Military Forces of Syria (2000-2024)", 1), ("Hayat Tahrir al-Sham", 2),
                                       ("Islamic State (Syria)", 2), ("Civilians (Syria)", 7)]),
    ("Ukraine", "UKR", 48.5, 36.0, 2.0, [("Military Forces of Russia (2000-)", 8), ("Military Forces of Ukraine (2019-)", 1),
                                         ("Civilians (Ukraine)", 7)]),
    ("Sudan", "SDN", 14.0, 30.0, 3.0, [("Rapid Support Forces", 2), ("Military Forces of Sudan (2019-)", 1),
                                       ("Civilians (Sudan)", 7)]),
    ("Myanmar", "MMR", 20.5, 96.0, 3.0, [("Military Forces of Myanmar (2021-)", 1), ("PDF: People's Defense Force", 2),
                                         ("Civilians (Myanmar)", 7)]),
    ("Mali", "MLI", 14.5, -4.0, 2.5, [("JNIM: Group for Support of Islam and Muslims", 2), ("Military Forces of Mali (2021-)", 1),
                                      ("Civilians (Mali)", 7)]),
    ("Nigeria", "NGA", 11.5, 12.0, 2.5, [("Boko Haram - Jamatu Ahli is-Sunnah lid-Dawati wal-Jihad", 2),
                                         ("Military Forces of Nigeria (2023-)", 1), ("Civilians (Nigeria)", 7)]),
    ("Somalia", "SOM", 3.0, 45.0, 2.0, [("Al Shabaab", 2), ("Military Forces of Somalia (2022-)", 1), ("Civilians (Somalia)", 7)]),
    ("Mexico", "MEX", 21.0, -101.0, 4.0, [("Unidentified Armed Group (Mexico)", 3), ("Police Forces of Mexico (2018-)", 1),
                                          ("Civilians (Mexico)", 7)]),
]
TYPES = [(t, s) for t, subs in EVENT_TYPES.items() for s in subs]


def fill(store, n: int, *, seed: int = 0, start: dt.date = dt.date(2023, 1, 1), days: int = 730,
         chunk: int = 5000) -> int:
    """Add N synthetic events (with their articles, reports and claims) to STORE."""
    rng = random.Random(seed)
    written = 0
    stamp = now()
    while written < n:
        size = min(chunk, n - written)
        arts, evs, reps, claims, links = [], [], [], [], []
        for i in range(written, written + size):
            country, iso3, lat0, lon0, spread, actors = rng.choice(THEATRES)
            etype, sub = rng.choice(TYPES)
            (a1, i1), (a2, i2) = rng.sample(actors, 2)
            date = start + dt.timedelta(days=rng.randrange(days))
            deaths = int(rng.expovariate(0.3)) if etype != "Protests" else 0
            lat, lon = lat0 + rng.uniform(-spread, spread), lon0 + rng.uniform(-spread, spread)
            text = (f"Synthetic report {i}: {a1} and {a2} in an event of type {sub.lower()} near a town in {country} "
                    f"on {date.isoformat()}; {deaths} people were killed, officials said.")
            aid = hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()[:16]
            eid = f"ev-syn{seed:02d}{i:09d}"
            k = text.index(f"{deaths} people")
            evidence = {"text": f"{deaths} people were killed", "start": k, "end": k + len(f"{deaths} people were killed")}
            event = dict(event_date=date, time_precision=1, event_type=etype, sub_event_type=sub, actor1=a1,
                         assoc_actor_1=[], inter1=i1, actor2=a2, assoc_actor_2=[], inter2=i2,
                         interaction=interaction(i1, i2), civilian_targeting=i2 == 7, country=country, iso3=iso3,
                         admin1=None, admin2=None, location=f"Place {i % 5000}", latitude=round(lat, 4),
                         longitude=round(lon, 4), geo_precision=rng.choice((1, 1, 1, 2, 3)), fatalities=deaths,
                         fatalities_low=deaths, fatalities_best=deaths, fatalities_high=deaths,
                         sources=["Synthetic monitor"], notes=text, confidence=0.7, n_reports=1)
            payload = {**event, "event_id": "E1", "event_date": date.isoformat(),
                       "casualties": [{"actor": a2, "kind": "killed", "low": deaths, "best": deaths, "high": deaths,
                                       "qualifier": "", "source": "Synthetic monitor", "evidence": evidence}],
                       "claims": [{"source": "Synthetic monitor", **evidence}]}
            arts.append(dict(id=aid, url=f"https://synthetic.test/{i}", title=f"Synthetic {i}", outlet="Synthetic wire",
                             published=date + dt.timedelta(days=1), language="en", text=text, origin="synth",
                             warnings=[], run_id=None, ingested_at=stamp))
            evs.append(dict(id=eid, **event, created_at=stamp, updated_at=stamp))
            links += [{"event_id": eid, "actor": a1}, {"event_id": eid, "actor": a2}]
            reps.append(dict(article_id=aid, local_id="E1", event_id=eid, published=date + dt.timedelta(days=1),
                             payload=payload, merge_reason="synthetic", merge_score=None, merged_at=stamp))
            claims.append(dict(article_id=aid, kind="casualty", source="Synthetic monitor", actor=a2,
                               casualty_kind="killed", low=deaths, best=deaths, high=deaths, qualifier="", **evidence))
        with store._write() as conn, conn.begin():
            conn.execute(insert(T.articles), arts)
            conn.execute(insert(T.events), evs)
            conn.execute(insert(T.event_actors), links)
            known = set(conn.execute(select(T.actors.c.name)).scalars())
            new = sorted({link["actor"] for link in links} - known)
            if new:
                inter = {name: code for *_, actors in THEATRES for name, code in actors}
                conn.execute(insert(T.actors), [{"name": n, "inter": inter[n], "first_seen": stamp} for n in new])
            ids = conn.execute(insert(T.reports).returning(T.reports.c.id, sort_by_parameter_order=True), reps).scalars().all()
            for cid, rid in zip(claims, ids):
                cid["report_id"] = rid
            conn.execute(insert(T.claims), claims)
        written += size
    if store.dialect == "postgresql":  # fresh bulk data: let the planner and index-only scans see it
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    return written
