"""Reading `actors.yaml`, `governments.yaml` and `sources.yaml` into actors and index rows.

Three kinds of `actors.yaml` entry are understood:

* a named actor: `name`, `inter`, `country`, `kind`, `aliases`, ...;
* a state-force template: `state: military | police | government`, `country`, optional
  `unit` ("Popular Mobilization Forces") and `periods` (start years of the government
  periods it applies to). It expands to one actor per government period, so "PMF" in 2020
  and in 2024 lands on the sub-unit of the right period;
* under `families:`, a name pattern such as "Islamic State ({country})": its aliases give
  the country-specific actor in a country that has no branch of its own.

Every state force of every government period in `governments.yaml` exists as an actor,
whether or not an entry mentions it. Each alias row carries the dates it is valid for
(entry `active` intersected with the period) and whether it is `local` (only valid in the
actor's own country or where it operates: "SNA" is the Syrian National Army in Syria and
the Somali National Army in Somalia).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from observatory.actors.countries import Country, Period, _as_date, parse_countries
from observatory.actors.generic import GENERIC_VOCAB
from observatory.actors.models import Actor, Source
from observatory.actors.text import norm_key

STATE_KINDS = {"military": "state", "police": "police", "government": "government"}
RELATION_KEYS = ("allied_to", "backed_by", "part_of", "formerly_known_as")
_PERIOD_IN_NAME = re.compile(r"\((\d{4})-(\d{4})\)")


class Entry(NamedTuple):
    """One alias row: the actor it names and when/where it does."""

    actor: Actor
    lo: dt.date | None
    hi: dt.date | None
    local: bool


@dataclass
class Family:
    """A name pattern for country-specific branches: "Islamic State ({country})"."""

    id: str
    pattern: str
    inter: int
    kind: str
    aliases: tuple[str, ...]


@dataclass
class _Draft:
    name: str
    inter: int
    country: str | None
    kind: str
    start: int | None = None
    end: int | None = None
    operates_in: list[str] = field(default_factory=list)
    relations: dict[str, list[str]] = field(default_factory=dict)
    legacy: list[str] = field(default_factory=list)
    legacy_until: dict[str, int] = field(default_factory=dict)
    note: str = ""
    rows: list[tuple[str, dt.date | None, dt.date | None, bool]] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    explicit: bool = False
    spanned: bool = False

    def add_aliases(self, aliases, lo, hi, local: bool) -> None:
        for a in aliases or ():
            self.rows.append((str(a), lo, hi, local))


@dataclass
class Loaded:
    """Everything the knowledge base is built from."""

    countries: dict[str, Country]
    actors: list[Actor]
    rows: list[tuple[str, Entry]]  # (alias text, entry)
    leaders: list[tuple[str, Actor]]
    families: dict[str, Family]
    legacy_until: dict[str, dict[str, int]]  # actor name -> {legacy name: last export year}
    sources: list[Source]
    #: (ISO2, group as ACLED writes it, "ethnic" | "clan" | "sub_clan" | "tribe", a way reports write it)
    identity_groups: list[tuple[str, str, str, str]]


def _overlap(lo1, hi1, lo2, hi2):
    lo = max((d for d in (lo1, lo2) if d is not None), default=None)
    hi = min((d for d in (hi1, hi2) if d is not None), default=None)
    if lo is not None and hi is not None and hi < lo:
        return None
    return lo, hi


def _years(lo: dt.date | None, hi: dt.date | None) -> tuple[int | None, int | None]:
    return (lo.year if lo else None, hi.year if hi else None)


def build(actors_raw: dict, gov_raw: dict, sources_raw: dict) -> Loaded:
    """The parsed YAML files -> actors (generated state forces first, then the entries of
    actors.yaml merged into them by name), alias rows, leaders, families and sources."""
    countries = parse_countries(gov_raw)
    drafts: dict[str, _Draft] = {}

    def state_draft(c: Country, force: str, p: Period, unit: str, inter: int = 1, kind: str | None = None) -> _Draft:
        name = c.state_name(force, p, unit)
        d = drafts.get(name)
        if d is None:
            d = drafts[name] = _Draft(name=name, inter=inter, country=c.iso2, kind=kind or STATE_KINDS[force],
                                      start=p.start, end=p.end, spanned=not unit)
        return d

    for c in countries.values():
        for p in c.periods:
            for force in ("military", "police", "government"):
                d = state_draft(c, force, p, "")
                if force == "military":
                    d.leaders.extend(p.leaders)

    families: dict[str, Family] = {}
    for f in actors_raw.get("families") or ():
        families[f["id"]] = Family(id=f["id"], pattern=f["name"], inter=int(f["inter"]), kind=f.get("kind", "rebel"),
                                   aliases=tuple(str(a) for a in f.get("aliases") or ()))

    for e in actors_raw.get("actors") or ():
        active = e.get("active") or {}
        lo = _as_date(active.get("start"))
        hi = _as_date(active.get("end"), end=True)
        family = families.get(e["family"]) if e.get("family") else None
        if "state" in e:
            force = e["state"]
            c = countries[str(e["country"])]
            unit = e.get("unit", "")
            wanted = set(e.get("periods") or ())
            for p in c.periods:
                if wanted and p.start not in wanted:
                    continue
                span = _overlap(p.lo, p.hi, lo, hi)
                if span is None:
                    continue
                d = state_draft(c, force, p, unit, inter=int(e.get("inter", 1)), kind=e.get("kind"))
                if unit:
                    _widen(d, *_years(*span))
                _fill(d, e, span, family)
            continue
        name = e["name"]
        if name in drafts and drafts[name].explicit:
            raise ValueError(f"actors.yaml: duplicate entry {name!r}")
        d = drafts.get(name) or _Draft(name=name, inter=int(e["inter"]), country=e.get("country"), kind=e["kind"])
        d.explicit = True
        d.inter, d.kind = int(e["inter"]), e["kind"]
        d.country = str(e["country"]) if e.get("country") is not None else None
        if lo or hi or not d.spanned:
            d.start, d.end = _years(lo, hi)
            d.spanned = True
        drafts[name] = d
        _fill(d, e, (lo, hi), family)

    actors: list[Actor] = []
    rows: list[tuple[str, Entry]] = []
    leaders: list[tuple[str, Actor]] = []
    legacy_until: dict[str, dict[str, int]] = {}
    for d in drafts.values():
        legacy = list(dict.fromkeys(d.legacy))
        m = _PERIOD_IN_NAME.search(d.name)
        if m:  # exports made before the period ended wrote it open: "(2000-)"
            legacy.append(d.name[: m.start()] + f"({m.group(1)}-)" + d.name[m.end():])
        if d.legacy_until:
            legacy_until[d.name] = dict(d.legacy_until)
        if d.explicit:
            _split_name_aliases(d)
        aliases = tuple(dict.fromkeys(a for a, *_ in d.rows))
        actor = Actor(name=d.name, inter=d.inter, country=d.country, kind=d.kind, aliases=aliases,
                      start=d.start, end=d.end,
                      relations={k: tuple(v) for k, v in d.relations.items() if v},
                      operates_in=tuple(dict.fromkeys(d.operates_in)), legacy=tuple(dict.fromkeys(legacy)),
                      note=d.note)
        actors.append(actor)
        for alias, lo, hi, local in d.rows:
            rows.append((alias, Entry(actor, lo, hi, local)))
        for leader in d.leaders:
            leaders.append((leader, actor))

    sources = [Source(name=s["name"], kind=s["kind"], country=s.get("country"),
                      aliases=tuple(str(a) for a in s.get("aliases") or ()))
               for s in sources_raw.get("sources") or ()]
    groups: list[tuple[str, str, str, str]] = []
    for iso2, kinds in (actors_raw.get("identity_groups") or {}).items():
        for kind, names in kinds.items():
            if isinstance(names, dict):  # sub-clans: "Habar Gedir-Ayr: [Ayr]", the name and how reports write it
                for g, spellings in names.items():
                    for alias in dict.fromkeys([str(g), *(str(a) for a in spellings or ())]):
                        groups.append((str(iso2), str(g), kind, alias))
            else:
                groups += [(str(iso2), str(g), kind, str(g)) for g in dict.fromkeys(names or ())]
    return Loaded(countries=countries, actors=actors, rows=rows, leaders=leaders, families=families,
                  legacy_until=legacy_until, sources=sources, identity_groups=groups)


def _split_name_aliases(d: _Draft) -> None:
    """"M23: March 23 Movement" is also "M23" and "March 23 Movement" (short acronyms
    only in the actor's own countries). Composite names ("X and/or Y") are left alone."""
    if ": " not in d.name or "and/or" in d.name:
        return
    short, _, long = d.name.partition(": ")
    if len(short) > 25:
        return
    long = _PERIOD_IN_NAME.sub("", re.sub(r" \(\d{4}-\)", "", long)).strip()
    lo = dt.date(d.start, 1, 1) if d.start else None
    hi = dt.date(d.end, 12, 31) if d.end else None
    have = {a for a, *_ in d.rows}
    if short not in have:
        d.rows.append((short, lo, hi, len(short) <= 3))
    if long and long not in have:
        d.rows.append((long, lo, hi, False))


def _widen(d: _Draft, start: int | None, end: int | None) -> None:
    """A sub-unit's years: those of its first entry, widened by later ones."""
    if not d.spanned:
        d.start, d.end, d.spanned = start, end, True
        return
    d.start = None if d.start is None or start is None else min(d.start, start)
    d.end = None if d.end is None or end is None else max(d.end, end)


def _is_generic(alias: str) -> bool:
    words = norm_key(alias).split()
    return bool(words) and all(w in GENERIC_VOCAB for w in words)


def _fill(d: _Draft, e: dict, span, family: Family | None) -> None:
    lo, hi = span
    if d.country is not None:  # "junta forces", "federal police": only in the actor's own countries
        named = [a for a in e.get("aliases") or () if not _is_generic(str(a))]
        d.add_aliases(named, lo, hi, False)
        d.add_aliases([a for a in e.get("aliases") or () if _is_generic(str(a))], lo, hi, True)
    else:
        d.add_aliases(e.get("aliases"), lo, hi, False)
    d.add_aliases(e.get("local_aliases"), lo, hi, True)
    if family is not None:
        d.add_aliases(family.aliases, lo, hi, False)
    for k in RELATION_KEYS:
        for target in (e.get("relations") or {}).get(k) or ():
            d.relations.setdefault(k, [])
            if target not in d.relations[k]:
                d.relations[k].append(target)
    for c in e.get("operates_in") or ():
        if str(c) not in d.operates_in:
            d.operates_in.append(str(c))
    for item in e.get("legacy") or ():
        if isinstance(item, dict):
            d.legacy.append(item["name"])
            if item.get("until") is not None:
                d.legacy_until[item["name"]] = int(item["until"])
        else:
            d.legacy.append(str(item))
    d.leaders.extend(str(x) for x in e.get("leaders") or ())
    source = f"Source: {str(e['source']).rstrip('.')}." if e.get("source") else None
    note = " ".join(x for x in (e.get("note"), source) if x)
    if note and note not in d.note:
        d.note = f"{d.note} {note}".strip()
