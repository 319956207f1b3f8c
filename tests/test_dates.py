"""Tests for observatory.dates: event dates relative to the publication date."""

from __future__ import annotations

import datetime
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observatory.dates import ResolvedDate, find_dates, parse_date_value, resolve_date

D = datetime.date
PUBLISHED = D(2024, 11, 28)  # a Thursday
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@pytest.mark.parametrize(
    ("phrase", "expected", "precision"),
    [
        # weekdays
        ("Wednesday", D(2024, 11, 27), 1),
        ("on Wednesday", D(2024, 11, 27), 1),
        ("Wednesday’s clashes", D(2024, 11, 27), 1),
        ("Wednesday's clashes", D(2024, 11, 27), 1),
        ("on Wednesday night", D(2024, 11, 27), 1),
        ("Wednesday morning", D(2024, 11, 27), 1),
        ("Thursday", D(2024, 11, 28), 1),
        ("last Thursday", D(2024, 11, 21), 1),
        ("last Wednesday", D(2024, 11, 27), 1),
        ("Friday", D(2024, 11, 22), 1),
        ("on Sunday", D(2024, 11, 24), 1),
        ("next Monday", D(2024, 12, 2), 1),
        # relative days
        ("today", D(2024, 11, 28), 1),
        ("this morning", D(2024, 11, 28), 1),
        ("tonight", D(2024, 11, 28), 1),
        ("earlier today", D(2024, 11, 28), 1),
        ("yesterday", D(2024, 11, 27), 1),
        ("Yesterday evening", D(2024, 11, 27), 1),
        ("last night", D(2024, 11, 27), 1),
        ("overnight", D(2024, 11, 27), 1),
        ("the day before yesterday", D(2024, 11, 26), 1),
        ("two days ago", D(2024, 11, 26), 1),
        ("3 days ago", D(2024, 11, 25), 1),
        # weeks and months
        ("last week", D(2024, 11, 21), 2),
        ("the past week", D(2024, 11, 21), 2),
        ("earlier this week", D(2024, 11, 28), 2),
        ("this week", D(2024, 11, 28), 2),
        ("two weeks ago", D(2024, 11, 14), 2),
        ("over the weekend", D(2024, 11, 23), 2),
        ("last month", D(2024, 10, 1), 3),
        ("earlier this month", D(2024, 11, 1), 3),
        ("this month", D(2024, 11, 1), 3),
        ("late last month", D(2024, 10, 25), 2),
        # explicit dates
        ("on Nov. 27", D(2024, 11, 27), 1),
        ("Nov 27", D(2024, 11, 27), 1),
        ("November 27", D(2024, 11, 27), 1),
        ("27 November", D(2024, 11, 27), 1),
        ("the 27th of November", D(2024, 11, 27), 1),
        ("27 November 2024", D(2024, 11, 27), 1),
        ("November 27, 2024", D(2024, 11, 27), 1),
        ("Wednesday, November 27", D(2024, 11, 27), 1),
        ("9 May 2020", D(2020, 5, 9), 1),
        ("2024-11-27", D(2024, 11, 27), 1),
        ("27/11/2024", D(2024, 11, 27), 1),
        ("27.11.2024", D(2024, 11, 27), 1),
        ("on the 27th", D(2024, 11, 27), 1),
        ("on the 30th", D(2024, 10, 30), 1),
        ("Nov. 29", D(2024, 11, 29), 1),  # one day of tolerance (time zones)
        ("Dec. 30", D(2023, 12, 30), 1),  # not after published: last year
        ("in March 2020", D(2020, 3, 1), 3),
        ("in March", D(2024, 3, 1), 3),
        ("in December", D(2023, 12, 1), 3),
        ("in mid-May", D(2024, 5, 15), 2),
        ("late March 2022", D(2022, 3, 25), 2),
        ("early May 2020", D(2020, 5, 5), 2),
    ],
)
def test_resolve_relative_to_published(phrase: str, expected: D, precision: int) -> None:
    found = resolve_date(phrase, PUBLISHED)
    assert found is not None, phrase
    assert (found.date, found.precision) == (expected, precision)
    assert phrase[found.start:found.end] == found.text


def test_year_rolls_back_across_new_year() -> None:
    found = resolve_date("on Dec. 30", D(2025, 1, 2))
    assert found is not None and found.date == D(2024, 12, 30)


