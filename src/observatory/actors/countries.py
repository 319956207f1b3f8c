"""Countries and their government periods, read from `governments.yaml`.

A `Country` knows its ACLED-style name ("Democratic Republic of Congo"), the form used
after "Military Forces of" ("the Democratic Republic of Congo"), its demonyms and the
government periods ACLED opens whenever the head of government changes. `period_for`
picks the period for a year or a date; in a year with a transition the period that
covers most of that year wins ("Syria, 2024" -> 2000-2024, since the new period began on
8 December).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

When = int | dt.date | None

FORCE_WORDS = {"military": "Military Forces", "police": "Police Forces", "government": "Government"}


@dataclass(frozen=True)
class Period:
    start: int
    end: int | None
    lo: dt.date
    hi: dt.date | None  # inclusive; None = open
    leaders: tuple[str, ...] = ()
    military_suffix: str = ""

    @property
    def label(self) -> str:
        """"2000-2024" or "2024-"."""
        return f"{self.start}-{self.end if self.end is not None else ''}"


@dataclass(frozen=True)
class Country:
    iso2: str
    name: str
    of_name: str
    demonyms: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()
    police_as: tuple[str, str] | None = None  # (force, unit)
    military_as: str | None = None  # ISO2 of the country whose military generic words mean

    def state_name(self, force: str, period: Period | None, unit: str = "") -> str:
        """"Military Forces of Syria (2000-2024)", "Police Forces of Mali (2013-2020) Gendarmerie"."""
        name = f"{FORCE_WORDS[force]} of {self.of_name}"
        if period is not None:
            name += f" ({period.label})"
            if force == "military" and not unit and period.military_suffix:
                name += f" {period.military_suffix}"
        if unit:
            name += f" {unit}"
        return name

    def period_for(self, when: When) -> Period | None:
        """The period in force at WHEN (a year or a date); None if the country has none.
        Before the first known period the first is used, after the last the last."""
        if not self.periods:
            return None
        if when is None:
            return self.periods[-1]
        if isinstance(when, dt.datetime):
            when = when.date()
        if isinstance(when, dt.date):
            best = None
            for p in self.periods:
                if p.lo <= when and (p.hi is None or when < p.hi):
                    best = p
            if best is not None:
                return best
            year = when.year
        else:
            year = int(when)
        covering = [p for p in self.periods if p.start <= year and (p.end is None or year <= p.end)]
        if covering:
            return max(covering, key=lambda p: (coverage(p.lo, p.hi, year), -p.start))
        if year < self.periods[0].start:
            return self.periods[0]
        return self.periods[-1]

    def period_starting(self, start: int) -> Period | None:
        for p in self.periods:
            if p.start == start:
                return p
        return None


def coverage(lo: dt.date | None, hi: dt.date | None, year: int) -> float:
    """Share of YEAR that the closed interval [lo, hi] covers (0..1)."""
    a = dt.date(year, 1, 1)
    b = dt.date(year, 12, 31)
    lo2 = max(lo, a) if lo else a
    hi2 = min(hi, b) if hi else b
    if hi2 < lo2:
        return 0.0
    return ((hi2 - lo2).days + 1) / ((b - a).days + 1)


def _as_date(value, *, end: bool = False) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # "2023-04-15" (from the JSON cache)
        return dt.date.fromisoformat(text)
    if len(text) == 7 and text[4] == "-":  # "2023-04": a month
        year, month = int(text[:4]), int(text[5:])
        if not end:
            return dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    year = int(text)
    return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)


def parse_countries(raw: dict) -> dict[str, Country]:
    """governments.yaml (already parsed) -> {ISO2: Country}."""
    out: dict[str, Country] = {}
    for iso2, entry in raw.items():
        iso2 = str(iso2)
        periods: list[Period] = []
        raw_periods = entry.get("periods") or []
        for i, p in enumerate(raw_periods):
            lo = _as_date(p.get("from")) or _as_date(p["start"])
            nxt = raw_periods[i + 1] if i + 1 < len(raw_periods) else None
            if p.get("end") is None:
                hi = None
            elif nxt is not None and nxt.get("from") is not None:
                hi = _as_date(nxt["from"])
            else:
                hi = _as_date(p["end"], end=True)
            periods.append(Period(start=int(p["start"]), end=None if p.get("end") is None else int(p["end"]),
                                  lo=lo, hi=hi, leaders=tuple(p.get("leaders") or ()),
                                  military_suffix=p.get("military_suffix") or ""))
        police_as = entry.get("police_as")
        out[iso2] = Country(
            iso2=iso2,
            name=entry["name"],
            of_name=entry.get("of") or entry["name"],
            demonyms=tuple(str(d) for d in entry.get("demonyms") or ()),
            periods=tuple(periods),
            police_as=(police_as["force"], police_as.get("unit", "")) if police_as else None,
            military_as=entry.get("military_as"),
        )
    return out
