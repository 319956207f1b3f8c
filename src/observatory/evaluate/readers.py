"""Readers for human-coded gold data: ACLED exports (current and older schemas) and UCDP GED.

:func:`read_gold` turns a CSV file (or a folder holding one) into :class:`GoldRow`
records, whatever the schema. The format is detected from the header unless given:

=============  ===========================================  ==========================
format         recognised by                                text given to the extractor
=============  ===========================================  ==========================
``acled``      ``notes`` + ``event_type`` + ``sub_event_type``  ``notes``
``acled-old``  ``notes`` + ``event_type``, no sub-event type    ``notes``
``ucdp``       ``source_headline`` + ``side_a``                 ``source_headline``
=============  ===========================================  ==========================

Column names are matched case-insensitively (older ACLED exports use upper case).

Reference date (the ``published`` date the extractor resolves "on Thursday" against):
the date must not leak the answer, so it is never the gold event date.

- ACLED: the row's ``timestamp`` (the upload time, unix seconds). Older exports have no
  timestamp: ``published`` is None, so relative dates in their notes stay unresolved and
  ``date_acc`` on them measures only explicit dates in the text.
- UCDP GED: the first ``source_date`` entry (the publication date of the source article)
  when it is a real date on or after ``date_start``; otherwise (missing, the 1753-01-01
  null sentinel, typos a year early) ``date_end``. UCDP headlines rarely carry a date, so
  with ``date_end`` as the reference the extractor's default (the publication date) is
  usually the gold date: ``date_acc`` on UCDP is an upper bound.

Old ACLED event types are mapped to today's taxonomy. Where an old string does not settle
the type (``Riots/Protests``), ACLED's own inter codes do (5 rioters -> Riots, 6
protesters -> Protests); where nothing does, the row accepts every candidate type
(``event_type_options``); old violence against civilians by rioters (inter1 5) accepts
Violence against civilians or Riots (today's Mob violence). A sub-event type is gold only where the old string fixes it
(``Battle-No change of territory`` -> Armed clash); otherwise it is None and the row is left
out of ``sub_event_type_acc``. UCDP has no ACLED type: state-based and non-state violence
accept Battles or Explosions/Remote violence, one-sided violence accepts Violence against
civilians or Explosions/Remote violence.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from observatory.dates import parse_date_value
from observatory.errors import InputError
from observatory.taxonomy import EVENT_TYPES, OLD_EVENT_TYPES, SUB_TO_TYPE

__all__ = ["FORMATS", "GoldReader", "GoldRow", "OLD_TYPE_MAP", "UCDP_TYPES", "detect_format",
           "map_event_type", "read_gold"]

GoldFormat = Literal["acled", "acled-old", "ucdp"]
FORMATS: tuple[str, ...] = ("acled", "acled-old", "ucdp")

BATTLES, REMOTE, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
PROTESTS, RIOTS, STRATEGIC = "Protests", "Riots", "Strategic developments"

#: Old ACLED event-type strings (lower case) -> (accepted current types, sub-event type
#: when the old string determines it, else None).
OLD_TYPE_MAP: dict[str, tuple[tuple[str, ...], str | None]] = {
    "battle-no change of territory": ((BATTLES,), "Armed clash"),
    "battle-government regains territory": ((BATTLES,), "Government regains territory"),
    "battle-non-state actor overtakes territory": ((BATTLES,), "Non-state actor overtakes territory"),
    "battle-non-state actors overtake territory": ((BATTLES,), "Non-state actor overtakes territory"),
    "battle-non-state actors overtakes territory": ((BATTLES,), "Non-state actor overtakes territory"),
    "remote violence": ((REMOTE,), None),
    "violence against civilians": ((VAC,), None),
    "riots/protests": ((PROTESTS, RIOTS), None),
    "riots": ((RIOTS,), None),
    "protests": ((PROTESTS,), None),
    "strategic development": ((STRATEGIC,), None),
    "headquarters or base established": ((STRATEGIC,), "Headquarters or base established"),
    "non-violent transfer of territory": ((STRATEGIC,), "Non-violent transfer of territory"),
    "non-violent activity by a conflict actor": ((STRATEGIC,), None),
}

#: UCDP ``type_of_violence`` -> (label, accepted ACLED event types).
UCDP_TYPES: dict[int, tuple[str, tuple[str, ...]]] = {
    1: ("UCDP state-based", (BATTLES, REMOTE)),
    2: ("UCDP non-state", (BATTLES, REMOTE)),
    3: ("UCDP one-sided", (VAC, REMOTE)),
}

#: UCDP ``where_prec`` (1 exact .. 7 international waters) -> ACLED geo_precision (approximate).
UCDP_GEO_PRECISION: dict[int, int] = {1: 1, 2: 2, 3: 3, 4: 3, 5: 3, 6: 3, 7: 3}

_CURRENT = {t.casefold(): t for t in EVENT_TYPES}
_CURRENT_SUB = {s.casefold(): s for s in SUB_TO_TYPE}
_UCDP_COUNTRY_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")


class GoldRow(BaseModel):
    """One human-coded event and the text it was coded from."""

    model_config = ConfigDict(frozen=True)

    row_id: str
    """ACLED ``event_id_cnty``; UCDP ``id``."""
    index: int = 0
    """Position of the row among the file's rows with text (0-based)."""
    text: str
    published: dt.date | None = None
    """Reference date given to the extractor (see the module docstring)."""
    event_date: dt.date | None = None
    event_date_end: dt.date | None = None
    """Last day of the gold date range (UCDP ``date_end``); None for ACLED."""
    event_type: str | None = None
    """The current ACLED event type, when the gold settles one."""
    event_type_options: tuple[str, ...] = ()
    """Current event types that count as correct (one for current ACLED exports)."""
    event_type_original: str | None = None
    sub_event_type: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    """ACLED ``fatalities``; UCDP ``best``."""
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    source_format: GoldFormat = "acled"

    @property
    def type_label(self) -> str:
        """The label of the gold type in breakdowns: the current type, or the source's own."""
        return self.event_type or self.event_type_original or "(unknown)"


