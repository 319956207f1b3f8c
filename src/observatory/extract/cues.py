"""Trigger cues: which of the lexicon's cue groups a sentence contains, and where.

The lexicon lives in `triggers.yaml` (readable, reviewed against the ACLED codebook);
this module compiles it once, lazily.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import yaml


@dataclass(frozen=True)
class Cue:
    group: str
    text: str
    start: int  # offsets inside the matched string
    end: int


@dataclass(frozen=True)
class Lexicon:
    groups: dict[str, re.Pattern]
    armed: re.Pattern
    civilian: re.Pattern


def _alternation(items: list[str]) -> re.Pattern:
    # longest first, so "air strike" wins over "air"
    body = "|".join(sorted(items, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader: a tenth of the start-up cost
    text = resources.files("observatory.extract").joinpath("triggers.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    groups = {name: _alternation(items) for name, items in data["cues"].items()}
    return Lexicon(groups=groups, armed=_alternation(data["armed_words"]),
                   civilian=_alternation(data["civilian_words"]))


def find_cues(text: str) -> dict[str, list[Cue]]:
    """Every cue group present in TEXT, with each match."""
    found: dict[str, list[Cue]] = {}
    for name, rx in lexicon().groups.items():
        hits = [Cue(name, m.group(0), m.start(), m.end()) for m in rx.finditer(text)]
        if hits:
            found[name] = hits
    return found


def is_armed(text: str) -> bool:
    return bool(lexicon().armed.search(text))


def is_civilian(text: str) -> bool:
    return bool(lexicon().civilian.search(text))
