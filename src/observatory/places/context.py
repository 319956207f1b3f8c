"""Reading place hints out of the text around a name (for :func:`explain.geocode`).

- relative phrases: "10 km east of Aleppo", "near Sarmada", "on the outskirts of Kherson",
  "the western countryside of Aleppo", "southern Idlib", "near the Turkish border";
- ACLED-style admin hints after a name: "Afgooye (Afgooye, Lower Shabelle)", "(Ketou,
  Plateau)", "(Wadajir, Banadir)";
- admin1 units named anywhere in the text ("in Idlib countryside", "Dar'a city");
- the dominant country: the country most often named (names, demonyms, codes).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .gazetteer import Gazetteer

_DIR = r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
_ART = r"(?:al|el|ad|ar|as|ash|at|az|an|ed|es|et)"
_WORD = r"[A-Z][\w'’‘`ʿʾ\-]*"
#: A capitalised place name of up to four words ("Tal Rifaat", "al-Nayrab", "Deir ez-Zor").
NAME_BODY = (rf"(?:{_ART}-)?{_WORD}(?:\s+(?:(?:{_ART}|de|del|di|du|la|le|ez|bin|ibn)[\s\-])?{_WORD}){{0,3}}")
_KIND = r"(?:(?:the\s+)?(?:town|village|city|area|district|locality|settlement|hamlet|camp)\s+of\s+)?"
#: "10 km east of X", "east of X", "near X", "outskirts of X", "countryside of X".
RELATIVE_RE = re.compile(
    rf"(?i:(?:(?P<km>\d+(?:[.,]\d+)?)\s*(?:km|kms|kilometers?|kilometres?|mi|miles?)\s+)?"
    rf"(?:(?P<dir>{_DIR})(?:ern)?\s+of|(?P<rel>near|outside|close to|around|in the vicinity of|"
    rf"(?:on )?the outskirts of|outskirts of|(?:the\s+)?(?:{_DIR}(?:ern)?\s+)?(?:countryside|suburbs?|outskirts) of))"
    rf"\s+(?:the\s+)?{_KIND})(?P<name>{NAME_BODY})")
#: A whole name that is a region of a place: "Idlib countryside", "rural Damascus",
#: "southern Idlib", "northern countryside of Aleppo", "Aleppo's western countryside".
REGION_NAME_RE = re.compile(
    rf"^(?:(?:the\s+)?(?:{_DIR}(?:ern)?|central|rural|greater)\s+)?(?:(?:countryside|outskirts|suburbs?)\s+of\s+)?"
    rf"(?P<name>.+?)(?:['’]s)?(?:\s+(?:{_DIR}(?:ern)?\s+)?(?:countryside|outskirts|suburbs?|province|governorate|"
    rf"region|oblast))?$", re.IGNORECASE)
_REGION_MARK_RE = re.compile(rf"\b(?:countryside|outskirts|suburbs?|rural|{_DIR}(?:ern)?|central)\b", re.IGNORECASE)
#: "near the Turkish border", "on the border with Lebanon".
BORDER_RE = re.compile(r"\b(?:near|on|along|at|close to)\s+the\s+(?:(\w+)\s+)?border(?:\s+with\s+([A-Z]\w+))?",
                       re.IGNORECASE)
_BRACKET_AFTER_RE = re.compile(r"^\s*[\(\[]([^,()\[\]]{2,50})(?:,\s*([^()\[\]]{2,60}))?[\)\]]")
_ANY_BRACKET_RE = re.compile(r"[\(\[]([^,()\[\]]{2,50}),\s*([^()\[\]]{2,60})[\)\]]")
_CAP_RUN_RE = re.compile(NAME_BODY)


@dataclass
class Relative:
    """A relative phrase: the place it refers to and how."""

    reference: str
    phrase: str
    km: float | None = None


@dataclass
class Hints:
    """What the context says about where a name is."""

    admin1: str | None = None
    admin1_why: str = ""
    towns: list[tuple[str, str]] = field(default_factory=list)
    """(name, why) of nearby places named in the text, best first."""
    border: str | None = None


def parse_relative(text: str) -> Relative | None:
    """The relative phrase of a whole name ("10 km east of Aleppo"), or None."""
    text = text.strip()
    m = RELATIVE_RE.match(text)
    if not m or m.end() != len(text):
        return None
    km = float(m.group("km").replace(",", ".")) if m.group("km") else None
    return Relative(m.group("name"), text[: m.start("name")].strip(), km)


def parse_region(text: str) -> str | None:
    """The place a region phrase is built on ("southern Idlib" -> "Idlib"), or None."""
    if not _REGION_MARK_RE.search(text):
        return None
    m = REGION_NAME_RE.match(text.strip())
    if not m:
        return None
    core = m.group("name").strip()
    return core if core and core.casefold() != text.strip().casefold() else None


def capital_runs(text: str) -> list[str]:
    """Capitalised word sequences ("Tal Rifaat", "al-Nayrab", "Lower Shabelle")."""
    return [m.group(0) for m in _CAP_RUN_RE.finditer(text)]


def ngrams(run: str, n: int = 4) -> list[str]:
    """All sub-sequences of up to ``n`` words of a run, longest first."""
    words = run.split()
    out = []
    for size in range(min(n, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            out.append(" ".join(words[i:i + size]))
    return out


def dominant_country(gaz: "Gazetteer", text: str) -> tuple[str, int] | None:
    """(iso2, mentions) of the country the text names most (first named wins ties)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, run in enumerate(capital_runs(text)):
        for gram in ngrams(run, 3):
            for piece in ([gram] + gram.split("-") if "-" in gram else [gram]):
                place = gaz.country(piece) if len(piece) > 2 or piece.isupper() else None
                if place is not None:
                    counts[place.iso2] += 1
                    first.setdefault(place.iso2, i)
                    break
    if not counts:
        return None
    iso2 = min(counts, key=lambda k: (-counts[k], first[k]))
    return iso2, counts[iso2]