def map_event_type(value: str | None, *, inter1: int | None = None,
                   inter2: int | None = None) -> tuple[str | None, tuple[str, ...], str | None]:
    """An event-type string from any ACLED export -> (event_type, accepted types, sub-event type).

    Current strings map to themselves with no sub-event type (the caller reads it from its
    own column); old strings go through :data:`OLD_TYPE_MAP` (then ``taxonomy.OLD_EVENT_TYPES``,
    type only). ``Riots/Protests`` is settled by the inter codes when they say rioters (5)
    or protesters (6); violence against civilians by rioters (inter1 5) accepts Riots too. Unknown strings give ``(None, (), None)``.
    """
    key = (value or "").strip().casefold()
    if not key:
        return None, (), None
    if key == VAC.casefold() and inter1 == 5:
        # violence by rioters against civilians (old exports): today's "Riots: Mob violence"
        return None, (VAC, RIOTS), None
    if key in _CURRENT:
        t = _CURRENT[key]
        return t, (t,), None
    if key in OLD_TYPE_MAP:
        options, sub = OLD_TYPE_MAP[key]
    elif key in OLD_EVENT_TYPES:
        options, sub = (OLD_EVENT_TYPES[key][0],), None
    else:
        return None, (), None
    if len(options) > 1 and set(options) == {PROTESTS, RIOTS}:
        for code in (inter1, inter2):
            if code == 5:
                return RIOTS, (RIOTS,), None
            if code == 6:
                return PROTESTS, (PROTESTS,), None
    return (options[0] if len(options) == 1 else None), options, sub


def detect_format(header: list[str]) -> GoldFormat | None:
    """The gold format a CSV header belongs to, or None."""
    cols = {h.strip().casefold() for h in header}
    if {"source_headline", "side_a"} <= cols:
        return "ucdp"
    if {"notes", "event_type"} <= cols:
        return "acled" if "sub_event_type" in cols else "acled-old"
    return None


def _raise_field_limit() -> None:
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 10


def _header(path: Path) -> list[str]:
    _raise_field_limit()
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        return next(csv.reader(fh), [])


def resolve_gold_path(path: str | Path) -> Path:
    """The CSV file meant by PATH: the file itself, or the one gold CSV inside a folder."""
    p = Path(path)
    if p.is_file():
        return p
    if not p.is_dir():
        raise InputError(f"{p} does not exist")
    csvs = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in (".csv", ".tsv"))
    found = [q for q in csvs if detect_format(_header(q))]
    if not found:
        raise InputError(f"{p} holds no ACLED or UCDP CSV file")
    if len(found) > 1:
        names = ", ".join(str(q.relative_to(p)) for q in found[:5])
        raise InputError(f"{p} holds several gold CSV files ({names}); name one of them")
    return found[0]


def _text(row: dict[str, str], *names: str) -> str | None:
    for n in names:
        v = row.get(n)
        if v is not None and v.strip():
            return v.strip()
    return None


def _float(v: str | None) -> float | None:
    try:
        return float(v) if v not in (None, "") else None
    except ValueError:
        return None


def _int(v: str | None) -> int | None:
    f = _float(v)
    return int(f) if f is not None else None


def _date(v: str | None) -> dt.date | None:
    if not v or not v.strip():
        return None
    try:
        return parse_date_value(v.strip())
    except (ValueError, OverflowError):
        return None


