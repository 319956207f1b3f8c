"""Casualty and quantity phrases: "at least 4", "nearly 100", "dozens", "no one".

Parses the number phrases that war reporting uses for counts of people and
things (killed, wounded, drones, shells...) into a :class:`Quantity` with a
conservative figure (``low``), a best estimate (``best``) and an upper bound
(``high``; ``None`` = open-ended). ``Quantity.acled`` is the figure ACLED would
code: its codebook takes the *most conservative* reported figure and codes
unspecified plurals with fixed floors ("dozens" = 12, "hundreds" = 100,
"tens" = 10).

Semantics (N = the stated number; A < B the ends of a range; matching is
case-insensitive; ``low`` is also ``Quantity.acled``):

============================================  =========  =================  ==========  ====
phrase                                        qualifier  low                best        high
============================================  =========  =================  ==========  ====
"44", "forty-four", "one man", "a soldier"    exact      N                  N           N
"a dozen", "two dozen", "half a dozen"        exact      12, 24, 6          =low        =low
"at least 4", "no fewer than 4",              at_least   N                  N           None
"a minimum of 4", "4 or more"
"more than 20", "over 20", "upwards of 20",   more_than  N                  N           None
"in excess of 20", "20-plus", "20+"
"nearly 100", "almost 100", "close to 100",   nearly     round(0.9 N), at   N           N
"just under 100"                                         most N-1 (N if
                                                         N <= 1)
"about 30", "around 30", "approximately 30",  about      N                  N           None
"some 30", "roughly 30", "an estimated 30",
"~30", "30 or so", "30-odd"
"up to 10", "as many as 10"                   up_to      1 (0 if N = 0)     N           N
"at most 10", "no more than 10",              at_most    1 (0 if N = 0)     N           N
"a maximum of 10"
"fewer than 10", "less than 10"               at_most    1 (0 if N < 2)     N-1         N-1
"between 5 and 7", "from 5 to 7", "5 to 7",   range      A                  (A+B)//2    B
"5-7", "5–7", "five or six"
"tens (of)"                                   vague      10                 20          None
"dozens (of)"                                 vague      12                 24          None
"scores (of)"                                 vague      20                 40          None
"hundreds (of)"                               vague      100                200         None
"thousands (of)"                              vague      1,000              2,000       None
"millions (of)"                               vague      1,000,000          2,000,000   None
"tens/dozens/hundreds of thousands"           vague      10/12/100 x 1,000  x 2         None
("... of millions": x 1,000,000)
"several"                                     vague      3                  5           None
"a few", "a number of"                        vague      3                  3           None
"a handful (of)"                              vague      3                  4           None
"many", "numerous"                            vague      3                  10          None
"a couple (of)"                               vague      2                  2           None
"several/a few/many" + "dozen", "hundred",     vague      the scale        the word's  None
"thousand", "million"                                    (the plural's    best times
                                                         floor: 12, 100)  the scale
"a couple (of)" + "dozen", "hundred", ...     vague      2 x scale        2 x scale   None
"no one", "nobody", "none", "no casualties",  none       0                  0           0
"no fatalities/deaths/injuries/dead/...",
"no reported/civilian/... casualties"
============================================  =========  =================  ==========  ====

A range whose second end has a scale word the first lacks takes that scale
("between 2 and 3 million" = 2,000,000-3,000,000). A "range" whose ends are
not increasing ("3-1", "between 7 and 5") is read as its first number alone.

Spans: ``Quantity.text`` is the number phrase only ("at least 4" in "at least 4
officers"), never the counted noun and never a trailing "of" -- except for the
closed forms whose noun is the quantity: "a soldier"/"an officer" (a/an + a
person noun, span includes the noun), "no injuries"/"no one" (span includes
the noun), and "a number of"/"a couple of".

Numbers that are not counts are skipped (by :func:`find_quantities`, and by
:func:`parse_quantity` as far as the phrase shows their context):

* ordinals ("first", "4th", "twenty-first") and model names ("F-16", "Su-25");
* years: a 4-digit 1900-2099 number without a thousands comma after a month
  name (with or without day), after in/since/of/by/until/from/during/early/
  late/mid/before/after/the/year/a season/bill/act/law/budget/election/...,
  after another year ("in 2020 and 2021"), or followed by a "-" or "/" date
  part; ranges whose two ends are both such years ("2014-2016", "from 2014
  to 2016");
* day numbers next to a month name ("9 May", "Nov. 27", "8-9 May");
* times ("10:30", "10 pm", "0800 GMT"), percentages ("40%", "40 percent"),
  decimals without a scale word ("1.5 tonnes"), codes with leading zeros;
* numbers followed by a unit of distance, time, money, weight, speed, ...
  ("10 kilometers", "6 miles", "two days", "3-year-old", "$5", "5 dollars");
* ages: "aged 14 and 16", "between the ages of 5 and 9", and a 1-2 digit number set off by
  commas after a person ("a man, 45, and his son, 12,", "Olena, 52, said");
* numbers right after "aged", "route", "article", "resolution", "page", ..., and unit or
  place numbers ("Brigade 42", "Sector 7", "Building 12", "km 43", "checkpoint 4");

Digits: thousands separators must be commas ("1,000"; "1 000" is skipped);
decimals need a scale word ("1.5 million"). Words: zero to the billions, with
hyphens or spaces and an optional "and" after a scale word ("one hundred and
twelve", "a thousand", "twenty five thousand").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from pydantic import BaseModel, ConfigDict

__all__ = ["Quantity", "find_quantities", "parse_number_word", "parse_quantity"]


class Quantity(BaseModel):
    """A number phrase with its conservative, best and upper figures."""

    model_config = ConfigDict(frozen=True)

    low: int
    best: int
    high: int | None
    qualifier: str
    text: str
    start: int
    end: int

    @property
    def acled(self) -> int:
        """ACLED's figure: the most conservative reading, i.e. ``low``."""
        return self.low


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_SMALL: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_BIG: dict[str, int] = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_DIGIT_SCALES: dict[str, int] = {"hundred": 100, "dozen": 12, **_BIG}

