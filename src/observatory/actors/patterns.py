"""spaCy EntityRuler patterns for the names of actors and sources.

Only named groups and sources get patterns; generic words ("troops", "the regime",
"government forces") are left to `ActorKB.resolve` on noun chunks, which keeps the ruler
small. Each alias is tokenised the way the pipeline will tokenise text, then matched
token by token on LOWER (case-insensitive); short all-capital acronyms ("HTS", "IS",
"AA", "M23") are matched on ORTH, so the verb "is" never becomes the Islamic State.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from observatory.actors.data import Entry
from observatory.actors.models import Actor, Source
from observatory.actors.text import norm_key

_TOKEN_RE = re.compile(r"\d+-|[A-Za-z]+(?:['’][A-Za-z]+)*|\d+|[^\sA-Za-z\d]")


def _default_tokenizer() -> Callable[[str], list[str]]:
    try:
        import spacy
    except ImportError:  # spaCy missing: an approximation of its English rules
        return lambda text: _TOKEN_RE.findall(text)
    tok = spacy.blank("en").tokenizer
    return lambda text: [t.text for t in tok(text)]


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(alias) <= 6 and " " not in alias


def build_patterns(rows: list[tuple[str, Entry]], actors: list[Actor], sources: list[Source], *,
                   generic_vocab: frozenset[str], tokenizer: Callable[[str], Iterable] | None) -> list[dict]:
    """ENTITY-RULER patterns: {"label": "ACTOR"|"SOURCE", "pattern": [...], "id": name}."""
    split = tokenizer or _default_tokenizer()
    owners: dict[str, set[str]] = {}
    named: list[str] = []
    for alias, entry in rows:
        owners.setdefault(alias, set()).add(entry.actor.name)
        named.append(alias)
    for a in actors:
        if a.aliases:  # curated actors: their canonical and earlier ACLED names too
            for n in (a.name, *a.legacy):
                owners.setdefault(n, set()).add(a.name)
                named.append(n)
    out: list[dict] = []
    seen: set[tuple] = set()

    def add(label: str, alias: str, ident: str) -> None:
        words = [str(getattr(t, "text", t)) for t in split(alias)]
        words = [w for w in words if w.strip()]
        if not words:
            return
        if _is_acronym(alias):
            pattern = [{"ORTH": w} for w in words]
        else:
            pattern = [{"LOWER": w.lower()} for w in words]
        sig = (label, tuple(tuple(p.items())[0] for p in pattern))
        if sig in seen:
            return
        seen.add(sig)
        out.append({"label": label, "pattern": pattern, "id": ident})

    for alias in dict.fromkeys(named):
        key = norm_key(alias)
        if len(alias) < 2 or not key or all(w in generic_vocab for w in key.split()):
            continue
        names = owners[alias]
        add("ACTOR", alias, next(iter(names)) if len(names) == 1 else alias)
    for s in sources:
        for alias in (s.name, *s.aliases):
            key = norm_key(alias)
            if len(alias) < 2 or not key or all(w in generic_vocab for w in key.split()):
                continue
            add("SOURCE", alias, s.name)
    return out
