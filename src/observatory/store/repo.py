"""The event store: what ingest, batch, the CLI and the API read and write.

Writing happens in two steps, each its own transaction, so a process killed at any
moment leaves a consistent database and a rerun finishes the job:

  1. `add_extraction`: the article, its reports (one per extracted event) and their claims,
     unmerged. An article already stored is left alone (ids are content hashes).
  2. `merge_pending`: every unmerged report, oldest first, joins the canonical event it
     matches (`merge.same_event`) or starts a new one; the event is then recomputed from
     all its reports (`merge.reconcile`) and the change is written to its history.

On SQLite, write transactions take the lock up front (BEGIN IMMEDIATE) so concurrent
ingests queue; on PostgreSQL, merges hold an advisory lock so two never decide at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import and_, delete, func, insert, or_, select, update

from observatory.records import Article, ExtractionResult, Warning
from observatory.store import merge as M
from observatory.store import schema as T
from observatory.store.filters import EventFilter

MERGE_LOCK = 73402
STATS_TTL = 5.0  # seconds a stats answer is reused while nothing is written by this process
EVENT_COLUMNS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
                 "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "country",
                 "iso3", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision", "fatalities",
                 "fatalities_low", "fatalities_best", "fatalities_high", "sources", "notes", "confidence", "n_reports")
FIGURES = ("fatalities", "fatalities_low", "fatalities_best", "fatalities_high")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def event_key(article_id: str, local_id: str) -> str:
    """A canonical event's id: from its first report, so the same input gives the same ids."""
    return "ev-" + hashlib.sha1(f"{article_id}:{local_id}".encode()).hexdigest()[:14]


@dataclass
class IngestOutcome:
    status: str  # new | known | failed
    article_id: str | None = None
    event_ids: list[str] = field(default_factory=list)
    error: str | None = None
    warnings: list[Warning] = field(default_factory=list)


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