_QUALIFIERS: dict[str, str] = {
    "at least": "at_least", "no fewer than": "at_least", "no less than": "at_least",
    "not less than": "at_least", "not fewer than": "at_least", "a minimum of": "at_least",
    "more than": "more_than", "over": "more_than", "upwards of": "more_than",
    "in excess of": "more_than", "just over": "more_than", "well over": "more_than",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "just short of": "nearly", "just shy of": "nearly",
    "about": "about", "around": "about", "approximately": "about", "approx": "about",
    "some": "about", "roughly": "about", "an estimated": "about", "estimated": "about",
    "circa": "about",
    "up to": "up_to", "as many as": "up_to",
    "at most": "at_most", "no more than": "at_most", "not more than": "at_most",
    "a maximum of": "at_most",
    "fewer than": "fewer", "less than": "fewer",
}
_SUFFIXES: dict[str, str] = {
    "+": "more_than", "plus": "more_than", "or more": "at_least", "or so": "about", "odd": "about",
}
# word -> (low, best) for unspecified amounts.
_VAGUE: dict[str, tuple[int, int]] = {
    "tens": (10, 20), "dozens": (12, 24), "scores": (20, 40), "hundreds": (100, 200),
    "thousands": (1_000, 2_000), "millions": (1_000_000, 2_000_000),
    "several": (3, 5), "few": (3, 3), "number": (3, 3), "handful": (3, 4),
    "many": (3, 10), "numerous": (3, 10), "couple": (2, 2),
}
_PERSON_NOUNS = (
    "police officer", "soldier", "civilian", "child", "man", "woman", "fighter", "officer",
    "policeman", "policewoman", "member", "militant", "person", "journalist", "worker",
    "farmer", "student", "boy", "girl", "resident", "protester", "protestor", "prisoner",
    "guard", "commander", "teenager", "villager",
)
_UNITS = (
    # distance / area
    r"km|kms|kilomet(?:er|re)s?|mi|miles?|met(?:er|re)s?|m|cm|mm|feet|foot|ft|yards?|yds?"
    r"|inch(?:es)?|nautical|hectares?|acres?|sq|square"
    # time
    r"|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|yrs?"
    r"|decades?|centur(?:y|ies)|a\.m\.?|p\.m\.?|am|pm|o['’]clock|gmt|utc|bst|cet|eet|msk"
    r"|local\s+time"
    # money
    r"|dollars?|usd|euros?|eur|pounds?|gbp|hryvnias?|hryvnia|uah|rubles?|roubles?|rub"
    r"|cents?|shekels?|dinars?|shillings?|francs?|cfa|naira|rand|rupees?|yuan|yen|riyals?"
    r"|liras?|pesos?|birr|cedis?|kwacha|dirhams?|afghanis?|manats?|lari|drams?"
    # other measures
    r"|%|percent|per\s+cent|pct|kg|kilos?|kilograms?|grams?|tonnes?|tons?|lbs?|degrees?|°"
    r"|mph|knots?"
)
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)


