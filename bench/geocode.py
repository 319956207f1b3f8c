#!/usr/bin/env python3
"""Geocoding accuracy of the gazetteer on human-coded event data, before and after imports.

usage: python bench/geocode.py [--acled CSV] [--ucdp DIR_OR_CSV] [--import PATH ...]
                               [--ucdp-import PATH ...] [--no-imports] [--misses N]

Measures the share of rows whose place, resolved by ``observatory.places.explain.geocode``,
lies within 25 km of the coders' coordinates:

- ACLED (default ``../shared/data/acled_2020_dev.csv``): ``location`` + ``country``;
- UCDP GED (default ``../shared/data/ucdp_ged_syria_2016_2019/``): ``where_coordinates``
  + ``country``, with ``adm_1`` as the context;

(1) with the built-in index only, and (2) after ``import_file`` of past coded data from
other periods (default: ``acled_asia_2015``, ``acled_africa_2016`` and, for the ACLED
figure only, ``ucdp_ged_syria_2016_2019``). Imports go to a temporary data folder
(``OBSERVATORY_DATA_DIR`` is set for this process; the built-in index is linked from
the usual one), so the user's own index and imports are untouched.

Misses are listed by cause:
- "wrong candidate": a candidate within 25 km was found but another was chosen;
- "normalisation": the index has a place within 25 km under a similar name (fuzzy ratio
  ≥ 75 or the same consonant skeleton) that the look-up did not find;
- "not in index": no such place.

It also prints the top-1 ``lookup`` figure, the cold-start load time and memory of the
index (a fresh process opening it and answering one look-up), and this process's peak
memory. Nothing of the data files is written anywhere but the temporary folder.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
KM = 25.0


def peak_mb() -> float:
    """This process's peak resident memory in MB (VmHWM; ru_maxrss survives exec on Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def csv_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows (lower-case keys) of a CSV, or of every CSV in a folder."""
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    for f in files:
        with f.open(encoding="utf-8", errors="replace", newline="") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                yield {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}


Row = tuple[str, str, "str | None", float, float, str]


def load_acled(path: Path) -> list[Row]:
    """(name, country, context, lat, lon, precision) per ACLED row."""
    out = []
    for r in csv_rows(path):
        try:
            out.append((r["location"], r["country"], None, float(r["latitude"]), float(r["longitude"]),
                        r.get("geo_precision", "")))
        except (KeyError, ValueError):
            continue
    return out


def load_ucdp(path: Path) -> list[Row]:
    """(name, country, context = adm_1, lat, lon, precision) per UCDP GED row."""
    out = []
    for r in csv_rows(path):
        try:
            out.append((r["where_coordinates"], r["country"], r.get("adm_1") or None,
                        float(r["latitude"]), float(r["longitude"]), r.get("where_prec", "")))
        except (KeyError, ValueError):
            continue
    return out


def cause_of_miss(gaz, name: str, result, lat: float, lon: float) -> str:  # type: ignore[no-untyped-def]
    """"wrong candidate", "normalisation" or "not in index" (see the module docstring)."""
    from rapidfuzz import fuzz

    from observatory.places.geo import cells_around, haversine_km
    from observatory.places.normalize import loose_key, normalize_name

    if any(haversine_km(c.place.latitude, c.place.longitude, lat, lon) <= KM for c in result.candidates):
        return "wrong candidate"
    cells = cells_around(lat, lon, 0) + cells_around(lat, lon, 1)
    rows = gaz.joined("p.lat, p.lon, n.norm", f"p.cell IN ({','.join('?' * len(cells))})", cells)
    norm = normalize_name(name)
    key = loose_key(norm)
    for plat, plon, pnorm in rows:
        if haversine_km(lat, lon, plat, plon) > KM:
            continue
        if fuzz.ratio(norm, pnorm) >= 75 or (len(key) >= 3 and loose_key(pnorm) == key):
            return "normalisation"
    return "not in index"


def evaluate(label: str, rows: list[Row], misses: int) -> dict[str, float]:
    """Print and return the figures for one data set with the current gazetteer."""
    from observatory.places.explain import geocode
    from observatory.places.gazetteer import get_gazetteer
    from observatory.places.geo import haversine_km

    gaz = get_gazetteer()
    cache: dict[tuple[str, str, str | None], object] = {}
    ok = top_ok = 0
    by_prec: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    causes: Counter[str] = Counter()
    examples: dict[str, Counter[str]] = defaultdict(Counter)
    rules: Counter[str] = Counter()
    t0 = time.perf_counter()
    for name, country, context, lat, lon, prec in rows:
        key = (name, country, context)
        if key not in cache:
            cache[key] = geocode(name, country=country, context=context, limit=10)
        res = cache[key]
        chosen = res.chosen  # type: ignore[attr-defined]
        hit = chosen is not None and haversine_km(chosen.place.latitude, chosen.place.longitude, lat, lon) <= KM
        cands = res.candidates  # type: ignore[attr-defined]
        lookup_top = next((c for c in cands if c.rule not in ("fallback:town", "fallback:admin1", "fallback:admin2",
                                                                "region")), None)
        if lookup_top is not None and haversine_km(lookup_top.place.latitude, lookup_top.place.longitude,
                                                   lat, lon) <= KM:
            top_ok += 1
        rules[res.rule] += 1  # type: ignore[attr-defined]
        by_prec[prec][0] += hit
        by_prec[prec][1] += 1
        if hit:
            ok += 1
            continue
        cause = cause_of_miss(gaz, name, res, lat, lon)
        causes[cause] += 1
        got = f" -> {chosen.place.name} ({chosen.place.admin1}, {chosen.rule})" if chosen else ""
        examples[cause][f"{name} [{country}]{got}"] += 1
    n = len(rows) or 1
    dt = time.perf_counter() - t0
    print(f"\n{label}: {len(rows)} rows, {len(cache)} distinct queries, {dt:.1f} s")
    print(f"  within {KM:.0f} km (geocode):        {ok / n:.3f}")
    print(f"  within {KM:.0f} km (lookup top-1):   {top_ok / n:.3f}")
    print("  by coders' precision: " + ", ".join(f"{p or '?'}: {h / t:.3f} of {t}"
                                                   for p, (h, t) in sorted(by_prec.items())))
    print("  rules: " + ", ".join(f"{r} {c}" for r, c in rules.most_common()))
    print(f"  misses by cause ({sum(causes.values())}):")
    for cause, count in causes.most_common():
        print(f"    {cause:16s} {count:5d} ({count / n:.3f})")
        if misses:
            shown = ", ".join(f"{e} x{c}" if c > 1 else e for e, c in examples[cause].most_common(misses))
            print(f"      e.g. {shown}")
    return {"within_25km": ok / n, "lookup_top1": top_ok / n, **{k: v / n for k, v in causes.items()}}


