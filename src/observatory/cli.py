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
    """Build the gazetteer index (done automatically on first use)."""
    from observatory.places import build_index

    try:
        path = build_index(force=force)
    except ObservatoryError as exc:
        _fail(exc)
        return
    typer.echo(f"gazetteer index: {path}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