def _alternation(words: object) -> str:
    """Regex alternation of literal phrases, longest first, spaces -> ``\\s+``."""
    ordered = sorted(words, key=len, reverse=True)  # type: ignore[arg-type]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


# --------------------------------------------------------------------------
# Regexes (compiled once at import; a few milliseconds)
# --------------------------------------------------------------------------

_U = "one|two|three|four|five|six|seven|eight|nine"
_TEEN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety"
_B100 = rf"(?:(?:{_TENS})(?:[-\s]+(?:{_U})\b)?|(?:{_TEEN}|{_U}|zero)\b)"
_SCALE_WORD = r"(?:hundred|thousand|million|billion|dozen)\b"
# Number words as a flat token grammar: a start word, then scale words each
# optionally followed by ("and") a sub-hundred number. Loose enough to accept
# "one thousand hundred", which never occurs, and small enough to compile fast.
_WORDNUM = (
    rf"(?:{_B100}|(?:a|half\s+a)(?=[\s-]+{_SCALE_WORD}))"
    rf"(?:[\s-]+{_SCALE_WORD}(?:[\s-]+(?:and\s+)?{_B100})?)*"
)
# Not a count when glued to an ordinal or fraction ("twenty-first", "two-thirds")
# or to a compound ("one-sided", "one-off").
_ORDINAL_TAIL = (
    r"(?!-(?:(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|half|halves"
    r"|quarter)s?|time|off|sided|way)\b)"
)
_DIGITNUM = (
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
    r"(?:\.[0-9]+(?=\s*(?:million|billion|thousand)\b))?"
    r"(?:\s*(?:hundred|thousand|million|billion|dozen)\b)?"
    r"(?![\w:/]|[.,][0-9])"
)
# A number: cheap lookahead first so that ordinary words fail fast.
_NUM = (
    rf"(?=[0-9]|(?:{_TENS}|{_TEEN}|{_U}|zero|a|half)(?![a-z]))"
    rf"(?:{_WORDNUM}{_ORDINAL_TAIL}|{_DIGITNUM})"
)
_DASH = r"[-‐‑‒–—−]"
_SEP = rf"(?P<sep>\s*{_DASH}\s*|\s+(?:to|or)\s+|(?(pre)\s+and\s+|(?!)))"
_SUFFIX = r"(?P<suf>\s?\+|-plus\b|\s+or\s+more\b|\s+or\s+so\b|-odd\b)"
_QUAL = rf"(?:(?P<qual>{_alternation(_QUALIFIERS)})\.?\s+|(?P<tilde>~)\s*)"
_ZERO = (
    r"no[\s-]+one\b|nobody\b|none\b"
    r"|no\s+(?:(?:reported|immediate|civilian|military|human|other|further|known|confirmed|"
    r"serious)\s+)?(?:casualties|fatalities|deaths|injuries|dead|injured|victims|losses|one)\b"
)
_VAGUE_RE = (
    r"(?:several|a\s+few|few|a\s+couple(?:\s+of)?|many)[\s-]+(?:dozen|hundred|thousand|million)\b"
    r"|(?:tens|hundreds|dozens|scores)\s+of\s+(?:thousands|millions)\b"
    r"|(?:dozens|hundreds|thousands|millions)\b|(?:tens|scores)\b(?=\s+of\b|\s*$)"
    r"|(?:several|numerous|(?<!how\s)(?<!so\s)(?<!too\s)(?<!as\s)many)\b"
    r"(?!\s+(?:dozens|hundreds|thousands|millions)\b)"
    r"|a\s+few\b|a\s+number\s+of\b|a\s+handful\b|a\s+couple(?:\s+of)?\b"
)
_PERSON = rf"an?\s+(?:{_alternation(_PERSON_NOUNS)})\b(?!-)"  # not "a man-made crater"

