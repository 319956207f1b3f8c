"""The actor knowledge base: mention + country + year -> ACLED-style actor.

`get_kb()` loads `actors.yaml`, `governments.yaml` and `sources.yaml` on first use
(~40 ms) and keeps the result. `ActorKB.resolve` tries, in order:

1. a canonical or earlier ACLED name ("HTS: Hayat Tahrir al Sham", "Military Forces of
   Syria (2000-)") -> rule "alias";
2. a news source ("SOHR", "state media") -> None: sources are never actors;
3. a verbatim alias -> "alias"; the normalised alias (case, accents, punctuation,
   possessive, leading "the", plural) -> "normalised";
4. an ACLED-shaped name read by its parts ("Protesters (Kenya)", "Military Forces of
   Mali (2013-) Gendarmerie") -> "generic";
5. context: a family alias ("ISIS" in Turkey -> "Islamic State (Turkey)"), "forces loyal
   to <leader>", "<demonym> troops" (the demonym's country, whatever the article's), and
   generic words ("troops", "gunmen", "villagers") in the article's country -> "context";
6. the same on shortened forms ("suspected ISWAP fighters" -> "ISWAP") and finally a
   fuzzy match on named groups' aliases (>= 8 characters) -> "fuzzy".

Aliases shared by several actors are settled by the country (own country, then countries
the actor operates in, then transnational actors, then others) and the year (the alias
row valid then; in a transition year the one covering more of the year). When a tie
remains, `resolve` returns None rather than guess.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from observatory.actors import acled_names
from observatory.actors.countries import Country, When, coverage
from observatory.actors.data import Entry, Family, Loaded, build
from observatory.actors.generic import (
    FORCE_NOUNS, GENERIC_NAMES, GENERIC_VOCAB, GENERIC_WORDS, GROUP_FROM, GROUP_MEMBERS, LEADER_NOUN, LOYAL_TO,
    STATE_GENERIC_KINDS, WEAK_GENERIC, infer_inter,
)
from observatory.actors.models import Actor, ActorMatch, Source
from observatory.actors.sources import SourceIndex
from observatory.actors.text import clean, fold, norm_key, strip_determiners, variants

DATA_DIR = Path(__file__).resolve().parent
_FILES = ("actors", "governments", "sources")
_CACHE_LIMIT = 50_000
#: a word in capitals in the mention: only such words may match acronym aliases
_UPPER_WORD = re.compile(r"\b[A-Z][A-Z0-9-]*[A-Z0-9]\b")
#: aliases whose lower-case form is an everyday word: matched verbatim only
#: words before "police" that make it no state's police ("Kurdish police", "religious police")
_NOT_STATE_POLICE = frozenset("kurdish rebel opposition islamic religious morality tribal community village private "
                              "sharia hisbah militia".split())
#: people of no stated nationality, whom ACLED codes as "Civilians (International)"
_FOREIGNERS = frozenset({"foreigner", "foreigners", "expatriate", "expatriates", "expat", "expats"})
#: "foreign nationals", "foreign tourists" (and "foreign" + any word for civilians: "foreign workers")
_FOREIGN_NOUNS = frozenset({"national", "nationals", "national resident", "national residents", "citizen", "citizens",
                            "tourist", "tourists", "resident", "residents"})
_VERBATIM_ONLY = frozenset({"is", "as", "an", "aa", "na", "it", "at", "or", "us", "so", "no", "am", "ana"})


def _is_acronym(alias: str) -> bool:
    """"HTS", "M23", "IS-K": an all-capital single word of at most 6 characters."""
    return len(alias) <= 6 and " " not in alias and alias.upper() == alias and any(c.isalpha() for c in alias)


def _valid(e: Entry, when: When) -> bool:
    if when is None:
        return True
    if isinstance(when, dt.date):
        return (e.lo is None or e.lo <= when) and (e.hi is None or when <= e.hi)
    return (e.lo is None or e.lo.year <= when) and (e.hi is None or when <= e.hi.year)


def _fit(e: Entry, when: When) -> float:
    if when is None:
        return 1.0 if e.hi is None else 0.5
    if isinstance(when, dt.date):
        return 1.0
    return coverage(e.lo, e.hi, when)


class ActorKB:
    """Actors, sources and the rules that map mentions onto them (see the module docstring)."""

    def __init__(self, loaded: Loaded):
        self._countries: dict[str, Country] = loaded.countries
        self._actors: dict[str, Actor] = {a.name: a for a in loaded.actors}
        self._legacy_until = loaded.legacy_until
        self._names: dict[str, Actor] = {}
        for a in loaded.actors:
            for n in (a.name, *a.legacy):
                other = self._names.setdefault(fold(n), a)
                if other.name != a.name:
                    raise ValueError(f"name {n!r} belongs to both {other.name!r} and {a.name!r}")
        self._rows = loaded.rows
        self._exact: dict[str, list[Entry]] = {}
        self._norm: dict[str, list[Entry]] = {}
        self._acronyms: dict[str, list[Entry]] = {}
        for alias, entry in loaded.rows:
            self._exact.setdefault(clean(alias), []).append(entry)
            key = norm_key(alias)
            if not key or key in _VERBATIM_ONLY:
                continue
            if _is_acronym(alias) and " " not in key:  # "TIP" must not match the word "tip"
                self._acronyms.setdefault(key, []).append(entry)
            else:
                self._norm.setdefault(key, []).append(entry)
        for a in loaded.actors:  # canonical and legacy names, any year
            for n in (a.name, *a.legacy):
                self._norm.setdefault(norm_key(n), []).append(Entry(a, None, None, False))
        self._leaders: dict[str, list[Actor]] = {}
        for leader, actor in loaded.leaders:
            lst = self._leaders.setdefault(norm_key(leader), [])
            if actor not in lst:
                lst.append(actor)
        self._families: dict[str, Family] = {}
        self._family_acronyms: dict[str, Family] = {}
        for fam in loaded.families.values():
            for alias in fam.aliases:
                index = self._family_acronyms if _is_acronym(alias) else self._families
                index.setdefault(norm_key(alias), fam)
        self._demonyms: dict[str, list[str]] = {}
        self._country_by_name: dict[str, str] = {}
        for c in self._countries.values():
            for d in (*c.demonyms, c.name):
                lst = self._demonyms.setdefault(norm_key(d), [])
                if c.iso2 not in lst:
                    lst.append(c.iso2)
            for n in (c.name, c.of_name):
                self._country_by_name.setdefault(fold(n), c.iso2)
                self._country_by_name.setdefault(fold(n.removeprefix("the ")), c.iso2)
        self._groups: dict[str, list[tuple[str, str, str]]] = {}
        for iso2, group, gkind, alias in loaded.identity_groups:
            self._groups.setdefault(norm_key(alias), []).append((iso2, group, gkind))
        self._sources = SourceIndex(loaded.sources, demonyms=self._demonyms)
        self._extra: dict[str, Actor] = {}
        self._cache: dict[tuple, ActorMatch | None] = {}
        self._fuzzy: dict[str, list[str]] | None = None
        self.digest = ""  # hash of the data files, set by load_kb (names the pattern cache)

    # ---- public API --------------------------------------------------------------
    def resolve(self, mention: str, *, country: str | None = None, year: When = None) -> ActorMatch | None:
        """The actor MENTION names in an article about COUNTRY (ISO2) in YEAR (or on a date);
        None when it names none, names a news source, or is ambiguous."""
        text = clean(mention or "")
        if not text or len(text) > 200:
            return None
        country = country.upper() if country else None
        if isinstance(year, dt.datetime):
            year = year.date()
        key = (text, country, year)
        if key in self._cache:
            return self._cache[key]
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        found = self._resolve(text, country, year)
        result = None
        if found is not None:
            actor, rule, score = found
            result = ActorMatch.model_construct(actor=actor, matched=text, rule=rule, score=score,
                                                inter=self.inter_in(actor, country))
        self._cache[key] = result
        return result

    def generic(self, kind: str, iso2: str, year: When = None) -> Actor | None:
        """The generic actor of KIND in country ISO2 at YEAR: "military", "police",
        "government" (the government period's state forces), "civilians", "protesters",
        "rioters", "unidentified-armed-group", "communal-militia", "gang", "clan-militia",
        "tribal-militia", "prison-guards". YEAR may be a date (exact in transition years).
        None for an unknown country code."""
        return self._generic(kind, iso2, year, context=True)

    def source(self, mention: str) -> Source | None:
        """The news source MENTION names ("the Britain-based Syrian Observatory for Human
        Rights", "SOHR", "Reuters", "state media"), or None."""
        return self._sources.lookup(mention)

    def provisional(self, name: str, *, country: str | None) -> Actor:
        """An actor for an organisation the KB does not know, inter guessed from its name."""
        text = clean(name)
        inter, kind = infer_inter(text, is_country_word=lambda w: norm_key(w) in self._demonyms)
        return Actor(name=text, inter=inter, country=country.upper() if country else None, kind=kind,
                     provisional=True, note="Provisional: not in the actor knowledge base.")

    def all(self) -> list[Actor]:
        """Every actor of the KB: named actors and the state forces of every government period."""
        return list(self._actors.values())

    def get(self, name: str) -> Actor | None:
        """The actor with canonical (or earlier ACLED) name NAME."""
        return self._actors.get(name) or self._names.get(fold(name))

    def alias_rows(self) -> list[tuple[str, Actor, dt.date | None, dt.date | None, bool]]:
        """Every alias row: (alias, actor, valid from, valid to, local) - for checks and reviews."""
        return [(alias, e.actor, e.lo, e.hi, e.local) for alias, e in self._rows]

    def country(self, iso2: str) -> Country | None:
        return self._countries.get(iso2.upper())

    def country_code(self, name: str) -> str | None:
        """The ISO2 code of a country named as ACLED names it ("Democratic Republic of Congo",
        "the Philippines") or by its ISO2 code; None if the KB does not know it."""
        text = (name or "").strip()
        if len(text) == 2 and text.upper() in self._countries:
            return text.upper()
        return self._country_by_name.get(fold(text)) or self._country_by_name.get(fold(text.removeprefix("the ")))

    def inter_in(self, actor: Actor, country: str | None) -> int:
        """ACLED's inter code for ACTOR in an event in COUNTRY: state forces acting abroad
        are external forces (8): "Military Forces of Russia (2000-)" in Syria."""
        if actor.inter == 1 and country and actor.country and actor.country != country.upper():
            return 8
        return actor.inter

    def dated_name(self, name: str, year: int | None) -> str:
        """NAME as ACLED called the actor in YEAR, where the KB records a renaming ("Islamic
        State (Greater Sahara)" until 2022, "Islamic State (Sahel)" after); periods are kept."""
        if year is None:
            return name
        older = [(until, old) for old, until in self._legacy_until.get(name, {}).items() if year <= until]
        return min(older)[1] if older else name

    def name_as_of(self, actor: Actor | str, year: int) -> str:
        """The actor's name as an ACLED export made in YEAR wrote it: periods that had not
        ended open ("(2000-)"), and earlier names where the KB records them."""
        name = actor if isinstance(actor, str) else actor.name
        older = [(until, old) for old, until in self._legacy_until.get(name, {}).items() if year <= until]
        if older:
            name = min(older)[1]
        return acled_names.open_periods_after(name, year)

    def patterns(self, tokenizer: Callable[[str], Iterable] | None = None) -> list[dict]:
        """spaCy EntityRuler patterns for the aliases of named actors and of sources.

        Tokens are matched on LOWER, except short all-capital acronyms ("HTS", "IS"), which
        are matched on ORTH so that "is" is not the Islamic State. TOKENIZER (default:
        spaCy's blank English tokenizer) splits the aliases as the pipeline will. `id` is
        the canonical name, or the alias itself when several actors share it (resolve it
        with the article's country and year)."""
        from observatory.actors.patterns import build_patterns

        def build() -> list[dict]:
            return build_patterns(self._rows, list(self._actors.values()), self._sources.sources,
                                  generic_vocab=GENERIC_VOCAB, tokenizer=tokenizer)

        if tokenizer is not None or not self.digest:
            return build()
        # tokenising ~5,000 aliases with spaCy takes ~0.3 s: keep the result beside the data cache
        try:
            from importlib.metadata import version

            spacy_version = version("spacy")
        except Exception:  # noqa: BLE001 - metadata missing: no cache
            return build()
        # the generic vocabulary decides which aliases get patterns: it names the cache too
        vocab = hashlib.sha1(" ".join(sorted(GENERIC_VOCAB)).encode()).hexdigest()[:8]
        cache = _cache_file(f"{self.digest}-patterns-{spacy_version}-{vocab}")
        if cache is not None and cache.is_file():
            try:
                return json.loads(cache.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                pass
        pats = build()
        if cache is not None:
            _write_atomic(cache, json.dumps(pats))
        return pats

    # ---- resolution steps ----------------------------------------------------------
    def _resolve(self, text: str, country: str | None, when: When) -> tuple[Actor, str, float] | None:
        actor = self._names.get(fold(text))
        if actor is not None:
            if country and actor.country != country:  # "Al Qaeda" in Mali is JNIM, whose alias it is there
                local = self._pick(self._norm.get(norm_key(text), []), country, when)
                if local is not None and local[1] == 0 and local[0].name != actor.name:
                    actor = local[0]
            return actor, "alias", 1.0
        if self._sources.lookup(text) is not None:
            return None
        entries = self._exact.get(text)
        if entries:
            picked = self._pick(entries, country, when)
            if picked is not None:
                return picked[0], "alias", 1.0
        key = norm_key(text)
        if not key:
            return None
        upper = frozenset(norm_key(w) for w in _UPPER_WORD.findall(text))
        hit = self._by_key(key, country, when, upper)
        if hit is not None:
            return hit[0], hit[1], 0.95 if hit[1] == "normalised" else 0.9
        actor = self._parse_acled(text, when)
        if actor is not None:
            return actor, "generic", 0.95
        hit = self._context(key, country, when)
        if hit is not None:
            return hit[0], "context", hit[1]
        for v in variants(key):
            hit = self._by_key(v, country, when, upper)
            if hit is not None:
                return hit[0], hit[1], 0.85
            ctx = self._context(v, country, when)
            if ctx is not None:
                return ctx[0], "context", min(ctx[1], 0.8)
        return self._fuzzy_match(text, key, country, when)

    def _pick(self, entries: list[Entry], country: str | None, when: When) -> tuple[Actor, int] | None:
        """The one actor ENTRIES name for COUNTRY at WHEN, with its country rank; None if a tie."""
        finalists, rank = self.ranked(entries, country, when)
        return (finalists[0], rank) if len(finalists) == 1 else None

    def ranked(self, entries: list[Entry], country: str | None, when: When) -> tuple[list[Actor], int]:
        """The actors ENTRIES may name for COUNTRY at WHEN that tie for first place, and their
        country rank: 0 own country (or no country given), 1 a country the actor operates
        in, 2 a transnational actor, 3 another country's actor. Among rows valid at WHEN the
        one covering more of the year wins; equal shares go to the earlier period."""
        best: dict[str, tuple[Actor, float]] = {}
        best_rank = 9
        for e in entries:
            if not _valid(e, when):
                continue
            a = e.actor
            if e.local and country is not None and country != a.country and country not in a.operates_in:
                continue
            if country is None:
                rank = 1 if e.local else 0
            elif a.country == country:
                rank = 0
            elif country in a.operates_in:
                rank = 1
            elif a.country is None:
                rank = 2
            else:
                rank = 3
            if rank < best_rank:
                best_rank, best = rank, {}
            if rank == best_rank:
                fit = _fit(e, when)
                if a.name not in best or best[a.name][1] < fit:
                    best[a.name] = (a, fit)
        if len(best) <= 1:
            return [a for a, _ in best.values()], best_rank
        top = max(f for _, f in best.values())
        finalists = [a for a, f in best.values() if f >= top - 1e-9]
        starts = {a.start for a in finalists}
        if len(finalists) > 1 and when is not None and len(starts) == len(finalists) and None not in starts:
            # same share of the year and no dates to split them: the incumbent (earlier) one
            finalists = [min(finalists, key=lambda a: a.start)]
        return finalists, best_rank

    def _by_key(self, key: str, country: str | None, when: When,
                upper: frozenset[str] = frozenset()) -> tuple[Actor, str] | None:
        entries = self._norm.get(key)
        if entries is None and key in upper:  # an acronym written in capitals in the mention
            entries = self._acronyms.get(key)
        picked = self._pick(entries, country, when) if entries else None
        if picked is not None and picked[1] <= 1:
            return picked[0], "normalised"
        fam = self._families.get(key) or (self._family_acronyms.get(key) if key in upper else None)
        if fam is not None and country and country in self._countries:
            return self._family_actor(fam, country), "context"
        if picked is not None:
            return picked[0], "normalised"
        return None

    def _context(self, key: str, country: str | None, when: When) -> tuple[Actor, float] | None:
        m = LOYAL_TO.match(key) or LEADER_NOUN.match(key)
        if m:
            who = m.group("who")
            for k in (who, who.removeprefix("al "), norm_key(who)):
                actors = self._leaders.get(k)
                if actors:
                    own = [a for a in actors if a.country == country] or actors
                    if len(own) == 1:
                        return own[0], 0.9
        words = key.split()
        if words and (key in _FOREIGNERS or (words[0] == "foreign" and len(words) > 1 and (
                GENERIC_WORDS.get(" ".join(words[1:])) == "civilians" or " ".join(words[1:]) in _FOREIGN_NOUNS))):
            # "foreigners", "two foreign national residents": civilians of no stated nationality
            return self._extra_actor("Civilians (International)", inter=7, country=None, kind="civilians"), 0.85
        for i in range(1, len(words)):
            noun = " ".join(words[i:])
            force = FORCE_NOUNS.get(noun)
            people = GENERIC_WORDS.get(noun) if force is None else None
            if force is None and people not in ("civilians", "protesters", "rioters"):
                continue
            prefix = " ".join(words[:i])
            isos = self._demonyms.get(prefix if people else prefix.removeprefix("pro "))
            if isos:  # "Russian troops" -> Russia's military; "Palestinian fishermen" -> Civilians (Palestine)
                iso = country if country in isos else isos[0]
                actor = self._generic(force or people, iso, when, context=False)
                if actor is not None:
                    return actor, 0.9
            elif force == "police" and country and i <= 3 and not self._names_group(prefix, country, when) \
                    and not any(w in GENERIC_VOCAB or w in _NOT_STATE_POLICE for w in words[:i]):
                # "Banadir police", "the Divisional Police Officer", "Kano state police": the police
                # of the article's country, named by their region or rank
                actor = self._generic("police", country, when, context=True)
                if actor is not None:
                    return actor, 0.8
            break
        group = self._identity_group(key, country)
        if group is not None:
            return group, 0.85
        kind = GENERIC_WORDS.get(strip_determiners(key))
        if kind is not None and country:
            actor = self._generic(kind, country, when, context=True)
            if actor is not None:
                return actor, 0.6 if strip_determiners(key) in WEAK_GENERIC else 0.85
        return None

    def _names_group(self, key: str, country: str | None, when: When) -> bool:
        """Whether KEY names an actor or a family of actors ("Hamas" in "Hamas police")."""
        if key in self._families or self._names.get(key) is not None:
            return True
        entries = self._norm.get(key) or self._acronyms.get(key)
        return bool(entries and self._pick(entries, country, when) is not None)

    def _identity_group(self, key: str, country: str | None) -> Actor | None:
        """"Tiv militias" in Nigeria -> "Tiv Ethnic Militia (Nigeria)"; "Hawadle clan militia"
        in Somalia -> "Hawadle Clan Militia (Somalia)"; "Ayr militiamen" -> "Habar Gedir-Ayr
        Sub-Clan Militia (Somalia)" (groups listed in actors.yaml)."""
        if not country:
            return None
        m = GROUP_MEMBERS.match(key) or GROUP_FROM.match(key)
        if not m:
            return None
        for iso2, group, gkind in self._groups.get(m.group("g"), ()):
            if iso2 == country:
                c = self._countries[iso2]
                label = {"ethnic": "Ethnic Militia", "clan": "Clan Militia", "sub_clan": "Sub-Clan Militia",
                         "tribe": "Tribal Militia"}[gkind]
                return self._extra_actor(f"{group} {label} ({c.name})", inter=4, country=iso2, kind="identity-militia")
        return None

    def _generic(self, kind: str, iso2: str, when: When, *, context: bool) -> Actor | None:
        c = self._countries.get(iso2.upper()) if iso2 else None
        if c is None:
            return None
        if kind in STATE_GENERIC_KINDS:
            unit = ""
            if kind == "prison-guards":  # ACLED's sub-unit of the police (of the military in Syria)
                kind, unit = ("military" if c.iso2 == "SY" else "police"), "Prison Guards"
            if kind == "military" and context and c.military_as and c.military_as in self._countries:
                c = self._countries[c.military_as]
            if kind == "police" and c.police_as:
                kind, unit = c.police_as
            return self._state(c, kind, c.period_for(when), unit)
        if kind not in GENERIC_NAMES:
            raise ValueError(f"unknown generic kind {kind!r}")
        pattern, inter, akind = GENERIC_NAMES[kind]
        name = pattern.format(country=c.name)
        return self._extra_actor(name, inter=inter, country=c.iso2, kind=akind)

    def _state(self, c: Country, force: str, period, unit: str = "") -> Actor:
        name = c.state_name(force, period, unit)
        actor = self._actors.get(name)
        if actor is not None:
            return actor
        kind = {"military": "state", "police": "police", "government": "government"}[force]
        return self._extra_actor(name, inter=1, country=c.iso2, kind=kind,
                                 start=period.start if period else None, end=period.end if period else None,
                                 provisional=period is None)

    def _extra_actor(self, name: str, **fields) -> Actor:
        actor = self._actors.get(name) or self._extra.get(name)
        if actor is None:
            actor = self._extra[name] = Actor(name=name, **fields)
        return actor

    def _family_actor(self, fam: Family, iso2: str) -> Actor:
        c = self._countries[iso2]
        name = fam.pattern.format(country=c.name)
        return self._extra_actor(name, inter=fam.inter, country=iso2, kind=fam.kind)

    def _parse_acled(self, text: str, when: When) -> Actor | None:
        parts = acled_names.parse_state(text, lambda words: fold(words) in self._country_by_name)
        if parts is not None:
            iso = self._country_by_name.get(fold(parts.country))
            if iso is None:
                return None
            c = self._countries[iso]
            period = c.period_starting(parts.start) if parts.start else c.period_for(when)
            unit = parts.unit
            if period is not None and unit and unit == period.military_suffix:
                unit = ""
            if period is None and parts.start:  # a period the KB does not list: keep it as written
                label = f"{parts.start}-{parts.end or ''}"
                name = f"{text[: text.index(' of ')]} of {c.of_name} ({label})" + (f" {unit}" if unit else "")
                return self._extra_actor(name, inter=1, country=iso, kind="state", start=parts.start, end=parts.end)
            return self._state(c, parts.force, period, unit)
        br = acled_names.parse_bracketed(text)
        if br is None:
            return None
        head, where = br
        iso = self._country_by_name.get(fold(where))
        if iso is None and where.casefold() != "international":
            return None
        owner = self._names.get(fold(head))
        if owner is not None and owner.inter == 8:  # a national contingent: "AMISOM ... (Burundi)"
            return self._extra_actor(f"{owner.name} ({where})", inter=8, country=owner.country, kind=owner.kind,
                                     start=owner.start, end=owner.end, relations={"part_of": (owner.name,)})
        inter = acled_names.bracket_inter(head)
        if inter is None:
            return None
        cname = self._countries[iso].name if iso else "International"
        return self._extra_actor(f"{head} ({cname})", inter=inter, country=iso,
                                 kind=acled_names.INTER_KIND[inter])

    def _fuzzy_match(self, text: str, key: str, country: str | None, when: When) -> tuple[Actor, str, float] | None:
        if len(key) < 8 or not any(ch.isupper() for ch in text):
            return None
        from rapidfuzz import fuzz, process

        if self._fuzzy is None:
            buckets: dict[str, list[str]] = {}
            for k, entries in self._norm.items():
                if len(k) >= 6 and any(e.actor.kind not in ("civilians", "protesters", "rioters") for e in entries):
                    buckets.setdefault(k[0], []).append(k)
            self._fuzzy = buckets
        choices = self._fuzzy.get(key[0], [])
        cutoff = 88 if len(key) >= 12 else 92
        found = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return None
        # the distinctive first word must agree too: "HTS security forces" is not "Hamas security forces"
        if fuzz.ratio(key.split()[0], found[0].split()[0]) < 75:
            return None
        picked = self._pick(self._norm[found[0]], country, when)
        if picked is None:
            return None
        return picked[0], "fuzzy", round(found[1] / 100 * 0.9, 3)


def _parse_yaml(blob: bytes):
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(blob, Loader=loader)  # noqa: S506 - a safe loader


def _cache_file(digest: str) -> Path | None:
    try:
        from observatory import settings

        folder = settings.data_dir() / "cache"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / f"actors-kb-{digest}.json"


def data_digest(data_dir: Path = DATA_DIR) -> str:
    """A short hash of the three data files (names the caches)."""
    blobs = [(data_dir / f"{name}.yaml").read_bytes() for name in _FILES]
    return hashlib.sha1(b"\0".join(blobs)).hexdigest()[:16]


def read_data(data_dir: Path = DATA_DIR, *, use_cache: bool = True) -> tuple[dict, dict, dict]:
    """The parsed actors, governments and sources YAML files of DATA_DIR.

    Parsing ~200 kB of YAML takes ~80 ms, most of the load budget, so the parsed data is
    kept as JSON in the data folder under the hash of the three files and read from there
    (~2 ms) while the files are unchanged. Any error with the cache falls back to YAML."""
    blobs = [(data_dir / f"{name}.yaml").read_bytes() for name in _FILES]
    digest = hashlib.sha1(b"\0".join(blobs)).hexdigest()[:16]
    cache = _cache_file(digest) if use_cache else None
    if cache is not None and cache.is_file():
        try:
            raw = json.loads(cache.read_text(encoding="utf-8"))
            return raw["actors"], raw["governments"], raw["sources"]
        except (OSError, ValueError, KeyError):
            pass
    parsed = [_parse_yaml(b) for b in blobs]
    if cache is not None:
        _write_atomic(cache, json.dumps(dict(zip(_FILES, parsed)), default=str))
    return parsed[0], parsed[1], parsed[2]


def _write_atomic(path: Path, text: str) -> None:
    """Write TEXT to PATH through a temporary file and drop older caches of the same kind
    (data or patterns). Errors are ignored: without its cache the KB is only slower."""
    try:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        patterns = "-patterns-" in path.name
        for old in path.parent.glob("actors-kb-*.json"):
            if old != path and ("-patterns-" in old.name) == patterns:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def load_kb(data_dir: Path = DATA_DIR, *, use_cache: bool = True) -> ActorKB:
    """A fresh knowledge base from the YAML files in DATA_DIR."""
    kb = ActorKB(build(*read_data(data_dir, use_cache=use_cache)))
    kb.digest = data_digest(data_dir) if use_cache else ""
    return kb


@functools.lru_cache(maxsize=1)
def get_kb() -> ActorKB:
    """The shared knowledge base, loaded on first use."""
    return load_kb()
