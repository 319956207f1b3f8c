"""Stored events in the formats analysts load: ACLED CSV, UCDP GED CSV, GeoJSON, Parquet.

Every writer takes event dicts as `Store.query_events` / `iter_events` give them (the
contract fields plus `articles`), so the CLI, the API and batch jobs export alike.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso3", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities",
    # Observatory's additions, after ACLED's own columns
    "fatalities_low", "fatalities_best", "fatalities_high", "confidence", "article_id", "article_url",
)

UCDP_COLUMNS = (
    "id", "year", "type_of_violence", "side_a", "side_b", "source_article", "source_office",
    "source_date", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude", "longitude",
    "country", "iso3", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low", "event_clarity",
    # Observatory's additions
    "event_type", "sub_event_type", "n_reports",
)


def acled_row(e: dict, article_id: str = "", article_url: str = "") -> dict[str, object]:
    """One event as a row of ACLED's export columns."""
    date = e.get("event_date") or ""
    lat, lon, high = e.get("latitude"), e.get("longitude"), e.get("fatalities_high")
    return {
        "event_id_cnty": e.get("event_id", ""), "event_date": date, "year": date[:4],
        "time_precision": e.get("time_precision") or "", "event_type": e.get("event_type", ""),
        "sub_event_type": e.get("sub_event_type", ""), "actor1": e.get("actor1") or "",
        "assoc_actor_1": "; ".join(e.get("assoc_actor_1") or []), "inter1": e.get("inter1") or 0,
        "actor2": e.get("actor2") or "", "assoc_actor_2": "; ".join(e.get("assoc_actor_2") or []),
        "inter2": e.get("inter2") or 0, "interaction": e.get("interaction") or 0,
        "civilian_targeting": "Civilian targeting" if e.get("civilian_targeting") else "",
        "iso3": e.get("iso3") or "", "country": e.get("country") or "", "admin1": e.get("admin1") or "",
        "admin2": e.get("admin2") or "", "location": e.get("location") or "",
        "latitude": "" if lat is None else f"{lat:.4f}", "longitude": "" if lon is None else f"{lon:.4f}",
        "geo_precision": e.get("geo_precision") or "", "source": "; ".join(e.get("sources") or []),
        "notes": e.get("notes") or "", "fatalities": e.get("fatalities", 0),
        "fatalities_low": e.get("fatalities_low", 0), "fatalities_best": e.get("fatalities_best", 0),
        "fatalities_high": "" if high is None else high, "confidence": e.get("confidence", ""),
        "article_id": article_id, "article_url": article_url,
    }


def _articles(e: dict) -> tuple[str, str]:
    arts = e.get("articles") or []
    return "; ".join(a["id"] for a in arts), "; ".join(a.get("url") or "" for a in arts if a.get("url"))


def write_acled_csv(items: Iterable[dict], fh: IO[str]) -> int:
    writer = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for e in items:
        writer.writerow(acled_row(e, *_articles(e)))
        n += 1
    return n


def _violence_type(e: dict) -> int:
    """UCDP: 1 state-based, 2 non-state, 3 one-sided (violence against civilians)."""
    if e.get("event_type") == "Violence against civilians" or e.get("inter2") == 7 or e.get("civilian_targeting"):
        return 3
    return 1 if 1 in (e.get("inter1"), e.get("inter2")) else 2