# All number regexes below run on lower-cased text (see ``_lower``): matching
# without re.IGNORECASE lets the regex engine skip alternatives by their first
# character, which makes the scan about three times faster.
_MASTER = re.compile(
    # Start of a word, not a continuation of a number, code or amount of money.
    r"(?=[0-9a-z~])(?<![\w$€£₴₽¥])(?!(?<=[.,:/‐‑‒–—−-])[0-9])"
    rf"(?:(?P<zero>{_ZERO})"
    rf"|(?P<vague>{_VAGUE_RE})"
    rf"|{_QUAL}?(?:(?P<pre>between|from)\s+)?(?P<na>{_NUM})"
    rf"(?:{_SEP}(?P<nb>{_NUM})|{_SUFFIX})?"
    rf"|(?P<person>{_PERSON}))"
)
_NUM_FULL = re.compile(_NUM)
_DIGIT_FULL = re.compile(
    r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?\s*(hundred|thousand|million|billion|dozen)?"
)
_UNIT_AFTER = re.compile(rf"\s*(?:-\s*)?(?:of\s+)?(?:{_UNITS})(?![a-z])")
_PREV_WORD = re.compile(r"(\w+)(\.?)\s*$")
_MONTH_WORDS = frozenset(_MONTH_NAMES.lower().split("|"))
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTH_NAMES})\b")
_YEAR_BEFORE = re.compile(
    rf"(?:\b(?:{_MONTH_NAMES})\b\.?(?:\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?)?"
    r"|\b(?i:in|since|of|by|until|till|from|during|early|late|mid|before|after|the|year"
    r"|spring|summer|autumn|fall|winter|circa|bill|act|law|budget|elections?|plan|vision"
    r"|agenda|census|class|season)"
    r"|\b(?:19|20)[0-9]{2}\s*(?:,|(?i:and|or|to|&))?)\s*$"  # "in 2020 and 2021"
)
_DATE_PART_AFTER = re.compile(rf"\s*(?:{_DASH}|/)\s*[0-9]")
_SCALE_AT_END = re.compile(r"(hundred|thousand|million|billion)\s*$")
# Ages: "aged 14 and 16", "between the ages of 5 and 9", "a man, 45, and his son, 12,".
_AGE_LIST_BEFORE = re.compile(
    r"\b(?:aged|ages?\s+of|ages?)\s+(?:between\s+)?(?:[0-9]{1,3}(?:\s*(?:,|and|or|to|-)\s*[0-9]{1,3})*"
    r"\s*(?:,|and|or|to|-)\s*)?$")
_AGE_PERSON_BEFORE = re.compile(
    r"(?:\b(?:man|woman|boy|girl|son|daughter|father|mother|husband|wife|brother|sister|child|teenager|"
    r"farmer|driver|resident|student|victim|soldier|officer|journalist)|\b[A-Z][a-z]+),\s*$")
