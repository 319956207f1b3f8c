"""Golden files: every example report against its hand-coded expected events.

Each expected event is matched to the extracted event of the same type nearest to
its place; then every field the golden file gives is compared on its own, so a
failure names the example, the event and the field.
"""

from __future__ import annotations

import json
import math
import re

import pytest

from conftest import EXAMPLES, example_names

COMPARED = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
            "inter1", "inter2", "interaction", "civilian_targeting", "country", "iso3", "admin1",
            "geo_precision", "fatalities")
MAX_KM = 10.0


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlmb / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def same_source(got: str, expected: str) -> bool:
    """One source under two spellings: "Amnesty International" / "Amnesty International Kenya"."""
    a, b = (re.sub(r"[^a-z0-9]+", " ", x.lower()).strip() for x in (got, expected))
    return a == b or (len(a) > 3 and a in b) or (len(b) > 3 and b in a)


def figure_matches(got: dict, expected_best: int) -> bool:
    """A coder writes ACLED's reading of a vague word ("dozens" = 12), which is our `low`."""
    return got["best"] == expected_best or (got["qualifier"] == "vague" and got["low"] == expected_best)


def golden(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.expected.json").read_text("utf-8"))


def cases():
    for name in example_names():
        for i, ev in enumerate(golden(name)["events"]):
            yield pytest.param(name, i, id=f"{name}#{i}:{ev['sub_event_type']}")


def match(expected: dict, events: list[dict]) -> dict | None:
    def cost(e: dict) -> tuple:
        dist = 1e9
        if None not in (e.get("latitude"), expected.get("latitude")):
            dist = km(e["latitude"], e["longitude"], expected["latitude"], expected["longitude"])
        return (e["event_type"] != expected["event_type"], e["sub_event_type"] != expected["sub_event_type"],
                e.get("actor1") != expected.get("actor1"), dist)
    same_type = [e for e in events if e["event_type"] == expected["event_type"]]
    return min(same_type, key=cost) if same_type else None


@pytest.mark.parametrize("name,index", list(cases()))
def test_golden_event(name, index, extract_example):
    expected = golden(name)["events"][index]
    result = extract_example(name).model_dump(mode="json")
    got = match(expected, result["events"])
    assert got is not None, f"no {expected['event_type']} event extracted; got " + ", ".join(
        f"{e['event_type']}/{e['sub_event_type']}" for e in result["events"])
    wrong = {}
    for field in COMPARED:
        if field in expected and got.get(field) != expected[field]:
            wrong[field] = (expected[field], got.get(field))
    if expected.get("latitude") is not None:
        if got.get("latitude") is None:
            wrong["coordinates"] = ((expected["latitude"], expected["longitude"]), None)
        else:
            d = km(got["latitude"], got["longitude"], expected["latitude"], expected["longitude"])
            if d > MAX_KM:
                wrong["coordinates"] = (f"within {MAX_KM} km of {expected['location']}", f"{d:.0f} km away at {got['location']}")
    for cas in expected.get("casualties", []):
        if cas.get("best") is None or "actor" not in cas:
            continue
        found = [c for c in got["casualties"] if c["kind"] == cas["kind"] and c["actor"] == cas["actor"]
                 and figure_matches(c, cas["best"]) and same_source(c["source"], cas["source"])]
        if not found:
            wrong[f"casualty {cas['best']} {cas['kind']} {cas['actor']}"] = (cas["source"], [
                (c["best"], c["kind"], c["actor"], c["source"]) for c in got["casualties"]])
    assert not wrong, "\n".join(f"{k}: expected {v[0]!r}, got {v[1]!r}" for k, v in wrong.items())


@pytest.mark.parametrize("name", example_names())
def test_golden_warnings(name, extract_example):
    kinds = {w["kind"] for w in golden(name).get("warnings", [])}
    got = {w.kind for w in extract_example(name).warnings}
    missing = {k for k in kinds if k in ("implausible_claim", "inconsistent_total")} - got
    assert not missing, f"expected warnings {sorted(missing)}; got {sorted(got)}"


@pytest.mark.parametrize("name", example_names())
def test_no_spurious_events(name, extract_example):
    """No event type the coder did not code (e.g. no air strike from 'HTS fighter jets')."""
    expected_types = {e["sub_event_type"] for e in golden(name)["events"]}
    got_types = {e.sub_event_type for e in extract_example(name).events}
    extra = got_types - expected_types
    assert "Air/drone strike" not in extra, "an air strike was coded that the report does not support"
    assert len(extract_example(name).events) <= len(golden(name)["events"]) + 2, (
        f"{len(extract_example(name).events)} events for {len(golden(name)['events'])} coded")