def ucdp_row(e: dict) -> dict[str, object]:
    from observatory.store.merge import deaths_by_side

    date = e.get("event_date") or ""
    side = deaths_by_side(e, e.get("casualties") or [])
    arts = e.get("articles") or []
    return {
        "id": e.get("event_id", ""), "year": date[:4], "type_of_violence": _violence_type(e),
        "side_a": e.get("actor1") or "", "side_b": e.get("actor2") or "",
        "source_article": "; ".join(f"\"{a.get('title') or a['id']}\", {a.get('outlet') or ''}, {a.get('published') or ''}"
                                    for a in arts),
        "source_office": "; ".join(sorted({a.get("outlet") or "" for a in arts} - {""})),
        "source_date": "; ".join(sorted({a.get("published") or "" for a in arts} - {""})),
        "where_prec": {1: 1, 2: 2, 3: 4}.get(e.get("geo_precision"), 7), "where_coordinates": e.get("location") or "",
        "adm_1": e.get("admin1") or "", "adm_2": e.get("admin2") or "",
        "latitude": e.get("latitude") if e.get("latitude") is not None else "",
        "longitude": e.get("longitude") if e.get("longitude") is not None else "",
        "country": e.get("country") or "", "iso3": e.get("iso3") or "",
        "date_prec": {1: 1, 2: 3, 3: 4}.get(e.get("time_precision"), 5), "date_start": date, "date_end": date,
        **side, "best": e.get("fatalities_best", 0),
        "high": e.get("fatalities_high") if e.get("fatalities_high") is not None else e.get("fatalities_best", 0),
        "low": e.get("fatalities_low", 0), "event_clarity": 1 if (e.get("n_reports") or 1) > 1 else 2,
        "event_type": e.get("event_type", ""), "sub_event_type": e.get("sub_event_type", ""),
        "n_reports": e.get("n_reports") or 1,
    }


def write_ucdp_csv(items: Iterable[dict], fh: IO[str]) -> int:
    writer = csv.DictWriter(fh, fieldnames=UCDP_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for e in items:
        writer.writerow(ucdp_row(e))
        n += 1
    return n


PROPERTY_KEYS = ("event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1",
                 "location", "geo_precision", "fatalities", "fatalities_low", "fatalities_best", "fatalities_high",
                 "n_reports", "sources")


def to_geojson(items: Iterable[dict]) -> dict:
    """A FeatureCollection of the events that have coordinates (RFC 7946: lon, lat)."""
    features = []
    for e in items:
        if e.get("latitude") is None or e.get("longitude") is None:
            continue
        features.append({"type": "Feature", "id": e["event_id"],
                         "geometry": {"type": "Point", "coordinates": [e["longitude"], e["latitude"]]},
                         "properties": {k: e.get(k) for k in PROPERTY_KEYS}})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(items: Iterable[dict], fh: IO[str]) -> int:
    doc = to_geojson(items)
    json.dump(doc, fh, ensure_ascii=False)
    fh.write("\n")
    return len(doc["features"])


_PARQUET_INTS = ("time_precision", "inter1", "inter2", "interaction", "geo_precision", "fatalities",
                  "fatalities_low", "fatalities_best", "fatalities_high", "n_reports")
_PARQUET_FLOATS = ("latitude", "longitude", "confidence")


def write_parquet(items: Iterable[dict], path: str) -> int:
    """ACLED columns (typed: numbers as numbers, missing as null) plus JSON-encoded casualties
    and claims, one row per event."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = (*ACLED_COLUMNS, "casualties", "claims", "n_reports")
    fields = [pa.field(c, pa.int64() if c in _PARQUET_INTS else pa.float64() if c in _PARQUET_FLOATS else pa.string())
              for c in columns]
    schema = pa.schema(fields)
    rows = []
    for e in items:
        row = acled_row(e, *_articles(e))
        row["casualties"] = json.dumps(e.get("casualties") or [], ensure_ascii=False)
        row["claims"] = json.dumps(e.get("claims") or [], ensure_ascii=False)
        for c in _PARQUET_INTS + _PARQUET_FLOATS:
            value = e.get(c)
            row[c] = None if value in (None, "") else (int(value) if c in _PARQUET_INTS else float(value))
        row["n_reports"] = e.get("n_reports") or 1
        numeric = _PARQUET_INTS + _PARQUET_FLOATS
        rows.append({c: row[c] if c in numeric else ("" if row.get(c) is None else str(row[c])) for c in columns})
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return len(rows)