def read_hints(gaz: "Gazetteer", name: str, text: str, iso2: str | None) -> Hints:
    """Admin1, nearby towns and border phrases that ``text`` gives for ``name``."""
    hints = Hints()
    if not text:
        return hints
    at = text.casefold().find(name.casefold()) if name else -1
    bracket = _BRACKET_AFTER_RE.match(text[at + len(name):]) if at >= 0 else None
    if bracket is None:
        m = _ANY_BRACKET_RE.search(text)
        bracket = m if m and iso2 and gaz.admin1(iso2, m.group(2)) else None
    if bracket is not None:
        first, second = bracket.group(1).strip(), (bracket.group(2) or "").strip()
        if second and iso2 and gaz.admin1(iso2, second):
            hints.admin1, hints.admin1_why = second, f"admin hint ({first}, {second})"
            hints.towns.append((first, f"admin hint ({first}, {second})"))
        elif iso2 and gaz.admin1(iso2, first):
            hints.admin1, hints.admin1_why = first, f"admin hint ({first})"
        else:
            hints.towns.append((first, f"admin hint ({first})"))
    for m in RELATIVE_RE.finditer(text):
        ref = m.group("name")
        if ref and ref.casefold() != name.casefold():
            hints.towns.append((ref, f"relative phrase {m.group(0)!r}"))
    if hints.admin1 is None and iso2:
        for run in capital_runs(text):
            for gram in ngrams(run, 4):
                unit = gaz.admin1(iso2, gram)
                if unit is not None and gram.casefold() != name.casefold():
                    hints.admin1, hints.admin1_why = unit.name, f"admin1 named in the text ({gram!r})"
                    break
            if hints.admin1:
                break
    b = BORDER_RE.search(text)
    if b:
        hints.border = b.group(0)
    return hints
