"""Tests for observatory.numbers: casualty and quantity phrases."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observatory.numbers import Quantity, find_quantities, parse_number_word, parse_quantity

# --------------------------------------------------------------------------
# parse_number_word
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", 3),
        ("0", 0),
        ("44", 44),
        ("1,000", 1000),
        ("12,345,678", 12345678),
        ("1.5 million", 1_500_000),
        ("2 million", 2_000_000),
        ("25 thousand", 25_000),
        ("3 dozen", 36),
        ("four", 4),
        ("Four", 4),
        ("zero", 0),
        ("twelve", 12),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("twenty–five", 25),
        ("ninety-nine", 99),
        ("a hundred", 100),
        ("one hundred and two", 102),
        ("one hundred and twelve", 112),
        ("two hundred fifty", 250),
        ("twenty-five hundred", 2500),
        ("a thousand", 1000),
        ("a hundred thousand", 100_000),
        ("twenty five thousand three hundred and one", 25_301),
        ("a million", 1_000_000),
        ("half a million", 500_000),
        ("two million", 2_000_000),
        ("a dozen", 12),
        ("two dozen", 24),
        ("half a dozen", 6),
    ],
)
def test_parse_number_word(text: str, expected: int) -> None:
    assert parse_number_word(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "first", "4th", "21st", "twenty-first", "1 000", "1.5", "a", "half", "dozen",
     "soldiers", "two three", "1,00", "one-third"],
)
def test_parse_number_word_rejects(text: str) -> None:
    assert parse_number_word(text) is None


# --------------------------------------------------------------------------
# parse_quantity: phrase -> (low, best, high, qualifier)
# --------------------------------------------------------------------------

Figures = tuple[int, int, "int | None", str]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # exact
        ("44", (44, 44, 44, "exact")),
        ("forty-four", (44, 44, 44, "exact")),
        ("a soldier", (1, 1, 1, "exact")),
        ("an officer", (1, 1, 1, "exact")),
        ("a police officer", (1, 1, 1, "exact")),
        ("one man", (1, 1, 1, "exact")),
        ("two children", (2, 2, 2, "exact")),
        ("a dozen", (12, 12, 12, "exact")),
        ("1.5 million", (1_500_000, 1_500_000, 1_500_000, "exact")),
        # at least
        ("at least 4", (4, 4, None, "at_least")),
        ("at least four", (4, 4, None, "at_least")),
        ("At least 4 officers", (4, 4, None, "at_least")),
        ("no fewer than 4", (4, 4, None, "at_least")),
        ("a minimum of 4", (4, 4, None, "at_least")),
        ("4 or more", (4, 4, None, "at_least")),
        # more than
        ("more than 20", (20, 20, None, "more_than")),
        ("over 20", (20, 20, None, "more_than")),
        ("upwards of 20", (20, 20, None, "more_than")),
        ("in excess of 20", (20, 20, None, "more_than")),
        ("20-plus", (20, 20, None, "more_than")),
        ("20+", (20, 20, None, "more_than")),
        ("more than a dozen", (12, 12, None, "more_than")),
        # nearly
        ("nearly 100", (90, 100, 100, "nearly")),
        ("almost 100", (90, 100, 100, "nearly")),
        ("close to 100", (90, 100, 100, "nearly")),
        ("just under 100", (90, 100, 100, "nearly")),
        ("nearly 5", (4, 5, 5, "nearly")),
        ("almost two", (1, 2, 2, "nearly")),
        # about
        ("about 30", (30, 30, None, "about")),
        ("around 30", (30, 30, None, "about")),
        ("approximately 30", (30, 30, None, "about")),
        ("some 30", (30, 30, None, "about")),
        ("roughly 30", (30, 30, None, "about")),
        ("an estimated 30", (30, 30, None, "about")),
        ("~30", (30, 30, None, "about")),
        ("30 or so", (30, 30, None, "about")),
        ("30-odd", (30, 30, None, "about")),
        # up to / at most
        ("up to 10", (1, 10, 10, "up_to")),
        ("as many as 10", (1, 10, 10, "up_to")),
        ("at most 10", (1, 10, 10, "at_most")),
        ("no more than 10", (1, 10, 10, "at_most")),
        ("fewer than 10", (1, 9, 9, "at_most")),
        # ranges
        ("between 5 and 7", (5, 6, 7, "range")),
        ("Between five and seven", (5, 6, 7, "range")),
        ("from 5 to 7", (5, 6, 7, "range")),
        ("5 to 7", (5, 6, 7, "range")),
        ("5-7", (5, 6, 7, "range")),
        ("5–7", (5, 6, 7, "range")),
        ("5 — 7", (5, 6, 7, "range")),
        ("five or six", (5, 5, 6, "range")),
        ("one or two", (1, 1, 2, "range")),
        ("between 2 and 3 million", (2_000_000, 2_500_000, 3_000_000, "range")),
        # vague
        ("dozens", (12, 24, None, "vague")),
        ("dozens of", (12, 24, None, "vague")),
        ("Dozens of people", (12, 24, None, "vague")),
        ("scores of", (20, 40, None, "vague")),
        ("hundreds", (100, 200, None, "vague")),
        ("thousands", (1000, 2000, None, "vague")),
        ("tens", (10, 20, None, "vague")),
        ("tens of", (10, 20, None, "vague")),
        ("several", (3, 5, None, "vague")),
        ("a few", (3, 3, None, "vague")),
        ("many", (3, 10, None, "vague")),
        ("numerous", (3, 10, None, "vague")),
        ("a number of", (3, 3, None, "vague")),
        ("a handful", (3, 4, None, "vague")),
        ("a handful of", (3, 4, None, "vague")),
        ("tens of thousands", (10_000, 20_000, None, "vague")),
        ("hundreds of thousands", (100_000, 200_000, None, "vague")),
        # "several dozen" floors at "dozens" (12), not 3 x 12; "a couple of dozen" is 24
        ("several hundred", (100, 500, None, "vague")),
        ("several dozen", (12, 60, None, "vague")),
        ("a few thousand", (1000, 3000, None, "vague")),
        ("a couple of dozen", (24, 24, None, "vague")),
        # none
        ("no one", (0, 0, 0, "none")),
        ("No-one", (0, 0, 0, "none")),
        ("nobody", (0, 0, 0, "none")),
        ("none", (0, 0, 0, "none")),
        ("no casualties", (0, 0, 0, "none")),
        ("no fatalities", (0, 0, 0, "none")),
        ("no deaths", (0, 0, 0, "none")),
        ("No injuries", (0, 0, 0, "none")),
        ("no civilian casualties", (0, 0, 0, "none")),
    ],
)
def test_parse_quantity(phrase: str, expected: Figures) -> None:
    q = parse_quantity(phrase)
    assert q is not None, phrase
    assert (q.low, q.best, q.high, q.qualifier) == expected
    assert q.acled == q.low
    assert phrase[q.start:q.end] == q.text


def test_parse_quantity_span_excludes_noun_and_of() -> None:
    assert parse_quantity("at least 4 officers").text == "at least 4"  # type: ignore[union-attr]
    assert parse_quantity("dozens of").text == "dozens"  # type: ignore[union-attr]
    q = parse_quantity("  nearly 100. ")
    assert q is not None and (q.text, q.start, q.end) == ("nearly 100", 2, 12)


@pytest.mark.parametrize(
    "phrase",
    ["", "soldiers", "first", "4th", "10 km", "two days", "6 miles", "40%", "10:30", "$5",
     "5 dollars", "the army", "9 May"],
)
def test_parse_quantity_rejects(phrase: str) -> None:
    assert parse_quantity(phrase) is None


def test_quantity_is_frozen() -> None:
    q = parse_quantity("44")
    assert q is not None
    with pytest.raises(Exception):  # noqa: B017,PT011 - pydantic ValidationError
        q.low = 3  # type: ignore[misc]


# --------------------------------------------------------------------------
# find_quantities over sentences
# --------------------------------------------------------------------------


def _found(text: str) -> list[tuple[str, int, int | None, str]]:
    quantities = find_quantities(text)
    for q in quantities:
        assert text[q.start:q.end] == q.text
    return [(q.text, q.low, q.high, q.qualifier) for q in quantities]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least 4 officers were killed and more than 20 wounded on 9 May 2020.",
            [("At least 4", 4, None, "at_least"), ("more than 20", 20, None, "more_than")],
        ),
        (
            "Nearly 100 drones and dozens of missiles hit the city; no injuries were reported.",
            [("Nearly 100", 90, 100, "nearly"), ("dozens", 12, None, "vague"),
             ("no injuries", 0, 0, "none")],
        ),
        ("No injuries were reported.", [("No injuries", 0, 0, "none")]),
        ("No one was hurt in the attack.", [("No one", 0, 0, "none")]),
        (
            "A soldier and two children were killed when a shell hit the house.",
            [("A soldier", 1, 1, "exact"), ("two", 2, 2, "exact")],
        ),
        (
            "Ukraine said it downed 42 of the 51 drones launched overnight.",
            [("42", 42, 42, "exact"), ("51", 51, 51, "exact")],
        ),
        (
            "The strike killed between 5 and 7 people and injured 1,200 others.",
            [("between 5 and 7", 5, 7, "range"), ("1,200", 1200, 1200, "exact")],
        ),
        (
            "Tens of thousands of people fled, and several hundred homes were destroyed.",
            [("Tens of thousands", 10_000, None, "vague"), ("several hundred", 100, None, "vague")],
        ),
        ("Officials said 1.5 million people were displaced.",
         [("1.5 million", 1_500_000, 1_500_000, "exact")]),
        ("Some 30 fighters and up to 10 civilians died.",
         [("Some 30", 30, None, "about"), ("up to 10", 1, 10, "up_to")]),
        ("An officer and a police officer were hurt.",
         [("An officer", 1, 1, "exact"), ("a police officer", 1, 1, "exact")]),
        ("The 3-1 scoreline", [("3", 3, 3, "exact")]),
    ],
)
def test_find_quantities(text: str, expected: list[tuple[str, int, int | None, str]]) -> None:
    assert _found(text) == expected


def test_find_quantities_offsets() -> None:
    text = "On Tuesday, at least 12 people died and dozens were hurt."
    first, second = find_quantities(text)
    assert (first.start, first.end, first.text) == (12, 23, "at least 12")
    assert (second.start, second.end, second.text) == (40, 46, "dozens")


@pytest.mark.parametrize(
    "text",
    [
        # years in date context
        "The war began in 2014.",
        "Since 2022, the front has barely moved.",
        "Fighting resumed in May 2020.",
        "On 9 May 2020, the town fell.",
        "The report of 2015 said so.",
        "The junta seized power in coups in 2020 and 2021 over the Finance Bill 2025.",
        "The 2014-2016 campaign and the 2014 to 2016 period.",
        "Published 2024-11-27 and 27/11/2024.",
        "It happened on Nov. 27 and on May 9, 2020.",
        "Between 5 and 7 May 2020, the city was shelled.",
        # times, percentages, units, money
        "The attack began at 10:30 and ended at 10 pm, 0800 GMT.",
        "Turnout reached 40% and prices rose 12 percent.",
        "The column was 10 kilometers long and 6 miles from the border, 3 km away.",
        "The siege lasted 3 days, 2 weeks, four months and five years.",
        "A 10-year-old boy and an 8-year-old girl.",
        "The aid package was worth $5 million, or 5 million dollars.",
        "The bill would raise about 300 billion shillings and 20 million CFA francs.",
        "The 155 mm shells and 1.5 tonnes of explosives.",
        # ordinals, models and codes
        "It was the first time, for the 4th day, and the twenty-first attack.",
        "F-16 jets, Su-25 aircraft, COVID-19 and T-72 tanks.",
        "Resolution 2334, Route 60, Article 5 and a man aged 25.",
    ],
)
def test_find_quantities_skips_non_counts(text: str) -> None:
    found = _found(text)
    assert not [q for q in found if any(c.isdigit() for c in q[0])], found


@pytest.mark.parametrize(
    "text",
    [
        "The siege lasted 3 days, 2 weeks, four months and five years.",
        "It was the first time, for the 4th day, and the twenty-first attack.",
        "The war began in 2014 and a 10-year-old boy fled 20 to 30 km.",
        "Several days later, dozens of kilometres away, it rained for a few hours.",
        "Troops 1 000 strong.",
    ],
)
def test_find_quantities_finds_nothing(text: str) -> None:
    assert _found(text) == []


def test_find_quantities_keeps_counts_next_to_dates() -> None:
    text = "In 2022, 40 soldiers died; since 2014, 14,000 people were killed on 9 May 2020."
    assert _found(text) == [("40", 40, 40, "exact"), ("14,000", 14_000, 14_000, "exact")]


def test_modal_may_is_not_a_month() -> None:
    assert _found("Officials said 10 may have died.") == [("10", 10, 10, "exact")]


def test_how_many_is_not_a_quantity() -> None:
    assert _found("It is unclear how many were killed.") == []


def test_unicode_dashes_and_quotes() -> None:
    assert _found("“Between 5–7 people,” he said — 8—9 more.") == [
        ("Between 5–7", 5, 7, "range"), ("8—9", 8, 9, "range")
    ]


def test_empty_text() -> None:
    assert find_quantities("") == []


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS_WORDS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
               "ninety"]


def _below_thousand(n: int, joiner: str, british: bool) -> str:
    """Words for 1 <= n < 1000."""
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{_ONES[hundreds]} hundred")
    if rest:
        if hundreds and british:
            parts.append("and")
        if rest < 20:
            parts.append(_ONES[rest])
        else:
            tens, ones = divmod(rest, 10)
            parts.append(_TENS_WORDS[tens] + (joiner + _ONES[ones] if ones else ""))
    return " ".join(parts)


def to_words(n: int, joiner: str = "-", british: bool = False) -> str:
    """English words for 0 <= n < 1,000,000 ("twenty-five thousand and one")."""
    if n == 0:
        return "zero"
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        parts.append(_below_thousand(thousands, joiner, british) + " thousand")
    if rest:
        if thousands and british and rest < 100:
            parts.append("and")
        parts.append(_below_thousand(rest, joiner, british))
    return " ".join(parts)


def test_to_words_helper() -> None:
    assert to_words(25_301, british=True) == "twenty-five thousand three hundred and one"
    assert to_words(1000) == "one thousand"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**7))
def test_digits_round_trip(n: int) -> None:
    assert parse_number_word(str(n)) == n
    assert parse_number_word(f"{n:,}") == n
    q = parse_quantity(f"{n:,}")
    assert q is not None and q.best == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999_999), st.sampled_from(["-", " "]), st.booleans())
def test_words_round_trip(n: int, joiner: str, british: bool) -> None:
    words = to_words(n, joiner, british)
    assert parse_number_word(words) == n, words
    assert parse_number_word(words.upper()) == n, words


def _check(quantities: list[Quantity], text: str) -> None:
    previous_end = 0
    for q in quantities:
        assert text[q.start:q.end] == q.text
        assert q.start >= previous_end
        previous_end = q.end
        assert q.low <= q.best <= (math.inf if q.high is None else q.high)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_find_quantities_never_raises(text: str) -> None:
    _check(find_quantities(text), text)


_WORDS = st.sampled_from(
    ["at least", "more than", "nearly", "about", "up to", "between", "and", "to", "or", "-",
     "–", "5", "7", "1,000", "2015", "May", "in", "a", "soldier", "dozens", "of", "no", "one",
     "twenty", "hundred", "thousand", "million", "1.5", "km", "%", ":", "30", "+", "plus",
     "several", "the", "killed", ",", ".", "a dozen", "half", "few"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=12), st.sampled_from([" ", "", "\u00a0"]))
def test_find_quantities_on_number_soup(words: list[str], sep: str) -> None:
    text = sep.join(words)
    _check(find_quantities(text), text)
