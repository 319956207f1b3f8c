"""Word lists and small text helpers shared by the gazetteer, the matcher and ``explain``.

Nothing here touches the index.
"""

from __future__ import annotations

import math
import re

from .normalize import normalize_name

#: Trailing words that mark an administrative unit ("Idlib province").
ADMIN_WORDS = frozenset({
    "province", "governorate", "governate", "region", "oblast", "district", "state", "county",
    "wilaya", "wilayah", "muhafazah", "muhafazat", "raion", "rayon", "prefecture", "department",
    "division", "municipality", "territory", "provincia", "estado", "departamento",
})
#: Trailing words that mark a settlement ("Aleppo city").
SETTLEMENT_WORDS = frozenset({"city", "town", "village", "camp"})
#: Words that mark a facility; garbled facility names may be fuzzy-matched near a point.
FACILITY_WORDS = frozenset({
    "airport", "airbase", "air base", "base", "crossing", "dam", "prison", "camp", "port",
    "bridge", "checkpoint", "barracks", "station", "plant", "npp", "airfield", "refinery",
    "field", "hospital", "terminal", "harbour", "harbor",
})
#: Capitalised words that are never worth resolving as places when scanning text.
NOT_PLACES = frozenset("""
the a an this that these those there here it its he she they we i you his her their our
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
january february march april may june july august september october november december
reuters afp ap bbc cnn xinhua tass anadolu sana
president minister ministry government army police forces military official officials
spokesman spokesperson sources source news agency report reports according said says
mr mrs ms dr general colonel captain lieutenant sergeant major commander governor mayor
north south east west northern southern eastern western central
un nato eu isis isil daesh hamas hezbollah taliban houthis al-shabaab wagner
observatory human rights council security
after before during when while since until and but or if as at by for from in of on to with
one two three four five six seven eight nine ten first second third last
however meanwhile although also earlier later local witnesses residents people children
women men civilians soldiers troops rebels fighters militants militia forces brigade battalion
regiment division front party council committee coalition alliance union court parliament
embassy palace prison hospital clinic mosque church school university market airport border
city town village district province region state capital street road bridge square centre
center park river lake mountain mountains valley station base camp health interior defence
defense foreign affairs intelligence arab arabs kurdish kurds islamic muslim muslims christian
christians jewish sunni shia shiite druze alawite european african asian western eastern
molotov kalashnikov katyusha grad covid coronavirus corona labor labour
barangay colonia tambon moo purok sitio poblacion
""".split()) | frozenset({
    "associated press", "al jazeera", "ria novosti", "islamic state", "united nations",
    "security council", "human rights watch", "amnesty international", "red cross",
    "red crescent", "white house", "european union", "african union", "syrian observatory",
    "ministry of defence", "ministry of defense", "ministry of interior",
})

#: FACILITY_WORDS as normalised tokens (to intersect with ``normalize_name(...).split()``).
FACILITY_NORMS = frozenset(normalize_name(w) for w in FACILITY_WORDS if " " not in w)

#: Leading/trailing words of UCDP/press place strings that only say what kind of place it is
#: ("Aleppo town", "Ein Laroz village", "Jobar suburb").
KIND_WORDS = frozenset({"town", "village", "city", "suburb", "neighbourhood", "neighborhood", "quarter",
                        "locality", "hamlet", "settlement", "area", "district", "farms", "farm"})

#: Separators of compound names: " - ", ",", "/", and a hyphen between two words of 3+
#: letters ("Mogadishu-Wadajir", but not "al-Nayrab").
PART_RE = re.compile(r"\s+-\s+|,|/|(?<=[a-z]{3})-(?=[A-Z][a-z]{2}|\d)")
_BRACKET_RE = re.compile(r"^(.*?)\s*[\(\[]([^()\[\]]+)[\)\]]\s*$")


def prominence(feature: str, population: int) -> float:
    """How prominent a place is, 0..1 (used to rank same-name candidates)."""
    fixed = {"country": 1.0, "admin1": 0.45, "admin2": 0.35, "facility": 0.6,
             "district": 0.45, "region": 0.5}
    if feature in fixed:
        return fixed[feature]
    return min(1.0, math.log10(max(population, 0) + 1) / 7)


def split_suffix(words: list[str], vocab: frozenset[str]) -> list[str] | None:
    """``words`` without a trailing word from ``vocab`` (None if it has none or nothing is left)."""
    if len(words) > 1 and words[-1].casefold() in vocab:
        return words[:-1]
    return None


def split_parts(text: str) -> list[str]:
    """The parts of a compound name ("Mogadishu-Wadajir", "Kabul - Police District 5")."""
    return [p.strip() for p in PART_RE.split(text) if len(p.strip()) >= 3]


def split_bracket(text: str) -> tuple[str, str] | None:
    """``("Nameless Hills", "Agdam Region")`` for "Nameless Hills (Agdam Region)"; else None."""
    m = _BRACKET_RE.match(text)
    if not m or not m.group(1).strip():
        return None
    return m.group(1).strip(), m.group(2).strip()
