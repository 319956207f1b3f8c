"""Reading ACLED-style actor names by their parts.

ACLED builds many names from a pattern: "Military Forces of Mali (2013-) Gendarmerie",
"Protesters (Kenya)", "Okpanan Communal Militia (Nigeria)", "AMISOM: ... (2007-)
(Burundi)". `parse_state` and `parse_bracketed` take such a name apart so that any
well-formed name resolves, not only the ones written into the KB, and so that names from
older exports ("(2000-)" before the period closed) find today's actor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

STATE_NAME = re.compile(r"^(?P<force>Military Forces|Police Forces|Government) of (?P<rest>.+)$", re.IGNORECASE)
_PERIOD = re.compile(r" \((?P<start>\d{4})-(?P<end>\d{4})?\)(?: (?P<unit>\S.*))?$")
BRACKETED = re.compile(r"^(?P<head>.+?) \((?P<country>[^()]+)\)$")
FORCES = {"military forces": "military", "police forces": "police", "government": "government"}

#: heads of "<Head> (<Country>)" names -> inter
EXACT_HEADS: dict[str, int] = {
    "protesters": 6, "rioters": 5, "civilians": 7, "unidentified armed group": 3,
    "unidentified gang": 3, "unidentified cult militia": 3, "unidentified communal militia": 4,
    "unidentified clan militia": 4, "unidentified tribal militia": 4, "unidentified ethnic militia": 4,
    "private security forces": 8, "vigilante group": 4, "islamist militia": 3, "islamic state": 2,
    "anti-drug vigilantes": 3, "refugees/idps": 7, "labour group": 6, "labor group": 6,
    "health workers": 6, "women": 7, "journalists": 7, "students": 6, "teachers": 6, "farmers": 6,
    "prisoners": 7, "fishermen": 6, "lawyers": 6, "taxi drivers": 6, "street traders": 6,
    "pastoralists": 7, "judges": 7, "drug suspects": 7, "children": 7, "settlers": 4,
    "migrants": 7, "aid workers": 7, "sex workers": 7, "lgbt": 7, "lgbtqia+": 7,
    "business group": 6, "christian group": 7, "muslim group": 7, "hindu group": 7,
    "sikh group": 7, "buddhist group": 7, "jewish group": 7, "far right group": 3,
    "unidentified military forces": 8, "former military forces": 1, "tribal militia": 4, "communal militia": 4,
    "ethnic militia": 4, "clan militia": 4, "militia": 3,
}
#: endings of heads -> inter ("Okpanan Communal Militia", "Hawadle Clan Militia")
SUFFIX_HEADS: tuple[tuple[str, int], ...] = (
    ("communal militia", 4), ("ethnic militia", 4), ("sub-clan militia", 4), ("clan militia", 4),
    ("tribal militia", 4), ("indigenous militia", 4), ("youth militia", 4), ("religious militia", 4),
    ("separatists", 2), ("rebels", 2), ("militia", 3), ("gang", 3),
    ("communal group", 7), ("ethnic group", 7), ("indigenous group", 7), ("tribal group", 7),
    ("clan group", 7), ("sub-clan group", 7), ("religious group", 7), ("group", 7),
)
INTER_KIND = {1: "state", 2: "rebel", 3: "political-militia", 4: "identity-militia", 5: "rioters",
              6: "protesters", 7: "civilians", 8: "external"}


@dataclass(frozen=True)
class StateParts:
    force: str  # military | police | government
    country: str  # the country words as written
    start: int | None
    end: int | None
    unit: str


def parse_state(text: str, is_country: Callable[[str], bool]) -> StateParts | None:
    """"Military Forces of Mali (2013-) Gendarmerie" -> its parts (None if not that shape).

    Without a period ("Military Forces of United States", "Police Forces of Kenya Prison
    Guards") the longest leading run of words that IS_COUNTRY accepts is the country."""
    m = STATE_NAME.match(text)
    if not m:
        return None
    force = FORCES[m.group("force").lower()]
    rest = m.group("rest")
    p = _PERIOD.search(rest)
    if p:
        return StateParts(force=force, country=rest[: p.start()], start=int(p.group("start")),
                          end=int(p.group("end")) if p.group("end") else None, unit=(p.group("unit") or "").strip())
    words = rest.split()
    for i in range(len(words), 0, -1):
        if is_country(" ".join(words[:i])):
            return StateParts(force=force, country=" ".join(words[:i]), start=None, end=None,
                              unit=" ".join(words[i:]))
    return None


def bracket_inter(head: str) -> int | None:
    """The inter code of a "<head> (<Country>)" name, from its head; None if unknown."""
    low = head.casefold()
    if low in EXACT_HEADS:
        return EXACT_HEADS[low]
    for suffix, inter in SUFFIX_HEADS:
        if low.endswith(" " + suffix):
            return inter
    return None


def parse_bracketed(text: str) -> tuple[str, str] | None:
    """"Protesters (Kenya)" -> ("Protesters", "Kenya")."""
    m = BRACKETED.match(text)
    if not m:
        return None
    return m.group("head").strip(), m.group("country").strip()


_OPEN_PERIOD = re.compile(r"\((\d{4})-(\d{4})\)")


def open_periods_after(name: str, year: int) -> str:
    """NAME as an export made in YEAR wrote it: periods still running in YEAR are open.
    "Military Forces of Syria (2000-2024)", 2020 -> "Military Forces of Syria (2000-)"; a
    period ending in YEAR itself is written open too (it was open for part of the year)."""
    return _OPEN_PERIOD.sub(lambda m: f"({m.group(1)}-)" if int(m.group(2)) >= year else m.group(0), name)
