"""Streaming readers for the files ``gazetteer import`` takes (no file is extracted to disk).

- GeoNames: per-country dumps (``XX.zip`` holding ``XX.txt``, or ``XX.txt``),
  ``allCountries.zip``/``.txt``, ``cities500.zip`` and the like (19 tab-separated
  columns), ``admin1CodesASCII.txt``, ``admin2Codes.txt``, ``alternateNamesV2.zip``/``.txt``
  (and the older ``alternateNames``);
- ACLED exports, modern (lower-case columns) and old (upper-case) schemas;
- UCDP GED CSV exports.

Files are read through a byte counter so that a progress bar can show how far along a
file (or a zip member, in uncompressed bytes) the import is.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Callable, Iterator

#: GeoNames file kinds.
DUMP, ADMIN1, ADMIN2, ALTNAMES = "dump", "admin1-codes", "admin2-codes", "alternate-names"
FORMATS = ("geonames", "acled", "ucdp")
_DUMP_COLUMNS = 19


class _Counter(io.RawIOBase):
    """A binary stream that counts the bytes read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buf: memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buf))
        n = len(data)
        buf[:n] = data
        self.done += n
        return n


class Source:
    """An open text file to import: the text stream and how many bytes it has in all."""

    def __init__(self, text: IO[str], counter: _Counter, total: int, name: str) -> None:
        self.text = text
        self._counter = counter
        self.total = total
        self.name = name

    @property
    def done(self) -> int:
        """Bytes read so far."""
        return self._counter.done


def _member(zf: zipfile.ZipFile, path: Path) -> zipfile.ZipInfo:
    """The data member of a GeoNames zip (``XX.txt`` in ``XX.zip``; not the readme)."""
    infos = [i for i in zf.infolist() if not i.is_dir() and not i.filename.lower().startswith(("readme", "iso-"))]
    want = path.stem.lower() + ".txt"
    for info in infos:
        if Path(info.filename).name.lower() == want:
            return info
    texts = [i for i in infos if i.filename.lower().endswith((".txt", ".csv", ".tsv"))] or infos
    if not texts:
        raise ValueError(f"{path.name}: the zip holds no data file")
    return max(texts, key=lambda i: i.file_size)


@contextmanager
def open_source(path: Path) -> Iterator[Source]:
    """Open a plain or zipped text file for streaming (UTF-8, undecodable bytes replaced)."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            info = _member(zf, path)
            with zf.open(info) as raw:
                counter = _Counter(raw)
                text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 20), encoding="utf-8-sig",
                                        errors="replace", newline="")
                yield Source(text, counter, info.file_size, f"{path.name}:{info.filename}")
    else:
        with path.open("rb") as raw:
            counter = _Counter(raw)
            text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 20), encoding="utf-8-sig",
                                    errors="replace", newline="")
            yield Source(text, counter, path.stat().st_size, path.name)


def geonames_kind(path: Path) -> str | None:
    """Which GeoNames file ``path`` is (``DUMP``, ``ADMIN1`` ...), or None."""
    stem = path.name.lower()
    if stem.startswith("admin1codes"):
        return ADMIN1
    if stem.startswith("admin2codes"):
        return ADMIN2
    if stem.startswith("alternatenames"):
        return ALTNAMES
    if path.suffix.lower() not in (".zip", ".txt", ".tsv"):
        return None
    try:
        with open_source(path) as src:
            first = src.text.readline()
    except (OSError, ValueError, zipfile.BadZipFile):
        return None
    return DUMP if first.count("\t") == _DUMP_COLUMNS - 1 else None


def csv_format(path: Path) -> str | None:
    """"acled" or "ucdp" from a CSV's header, or None."""
    try:
        with open_source(path) as src:
            header = next(csv.reader(src.text), [])
    except (OSError, ValueError, zipfile.BadZipFile, csv.Error):
        return None
    cols = {h.strip().lower() for h in header}
    if {"where_coordinates", "latitude", "longitude"} <= cols:
        return "ucdp"
    if {"location", "latitude", "longitude"} <= cols and ({"country", "iso3"} & cols):
        return "acled"
    return None


def detect_format(path: Path) -> str | None:
    """The format of one file: "geonames", "acled", "ucdp", or None if unknown."""
    if path.suffix.lower() == ".csv" or (path.suffix.lower() == ".zip" and _zip_has_csv(path)):
        return csv_format(path)
    return "geonames" if geonames_kind(path) else None


def _zip_has_csv(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return _member(zf, path).filename.lower().endswith(".csv")
    except (OSError, ValueError, zipfile.BadZipFile):
        return False


def iter_csv(src: Source) -> Iterator[dict[str, str]]:
    """Rows of a CSV with lower-case, stripped column names (ACLED's old schema is upper-case)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.reader(src.text)
    header = [h.strip().lower() for h in next(reader, [])]
    for row in reader:
        if row:
            yield dict(zip(header, row))


def iter_tsv(src: Source, min_fields: int) -> Iterator[list[str]]:
    """Rows of a GeoNames tab-separated file (no quoting; comment lines skipped)."""
    reader = csv.reader(src.text, delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        if len(row) >= min_fields and not row[0].startswith("#"):
            yield row


def throttled(progress: Callable[[int, int], None] | None, base: int, total: int,
              src: Source) -> Callable[[], None]:
    """A tick function reporting ``base + src.done`` of ``total`` to ``progress``."""
    if progress is None:
        return lambda: None

    def tick() -> None:
        progress(base + src.done, total)

    return tick
