"""The `observatory` command: a thin layer over the library.

Each command parses its options, calls the Python API and turns the library's
`ObservatoryError`s into one-line messages with a non-zero exit status.
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from observatory import __version__
from observatory.errors import ObservatoryError

app = typer.Typer(help="Observatory: war reporting in, structured conflict event records out.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
gazetteer_app = typer.Typer(help="Build and inspect the offline gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


class Format(str, Enum):
    json = "json"
    table = "table"
    csv = "csv"


def _fail(exc: ObservatoryError) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(exc.exit_code)


def _crash(exc: Exception) -> None:
    """An unexpected failure: one line, unless OBSERVATORY_DEBUG asks for the traceback."""
    import os

    if os.environ.get("OBSERVATORY_DEBUG"):
        raise exc
    typer.echo(f"error: internal error ({type(exc).__name__}: {exc}); "
               f"rerun with OBSERVATORY_DEBUG=1 for the traceback and please report it", err=True)
    raise typer.Exit(70)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date in YYYY-MM-DD form") from None


@app.callback(invoke_without_command=True)
def _main(version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    if version:
        typer.echo(f"observatory {__version__}")
        raise typer.Exit()


@app.command()
def extract(
    path: str = typer.Argument(..., help="A text or HTML report, or '-' for standard input."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD: the base for 'Wednesday', 'yesterday'."),
    outlet: Optional[str] = typer.Option(None, help="The outlet that published the report (the default source)."),
    title: Optional[str] = typer.Option(None, help="The report's title."),
    url: Optional[str] = typer.Option(None, help="The report's URL."),
    format: Format = typer.Option(Format.table, "--format", "-f", help="json (the DESIGN.md contract), table, or csv (ACLED columns)."),
) -> None:
    """Extract ACLED-style events from one report.

    Example: observatory extract examples/syria_aleppo_hts_offensive.txt --published 2024-11-28 --format json
    """
    from observatory.ingest import read_article

    pub = _parse_date(published)
    try:
        article, warnings = read_article(path, published=pub, outlet=outlet, title=title, url=url)
        from observatory.pipeline import extract_article

        result = extract_article(article, warnings)
    except ObservatoryError as exc:
        _fail(exc)
        return
    except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence
        _crash(exc)
        return
    if format is Format.json:
        from observatory.output import to_json

        typer.echo(to_json(result))
    elif format is Format.csv:
        from observatory.output import to_csv

        sys.stdout.write(to_csv([result]))
    else:
        from rich.console import Console

        from observatory.output import render_table

        render_table(result, Console())


@gazetteer_app.command("build")
def gazetteer_build(force: bool = typer.Option(False, help="Rebuild even if the index exists.")) -> None:
    """Build the gazetteer index (done automatically on first use).

    Example: observatory gazetteer build --force
    """
    from observatory.places import build_index

    try:
        path = build_index(force=force)
    except ObservatoryError as exc:
        _fail(exc)
        return
    typer.echo(f"gazetteer index: {path}")


class GazetteerFormat(str, Enum):
    geonames = "geonames"
    acled = "acled"
    ucdp = "ucdp"


@gazetteer_app.command("import")
def gazetteer_import(
    path: Path = typer.Argument(..., help="A GeoNames dump (XX.zip, XX.txt, allCountries.zip) or an ACLED/UCDP export."),
    format: Optional[GazetteerFormat] = typer.Option(None, "--format", "-f", help="Input format (guessed when left out)."),
) -> None:
    """Add places from GeoNames dumps or your own ACLED/UCDP exports to the index.

    Example: observatory gazetteer import ~/data/acled_2019.csv --format acled
    """
    from rich.progress import Progress

    try:
        from observatory.places.importer import import_file

        with Progress(transient=True) as bar:
            task = bar.add_task(f"importing {path.name}", total=None)
            report = import_file(path, fmt=format.value if format else None,
                                 progress=lambda done, total: bar.update(task, completed=done, total=total))
    except ObservatoryError as exc:
        _fail(exc)
        return
    except (OSError, ValueError) as exc:
        _fail(ObservatoryError(f"{path}: {exc}"))
        return
    typer.echo(f"{report.path} ({report.fmt}): {report.rows:,} rows, {report.places_added:,} places and "
               f"{report.names_added:,} names added, {report.skipped:,} skipped"
               + ("".join(f"\n  skipped {n:,}: {why}" for why, n in report.reasons.items()) if report.reasons else ""))


@gazetteer_app.command("stats")
def gazetteer_stats(
    top: int = typer.Option(20, help="How many countries to list."),
) -> None:
    """Show what the index holds, by source and by country.

    Example: observatory gazetteer stats --top 10
    """
    from rich.console import Console
    from rich.table import Table

    try:
        from observatory.places.stats import index_stats

        stats = index_stats()
    except ObservatoryError as exc:
        _fail(exc)
        return
    console = Console()
    console.print({k: v for k, v in stats.items() if not isinstance(v, (dict, list))})
    for key in ("by_source", "by_country"):
        rows = stats.get(key) or {}
        if not rows:
            continue
        table = Table(title=key.replace("_", " "))
        table.add_column(key.split("_", 1)[1])
        first = next(iter(rows.values()))
        cols = list(first) if isinstance(first, dict) else ["places"]
        for c in cols:
            table.add_column(c, justify="right")
        items = list(rows.items())
        if key == "by_country":
            items = items[:top]
        for name, val in items:
            vals = [val[c] for c in cols] if isinstance(val, dict) else [val]
            table.add_row(str(name), *(f"{v:,}" if isinstance(v, int) else str(v) for v in vals))
        console.print(table)


@app.command()
def geocode(
    name: str = typer.Argument(..., help="A place name as the report writes it."),
    country: Optional[str] = typer.Option(None, help="ISO2 code or country name to search in."),
    context: Optional[str] = typer.Option(None, help="Text around the name, e.g. 'in Idlib countryside'."),
    limit: int = typer.Option(10, help="How many candidates to show."),
) -> None:
    """Show the gazetteer's candidates for a name, with scores and the rule that chose.

    Example: observatory geocode "Tell Rif'at" --country SY --context "northern countryside of Aleppo"
    """
    from rich.console import Console
    from rich.table import Table

    try:
        from observatory.places.explain import geocode as run_geocode

        result = run_geocode(name, country=country, context=context, limit=limit)
    except ObservatoryError as exc:
        _fail(exc)
        return
    table = Table(title=f"{name!r}" + (f" in {result.country}" if result.country else ""))
    for col in ("", "place", "admin1", "country", "feature", "lat, lon", "score", "rule", "source"):
        table.add_column(col)
    for c in result.candidates:
        mark = "→" if result.chosen is not None and c.place.place_id == result.chosen.place.place_id else ""
        p = c.place
        table.add_row(mark, p.name, p.admin1 or "", p.country, p.feature, f"{p.latitude:.4f}, {p.longitude:.4f}",
                      f"{c.score:.2f}", c.rule, p.source)
    console = Console()
    console.print(table)
    console.print(f"rule: {result.rule}; geo_precision {result.geo_precision}")
    for line in result.explanation:
        console.print(f"  {line}")
    if result.chosen is None:
        raise typer.Exit(1)


@app.command()
def actors(
    query: Optional[str] = typer.Argument(None, help="A name to resolve, or a part of canonical names to list."),
    country: Optional[str] = typer.Option(None, help="ISO2 code of the article's country (context for 'troops')."),
    year: Optional[int] = typer.Option(None, help="Year of the event (picks the government period)."),
    coverage: Optional[Path] = typer.Option(None, "--coverage", help="An ACLED export: how many of its distinct "
                                            "actor names the knowledge base resolves, by inter code."),
    as_json: bool = typer.Option(False, "--json", help="With --coverage: print JSON."),
    missing: int = typer.Option(0, min=0, help="With --coverage: list up to N names per inter code that do not "
                                "resolve exactly."),
) -> None:
    """List the actor knowledge base, or show how a name resolves.

    Example: observatory actors "Regiment forces" --country SY --year 2024
    """
    from rich.console import Console
    from rich.table import Table

    from observatory.actors import get_kb

    if coverage is not None:
        from observatory.actors.coverage import print_coverage

        try:
            print_coverage(coverage, as_json=as_json, missing=missing)
        except ObservatoryError as exc:
            _fail(exc)
        return

    kb = get_kb()
    console = Console()
    if query:
        match = kb.resolve(query, country=country.upper() if country else None, year=year)
        source = kb.source(query)
        if match is not None:
            a = match.actor
            console.print(f"{query!r} -> [bold]{a.name}[/bold] (inter {a.inter}, {a.kind}, country {a.country}; "
                          f"rule {match.rule}, matched {match.matched!r}"
                          + (", provisional" if a.provisional else "") + ")")
        elif source is not None:
            console.print(f"{query!r} is a source, not an actor: [bold]{source.name}[/bold] ({source.kind})")
        else:
            console.print(f"{query!r} does not resolve; it would become a provisional actor: "
                          f"{kb.provisional(query, country=country).name!r}")
    needle = (query or "").lower()
    listed = [a for a in kb.all() if not needle or needle in a.name.lower()
              or any(needle in x.lower() for x in a.aliases)]
    if country:
        listed = [a for a in listed if a.country in (country.upper(), None)]
    if not listed:
        return
    table = Table(title=f"{len(listed)} actor(s)")
    for col in ("name", "inter", "country", "kind", "aliases"):
        table.add_column(col, overflow="fold")
    for a in listed[:200]:
        aliases = ", ".join(a.aliases[:6]) + (f" (+{len(a.aliases) - 6})" if len(a.aliases) > 6 else "")
        table.add_row(a.name, str(a.inter), a.country or "", a.kind, aliases)
    console.print(table)
    if len(listed) > 200:
        console.print(f"... and {len(listed) - 200} more; narrow the query")


class GoldFormat(str, Enum):
    acled = "acled"
    acled_old = "acled-old"
    ucdp = "ucdp"


@app.command()
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="An ACLED or UCDP export (CSV, or a folder holding one)."),
    format: Optional[GoldFormat] = typer.Option(None, "--format", "-f", help="Gold format (guessed from the header when left out)."),
    limit: Optional[int] = typer.Option(None, min=1, help="Score N rows (the first N, or a random N with --sample)."),
    sample: Optional[int] = typer.Option(None, help="Seed for drawing the --limit rows at random."),
    workers: int = typer.Option(1, min=1, help="Parallel worker processes."),
    json_out: Optional[Path] = typer.Option(None, help="Write the metrics as JSON here."),
    predictions_out: Optional[Path] = typer.Option(None, help="Write one JSON line per scored row: {row, events}."),
    html_out: Optional[Path] = typer.Option(None, help="Write an HTML report with a map and error histograms."),
) -> None:
    """Score the extractor against human-coded events: each row's text in, its coding as the answer.

    Example: observatory evaluate --gold acled_export.csv --limit 300 --sample 1 --workers 2 --html-out report.html
    """
    try:
        from observatory.evaluate import run_evaluation

        run_evaluation(gold, fmt=format.value if format else None, limit=limit, sample=sample, workers=workers,
                       json_out=json_out, predictions_out=predictions_out, html_out=html_out)
    except ObservatoryError as exc:
        _fail(exc)


@app.command("settings")
def show_settings() -> None:
    """List every setting, its environment variable, current value and meaning.

    Example: OBSERVATORY_MAX_CHARS=500000 observatory settings
    """
    from observatory import settings

    for s in settings.SETTINGS:
        typer.echo(f"{s.env}={settings.get(s.name)!r}\n    {s.help}")


# the store's commands (ingest, watch, events, event, serve) live in their own module
from observatory import cli_store  # noqa: E402,F401


def main() -> None:
    app()


if __name__ == "__main__":
    main()
