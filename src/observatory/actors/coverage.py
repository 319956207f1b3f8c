"""How much of an ACLED export's actor vocabulary the knowledge base knows.

`coverage(path)` reads an ACLED export (modern or the older upper-case schema), collects
the distinct actor names it uses (``actor1``, ``actor2`` and the associated actors,
``assoc_actor_1/2`` or ``ALLY_ACTOR_1/2``, split on ";") and resolves each through
:meth:`ActorKB.resolve` in the country and year of the first row that uses it. A name
counts as

* *exact* when the actor it resolves to carries that very name as an export of that year
  writes it (:meth:`ActorKB.name_as_of`: "Military Forces of Syria (2000-)" in 2020 is the
  KB's "Military Forces of Syria (2000-2024)"); case and spacing are ignored;
* *resolved* when it resolves to some (non-provisional) actor at all.

Names are grouped by the inter code ACLED gave them; an associated actor that is never a
main actor takes its side's code, and a name used under several codes counts under its
most frequent one.
`observatory actors --coverage PATH` prints the table, or the JSON with ``--json``.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from observatory.errors import InputError
from observatory.taxonomy import INTER_CODES

#: (actor column, associated-actors column, inter column) of each side, modern then old schema
_SIDES = (("actor1", ("assoc_actor_1", "ally_actor_1"), "inter1"),
          ("actor2", ("assoc_actor_2", "ally_actor_2"), "inter2"))
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_SHORT_YEAR = re.compile(r"^\s*\d{1,2}[-/ ][A-Za-z]{3,9}[-/ ](\d{2})\s*$")  # "9-May-20"


@dataclass
class NameUse:
    """One distinct gold actor name: where it was first seen and how often under each inter."""

    name: str
    country: str | None
    year: int | None
    inters: Counter = field(default_factory=Counter)
    """Inter codes of the rows that name it as actor1 or actor2."""
    side_inters: Counter = field(default_factory=Counter)
    """Inter codes of the sides it is associated with."""

    @property
    def inter(self) -> int | None:
        """Its own inter code where it is ever a main actor, else its side's."""
        counts = self.inters or self.side_inters
        return counts.most_common(1)[0][0] if counts else None


@dataclass
class InterCoverage:
    inter: int | None
    label: str
    names: int = 0
    exact: int = 0
    resolved: int = 0
    missing: list[str] = field(default_factory=list)
    """Names not resolved exactly, with what they resolve to ("" when nothing)."""

    def as_dict(self, *, missing: bool = True) -> dict:
        out = {"inter": self.inter, "label": self.label, "names": self.names, "exact": self.exact,
               "exact_share": _share(self.exact, self.names), "resolved": self.resolved,
               "resolved_share": _share(self.resolved, self.names)}
        if missing:
            out["missing"] = self.missing
        return out


@dataclass
class Coverage:
    path: str
    rows: int
    by_inter: list[InterCoverage]

    @property
    def total(self) -> InterCoverage:
        t = InterCoverage(None, "all")
        for c in self.by_inter:
            t.names += c.names
            t.exact += c.exact
            t.resolved += c.resolved
        return t

    def as_dict(self, *, missing: bool = False) -> dict:
        return {"gold": self.path, "rows": self.rows,
                "by_inter": [c.as_dict(missing=missing) for c in self.by_inter],
                "total": self.total.as_dict(missing=False)}


