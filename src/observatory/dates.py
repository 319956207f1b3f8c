"""Event dates in news text, resolved against the publication date.

:func:`find_dates` finds every date expression in a text and resolves it to a
calendar date with an ACLED ``time_precision`` (1 = day, 2 = week or a few
days, 3 = month). Relative expressions need the article's publication date;
without one they are returned with ``date=None``.

=====================================  ====================================  =========
expression                             date                                  precision
=====================================  ====================================  =========
"today", "tonight", "this morning",    published                             1
"earlier today"
"yesterday (morning)", "last night",   published - 1 day                     1
"overnight"
"the day before yesterday"             published - 2 days                    1
"two days ago", "3 days ago"           published - n days                    1
"Wednesday", "on Wednesday night",     latest Wednesday on or before         1
"Wednesday's clashes"                  published
"last Wednesday"                       latest Wednesday strictly before      1
                                       published
"next Wednesday"                       first Wednesday after published       1
"this week", "earlier this week"       published                             2
"last week", "past week", "a week      published - 7 days (n weeks ago:      2
ago"                                   - 7n days)
"over the weekend", "last weekend"     the Saturday of that weekend          2
"this month", "earlier this month"     first day of published's month        3
"last month", "n months ago"           first day of that month               3
"early / mid / late last month"        day 5 / 15 / 25 of last month         2
"27 November 2024", "Nov. 27",         that day (year rule below)            1
"November 27, 2024", "27th of
November", "2024-11-27", "27/11/2024"
"on the 27th"                          that day of published's month, or     1
                                       of the month before if in the future
"8-9 May 2020", "night of 8/9 May"     first day (a span of one night)       1
"between 5 and 7 May 2020",            first day (3-15 days; longer: 3)      2
"30 April - 2 May", "May 5-7, 2020"
"(the) week of 3 May 2020"             that day                              2
"May 2020", "in March 2020", "in May"  first day of the month                3
"early / mid / late May (2020)",       day 5 / 15 / 25 of the month          2
"in mid-May", "the end of May"
=====================================  ====================================  =========

Year rule: a day and month without a year take the year that puts the date
closest to, and not after, the publication date (one day of tolerance for
time zones); a month without a year takes the latest such month not after
the publication month. Month precision uses the first day of the month
(``MONTH_PRECISION_DAY``), which is a convention of this module.

Not dates: a year alone ("in 2015"; ACLED has no year precision), times of day
("10:30"), numbers without a month, impossible days ("31 February 2020" is
read as the month alone, "February 2020"). Month names must be capitalised
("may" and "march" are verbs); weekday names and relative words are
case-insensitive.

:func:`parse_date_value` parses single date values from data files (ACLED
exports, CSVs, feeds): "9-May-20", "21 March 2020", "2016-07-02",
"01-January-2015", "2024-11-28T10:00:00Z", unix timestamps ("1589229240").
Only for odd formats does it fall back to ``dateparser`` (imported lazily).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict

__all__ = ["MONTH_PRECISION_DAY", "ResolvedDate", "find_dates", "parse_date_value", "resolve_date"]

MONTH_PRECISION_DAY = 1
"""Day of the month used for month-precision (3) dates."""

_PART_OF_MONTH_DAY = {"early": 5, "beginning": 5, "start": 5, "mid": 15, "middle": 15,
                      "late": 25, "end": 25}


class ResolvedDate(BaseModel):
    """A date expression found in a text, resolved to a calendar date."""

    model_config = ConfigDict(frozen=True)

    date: datetime.date | None
    precision: int
    text: str
    start: int
    end: int


# --------------------------------------------------------------------------
# Vocabulary and regexes. Everything matches lower-cased text (see _lower);
# capitalisation of month names is checked on the original text.
# --------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(
    "january february march april may june july august september october november december".split(),
    start=1,
):
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9
_WEEKDAYS = {name: i for i, name in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday".split())}
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9a-z])"
_YEAR = r"(?:19|20)[0-9]{2}(?![0-9])"
_RSEP = r"(?:\s*[-‐‑‒–—−/]\s*|\s+(?:to|and|until|till|through|&)\s+)"
_WD_PREFIX = rf"(?:{_WD},?\s+(?:the\s+)?)?"
_NUMBER = rf"(?:[0-9]{{1,3}}|{'|'.join(sorted(_SMALL_NUMBERS, key=len, reverse=True))})"
_PART = r"(?:early|mid|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of)"

# Each form: name -> pattern with named groups. The master regex is their
# alternation, in this order.
_FORMS: dict[str, str] = {
    "iso": (
        r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
        r"(?:t[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:z|[+-][0-9]{2}:?[0-9]{2})?)?"
        r"(?![0-9])"
    ),
    "numeric": (
        r"(?P<a>[0-9]{1,2})(?P<s>[/.])(?P<b>[0-9]{1,2})(?P=s)(?P<y>[0-9]{4}|[0-9]{2})"
        r"(?![0-9]|[/.][0-9])"
    ),
    "dmy_range": (
        rf"{_WD_PREFIX}(?:between\s+|from\s+)?(?P<d1>{_DAY})(?:\s+(?:of\s+)?(?P<m1>{_MON}),?"
        rf"(?:\s+(?P<y1>{_YEAR}))?)?{_RSEP}(?:the\s+)?(?P<d2>{_DAY})\s+(?:of\s+)?(?P<m2>{_MON})"
        rf"(?:,?\s+(?P<y2>{_YEAR}))?"
    ),
    "mdy_range": (
        rf"(?:between\s+|from\s+)?(?P<m1>{_MON})\s+(?P<d1>{_DAY}){_RSEP}(?:(?P<m2>{_MON})\s+)?"
        rf"(?P<d2>{_DAY})(?:,?\s+(?P<y2>{_YEAR}))?"
    ),
    "dmy": rf"{_WD_PREFIX}(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MON})(?:,?\s+(?P<y>{_YEAR}))?",
    "mdy": rf"{_WD_PREFIX}(?P<m>{_MON})\s+(?:the\s+)?(?P<d>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?",
    "month_year": rf"(?:(?P<part>{_PART})[\s-]*)?(?P<m>{_MON}),?\s+(?:of\s+)?(?P<y>{_YEAR})",
    "month": (
        rf"(?:(?:in|during|since|until|by|throughout|for)\s+(?:(?P<part>{_PART})[\s-]*)?"
        rf"|(?P<part2>{_PART})[\s-]*)(?P<m>{_MON})(?![.,]?\s*[0-9])"
    ),
    "ordinal_day": r"(?:on|by|since|until)\s+the\s+(?P<d>3[01]|[12][0-9]|[1-9])(?:st|nd|rd|th)\b",
    "day_before_yesterday": r"(?:the\s+)?day\s+before\s+yesterday\b",
    "yesterday": (
        r"yesterday\b(?:\s+(?:morning|afternoon|evening|night)\b)?|last\s+night\b"
        # "overnight into Saturday", "overnight on Friday": the day named says it
        r"|overnight\b(?!\s+(?:into|on|to|before|of)\s+(?:the\s+)?(?:monday|tuesday|wednesday|thursday|friday|"
        r"saturday|sunday|\d))"
    ),
    "today": r"(?:earlier\s+|later\s+)?today\b|tonight\b|this\s+(?:morning|afternoon|evening)\b",
    "ago": rf"(?P<n>{_NUMBER})\s+(?P<unit>day|week|month)s?\s+ago\b",
    "week": r"(?P<which>last|past|previous|this|earlier\s+this)\s+week\b",
    "weekend": r"(?:(?P<which>this|last|past|previous)|over\s+the|the)\s+weekend\b",
    "month_rel": (
        r"(?:(?P<part>early|mid|late)[\s-]+)?"
        r"(?P<which>last|previous|this|earlier\s+this)\s+month\b"
    ),
    "weekday": (
        rf"(?:(?P<which>last|this|past|previous|next)\s+)?(?P<wd>{_WD})"
        r"(?:\s+(?:morning|afternoon|evening|night)\b)?"
    ),
}
_GROUP_NAME = re.compile(r"\(\?P([<=])([a-z0-9_]+)")


def _namespaced(form: str, pattern: str) -> str:
    """Prefix the group names of a form pattern with ``form__`` (unique in the master)."""
    return _GROUP_NAME.sub(lambda m: f"(?P{m[1]}{form}__{m[2]}", pattern)


@functools.cache
def _master() -> re.Pattern[str]:
    """One regex for all forms, compiled on first use (about 5 ms; keeps import fast).

    Each form is a named alternative (tried in the order of ``_FORMS``) whose
    own groups are prefixed with the form name.
    """
    return re.compile(
        r"(?<![\w])(?:"
        + "|".join(f"(?P<{name}>{_namespaced(name, p)})" for name, p in _FORMS.items())
        + ")"
    )


_WEEK_OF_BEFORE = re.compile(
    r"(?:the\s+)?(?:week|weekend)\s+(?:of|starting|beginning|commencing)\s+(?:the\s+)?$"
)
_MONTH_WORD = re.compile(r"\b" + _MON)


# --------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    """``datetime.date`` or None when the parts are out of range."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_start(
    year: int, month: int, shift: int = 0, day: int = MONTH_PRECISION_DAY
) -> datetime.date:
    """``day`` of the month ``shift`` months after (year, month)."""
    index = year * 12 + (month - 1) + shift
    return datetime.date(index // 12, index % 12 + 1, day)


def _year_for(month: int, day: int, published: datetime.date) -> datetime.date | None:
    """The date (month, day) closest to and not after ``published`` (+1 day)."""
    limit = published + datetime.timedelta(days=1)
    for year in range(published.year, published.year - 9, -1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= limit:
            return candidate
    return None


def _full_year(text: str) -> int:
    """Four-digit year from a 2- or 4-digit string (POSIX pivot: 69-99 -> 1900s)."""
    year = int(text)
    if len(text) <= 2:
        year += 1900 if year >= 69 else 2000
    return year


def _month_number(word: str) -> int | None:
    """Month number of a (lower-case, maybe abbreviated, maybe dotted) month name."""
    return _MONTHS.get(word.rstrip(".").strip())


def _day_number(text: str) -> int:
    """Day of month from "27", "27th", "1st"."""
    return int(re.match(r"[0-9]+", text).group())  # type: ignore[union-attr]


# --------------------------------------------------------------------------
# Form resolvers: (match of the form regex, published) -> (date, precision)
# --------------------------------------------------------------------------

_Resolved = tuple[datetime.date | None, int] | None
_Groups = dict[str, str | None]


def _explicit(
    day: int, month: int, year: str | None, published: datetime.date | None
) -> datetime.date | None:
    """Date for an explicit day and month with an optional year."""
    if year is not None:
        return _safe_date(int(year), month, day)
    if published is None:
        return None
    return _year_for(month, day, published)


def _valid_day(day: int, month: int) -> bool:
    """True when ``day`` can occur in ``month`` in some year."""
    return _safe_date(2000, month, day) is not None


def _resolve_iso(g: _Groups, published: datetime.date | None) -> _Resolved:
    """2024-11-27 (with an optional time)."""
    found = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
    return None if found is None else (found, 1)


def _resolve_numeric(g: _Groups, published: datetime.date | None) -> _Resolved:
    """27/11/2024, day first; month first when day first is impossible."""
    year = _full_year(g["y"])
    found = _safe_date(year, int(g["b"]), int(g["a"])) or _safe_date(year, int(g["a"]), int(g["b"]))
    return None if found is None else (found, 1)


def _resolve_range(g: _Groups, published: datetime.date | None) -> _Resolved:
    """8-9 May 2020, between 30 April and 2 May, May 5-7: the first day."""
    month2 = _month_number(g["m2"]) if g["m2"] else None
    month1 = _month_number(g["m1"]) if g["m1"] else month2
    month2 = month2 or month1
    if month1 is None or month2 is None:
        return None
    day1, day2 = _day_number(g["d1"]), _day_number(g["d2"])
    if not (_valid_day(day1, month1) and _valid_day(day2, month2)):
        return None
    year2 = g.get("y2")
    year1 = g.get("y1") or year2
    if year1 is not None and year1 == year2 and (month1, day1) > (month2, day2):
        year1 = str(int(year1) - 1)  # "30 December - 2 January 2020"
    return _explicit(day1, month1, year1, published), _range_precision(day1, month1, day2, month2)


def _range_precision(day1: int, month1: int, day2: int, month2: int) -> int:
    """1 for one night ("8-9 May"), 2 for up to two weeks, 3 beyond."""
    wraps = (month2, day2) < (month1, day1)  # "30 December - 2 January"
    first = datetime.date(1999 if wraps else 2000, month1, day1)
    last = datetime.date(2000, month2, day2)
    span = (last - first).days
    return 1 if span <= 1 else 2 if span <= 14 else 3


def _resolve_day_month(g: _Groups, published: datetime.date | None) -> _Resolved:
    """27 November (2024), November 27 (, 2024)."""
    month = _month_number(g["m"])
    day = _day_number(g["d"])
    if month is None or not _valid_day(day, month):
        return None
    found = _explicit(day, month, g["y"], published)
    if g["y"] is not None and found is None:
        return None  # 29 February of a common year
    return found, 1


def _resolve_month_year(g: _Groups, published: datetime.date | None) -> _Resolved:
    """(mid-)May 2020."""
    month = _month_number(g["m"])
    if month is None:
        return None
    return _month_with_part(int(g["y"]), month, g["part"])


def _month_with_part(year: int, month: int, part: str | None) -> tuple[datetime.date, int]:
    """First day of the month (precision 3), or its early/mid/late day (precision 2)."""
    if part is None:
        return _month_start(year, month), 3
    key = part.split()[-2] if part.endswith(" of") else part
    return _month_start(year, month, day=_PART_OF_MONTH_DAY.get(key, 15)), 2


def _resolve_month(g: _Groups, published: datetime.date | None) -> _Resolved:
    """in (mid-)May: the latest such month not after published."""
    month = _month_number(g["m"])
    if month is None:
        return None
    part = g["part"] or g["part2"]
    if published is None:
        return None, 2 if part else 3
    year = published.year if month <= published.month else published.year - 1
    return _month_with_part(year, month, part)


def _resolve_ordinal_day(g: _Groups, published: datetime.date | None) -> _Resolved:
    """on the 27th: in published's month, or the latest month before it."""
    if published is None:
        return None, 1
    day = int(g["d"])
    for shift in range(0, -4, -1):
        start = _month_start(published.year, published.month, shift, day=1)
        found = _safe_date(start.year, start.month, day)
        if found is not None and found <= published + datetime.timedelta(days=1):
            return found, 1
    return None


def _days_before(days: int, precision: int) -> Callable[[_Groups, datetime.date | None], _Resolved]:
    """Resolver for a fixed offset in days before the publication date."""
    def resolve(g: _Groups, published: datetime.date | None) -> _Resolved:
        if published is None:
            return None, precision
        return published - datetime.timedelta(days=days), precision
    return resolve


def _resolve_ago(g: _Groups, published: datetime.date | None) -> _Resolved:
    """two days / weeks / months ago."""
    n = int(g["n"]) if g["n"].isdigit() else _SMALL_NUMBERS[g["n"]]
    precision = {"day": 1, "week": 2, "month": 3}[g["unit"]]
    if published is None:
        return None, precision
    if g["unit"] == "month":
        return _month_start(published.year, published.month, -n), 3
    days = n * 7 if g["unit"] == "week" else n
    return published - datetime.timedelta(days=days), precision


def _resolve_week(g: _Groups, published: datetime.date | None) -> _Resolved:
    """this week (published), last/past week (published - 7 days)."""
    if published is None:
        return None, 2
    back = 0 if g["which"].endswith("this") else 7
    return published - datetime.timedelta(days=back), 2


def _resolve_weekend(g: _Groups, published: datetime.date | None) -> _Resolved:
    """the weekend: Saturday of the latest weekend (the one before for 'last')."""
    if published is None:
        return None, 2
    saturday = published - datetime.timedelta(days=(published.weekday() - 5) % 7)
    if g["which"] in ("last", "past", "previous") and published.weekday() >= 5:
        saturday -= datetime.timedelta(days=7)
    return saturday, 2


def _resolve_month_rel(g: _Groups, published: datetime.date | None) -> _Resolved:
    """this / last month, early / mid / late last month."""
    part = g["part"]
    if published is None:
        return None, 2 if part else 3
    shift = 0 if g["which"].endswith("this") else -1
    if part is None:
        return _month_start(published.year, published.month, shift), 3
    return _month_start(published.year, published.month, shift, day=_PART_OF_MONTH_DAY[part]), 2


def _resolve_weekday(g: _Groups, published: datetime.date | None) -> _Resolved:
    """(last / next) Wednesday relative to published."""
    if published is None:
        return None, 1
    target = _WEEKDAYS[g["wd"]]
    if g["which"] == "next":
        ahead = (target - published.weekday()) % 7 or 7
        return published + datetime.timedelta(days=ahead), 1
    back = (published.weekday() - target) % 7
    if back == 0 and g["which"] in ("last", "previous"):
        back = 7
    return published - datetime.timedelta(days=back), 1


_RESOLVERS: dict[str, Callable[[_Groups, datetime.date | None], _Resolved]] = {
    "iso": _resolve_iso,
    "numeric": _resolve_numeric,
    "dmy_range": _resolve_range,
    "mdy_range": _resolve_range,
    "dmy": _resolve_day_month,
    "mdy": _resolve_day_month,
    "month_year": _resolve_month_year,
    "month": _resolve_month,
    "ordinal_day": _resolve_ordinal_day,
    "day_before_yesterday": _days_before(2, 1),
    "yesterday": _days_before(1, 1),
    "today": _days_before(0, 1),
    "ago": _resolve_ago,
    "week": _resolve_week,
    "weekend": _resolve_weekend,
    "month_rel": _resolve_month_rel,
    "weekday": _resolve_weekday,
}
_NEEDS_CAPITAL_MONTH = frozenset({"dmy_range", "mdy_range", "dmy", "mdy", "month_year", "month"})


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------

_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def _lower(text: str) -> str:
    """Lower-case ``text`` without changing its length (so offsets carry over)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def _months_capitalised(text: str, low: str, start: int, end: int) -> bool:
    """True when every month name in ``low[start:end]`` is capitalised in ``text``."""
    return all(text[w.start()].isupper() for w in _MONTH_WORD.finditer(low, start, end))


def _form_groups(m: re.Match[str], form: str) -> _Groups:
    """The groups of ``form`` in a master match, without their ``form__`` prefix."""
    prefix = form + "__"
    return {k[len(prefix):]: v for k, v in m.groupdict().items() if k.startswith(prefix)}


def find_dates(text: str, published: datetime.date | None) -> list[ResolvedDate]:
    """Every date expression in ``text``, left to right, resolved against ``published``.

    Offsets index into ``text`` (``text[d.start:d.end] == d.text``). When a
    date cannot be resolved (relative expression without ``published``) the
    expression is still returned, with ``date=None``.
    """
    low = _lower(text)
    master = _master()
    found: list[ResolvedDate] = []
    pos, size = 0, len(text)
    while pos < size:
        m = master.search(low, pos)
        if m is None:
            break
        form = m.lastgroup or ""
        start, end = m.start(), m.end()
        resolved = None
        if form not in _NEEDS_CAPITAL_MONTH or _months_capitalised(text, low, start, end):
            try:
                resolved = _RESOLVERS[form](_form_groups(m, form), published)
            except (ValueError, OverflowError):  # date arithmetic beyond year 1..9999
                resolved = None
        if resolved is None:
            pos = start + 1  # not a date here; a shorter one may start inside
            continue
        day, precision = resolved
        if form in ("dmy", "mdy"):
            week_of = _WEEK_OF_BEFORE.search(low, max(0, start - 40), start)
            if week_of:
                start, precision = week_of.start(), 2
        found.append(ResolvedDate(date=day, precision=precision, text=text[start:end],
                                  start=start, end=end))
        pos = end
    return found


def resolve_date(phrase: str, published: datetime.date | None) -> ResolvedDate | None:
    """The first date expression in ``phrase`` (offsets relative to it), or None."""
    dates = find_dates(phrase, published)
    return dates[0] if dates else None


# --------------------------------------------------------------------------
# Single values from data files
# --------------------------------------------------------------------------

@functools.cache
def _value_patterns() -> dict[str, re.Pattern[str]]:
    """Regexes for :func:`parse_date_value`, compiled on first use (keeps import fast)."""
    tail = r"(?:[\s,t].*)?"
    return {
        "iso": re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})" + tail),
        "compact": re.compile(r"((?:19|20)[0-9]{2})([01][0-9])([0-3][0-9])"),
        "timestamp": re.compile(r"-?([0-9]{9,14})(?:\.[0-9]*)?"),
        "dmy": re.compile(
            rf"(?:{_WD},?\s*)?([0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-/.,]*({_MON})"
            r"[\s\-/.,]*([0-9]{4}|[0-9]{2})" + tail
        ),
        "mdy": re.compile(
            rf"(?:{_WD},?\s*)?({_MON})[\s\-/.,]*([0-9]{{1,2}})(?:st|nd|rd|th)?[\s\-/.,]+"
            r"([0-9]{4}|[0-9]{2})" + tail
        ),
        "numeric": re.compile(r"([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})" + tail),
        "digits": re.compile(r"[0-9]+"),
        "letter": re.compile(r"[^\W\d_]"),
    }


def _from_timestamp(digits: str) -> datetime.date | None:
    """UTC date of a unix timestamp in seconds (9-11 digits) or milliseconds (12-14)."""
    seconds = int(digits) / (1000 if len(digits) >= 12 else 1)
    try:
        return datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        return None


def _parse_known_formats(value: str) -> datetime.date | None | bool:
    """Date from the formats handled here; False when none of them applies."""
    patterns = _value_patterns()
    if m := patterns["iso"].fullmatch(value):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := patterns["compact"].fullmatch(value):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := patterns["timestamp"].fullmatch(value):
        return None if value.startswith("-") else _from_timestamp(m[1])
    if m := patterns["dmy"].fullmatch(value):
        month = _month_number(m[2])
        return _safe_date(_full_year(m[3]), month, int(m[1])) if month else None
    if m := patterns["mdy"].fullmatch(value):
        month = _month_number(m[1])
        return _safe_date(_full_year(m[3]), month, int(m[2])) if month else None
    if m := patterns["numeric"].fullmatch(value):
        year = _full_year(m[4])
        return _safe_date(year, int(m[3]), int(m[1])) or _safe_date(year, int(m[1]), int(m[3]))
    return False


@functools.lru_cache(maxsize=4096)
def _parse_with_dateparser(value: str) -> datetime.date | None:
    """Last resort for odd formats (other languages...). Imports dateparser lazily."""
    import dateparser  # noqa: PLC0415 - slow import, only needed for odd values

    settings = {
        "PARSERS": ["custom-formats", "absolute-time"],  # no relative dates: "now" varies
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": "DMY",
    }
    try:
        parsed = dateparser.parse(value, settings=settings)
    except Exception:  # noqa: BLE001 - third-party parser, arbitrary input
        return None
    return parsed.date() if parsed is not None else None


def parse_date_value(value: str) -> datetime.date | None:
    """Parse one date value from a data file; None when unparsable.

    Handles "9-May-20", "21 March 2020", "01-January-2015", "2016-07-02",
    "2024-11-28T10:00:00Z", "20200509", "27/11/2024" (day first, month first
    when the day-first reading is impossible), unix timestamps in seconds or
    milliseconds ("1589229240"), with an optional leading weekday. Anything
    else with letters and either a 4-digit number or two numbers goes to
    ``dateparser`` (other languages: "9 mai 2020"); the first such call costs
    about a second (dateparser loads its language data), later ones ~10 ms.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = " ".join(_lower(str(value)).split()).strip(" ,;")
    if not text or len(text) > 64:
        return None
    known = _parse_known_formats(text)
    if known is not False:
        return known  # type: ignore[return-value]
    patterns = _value_patterns()
    numbers = patterns["digits"].findall(text)
    looks_like_date = any(len(n) == 4 for n in numbers) or len(numbers) >= 2
    if looks_like_date and patterns["letter"].search(text):
        return _parse_with_dateparser(text)
    return None