_AGE_AFTER = re.compile(r"\s*(?:,|\)|;|$)")
_SPACED_THOUSANDS = re.compile(r"(?:[ \u00a0\u2009\u202f][0-9]{3})+(?![0-9])")
_SPLIT = re.compile(r"[\s\-‐‑‒–—−]+")
_BLOCKING_PREV_WORDS = frozenset(
    "aged age ages number route highway road article articles resolution page chapter section "
    "paragraph flight platform channel version phase stage level gate "
    # unit and place numbers: "Brigade 42", "Sector 7", "Building 12", "km 43"
    "brigade battalion regiment division unit sector zone block building apartment km kilometre kilometer "
    "checkpoint".split()
)


# --------------------------------------------------------------------------
# Number values
# --------------------------------------------------------------------------


def _norm(s: str) -> str:
    """Casefold, unify dashes and quotes, collapse whitespace."""
    s = s.casefold().replace("’", "'")
    return " ".join(_SPLIT.sub(lambda m: "-" if m.group().strip() else " ", s).split())


def _digits_value(m: re.Match[str]) -> int | None:
    """Value of a ``_DIGIT_FULL`` match; None for a fraction of one."""
    integer, decimals, scale = m.groups()
    if len(integer) > 15:
        return None  # a code or an identifier, not a count
    try:
        value = Decimal(integer.replace(",", "") + ("." + decimals if decimals else ""))
    except InvalidOperation:
        return None
    if scale:
        value *= _DIGIT_SCALES[scale.casefold()]
    if value != value.to_integral_value():
        return None
    return int(value)


def _words_value(tokens: list[str]) -> int | None:
    """Value of validated number-word tokens ("one", "hundred", "and", ...)."""
    total = Fraction(0)
    current = Fraction(0)
    for tok in tokens:
        if tok in _SMALL:
            current += _SMALL[tok]
        elif tok == "half":
            current = Fraction(1, 2)
        elif tok == "a":
            current = current or Fraction(1)
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok == "dozen":
            current = (current or 1) * 12
        elif tok in _BIG:
            total += (current or 1) * _BIG[tok]
            current = Fraction(0)
        elif tok != "and":
            return None
    value = total + current
    return int(value) if value.denominator == 1 else None


def parse_number_word(s: str) -> int | None:
    """Parse a bare number: "four", "twenty-five", "1,000", "1.5 million", "a dozen".

    Returns None for anything that is not exactly one cardinal number
    (ordinals, "1 000", "1.5" without a scale word, empty strings...).
    """
    text = _norm(s)
    if not text:
        return None
    digits = _DIGIT_FULL.fullmatch(text)
    if digits:
        return _digits_value(digits)
    if not _NUM_FULL.fullmatch(text):
        return None
    return _words_value(text.replace("-", " ").split())


# --------------------------------------------------------------------------
# Qualified quantities
# --------------------------------------------------------------------------


def _figures(kind: str, n: int) -> tuple[int, int, int | None, str]:
    """(low, best, high, qualifier) for a single number ``n`` with a qualifier kind."""
    if kind in ("at_least", "more_than", "about"):
        return n, n, None, kind
    if kind == "nearly":
        low = n if n <= 1 else min(round(0.9 * n), n - 1)
        return low, n, n, kind
    if kind in ("up_to", "at_most"):
        return min(n, 1), n, n, kind
    if kind == "fewer":
        top = max(n - 1, 0)
        return min(top, 1), top, top, "at_most"
    return n, n, n, "exact"