def cold_load() -> tuple[float, float, float]:
    """(seconds to import and open the gazetteer and answer one look-up, of which the
    open + look-up alone, peak MB) in a fresh process."""
    code = ("import sys, time; t0 = time.perf_counter();"
            "from observatory.places import get_gazetteer; t1 = time.perf_counter();"
            "g = get_gazetteer(); g.lookup('Aleppo', country='SY'); t2 = time.perf_counter();"
            f"sys.path.insert(0, {str(Path(__file__).parent)!r}); from geocode import peak_mb;"
            "print(t2 - t0, t2 - t1, peak_mb())")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=os.environ)
    total, open_s, mb = (float(x) for x in out.stdout.split())
    return total, open_s, mb


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    ap.add_argument("--acled", type=Path, default=DATA / "acled_2020_dev.csv")
    ap.add_argument("--ucdp", type=Path, default=DATA / "ucdp_ged_syria_2016_2019")
    ap.add_argument("--import", dest="imports", type=Path, nargs="*",
                    default=[DATA / "acled_asia_2015" / "acled.csv", DATA / "acled_africa_2016" / "acled.csv"],
                    help="coded data imported before both figures (2)")
    ap.add_argument("--ucdp-import", dest="ucdp_imports", type=Path, nargs="*",
                    default=[DATA / "ucdp_ged_syria_2016_2019"],
                    help="imported after the UCDP figure (2), before the ACLED one")
    ap.add_argument("--no-imports", action="store_true", help="only the built-in figures")
    ap.add_argument("--misses", type=int, default=8, help="examples shown per cause of miss")
    args = ap.parse_args()

    from observatory.places.build import index_path
    from observatory.places.gazetteer import Gazetteer, reset_gazetteer

    Gazetteer(index_path(), imports=False).close()  # build or refresh the user's index once
    user_index = index_path()
    tmp = Path(tempfile.mkdtemp(prefix="observatory-bench-"))
    os.environ["OBSERVATORY_DATA_DIR"] = str(tmp)
    (tmp / user_index.name).symlink_to(user_index)
    reset_gazetteer()
    print(f"index: {user_index} ({user_index.stat().st_size / 1e6:.0f} MB), imports into {tmp}")
    total, open_s, mb = cold_load()
    print(f"cold start: {total * 1000:.0f} ms to import the package, open the index and look up one name "
          f"({open_s * 1000:.0f} ms of it opening + look-up); peak memory {mb:.0f} MB")

    acled = load_acled(args.acled) if args.acled.exists() else []
    ucdp = load_ucdp(args.ucdp) if args.ucdp.exists() else []
    if not acled and not ucdp:
        print("no data: give --acled and/or --ucdp")
        return 2
    results: dict[str, dict[str, float]] = {}
    print("\n== (1) built-in index only")
    if acled:
        results["acled built-in"] = evaluate(f"ACLED {args.acled.name}", acled, args.misses)
    if ucdp:
        results["ucdp built-in"] = evaluate(f"UCDP {args.ucdp.name}", ucdp, args.misses)
    if not args.no_imports:
        from observatory.places.importer import import_file

        print("\n== (2) after importing past coded data")
        for p in args.imports:
            t = time.perf_counter()
            rep = import_file(p)
            print(f"  import {p}: {rep.rows} rows, {rep.places_added} places, {rep.names_added} names, "
                  f"{rep.confirmed} confirmed built-in places, {rep.skipped} skipped, {time.perf_counter() - t:.1f} s")
        if ucdp:
            results["ucdp imports"] = evaluate(f"UCDP {args.ucdp.name} (ACLED imports)", ucdp, args.misses)
        for p in args.ucdp_imports:
            t = time.perf_counter()
            rep = import_file(p)
            print(f"  import {p}: {rep.rows} rows, {rep.places_added} places, {rep.names_added} names, "
                  f"{rep.confirmed} confirmed built-in places, {rep.skipped} skipped, {time.perf_counter() - t:.1f} s")
        if acled:
            results["acled imports"] = evaluate(f"ACLED {args.acled.name} (all imports)", acled, args.misses)
        total, open_s, mb = cold_load()
        print(f"\ncold start with imports: {total * 1000:.0f} ms ({open_s * 1000:.0f} ms opening + look-up); "
              f"peak memory {mb:.0f} MB")
    print("\n== summary (share within 25 km)")
    for k, v in results.items():
        print(f"  {k:16s} {v['within_25km']:.3f}")
    print(f"bench process peak memory: {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
