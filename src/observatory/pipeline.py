"""The extraction pipeline: Article -> ExtractionResult.

Stages, each a plain function or small class over typed records:

    nlp       spaCy parse with the knowledge-base entity ruler       (observatory.nlp)
    mentions  actors, sources and places; the article's country      (extract.mentions)
    claims    per sentence: source, cues, roles, type, casualties    (extract.claims)
    assemble  claims -> event drafts inside the article              (extract.assemble)
    resolve   drafts -> contract events: actors, place, date, figures (extract.events)
    check     warnings: implausible claims, totals, unknown actors   (here)

Nothing here knows whether it runs in the CLI, a web request or a batch worker.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from observatory import settings
from observatory.records import Article, ArticleInfo, ExtractionResult, Warning

STAGES = ("nlp", "mentions", "claims", "assemble", "resolve", "check")


class Extractor:
    """Holds the loaded model and knowledge bases; `extract()` is safe to call many times."""

    def __init__(self):
        from observatory.actors import get_kb
        from observatory.nlp import get_nlp
        from observatory.places import get_gazetteer

        self.nlp = get_nlp()
        self.nlp.max_length = max(self.nlp.max_length, settings.get_int("max_chars") + 1)
        self.kb = get_kb()
        self.gaz = get_gazetteer()

    def extract(self, article: Article, warnings: list[Warning] | None = None) -> ExtractionResult:
        doc = self.nlp(parse_text(article.text))
        return self.extract_doc(article, doc, list(warnings or []))

    def extract_doc(self, article: Article, doc, warnings: list[Warning]) -> ExtractionResult:
        from observatory.dates import find_dates
        from observatory.extract.assemble import group_claims
        from observatory.extract.attribution import Attributor
        from observatory.extract.claims import SentenceAnalyzer
        from observatory.extract.events import (ArticleFacts, EventBuilder, date_names, fill_co_mentioned,
                                               fill_opponents)
        from observatory.extract.mentions import MentionFinder

        published = article.published
        year = published.year if published else None
        finder = MentionFinder(doc, year=year, kb=self.kb, gazetteer=self.gaz, dateline=dateline(article.text))
        places = finder.places()
        iso2 = finder.guess_country(places)
        if iso2:
            places = finder.places(country=iso2)
        actors = finder.actors()
        sources = finder.sources()
        inters = {a.name: a.inter for a in actors}

        @functools.lru_cache(maxsize=256)
        def resolve_generic(phrase: str) -> str | None:
            match = self.kb.resolve(phrase, country=iso2, year=year)
            if match is None:
                return None
            inters.setdefault(match.actor.name, match.actor.inter)
            return match.actor.name

        homes: dict[str, str | None] = {}

        def inter_of(name: str | None, where: str | None = None) -> int | None:
            """The actor's inter code; state forces abroad (WHERE, an ISO2 code) are external, 8."""
            if not name:
                return None
            if name not in inters or name not in homes:
                match = self.kb.resolve(name, country=iso2, year=year)
                inters.setdefault(name, match.actor.inter if match else None)
                homes[name] = match.actor.country if match else None
            inter = inters[name]
            if inter == 1 and where and homes.get(name) and homes[name] != where:
                return 8
            return inter

        attributor = Attributor(kb=self.kb, is_demonym=lambda w: self.gaz.country(w) is not None,
                                default_source=article.outlet or "report")
        analyzer = SentenceAnalyzer(doc=doc, actors=actors, places=places, sources=sources, attributor=attributor,
                                    published=published, resolve_generic=resolve_generic, inter_of=inter_of)
        results = [analyzer.analyze(i, sent) for i, sent in enumerate(doc.sents)]
        for r in results:
            warnings += r.warnings
        drafts = group_claims(results)

        default_date, default_prec = None, None
        for d in find_dates(parse_text(article.text[:3000]), published):  # a dateline's date is the report's
            if d.date and (published is None or d.date <= published + dt.timedelta(days=1)):
                default_date, default_prec = d.date, d.precision
                break
        if default_date is None and published is not None:
            default_date, default_prec = published, 2
        facts = ArticleFacts(article_id=article.id, iso2=iso2, year=year, default_date=default_date,
                             default_precision=default_prec, first_places=places[:5], mentions=actors,
                             text=article.text, n_drafts=len(drafts))
        builder = EventBuilder(kb=self.kb, gazetteer=self.gaz, facts=facts, inter_of=inter_of)
        events = [builder.build(d, i, warnings) for i, d in enumerate(drafts)]
        fill_opponents(events, inter_of)
        fill_co_mentioned(events, builder.named, inter_of)
        date_names(events, self.kb)
        warnings += self._checks(events, actors)
        _restore_spans(events, warnings, article.text)
        info = ArticleInfo(id=article.id, title=article.title, url=article.url, outlet=article.outlet,
                           published=published.isoformat() if published else None, language=article.language)
        return ExtractionResult(article=info, events=events, warnings=_dedupe(warnings))

    def _checks(self, events, actors) -> list[Warning]:
        out = []
        used = {e.actor1 for e in events} | {e.actor2 for e in events}
        for a in actors:
            if a.provisional and a.name in used:
                out.append(Warning(kind="unknown_actor", message=(
                    f"'{a.text}' is not in the actor knowledge base; coded as a provisional actor (inter {a.inter})")))
        for e in events:
            if e.location is None:
                out.append(Warning(kind="unresolved_place", message=(
                    f"{e.sub_event_type} event {e.event_id}: no place in the text could be resolved")))
        if not events:
            out.append(Warning(kind="no_events", message="no conflict or protest event was found in this report"))
        return out


_DATELINE = re.compile(r"^\s*[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][\w.' -]{1,30}?)?"
                       r"(?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?)?"
                       r"\s*(?:\([A-Za-z ]+\))?\s*[-–—:]\s+")


def dateline(text: str) -> str:
    """The article's dateline ("KHARKIV, Ukraine, Oct 12 - "), or ""."""
    m = _DATELINE.match(text)
    return m.group(0) if m and len(m.group(0)) <= 80 else ""


def parse_text(text: str) -> str:
    """The text the parser sees: the article with its dateline ("KHARKIV, Ukraine - ")
    blanked out, same length, so every offset still points into the article. A dateline
    says where the reporter files from, not where the event happened, and it confuses
    the parse of the lead sentence."""
    head = dateline(text)
    return " " * len(head) + text[len(head):] if head else text


def _restore_spans(events, warnings, text: str) -> None:
    """Evidence texts are cut from the article itself, not from the parser's copy."""
    for e in events:
        for c in e.casualties:
            c.evidence = c.evidence.model_copy(update={"text": text[c.evidence.start:c.evidence.end]})
        for ref in e.claims:
            ref.text = text[ref.start:ref.end]
    for w in warnings:
        if w.evidence is not None:
            w.evidence = w.evidence.model_copy(update={"text": text[w.evidence.start:w.evidence.end]})


def _dedupe(warnings: list[Warning]) -> list[Warning]:
    from observatory.util import unique_by

    return unique_by(warnings, lambda w: (w.kind, w.message))


@functools.lru_cache(maxsize=1)
def get_extractor() -> Extractor:
    return Extractor()


def extract_article(article: Article, warnings: list[Warning] | None = None) -> ExtractionResult:
    """Run the whole pipeline on one article (loading models on first use)."""
    return get_extractor().extract(article, warnings)