def _vague_figures(phrase: str) -> tuple[int, int] | None:
    """(low, best) for a vague phrase such as "dozens", "several hundred", "tens of thousands"."""
    words = [w for w in phrase.replace("-", " ").split() if w not in ("a", "of")]
    if not words:
        return None
    head = _VAGUE.get(words[0])
    if head is None:
        return None
    low, best = head
    if len(words) > 1:
        tail = words[-1].removesuffix("s")
        scale = 12 if tail == "dozen" else 100 if tail == "hundred" else _BIG.get(tail)
        if scale is not None:
            # "several dozen" is no more than "dozens" to a conservative coder: its floor is the
            # plural's (12), not 3 x 12; "a couple of dozen" is two dozen
            floor = scale if words[0] in ("several", "few", "many", "numerous", "handful", "number") else low * scale
            low, best = floor, best * scale
    return low, best


def _is_yearlike(s: str | None) -> bool:
    """True for a 4-digit 1900-2099 number written without a comma."""
    return s is not None and len(s) == 4 and s.isdigit() and 1900 <= int(s) <= 2099


def _is_daylike(s: str | None) -> bool:
    """True for a 1-2 digit number that could be a day of the month."""
    return s is not None and 1 <= len(s) <= 2 and s.isdigit() and 1 <= int(s) <= 31


def _date_like(text: str, m: re.Match[str], prev: re.Match[str] | None) -> bool:
    """True when the digits of a numeric match are part of a date.

    ``text`` is the original (not lower-cased) string: month names are only
    recognised capitalised, so that "may" and "march" stay verbs. ``prev`` is
    the word before the match (found in the lower-cased text), if any.
    """
    first, second = m.group("na").strip(), m.group("nb")
    last = (second or first).strip()
    if _is_yearlike(first):
        if second is not None:
            separator = m.group("sep").strip()
            if _is_yearlike(last) or separator not in ("to", "or", "and"):
                return True  # "2014 to 2016", "2014-16", "2024-11-27"
        before = text[max(0, m.start() - 30):m.start()]
        if _YEAR_BEFORE.search(before) or _DATE_PART_AFTER.match(text, m.end("na")):
            return True
    month_before = prev is not None and prev[1] in _MONTH_WORDS and text[prev.start(1)].isupper()
    if month_before and _is_daylike(first):
        return True  # "Nov. 27", "May 8-9"
    return _is_daylike(last) and _MONTH_AFTER.match(text, m.end()) is not None


def _not_a_count(text: str, low: str, m: re.Match[str]) -> bool:
    """True when a numeric match is not a count (date, unit, code, age...)."""
    if _UNIT_AFTER.match(low, m.end()):
        return True
    prev = _PREV_WORD.search(low, max(0, m.start() - 16), m.start())
    if prev and (prev[1] in _BLOCKING_PREV_WORDS or (prev[1] == "no" and prev[2])):
        return True  # "aged 25", "Route 60", "No. 5"
    na = m.group("na")
    if na[0].isdigit() and (
            _AGE_LIST_BEFORE.search(low, max(0, m.start() - 40), m.start())
            or (len(na) <= 2 and m.group("nb") is None and _AGE_AFTER.match(text, m.end())
                and _AGE_PERSON_BEFORE.search(text, max(0, m.start() - 30), m.start()))):
        return True  # "aged 14 and 16", "a man, 45, and his son, 12,": ages
    if na[0] == "0" and len(na) > 1 and na[1].isdigit():
        return True  # "0800", "05": codes, times and dates, not counts
    return na[0].isdigit() and _date_like(text, m, prev)


def _quantity(
    text: str, start: int, end: int, figures: tuple[int, int, int | None, str]
) -> Quantity:
    """Build a Quantity for ``text[start:end]``."""
    low, best, high, qualifier = figures
    return Quantity(
        low=low, best=best, high=high, qualifier=qualifier,
        text=text[start:end], start=start, end=end,
    )


def _qualifier_kind(m: re.Match[str]) -> str:
    """Qualifier kind from the prefix ("at least") or suffix ("or more") of a match."""
    if m.group("tilde"):
        return "about"
    if m.group("qual"):
        return _QUALIFIERS.get(" ".join(m.group("qual").split()), "exact")
    if m.group("suf"):
        return _SUFFIXES.get(m.group("suf").strip().lstrip("-"), "exact")
    return "exact"


