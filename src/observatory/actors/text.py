"""String folding for actor and source look-ups.

`norm_key` is the one normal form every alias and every mention goes through before
the normalised index is consulted: accents and case folded, curly quotes and
apostrophes dropped ("Hay’at" = "Hayat"), possessive 's removed ("al-Assad's forces" =
"al Assad forces"), dots inside acronyms dropped ("U.S." = "US"), hyphens and other
punctuation turned into spaces, a leading "the" dropped and a plural "s" on the last
word removed ("militias" = "militia"). Words ending in -ss, -us or -is, and short ones
ending in -as, keep their final s, so "Hamas", "ISIS" and "Houthis" are left alone (their
singular forms are listed as aliases where wanted).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "´": "'", "′": "'", "ʻ": "'",
                         "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-", "‑": "-"})
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=s)'(?=\s|$)")
_ACRONYM_DOT = re.compile(r"(?<=\b\w)\.(?=\w\b|\w\.)")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_KEEP_S = ("ss", "us", "is")

_DETERMINERS = re.compile(
    r"^(?:(?:the|a|an|some|several|many|few|numerous|dozens of|hundreds of|thousands of|scores of|"
    r"tens of|a group of|a number of|groups of|number of|a few|at least \w+|more than \w+|"
    r"about \w+|around \w+|nearly \w+|up to \w+|other|another|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|\d+)\s+)+")

#: leading words that qualify a name without changing who it is ("suspected ISWAP")
_LEAD_MODIFIERS = frozenset({
    "suspected", "alleged", "presumed", "purported", "reported", "apparent", "armed", "militant",
    "islamist", "jihadist", "jihadi", "terrorist", "extremist", "rebel", "insurgent", "separatist",
    "paramilitary", "rival", "local", "hardline", "radical", "notorious", "feared", "powerful",
    "outlawed", "banned", "proscribed", "sunni", "shia", "shiite", "group", "movement", "faction",
    "fighters", "the",
})
#: trailing nouns that name members of a group ("M23 rebels" -> "M23")
_TAIL_NOUNS = frozenset({
    "militant", "militants", "fighter", "fighters", "rebel", "rebels", "member", "members",
    "element", "elements", "gunman", "gunmen", "jihadist", "jihadists", "insurgent", "insurgents",
    "terrorist", "terrorists", "militia", "militias", "militiaman", "militiamen", "group", "cell",
    "cells", "unit", "units", "operative", "operatives", "combatant", "combatants", "loyalist",
    "loyalists", "supporter", "supporters", "affiliate", "affiliates", "forces", "force",
    "troops", "soldiers", "men", "mercenaries", "mercenary", "gang", "gangs", "gangsters",
    "members", "commander", "commanders", "leader", "leadership", "network", "faction",
    "factions", "wing", "positions", "position", "attackers", "assailants", "recruits",
    "bandits", "cadres", "cadre", "guerrillas", "guerrilla", "personnel", "convoy", "convoys",
    "fighting", "group's", "brigade", "brigades", "elements", "partisans", "sympathisers",
    "sympathizers", "security", "intelligence", "police", "checkpoint", "checkpoints", "base", "bases",
    "headquarters", "vehicle", "vehicles", "patrol", "patrols", "official", "officials", "spokesman",
    "sniper", "snipers", "bomber", "bombers", "suicide", "kidnapper", "kidnappers", "gunner", "gunners",
})
_LINKED = re.compile(r"^[\w ]+? (?:linked|backed|affiliated|aligned|allied|supported|sponsored|"
                     r"funded|inspired|leaning|based|trained|armed|equipped) ")
_LED_BY = re.compile(r"^(?P<who>.+?) (?:led|dominated|run|controlled|commanded) (?P<what>.+)$")


def clean(text: str) -> str:
    """Trim whitespace, quotes and trailing punctuation; unify quote characters."""
    if not text.isascii():
        text = text.translate(_QUOTES)
    text = " ".join(text.split()).strip(" ,.;:!?\"'[]")
    while text.endswith(")") and text.count("(") < text.count(")"):
        text = text[:-1].rstrip()
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].lstrip()
    return text


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Accents removed, case folded, quotes unified (no other change)."""
    if text.isascii():
        return text.lower().replace("`", "'")
    text = text.translate(_QUOTES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold()


@functools.lru_cache(maxsize=1 << 16)
def norm_key(text: str) -> str:
    """The normal form used by the normalised alias index (see the module docstring)."""
    s = fold(text)
    if "'" in s:
        s = _POSSESSIVE.sub("", s).replace("'", "")
    if "." in s:
        s = _ACRONYM_DOT.sub("", s)
    s = _NON_WORD.sub(" ", s).strip()
    if "govt" in s:
        s = re.sub(r"\bgovt\b", "government", s)
    if s.startswith("the "):
        s = s[4:]
    return _singular_last(s)


def _singular_last(s: str) -> str:
    head, _, last = s.rpartition(" ")
    if len(last) >= 4 and last.endswith("s") and not last.endswith(_KEEP_S) \
            and not (last.endswith("as") and len(last) <= 5):
        last = last[:-1]
    return f"{head} {last}" if head else last


def strip_determiners(key: str) -> str:
    """"two soldiers" -> "soldiers"; "dozens of protesters" -> "protesters" (on a norm_key)."""
    return _DETERMINERS.sub("", key + " ").strip() if key else key


def variants(key: str) -> Iterator[str]:
    """Shorter forms of a normalised mention to retry when it is not an alias itself:
    leading modifiers dropped ("suspected iswap fighter" -> "iswap fighter"), "X-backed"
    qualifiers dropped ("rwanda backed m23" -> "m23"), trailing member nouns dropped
    ("m23 rebel" -> "m23"), and "HTS-led" read as the group that leads ("hts led force" -> "hts")."""
    seen = {key}

    def emit(k: str) -> Iterator[str]:
        k = _singular_last(k.strip())
        if k and k not in seen:
            seen.add(k)
            yield k

    words = strip_determiners(key).split()
    yield from emit(" ".join(words))
    while words and words[0] in _LEAD_MODIFIERS and len(words) > 1:
        words = words[1:]
        yield from emit(" ".join(words))
    base = " ".join(words)
    m = _LED_BY.match(base)
    if m:
        yield from emit(m.group("who"))
    m = _LINKED.match(base + " ")
    if m and m.end() < len(base):
        stripped = base[m.end():]
        yield from emit(stripped)
        words = stripped.split()
    tail = list(words)
    while len(tail) > 1 and tail[-1] in _TAIL_NOUNS:
        tail = tail[:-1]
        yield from emit(" ".join(tail))
    if len(tail) > 2 and tail[-1] in {"s"}:
        yield from emit(" ".join(tail[:-1]))