def test_leap_day_without_year_takes_last_leap_year() -> None:
    found = resolve_date("Feb. 29", D(2025, 3, 1))
    assert found is not None and found.date == D(2024, 2, 29)


@pytest.mark.parametrize(
    ("note", "published", "expected", "precision", "text"),
    [
        ("On 9 May 2020, Houthi forces shelled Al Jawf.", D(2020, 5, 11), D(2020, 5, 9), 1,
         "9 May 2020"),
        ("Around 8 May 2020 (as reported), unidentified gunmen killed a man.", D(2020, 5, 11),
         D(2020, 5, 8), 1, "8 May 2020"),
        ("On 8 May 2020 (as reported), protesters gathered.", None, D(2020, 5, 8), 1,
         "8 May 2020"),
        ("Between 5 and 7 May 2020, clashes took place.", None, D(2020, 5, 5), 2,
         "Between 5 and 7 May 2020"),
        ("On the night of 8-9 May 2020, a drone struck.", None, D(2020, 5, 8), 1,
         "8-9 May 2020"),
        ("On the night of 8/9 May 2020, a drone struck.", None, D(2020, 5, 8), 1,
         "8/9 May 2020"),
        ("During the week of 3 May 2020, troops advanced.", None, D(2020, 5, 3), 2,
         "the week of 3 May 2020"),
        ("In the week of 3 May 2020, troops advanced.", None, D(2020, 5, 3), 2,
         "the week of 3 May 2020"),
        ("Week of 3 May 2020: troops advanced.", None, D(2020, 5, 3), 2,
         "Week of 3 May 2020"),
        ("In May 2020, militants attacked.", None, D(2020, 5, 1), 3, "May 2020"),
        ("Between 30 April and 2 May 2020, fighting continued.", None, D(2020, 4, 30), 2,
         "Between 30 April and 2 May 2020"),
        ("Between 30 December and 2 January 2020, raids.", None, D(2019, 12, 30), 2,
         "Between 30 December and 2 January 2020"),
        ("On 1 June 2020 (month of), arrests.", None, D(2020, 6, 1), 1, "1 June 2020"),
        ("May 5-7, 2020: shelling.", None, D(2020, 5, 5), 2, "May 5-7, 2020"),
    ],
)
def test_acled_note_openers(
    note: str, published: D | None, expected: D, precision: int, text: str
) -> None:
    found = find_dates(note, published)
    assert found, note
    first = found[0]
    assert (first.date, first.precision, first.text) == (expected, precision, text)
    assert note[first.start:first.end] == first.text


@pytest.mark.parametrize(
    "text",
    [
        "The war began in 2015.",
        "The meeting started at 10:30.",
        "Officials said 10 may have died.",
        "Protesters march 5 miles to the square.",
        "In march 2020 lowercase months are verbs.",
        "Version 1.2 and 9/11 and 5 to 7 people.",
        "",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, PUBLISHED) == []


def test_relative_dates_without_published() -> None:
    found = resolve_date("on Wednesday", None)
    assert found is not None and (found.date, found.precision) == (None, 1)
    without_year = resolve_date("27 November", None)
    assert without_year is not None and without_year.date is None
    with_year = resolve_date("27 November 2024", None)
    assert with_year is not None and with_year.date == D(2024, 11, 27)


def test_find_dates_in_article_text() -> None:
    text = ("KYIV, Nov 28 (Reuters) - Russian drones struck Kharkiv on Wednesday night, "
            "a day after the 25 November attack; on 9 May 2020 a similar raid took place.")
    found = find_dates(text, PUBLISHED)
    assert [(d.text, d.date) for d in found] == [
        ("Nov 28", D(2024, 11, 28)),
        ("Wednesday night", D(2024, 11, 27)),
        ("25 November", D(2024, 11, 25)),
        ("9 May 2020", D(2020, 5, 9)),
    ]
    for d in found:
        assert text[d.start:d.end] == d.text


def test_invalid_dates_are_skipped() -> None:
    assert find_dates("2020-13-45 and 30/02/2020", None) == []
    # An impossible day falls back to what remains valid: the month.
    found = find_dates("on 31 February 2020", None)
    assert [(d.text, d.date, d.precision) for d in found] == [
        ("February 2020", D(2020, 2, 1), 3)
    ]


def test_resolved_date_is_frozen() -> None:
    found = resolve_date("today", PUBLISHED)
    assert isinstance(found, ResolvedDate)
    with pytest.raises(Exception):  # noqa: B017,PT011 - pydantic ValidationError
        found.precision = 2  # type: ignore[misc]


# --------------------------------------------------------------------------
# parse_date_value
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9-May-20", D(2020, 5, 9)),
        ("09-May-2020", D(2020, 5, 9)),
        ("21 March 2020", D(2020, 3, 21)),
        ("2016-07-02", D(2016, 7, 2)),
        ("01-January-2015", D(2015, 1, 1)),
        ("2024-11-28T10:00:00Z", D(2024, 11, 28)),
        ("2024-11-28 10:00:00", D(2024, 11, 28)),
        ("1589229240", D(2020, 5, 11)),
        ("1589229240000", D(2020, 5, 11)),
        ("20200509", D(2020, 5, 9)),
        ("27/11/2024", D(2024, 11, 27)),
        ("11/27/2024", D(2024, 11, 27)),
        ("March 21, 2020", D(2020, 3, 21)),
        ("Saturday, 9th May 2020", D(2020, 5, 9)),
        ("  9 MAY 2020 ", D(2020, 5, 9)),
        ("9-May-99", D(1999, 5, 9)),
    ],
)
def test_parse_date_value(value: str, expected: D) -> None:
    assert parse_date_value(value) == expected