class Store:
    """A connection to one database (SQLite file or PostgreSQL), schema up to date."""

    def __init__(self, engine, url: str):
        self.engine = engine
        self.url = url
        self.dialect = engine.dialect.name
        self._extractor = None
        self._stats_cache: dict[str, tuple[int, float, dict]] = {}
        self._stats_lock = threading.Lock()
        self._writes = 0  # bumped by every write of this process: cached answers are then stale

    # ---- transactions -------------------------------------------------------------------

    def _write(self):
        self._writes += 1
        return self.engine.connect().execution_options(write=True)

    def _lock_merges(self, conn) -> None:
        if self.dialect == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MERGE_LOCK})")

    # ---- runs and failures ----------------------------------------------------------------

    def start_run(self, command: str, sources: list[str]) -> int:
        with self._write() as conn, conn.begin():
            return conn.execute(insert(T.ingest_runs).values(
                command=command, sources=list(sources), started_at=now(), new=0, known=0, failed=0,
                status="running").returning(T.ingest_runs.c.id)).scalar_one()

    def finish_run(self, run_id: int, *, new: int, known: int, failed: int, status: str = "done") -> None:
        with self._write() as conn, conn.begin():
            conn.execute(update(T.ingest_runs).where(T.ingest_runs.c.id == run_id).values(
                finished_at=now(), new=new, known=known, failed=failed, status=status))

    def record_failure(self, run_id: int | None, origin: str, reason: str) -> None:
        with self._write() as conn, conn.begin():
            conn.execute(insert(T.failures).values(run_id=run_id, origin=origin, reason=reason[:2000], at=now()))

    def failures(self, run_id: int | None = None) -> list[dict]:
        q = select(T.failures).order_by(T.failures.c.id)
        if run_id is not None:
            q = q.where(T.failures.c.run_id == run_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    # ---- writing ----------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(T.articles.c.id).where(T.articles.c.id == article_id)).first() is not None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                found |= set(conn.execute(select(T.articles.c.id).where(T.articles.c.id.in_(chunk))).scalars())
        return found

    def add_extraction(self, article: Article, result: ExtractionResult, *, origin: str | None = None,
                       run_id: int | None = None, warnings: list[Warning] | None = None) -> bool:
        """Store the article and its unmerged reports; False when the article was already here."""
        from sqlalchemy.exc import IntegrityError

        all_warnings = [w.model_dump(mode="json") for w in (warnings or [])]
        all_warnings += [w.model_dump(mode="json") for w in result.warnings if w.model_dump(mode="json") not in all_warnings]
        try:
            with self._write() as conn, conn.begin():
                if conn.execute(select(T.articles.c.id).where(T.articles.c.id == article.id)).first():
                    return False
                conn.execute(insert(T.articles).values(
                    id=article.id, url=article.url, title=article.title, outlet=article.outlet,
                    published=article.published, language=article.language, text=article.text, origin=origin,
                    warnings=all_warnings, run_id=run_id, ingested_at=now()))
                for event in result.events:
                    payload = event.model_dump(mode="json")
                    report_id = conn.execute(insert(T.reports).values(
                        article_id=article.id, local_id=event.event_id, published=article.published,
                        payload=payload).returning(T.reports.c.id)).scalar_one()
                    rows = [dict(report_id=report_id, article_id=article.id, kind="claim", source=c.source,
                                 text=c.text, start=c.start, end=c.end) for c in event.claims]
                    rows += [dict(report_id=report_id, article_id=article.id, kind="casualty", source=c.source,
                                  text=c.evidence.text, start=c.evidence.start, end=c.evidence.end, actor=c.actor,
                                  casualty_kind=c.kind, low=c.low, best=c.best, high=c.high, qualifier=c.qualifier)
                             for c in event.casualties]
                    if rows:
                        conn.execute(insert(T.claims), [_claim_row(r) for r in rows])
        except IntegrityError:
            # another process stored the same article between our check and our insert
            return False
        return True

    def merge_pending(self, *, batch: int = 200) -> list[str]:
        """Merge every unmerged report into canonical events; returns the events touched."""
        touched: list[str] = []
        while True:
            with self.engine.connect() as conn:
                pending = conn.execute(
                    select(T.reports.c.id).where(T.reports.c.event_id.is_(None))
                    .order_by(T.reports.c.published, T.reports.c.article_id, T.reports.c.local_id).limit(batch)
                ).scalars().all()
            if not pending:
                return touched
            for report_id in pending:
                event_id = self._merge_one(report_id)
                if event_id and event_id not in touched:
                    touched.append(event_id)

    def _merge_one(self, report_id: int) -> str | None:
        with self._write() as conn, conn.begin():
            self._lock_merges(conn)
            row = conn.execute(
                select(T.reports, T.articles.c.outlet)
                .join(T.articles, T.articles.c.id == T.reports.c.article_id)
                .where(T.reports.c.id == report_id)).first()
            if row is None or row.event_id is not None:
                return None  # merged meanwhile by another process
            payload = row.payload
            best: tuple[M.Decision, dict] | None = None
            passing = 0
            for cand in self._candidates(conn, payload, row.published, row.article_id):
                decision = M.same_event(payload, cand, report_published=row.published,
                                        candidate_published=cand.get("_published"))
                if decision:
                    passing += 1
                    if best is None or decision.score > best[0].score:
                        best = (decision, cand)
            if best is not None and payload.get("latitude") is None and not payload.get("location") and passing > 1:
                best = None  # a report with no place that fits several events: keep it apart
            if best is None:
                event_id = event_key(row.article_id, row.local_id)
                reason, score = "first report of this event", None
                conn.execute(insert(T.events).values(id=event_id, event_type=payload["event_type"],
                                                     sub_event_type=payload["sub_event_type"],
                                                     created_at=now(), updated_at=now()))
                old = None
            else:
                event_id, reason, score = best[1]["id"], best[0].reason, best[0].score
                old = best[1]
            conn.execute(update(T.reports).where(T.reports.c.id == report_id).values(
                event_id=event_id, merge_reason=reason, merge_score=score, merged_at=now()))
            self._recompute(conn, event_id, old=old, article_id=row.article_id)
            return event_id

    def _candidates(self, conn, payload: dict, published: dt.date | None, article_id: str) -> list[dict]:
        day = M.as_date(payload.get("event_date")) or published
        if day is None:
            return []
        pad = dt.timedelta(days=M.LOOSE_WINDOW + 1)
        ev = T.events.c
        q = select(T.events).where(ev.event_date.between(day - pad, day + pad))
        if payload.get("country"):
            q = q.where(or_(ev.country == payload["country"], ev.country.is_(None)))
        lat, lon = payload.get("latitude"), payload.get("longitude")
        if lat is not None and lon is not None:
            dlat = max(M.KM_BY_PRECISION.values()) / 111.0
            dlon = dlat / max(0.05, math.cos(math.radians(lat)))
            q = q.where(ev.latitude.between(lat - dlat, lat + dlat), ev.longitude.between(lon - dlon, lon + dlon))
        elif payload.get("location"):
            q = q.where(ev.location == payload["location"])
        elif payload.get("country"):
            q = q.where(ev.sub_event_type == payload["sub_event_type"])  # no place: see merge.same_event
        else:
            return []
        same_article = select(T.reports.c.event_id).where(T.reports.c.article_id == article_id,
                                                          T.reports.c.event_id.is_not(None))
        q = q.where(ev.id.not_in(same_article))
        out = []
        for r in conn.execute(q.limit(200)):
            d = dict(r._mapping)
            d["_published"] = d["event_date"]
            d["event_date"] = _iso(d["event_date"])
            out.append(d)
        return out

    def _reports_of(self, conn, event_id: str) -> list[M.Report]:
        rows = conn.execute(
            select(T.reports.c.article_id, T.reports.c.payload, T.articles.c.outlet, T.articles.c.published)
            .join(T.articles, T.articles.c.id == T.reports.c.article_id)
            .where(T.reports.c.event_id == event_id))
        return [M.Report(r.article_id, r.outlet, r.published, r.payload) for r in rows]

    def _recompute(self, conn, event_id: str, *, old: dict | None, article_id: str) -> None:
        fields = M.reconcile(self._reports_of(conn, event_id))
        disagreements = fields.pop("disagreements")
        values = {k: fields[k] for k in EVENT_COLUMNS}
        values["event_date"] = M.as_date(values["event_date"])
        names = {values["actor1"], values["actor2"], *values["assoc_actor_1"], *values["assoc_actor_2"]} - {None, ""}
        conn.execute(delete(T.event_actors).where(T.event_actors.c.event_id == event_id))
        if names:
            conn.execute(insert(T.event_actors), [{"event_id": event_id, "actor": n} for n in sorted(names)])
        conn.execute(update(T.events).where(T.events.c.id == event_id).values(**values, updated_at=now()))
        changed = [k for k in (*FIGURES, "location", "latitude", "longitude")
                   if old is None or old.get(k) != values.get(k)]
        if changed:
            if old is None:
                note = "first report"
            else:
                parts = [f"{k} {old.get(k)} -> {values.get(k)}" for k in changed if k not in ("latitude", "longitude")]
                note = "; ".join(parts) or "place refined"
            if disagreements:
                note += "; sources disagree: " + ", ".join(f"{d['source']} {d['fatalities_best']}" for d in disagreements)
            conn.execute(insert(T.event_history).values(
                event_id=event_id, at=now(), article_id=article_id, note=note,
                **{k: values[k] for k in (*FIGURES, "location", "latitude", "longitude")}))
        self._remember(conn, values)

    def _remember(self, conn, values: dict) -> None:
        """Keep the actors and places tables in step with the events."""
        for side in ("1", "2"):
            name = values.get(f"actor{side}")
            if name and conn.execute(select(T.actors.c.name).where(T.actors.c.name == name)).first() is None:
                conn.execute(insert(T.actors).values(name=name, inter=values.get(f"inter{side}"), first_seen=now()))
            for assoc in values.get(f"assoc_actor_{side}") or []:
                if conn.execute(select(T.actors.c.name).where(T.actors.c.name == assoc)).first() is None:
                    conn.execute(insert(T.actors).values(name=assoc, inter=None, first_seen=now()))
        if values.get("location"):
            p = T.places.c
            exists = conn.execute(select(p.id).where(p.name == values["location"], p.country == values.get("country"),
                                                     p.admin1 == values.get("admin1"))).first()
            if exists is None:
                conn.execute(insert(T.places).values(
                    name=values["location"], country=values.get("country"), admin1=values.get("admin1"),
                    admin2=values.get("admin2"), latitude=values.get("latitude"),
                    longitude=values.get("longitude"), geo_precision=values.get("geo_precision")))

    # ---- the one-call path: ingest ----------------------------------------------------------

    def extractor(self):
        if self._extractor is None:
            from observatory.pipeline import get_extractor

            self._extractor = get_extractor()
        return self._extractor

    def ingest_article(self, article: Article, warnings: list[Warning] | None = None, *,
                       origin: str | None = None, run_id: int | None = None) -> IngestOutcome:
        """Extract, store and merge one article (known articles are not extracted again)."""
        from observatory.errors import ObservatoryError

        if self.has_article(article.id):
            return IngestOutcome("known", article.id, self.article_events(article.id))
        try:
            result = self.extractor().extract(article, list(warnings or []))
        except ObservatoryError as exc:
            return IngestOutcome("failed", article.id, error=str(exc))
        stored = self.add_extraction(article, result, origin=origin, run_id=run_id, warnings=warnings)
        self.merge_pending()
        return IngestOutcome("new" if stored else "known", article.id, self.article_events(article.id),
                             warnings=result.warnings)

    def article_events(self, article_id: str) -> list[str]:
        with self.engine.connect() as conn:
            ids = conn.execute(select(T.reports.c.event_id).where(T.reports.c.article_id == article_id)
                               .order_by(T.reports.c.id)).scalars().all()
        return [i for i in dict.fromkeys(ids) if i]

    # ---- reading ----------------------------------------------------------------------------

    def _where(self, flt: EventFilter):
        ev = T.events.c
        conds = []
        if flt.country:
            iso3 = flt.iso3()
            conds.append(ev.iso3 == iso3 if iso3 else func.lower(ev.country) == flt.country.strip().lower())
        if flt.since:
            conds.append(ev.event_date >= flt.since)
        if flt.until:
            conds.append(ev.event_date <= flt.until)
        if flt.type:
            from observatory.taxonomy import EVENT_TYPES

            conds.append(ev.event_type == flt.type if flt.type in EVENT_TYPES else ev.sub_event_type == flt.type)
        if flt.actor:
            needle = flt.actor.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            names = select(T.actors.c.name).where(func.lower(T.actors.c.name).like(f"%{needle}%", escape="\\"))
            conds.append(ev.id.in_(select(T.event_actors.c.event_id).where(T.event_actors.c.actor.in_(names))))
        if flt.near:
            lat, lon, km = flt.near
            dlat = km / 111.32
            k = max(0.01, math.cos(math.radians(lat)))
            dlon = min(360.0, dlat / k)
            conds += [ev.latitude.between(lat - dlat, lat + dlat), ev.longitude.between(lon - dlon, lon + dlon),
                      ((ev.latitude - lat) * 111.32) * ((ev.latitude - lat) * 111.32)
                      + ((ev.longitude - lon) * 111.32 * k) * ((ev.longitude - lon) * 111.32 * k) <= km * km]
        return and_(*conds) if conds else None

    def count_events(self, flt: EventFilter | None = None) -> int:
        where = self._where(flt or EventFilter())
        q = select(func.count()).select_from(T.events)
        if where is not None:
            q = q.where(where)
        with self.engine.connect() as conn:
            return conn.execute(q).scalar_one()

    def query_events(self, flt: EventFilter | None = None, limit: int = 100, offset: int = 0) -> tuple[int, list[dict]]:
        """(number of matching events, one page of them, newest first)."""
        flt = flt or EventFilter()
        where = self._where(flt)
        ev = T.events.c
        q = select(T.events).order_by(ev.event_date.desc().nulls_last(), ev.id).limit(limit).offset(offset)
        cq = select(func.count()).select_from(T.events)
        if where is not None:
            q, cq = q.where(where), cq.where(where)
        with self.engine.connect() as conn:
            total = conn.execute(cq).scalar_one()
            rows = [dict(r._mapping) for r in conn.execute(q)]
            return total, self._decorate(conn, rows)

    def iter_events(self, flt: EventFilter | None = None, page: int = 1000) -> Iterator[dict]:
        """Every matching event, page by page (exports)."""
        offset = 0
        while True:
            _, items = self.query_events(flt, limit=page, offset=offset)
            yield from items
            if len(items) < page:
                return
            offset += page

    def _decorate(self, conn, rows: list[dict], *, evidence: bool = False) -> list[dict]:
        """Event rows -> contract dicts with their articles, casualties and claims."""
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        reports: dict[str, list] = {i: [] for i in ids}
        q = (select(T.reports.c.id, T.reports.c.event_id, T.reports.c.article_id, T.reports.c.payload,
                    T.reports.c.merge_reason, T.articles.c.url, T.articles.c.outlet, T.articles.c.published,
                    T.articles.c.title)
             .join(T.articles, T.articles.c.id == T.reports.c.article_id)
             .where(T.reports.c.event_id.in_(ids)).order_by(T.articles.c.published, T.reports.c.id))
        for r in conn.execute(q):
            reports[r.event_id].append(r)
        out = []
        for row in rows:
            d = {"event_id": row["id"]}
            for k in EVENT_COLUMNS:
                d[k] = _iso(row[k]) if k == "event_date" else row[k]
            casualties, claims, articles, seen = [], [], [], set()
            for r in reports[row["id"]]:
                for c in r.payload.get("casualties", []):
                    casualties.append({**c, "article_id": r.article_id})
                for c in r.payload.get("claims", []):
                    claims.append({**c, "article_id": r.article_id})
                if r.article_id not in seen:
                    seen.add(r.article_id)
                    articles.append({"id": r.article_id, "url": r.url, "outlet": r.outlet,
                                     "published": _iso(r.published), "title": r.title})
            d["casualties"], d["claims"], d["articles"] = casualties, claims, articles
            d["updated_at"] = _iso(row["updated_at"])
            if evidence:
                d["reports"] = [{"article_id": r.article_id, "outlet": r.outlet, "published": _iso(r.published),
                                 "merge_reason": r.merge_reason, "event": r.payload} for r in reports[row["id"]]]
            out.append(d)
        return out

    def get_event(self, event_id: str) -> dict | None:
        """One event with every report, claim, casualty figure and the history of its figures."""
        with self.engine.connect() as conn:
            row = conn.execute(select(T.events).where(T.events.c.id == event_id)).first()
            if row is None:
                return None
            event = self._decorate(conn, [dict(row._mapping)], evidence=True)[0]
            hist = conn.execute(select(T.event_history).where(T.event_history.c.event_id == event_id)
                                .order_by(T.event_history.c.id))
            event["history"] = [{k: _iso(v) for k, v in dict(h._mapping).items() if k not in ("id", "event_id")}
                                for h in hist]
        reps = [M.Report(r["article_id"], r["outlet"], M.as_date(r["published"]), r["event"]) for r in event["reports"]]
        event["disagreements"] = M.reconcile(reps)["disagreements"]
        event.update(M.deaths_by_side(event, event["casualties"]))
        return event

    def get_article(self, article_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(T.articles).where(T.articles.c.id == article_id)).first()
            if row is None:
                return None
            art = {k: _iso(v) for k, v in dict(row._mapping).items() if k not in ("run_id",)}
            reps = conn.execute(select(T.reports.c.id, T.reports.c.event_id)
                                .where(T.reports.c.article_id == article_id)).all()
            by_report = {r.id: r.event_id for r in reps}
            spans = conn.execute(select(T.claims).where(T.claims.c.article_id == article_id)
                                 .order_by(T.claims.c.start)).all()
        art["events"] = [e for e in dict.fromkeys(by_report.values()) if e]
        art["spans"] = [{"start": s.start, "end": s.end, "source": s.source, "kind": s.kind,
                         "event_id": by_report.get(s.report_id), "text": s.text, "actor": s.actor,
                         "casualty_kind": s.casualty_kind, "best": s.best} for s in spans]
        return art

    def list_actors(self, query: str | None = None, limit: int = 100) -> list[dict]:
        ev = T.events.c
        with self.engine.connect() as conn:
            counts: dict[str, list[int]] = {}
            for col in (ev.actor1, ev.actor2):
                q = select(col, func.count(), func.sum(ev.fatalities)).where(col.is_not(None)).group_by(col)
                for name, n, deaths in conn.execute(q):
                    c = counts.setdefault(name, [0, 0])
                    c[0] += n
                    c[1] += deaths or 0
            q = select(T.actors.c.name, T.actors.c.inter)
            if query:
                q = q.where(func.lower(T.actors.c.name).like(f"%{query.strip().lower()}%"))
            rows = conn.execute(q).all()
        items = [{"name": n, "inter": i, "events": counts.get(n, [0, 0])[0], "fatalities": counts.get(n, [0, 0])[1]}
                 for n, i in rows]
        items.sort(key=lambda a: (-a["events"], a["name"]))
        return items[:limit]

    def stats(self, flt: EventFilter | None = None, *, top: int = 20) -> dict:
        """Counts and deaths by day, country, actor and type.

        Dashboards ask for the same figures again and again: answers are kept for
        STATS_TTL seconds, and dropped at once when this process writes.
        """
        import json
        import time

        flt = flt or EventFilter()
        key = json.dumps([flt.model_dump(mode="json"), top], sort_keys=True)
        def fresh():
            hit = self._stats_cache.get(key)
            return hit if hit and hit[0] == self._writes and time.monotonic() - hit[1] < STATS_TTL else None

        if hit := fresh():
            return hit[2]
        with self._stats_lock:  # one computation at a time: fifty callers must not all recompute
            if hit := fresh():
                return hit[2]
            value = self._stats(flt, top)
            if len(self._stats_cache) > 256:
                self._stats_cache.clear()
            self._stats_cache[key] = (self._writes, time.monotonic(), value)
            return value

    def _stats(self, flt: EventFilter, top: int) -> dict:
        where = self._where(flt)
        ev = T.events.c

        def grouped(col, label, limit=None, order_by_count=True):
            q = select(col, func.count(), func.coalesce(func.sum(ev.fatalities), 0)).group_by(col)
            if where is not None:
                q = q.where(where)
            q = q.order_by(func.count().desc(), col) if order_by_count else q.order_by(col)
            if limit:
                q = q.limit(limit)
            return [{label: _iso(k), "events": n, "fatalities": int(f)} for k, n, f in conn.execute(q)]

        with self.engine.connect() as conn:
            tq = select(func.count(), func.coalesce(func.sum(ev.fatalities), 0)).select_from(T.events)
            if where is not None:
                tq = tq.where(where)
            n, deaths = conn.execute(tq).one()
            return {"events": n, "fatalities": int(deaths),
                    "by_day": grouped(ev.event_date, "date", order_by_count=False),
                    "by_country": grouped(ev.country, "country", top),
                    "by_actor": grouped(ev.actor1, "actor", top),
                    "by_type": grouped(ev.event_type, "event_type")}

    def summary(self) -> dict:
        with self.engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for name, t in (("articles", T.articles), ("reports", T.reports), ("events", T.events),
                                    ("claims", T.claims), ("failures", T.failures))}

    def delete_everything(self) -> None:
        """Empty every table (tests and `observatory events --reset` style tools)."""
        with self._write() as conn, conn.begin():
            for table in reversed(T.metadata.sorted_tables):
                conn.execute(delete(table))


def _claim_row(r: dict) -> dict:
    base = dict(actor=None, casualty_kind=None, low=None, best=None, high=None, qualifier=None)
    base.update(r)
    return base
