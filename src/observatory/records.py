"""Typed records passed between the pipeline stages.

The names of the output records (`Event`, `Casualty`, `ClaimRef`, `Warning`, `Span`)
and their fields are the JSON contract in DESIGN.md: other tools read them, so a
renamed field is a breaking change.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CasualtyKind = Literal["killed", "injured", "captured", "missing", "displaced"]


class Span(BaseModel):
    """A piece of the article text: `text == article.text[start:end]`."""

    model_config = ConfigDict(frozen=True)
    text: str
    start: int
    end: int


class Article(BaseModel):
    """One report as ingested. `id` is a hash of the normalised text."""

    id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    language: str = "en"
    text: str = Field(repr=False)


class Mention(BaseModel):
    """A reference to an actor or place in the text, with what it resolved to."""

    text: str
    start: int
    end: int
    resolved: str | None = None  # canonical actor name / place name
    rule: str | None = None


# ---- intermediate records (inside one article) ----------------------------------------


class Casualty(BaseModel):
    """A figure as the contract gives it: how many of whom, per which source, from which span."""

    actor: str | None  # canonical actor, or the phrase when unresolved
    kind: CasualtyKind
    low: int
    best: int
    high: int | None
    qualifier: str
    source: str
    evidence: Span


class CasualtyClaim(Casualty):
    """'44 HTS members were killed', as claimed by one source, with what assembly needs."""

    actor_text: str | None = None
    subset_of: int | None = None  # index of the claim this one is part of ("including four officers")
    total: bool = False  # a figure for all sides together ("nearly 100 fighters and soldiers")
    sentence: int = 0
    context: Span | None = None  # the whole sentence


class Claim(BaseModel):
    """One clause that reports an event: who did what to whom, where, when, per whom."""

    sentence: int
    event_type: str
    sub_event_type: str
    trigger: str
    agents: list[Mention] = []
    patients: list[Mention] = []
    places: list[Mention] = []
    date: dt.date | None = None
    time_precision: int | None = None
    reported_date: dt.date | None = None  # the date of the statement, when the clause has none of its own
    source: str
    evidence: Span
    anaphoric: bool = False  # "the missile came", "killed in the fighting": refers back to an event


# ---- output records: the JSON contract ---------------------------------------------------


class ClaimRef(BaseModel):
    source: str
    text: str
    start: int
    end: int


class Warning(BaseModel):
    kind: str
    message: str
    evidence: Span | None = None


class Event(BaseModel):
    event_id: str
    event_date: str | None
    time_precision: int | None
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: list[str] = []
    inter1: int | None
    actor2: str | None
    assoc_actor_2: list[str] = []
    inter2: int | None
    interaction: int | None
    civilian_targeting: bool = False
    country: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int = 0
    fatalities_low: int = 0
    fatalities_best: int = 0
    fatalities_high: int | None = 0
    casualties: list[Casualty] = []
    sources: list[str] = []
    claims: list[ClaimRef] = []
    notes: str = ""
    confidence: float = 0.5


class ArticleInfo(BaseModel):
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    language: str


class ExtractionResult(BaseModel):
    article: ArticleInfo
    events: list[Event] = []
    warnings: list[Warning] = []
