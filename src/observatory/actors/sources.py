"""News outlets, monitors and other reporting sources (from `sources.yaml`).

Sources are kept apart from actors: "the Syrian Observatory for Human Rights said" names
who reports, not who fights, and `ActorKB.resolve` returns None for them. Look-up folds
case and punctuation and then tries shorter forms: a bracketed acronym dropped ("Syrian
Observatory for Human Rights (SOHR)"), leading qualifiers dropped ("the Britain-based",
"state-run", "Syrian"), and trailing nouns dropped ("Reuters news agency"). Short acronyms ("AP",
"WHO") count only when written in capitals, so "who" is not the World Health Organization.
"""

from __future__ import annotations

import re

from observatory.actors.models import Source
from observatory.actors.text import clean, fold, norm_key

_PAREN = re.compile(r"\s*\([^()]*\)")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,5}$")
_UPPER_WORD = re.compile(r"\b[A-Z][A-Z0-9&-]*[A-Z0-9]\b")
_QUALIFIER = re.compile(
    r"^(?:(?:[a-z]+ )?(?:based|run|owned|affiliated|backed|controlled|funded|linked|aligned|operated)|"
    r"official|independent|local|opposition|regional|pro government|pro opposition|pro kremlin|"
    r"semi official|semiofficial|state|government|leading|respected|influential|prominent|major|"
    r"daily|weekly|online|news agency|agency|broadcaster|channel|newspaper|outlet|website|war monitor|"
    r"monitor|news site|news outlet|media outlet|tv channel|television channel|radio station|radio) ")
_TRAILING = re.compile(
    r" (?:news agency|agency|news|tv|television|channel|newspaper|daily|website|report|reporter|"
    r"correspondent|journalist|broadcaster|network|media|outlet|cited|quoted|said)$")


class SourceIndex:
    """Alias look-up for sources."""

    def __init__(self, sources: list[Source], *, demonyms: dict[str, list[str]]):
        self.sources = sources
        self._demonyms = demonyms
        self._exact: dict[str, Source] = {}
        self._norm: dict[str, Source] = {}
        self._acronyms: dict[str, Source] = {}  # "WHO", "AP": only when written in capitals
        for s in sources:
            for alias in (s.name, *s.aliases):
                key = norm_key(alias)
                if _ACRONYM.match(alias):
                    self._acronyms.setdefault(key, s)
                    continue
                self._exact.setdefault(fold(clean(alias)), s)
                if key:
                    self._norm.setdefault(key, s)

    def lookup(self, mention: str) -> Source | None:
        text = clean(mention or "")
        if not text or len(text) > 200:
            return None
        upper = {w.lower() for w in _UPPER_WORD.findall(text)}

        def get(key: str) -> Source | None:
            return self._norm.get(key) or (self._acronyms.get(key) if key in upper else None)

        hit = self._exact.get(fold(text)) or get(norm_key(text))
        if hit is not None:
            return hit
        stripped = _PAREN.sub("", text).strip()
        if stripped != text:
            hit = self._exact.get(fold(stripped)) or get(norm_key(stripped))
            if hit is not None:
                return hit
        key = norm_key(stripped)
        seen = {key}
        frontier = [key]
        for _ in range(4):
            nxt = []
            for k in frontier:
                for v in self._shorter(k):
                    if v in seen or not v:
                        continue
                    seen.add(v)
                    hit = get(v)
                    if hit is not None:
                        return hit
                    nxt.append(v)
            frontier = nxt
            if not frontier:
                break
        return None

    def _shorter(self, key: str) -> list[str]:
        out = []
        m = _QUALIFIER.match(key + " ")
        if m and m.end() <= len(key):
            out.append(key[m.end():].strip())
        m = _TRAILING.search(key)
        if m:
            out.append(key[: m.start()].strip())
        words = key.split()
        if len(words) > 1 and len(words[-1]) >= 3:  # "the UN humanitarian office OCHA": an appended name
            out.append(words[-1])
        for i in (1, 2):
            if len(words) > i and " ".join(words[:i]) in self._demonyms:
                out.append(" ".join(words[i:]))
        return out