def _interpret_number(text: str, m: re.Match[str]) -> tuple[Quantity | None, int]:
    """Quantity for a (qualified) number or range match, and the scan resume offset."""
    a = parse_number_word(m.group("na"))
    if a is None:
        return None, m.end()
    if m.group("nb") is None:
        start = m.start() if m.group("pre") is None else m.start("na")
        return _quantity(text, start, m.end(), _figures(_qualifier_kind(m), a)), m.end()
    b = parse_number_word(m.group("nb"))
    low_a = a
    scale = _SCALE_AT_END.search(m.group("nb"))
    if scale and not _SCALE_AT_END.search(m.group("na")):
        low_a = a * _DIGIT_SCALES[scale.group(1)]  # "between 2 and 3 million"
    if b is not None and low_a < b:
        return _quantity(text, m.start(), m.end(), (low_a, (low_a + b) // 2, b, "range")), m.end()
    # Not a range ("3-1", "five or four"): keep the first number alone.
    if m.group("pre") is None:
        return _quantity(text, m.start(), m.end("na"), _figures(_qualifier_kind(m), a)), m.end("na")
    return _quantity(text, m.start("na"), m.end("na"), _figures("exact", a)), m.end("na")


def _interpret(text: str, low: str, m: re.Match[str]) -> tuple[Quantity | None, int]:
    """Turn a master-regex match (on ``low``) into a Quantity and the scan resume offset."""
    if m.group("zero") is not None:
        return _quantity(text, m.start(), m.end(), (0, 0, 0, "none")), m.end()
    if m.group("person") is not None:
        return _quantity(text, m.start(), m.end(), (1, 1, 1, "exact")), m.end()
    if m.group("vague") is not None:
        figures = None if _UNIT_AFTER.match(low, m.end()) else _vague_figures(m.group("vague"))
        if figures is None:
            return None, m.end()
        return _quantity(text, m.start(), m.end(), (*figures, None, "vague")), m.end()
    spaced = _SPACED_THOUSANDS.match(low, m.end("na")) if m.group("na")[-1].isdigit() else None
    if spaced and m.group("nb") is None:
        return None, spaced.end()  # "1 000": not a thousands separator we trust
    if _not_a_count(text, low, m):
        return None, m.end()
    return _interpret_number(text, m)


_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def _lower(text: str) -> str:
    """Lower-case ``text`` without changing its length (so offsets carry over)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def find_quantities(text: str) -> list[Quantity]:
    """Every number phrase in ``text``, left to right, non-overlapping.

    Offsets index into ``text`` (``text[q.start:q.end] == q.text``). Numbers
    that are not counts (dates, times, units, percentages, ordinals, codes)
    are skipped; see the module docstring.
    """
    low = _lower(text)
    found: list[Quantity] = []
    pos, size = 0, len(text)
    while pos < size:
        m = _MASTER.search(low, pos)
        if m is None:
            break
        quantity, pos = _interpret(text, low, m)
        if quantity is not None:
            found.append(quantity)
    return found


def parse_quantity(phrase: str) -> Quantity | None:
    """Parse a phrase that starts with a quantity: "nearly 100", "at least 4 officers".

    Offsets are relative to ``phrase``. The same rules as in
    :func:`find_quantities` apply to what the phrase shows, so "10 km",
    "two days" and "9 May" give None, as does a phrase that does not start
    with a number phrase. Whatever follows the number phrase ("of", a noun)
    is ignored.
    """
    low = _lower(phrase)
    stripped = low.rstrip(" \t\r\n.,;:!?")
    begin = len(stripped) - len(stripped.lstrip())
    m = _MASTER.match(low, begin, len(stripped))
    if m is None:
        return None
    quantity, _ = _interpret(phrase, low, m)
    return quantity