def _acled_row(row: dict[str, str], index: int, fmt: GoldFormat) -> GoldRow:
    inter1, inter2 = _int(row.get("inter1")), _int(row.get("inter2"))
    original = _text(row, "event_type")
    etype, options, sub = map_event_type(original, inter1=inter1, inter2=inter2)
    sub_raw = _text(row, "sub_event_type")
    if sub_raw:
        sub = _CURRENT_SUB.get(sub_raw.casefold(), sub_raw)
        if etype is None and sub in SUB_TO_TYPE:
            etype = SUB_TO_TYPE[sub]
            options = (etype,)
    return GoldRow(
        row_id=_text(row, "event_id_cnty", "data_id", "event_id_no_cnty") or f"row{index + 1}",
        index=index, text=_text(row, "notes") or "",
        published=_date(row.get("timestamp")), event_date=_date(row.get("event_date")),
        event_type=etype, event_type_options=options, event_type_original=original, sub_event_type=sub,
        actor1=_text(row, "actor1"), actor2=_text(row, "actor2"),
        country=_text(row, "country"), iso3=_text(row, "iso3"), admin1=_text(row, "admin1"),
        location=_text(row, "location"),
        latitude=_float(row.get("latitude")), longitude=_float(row.get("longitude")),
        geo_precision=_int(row.get("geo_precision")), fatalities=_int(row.get("fatalities")),
        source_format=fmt,
    )


def ucdp_reference_date(source_date: str | None, date_start: dt.date | None,
                        date_end: dt.date | None) -> dt.date | None:
    """The reference date for a UCDP row: the first source date when plausible, else date_end."""
    first = (source_date or "").split(";")[0].strip()
    pub = _date(first) if first else None
    if pub is not None and pub.year >= 1989 and (date_start is None or pub >= date_start):
        return pub
    return date_end or date_start


def _ucdp_row(row: dict[str, str], index: int) -> GoldRow:
    start, end = _date(row.get("date_start")), _date(row.get("date_end"))
    label, options = UCDP_TYPES.get(_int(row.get("type_of_violence")) or 0, (None, ()))
    prec = _int(row.get("where_prec"))
    country = _text(row, "country")
    return GoldRow(
        row_id=_text(row, "id") or f"row{index + 1}", index=index, text=_text(row, "source_headline") or "",
        published=ucdp_reference_date(row.get("source_date"), start, end),
        event_date=start, event_date_end=end,
        event_type=None, event_type_options=options, event_type_original=label, sub_event_type=None,
        actor1=_text(row, "side_a"), actor2=_text(row, "side_b"),
        country=_UCDP_COUNTRY_SUFFIX.sub("", country) if country else None,
        admin1=_text(row, "adm_1"), location=_text(row, "where_coordinates"),
        latitude=_float(row.get("latitude")), longitude=_float(row.get("longitude")),
        geo_precision=UCDP_GEO_PRECISION.get(prec) if prec else None,
        fatalities=_int(row.get("best")), fatalities_low=_int(row.get("low")),
        fatalities_high=_int(row.get("high")), source_format="ucdp",
    )


class GoldReader(Iterator[GoldRow]):
    """Iterates a gold file's rows; counts what it skipped. Made by :func:`read_gold`."""

    def __init__(self, path: str | Path, fmt: str | None = None):
        self.path = resolve_gold_path(path)
        header = _header(self.path)
        detected = detect_format(header)
        if fmt is not None and fmt not in FORMATS:
            raise InputError(f"unknown gold format '{fmt}' (use one of: {', '.join(FORMATS)})")
        if fmt is None and detected is None:
            raise InputError(f"{self.path}: the header is neither an ACLED nor a UCDP GED export")
        self.format: GoldFormat = fmt or detected  # type: ignore[assignment]
        self.rows_read = 0
        """Data rows read so far (with or without text)."""
        self.skipped_empty = 0
        """Rows skipped because their text is empty."""
        self._rows = self._generate()

    def _generate(self) -> Iterator[GoldRow]:
        _raise_field_limit()
        with self.path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
            reader = csv.reader(fh)
            header = [h.strip().casefold() for h in next(reader, [])]
            index = 0
            for values in reader:
                if not values:
                    continue
                self.rows_read += 1
                row = dict(zip(header, values))
                gold = _ucdp_row(row, index) if self.format == "ucdp" else _acled_row(row, index, self.format)
                if not gold.text.strip():
                    self.skipped_empty += 1
                    continue
                index += 1
                yield gold

    def __iter__(self) -> GoldReader:
        return self

    def __next__(self) -> GoldRow:
        return next(self._rows)


def read_gold(path: str | Path, fmt: str | None = None) -> GoldReader:
    """Iterate the gold rows of an ACLED or UCDP export (a CSV file, or a folder holding one).

    FMT is ``"acled"``, ``"acled-old"`` or ``"ucdp"``; None detects it from the header.
    Rows with empty text are skipped and counted in the reader's ``skipped_empty``.
    Raises :class:`observatory.errors.InputError` for a missing or unrecognised file.
    """
    return GoldReader(path, fmt)