def _share(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _year(row: dict[str, str]) -> int | None:
    raw = (row.get("year") or "").strip()
    if raw.isdigit():
        return int(raw)
    date = (row.get("event_date") or "").strip()
    m = _YEAR.search(date)
    if m:
        return int(m.group(1))
    m = _SHORT_YEAR.match(date)
    if m:
        return 2000 + int(m.group(1))
    return None


def _rows(path: Path) -> Iterator[dict[str, str]]:
    from observatory.evaluate.readers import detect_format, resolve_gold_path

    path = resolve_gold_path(path)
    csv.field_size_limit(2**31 - 1)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.reader(fh)
        header = [h.strip().casefold() for h in next(reader, [])]
        if detect_format(header) not in ("acled", "acled-old"):
            raise InputError(f"{path}: the header is not an ACLED export (modern or old schema)")
        for values in reader:
            if values:
                yield dict(zip(header, values))


def gold_names(path: str | Path) -> tuple[list[NameUse], int]:
    """The distinct actor names of the ACLED export at PATH, in order of first use, and the
    number of rows read."""
    names: dict[str, NameUse] = {}
    n = 0
    for row in _rows(Path(path)):
        n += 1
        country = (row.get("country") or "").strip() or None
        year = _year(row)
        for actor_col, assoc_cols, inter_col in _SIDES:
            raw_inter = (row.get(inter_col) or "").strip()
            inter = int(raw_inter) if raw_inter.isdigit() else None
            found = [((row.get(actor_col) or "").strip(), True)]
            for col in assoc_cols:
                found += [(p.strip(), False) for p in (row.get(col) or "").split(";")]
            for name, main in found:
                if not name:
                    continue
                use = names.get(name)
                if use is None:
                    use = names[name] = NameUse(name, country, year)
                if inter is not None:
                    (use.inters if main else use.side_inters)[inter] += 1
    return list(names.values()), n


def coverage(path: str | Path, kb=None) -> Coverage:
    """The share of the distinct actor names of the ACLED export at PATH that the knowledge
    base (default: the shared one) resolves exactly, and at all, by inter code."""
    if kb is None:
        from observatory.actors import get_kb

        kb = get_kb()
    uses, rows = gold_names(path)
    groups: dict[int | None, InterCoverage] = {}
    for use in uses:
        inter = use.inter
        group = groups.get(inter)
        if group is None:
            group = groups[inter] = InterCoverage(inter, INTER_CODES.get(inter, "unknown") if inter else "unknown")
        group.names += 1
        iso2 = kb.country_code(use.country) if use.country else None
        match = kb.resolve(use.name, country=iso2, year=use.year)
        if match is None or match.actor.provisional:
            group.missing.append(use.name)
            continue
        group.resolved += 1
        ours = kb.name_as_of(match.actor, use.year) if use.year else match.actor.name
        if _fold(ours) == _fold(use.name):
            group.exact += 1
        else:
            group.missing.append(f"{use.name} -> {ours}")
    order = sorted(groups.values(), key=lambda g: (g.inter is None, g.inter or 0))
    return Coverage(path=str(path), rows=rows, by_inter=order)


def print_coverage(path: str | Path, *, as_json: bool = False, missing: int = 0) -> Coverage:
    """Print the coverage of PATH as a table (or JSON); MISSING: list up to that many names
    per inter code that do not resolve exactly."""
    result = coverage(path)
    if as_json:
        print(json.dumps(result.as_dict(missing=missing > 0), indent=2, ensure_ascii=False))
        return result
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Actor names of {result.path} the knowledge base resolves ({result.rows} rows)")
    for col in ("inter", "kind", "names", "exact", "exact %", "resolved", "resolved %"):
        table.add_column(col, justify="left" if col == "kind" else "right")

    def pct(n: int, d: int) -> str:
        return f"{100 * n / d:.1f}" if d else "-"

    for c in [*result.by_inter, result.total]:
        table.add_row("" if c.inter is None and c.label == "all" else str(c.inter or "?"), c.label, str(c.names),
                      str(c.exact), pct(c.exact, c.names), str(c.resolved), pct(c.resolved, c.names),
                      end_section=c.label != "all" and c is result.by_inter[-1])
    console = Console()
    console.print(table)
    if missing:
        for c in result.by_inter:
            if c.missing:
                console.print(f"[bold]inter {c.inter or '?'} ({c.label})[/bold]: not resolved exactly")
                for name in c.missing[:missing]:
                    console.print(f"  {name}", markup=False, highlight=False)
    return result


__all__ = ["Coverage", "InterCoverage", "NameUse", "coverage", "gold_names", "print_coverage"]
