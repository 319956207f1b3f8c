"""The README documents every setting and every command (so neither can drift)."""

from __future__ import annotations

from pathlib import Path

from observatory import settings
from observatory.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")


def test_every_setting_is_documented():
    missing = [s.env for s in settings.SETTINGS if f"`{s.env}`" not in README]
    assert not missing, f"settings missing from README.md: {missing}"


def test_every_command_is_documented():
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, cmd in group.commands.items():
        subs = getattr(cmd, "commands", None)
        names += [f"{name} {sub}" for sub in subs] if subs else [name]
    missing = [n for n in names if f"`{n}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_readme_opens_with_the_two_commands():
    head = README[:600]
    assert "make demo" in head and "make test" in head