def test_parse_date_value_falls_back_to_dateparser() -> None:
    pytest.importorskip("dateparser")
    assert parse_date_value("9 mai 2020") == D(2020, 5, 9)


@pytest.mark.parametrize(
    "value", ["", "   ", "garbage", "abc 12", "32-May-20", "2020-02-30", "-1589229240"]
)
def test_parse_date_value_unparsable(value: str) -> None:
    assert parse_date_value(value) is None


def test_import_is_light() -> None:
    """dates must not import dateparser (slow) at import time."""
    code = "import sys, observatory.dates; print('dateparser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

_DATES = st.dates(min_value=D(1990, 1, 1), max_value=D(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(_DATES)
def test_iso_round_trip(d: D) -> None:
    assert parse_date_value(d.isoformat()) == d


@settings(max_examples=200, deadline=None)
@given(_DATES, st.booleans())
def test_day_month_year_round_trip(d: D, abbreviated: bool) -> None:
    month = MONTHS[d.month - 1][:3] if abbreviated else MONTHS[d.month - 1]
    found = resolve_date(f"{d.day} {month} {d.year}", None)
    assert found is not None and found.date == d and found.precision == 1
    found = resolve_date(f"{month} {d.day}, {d.year}", None)
    assert found is not None and found.date == d
    assert parse_date_value(f"{d.day}-{month}-{d.year % 100:02d}") == d


@settings(max_examples=200, deadline=None)
@given(_DATES, st.integers(min_value=0, max_value=300))
def test_day_month_without_year_is_latest_not_after_published(published: D, back: int) -> None:
    d = published - datetime.timedelta(days=back)
    if (d.month, d.day) == (2, 29):
        return  # resolves to the last leap year, checked separately
    found = resolve_date(f"{d.day} {MONTHS[d.month - 1]}", published)
    assert found is not None and found.date == d


def _check(found: list[ResolvedDate], text: str) -> None:
    previous_end = 0
    for d in found:
        assert text[d.start:d.end] == d.text
        assert d.start >= previous_end
        previous_end = d.end
        assert d.precision in (1, 2, 3)


@settings(max_examples=200, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates()))
def test_find_dates_never_raises(text: str, published: D | None) -> None:
    _check(find_dates(text, published), text)


_WORDS = st.sampled_from(
    ["on", "last", "Wednesday", "May", "may", "9", "2020", "-", "and", "between", "of", "the",
     "week", "yesterday", "ago", "two", "days", "in", "mid", "March", "27/11/2024", "2024-11-27",
     "27th", "night", "this", "month", "Nov.", "/", ",", "30", "31", "29", "Feb", "weekend"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=10), st.sampled_from([" ", ""]),
       st.one_of(st.none(), st.dates()))
def test_find_dates_on_date_soup(words: list[str], sep: str, published: D | None) -> None:
    text = sep.join(words)
    _check(find_dates(text, published), text)


def test_overnight_into_a_named_day_is_that_day():
    sat = datetime.date(2024, 10, 12)
    assert [d.date for d in find_dates("Drones struck the city overnight into Saturday.", sat)] == [sat]
    assert [d.date for d in find_dates("Drones struck the city overnight.", sat)] == [datetime.date(2024, 10, 11)]
