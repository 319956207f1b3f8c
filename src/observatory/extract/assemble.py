"""Claims -> events inside one article.

Claims of one event type about the same place and day, with no contradicting actors,
make one event; casualty figures join the event of their sentence, else the event of
their side, else the article's main event. Figures are then reconciled per source:
parts against totals, one source against another, ACLED's conservative figure and
UCDP-style low/best/high.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from observatory.extract.mentions import PlaceRef
from observatory.util import unique_by
from observatory.records import Casualty, CasualtyClaim, Claim, ClaimRef, Warning

SPECIFICITY = {  # within an event type, the more specific sub-event wins when claims merge
    "Non-state actor overtakes territory": 3, "Government regains territory": 3, "Armed clash": 1,
    "Excessive force against protesters": 3, "Protest with intervention": 2, "Peaceful protest": 1,
    "Violent demonstration": 2, "Mob violence": 1,
}
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
# Figures without an exact count: "dozens", and deaths told without a number (ACLED's 3). They
# give way to a count: "civilians were killed" and "nine bodies" in one report are nine dead.
VAGUE = {"vague", "unspecified"}
TOLLS = ("toll", "updated_toll")
_PEOPLE_COUNT = re.compile(r"^(?:of\s+)?(?:people|persons|individuals)$", re.IGNORECASE)
# "... 2 fatalities.": a count of the dead as such restates the toll; it is not one more side
_COUNT_ONLY = re.compile(r"^(?:fatalit(?:y|ies)|deaths?|dead)$", re.IGNORECASE)


# Sub-event types that generic words produce ("attacked", "killed", "arrested"): such a
# claim joins a compatible event of any type before it opens one of its own.
WEAK = {"Armed clash", "Attack", "Arrests", "Other", "Change to group/activity", "Looting/property destruction",
        "Protest with intervention"}


@dataclass
class EventDraft:
    claims: list[Claim] = field(default_factory=list)
    casualties: list[CasualtyClaim] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)  # who claimed responsibility

    def _typing_claims(self) -> list[Claim]:
        strong = [c for c in self.claims if c.sub_event_type not in WEAK and not c.anaphoric]
        riot = [c for c in strong if c.sub_event_type == "Violent demonstration"]
        if riot and any(c.event_type == "Protests" for c in strong):
            return riot  # a demonstration that turned violent is a riot
        return strong or self.claims


    @property
    def event_type(self) -> str:
        return self._typing_claims()[0].event_type

    @property
    def sub_event_type(self) -> str:
        # every claim of the event's type counts here: "Police dispersed them" makes a protest's intervention
        subs = [c.sub_event_type for c in self.claims if c.event_type == self.event_type]
        return max(subs, key=lambda s: (SPECIFICITY.get(s, 0), subs.count(s), -subs.index(s)))

    def actor_names(self) -> set[str]:
        return {m.resolved for c in self.claims for m in c.agents + c.patients if m.resolved}

    @property
    def date(self) -> dt.date | None:
        dates = [c.date for c in self.claims if c.date] or [c.reported_date for c in self.claims if c.reported_date]
        return Counter(dates).most_common(1)[0][0] if dates else None

    def located(self) -> bool:
        return any(p.best is not None and p.best.feature not in ("country",) for p in self.places)


def _specific(refs: list[PlaceRef]) -> list:
    """The places a clause puts its event at: "attacked al-Naib airport, east of Aleppo"
    is at the airport; Aleppo is only the reference point."""
    refs = [r for r in refs if r.best is not None and r.best.feature not in ("country", "admin1", "region")
            and not r.area]  # "in Masisi territory" is an area that holds the event's town
    direct = [r for r in refs if not r.relation]
    return [r.best for r in (direct or refs)]


def _km(a, b) -> float:
    from math import asin, cos, radians, sin, sqrt

    p1, p2 = radians(a.latitude), radians(b.latitude)
    h = sin((p2 - p1) / 2) ** 2 + cos(p1) * cos(p2) * sin(radians(b.longitude - a.longitude) / 2) ** 2
    return 12742.0 * asin(sqrt(h))


def _same_place(a, b) -> bool:
    if a.place_id == b.place_id or a.name == b.name:
        return True
    d = _km(a, b)
    return d < 3 or ("district" in (a.feature, b.feature) and d < 15)


def _compatible(d: EventDraft, c: Claim, places: list[PlaceRef], *, any_type: bool = False,
                check_actors: bool = True) -> bool:
    if not any_type and d.event_type != c.event_type:
        return False
    if d.date and c.date and d.date != c.date:
        return False
    a, b = _specific(d.places), _specific(places)
    if a and b and not any(_same_place(x, y) for x in a for y in b):
        return False
    if check_actors:
        names_d = d.actor_names()
        names_c = {m.resolved for m in c.agents + c.patients if m.resolved}
        if names_d and names_c and not (names_d & names_c):
            return False
    return True


def group_claims(results) -> list[EventDraft]:
    """RESULTS: per-sentence results (claims, casualties, places), in text order.

    Specific claims (a drone strike, a takeover, a protest) make the events; generic
    ones ("attacked", "killed", "arrested") then join the event they fit, of the same
    type first, and open an event of their own only when none fits.
    """
    drafts: list[EventDraft] = []
    home: dict[int, EventDraft] = {}  # id(claim) -> its draft
    claims = [(res, c) for res in results for c in res.claims]

    def weak(c: Claim) -> bool:
        return c.sub_event_type in WEAK or c.anaphoric

    for res, claim in claims:
        if weak(claim):
            continue
        fits = [d for d in drafts if _compatible(d, claim, res.places)]
        if not fits and claim.sub_event_type == "Violent demonstration":
            fits = [d for d in drafts if d.event_type == "Protests"
                    and _compatible(d, claim, res.places, any_type=True, check_actors=False)]
        target = fits[-1] if fits else None
        if target is None:
            target = EventDraft()
            drafts.append(target)
        _add(target, claim, res, home)
    for res, claim in claims:
        if not weak(claim):
            continue
        if claim.anaphoric:
            # "the missile came": the latest event told so far, whatever its type
            back = [d for d in drafts if min(c.sentence for c in d.claims) <= claim.sentence
                    and d.event_type in VIOLENT_TYPES and _compatible(d, claim, [], any_type=True,
                                                                      check_actors=False)]
            if back:
                _add(max(back, key=lambda d: min(c.sentence for c in d.claims)), claim, res, home)
                continue
        fits = [d for d in drafts if _compatible(d, claim, res.places, check_actors=False)] or [
            d for d in drafts if d.event_type in VIOLENT_TYPES + ("Protests",)
            and (not _specific(res.places) or _specific(d.places))
            and _compatible(d, claim, res.places, any_type=True, check_actors=False)]
        same_sentence = [d for d in fits if any(x.sentence == claim.sentence for x in d.claims)]
        target = (same_sentence or fits or [None])[0]
        if target is None:
            target = EventDraft()
            drafts.append(target)
        _add(target, claim, res, home)
    drafts.sort(key=lambda d: min(c.sentence for c in d.claims))
    for d in drafts:
        d.claims.sort(key=lambda c: c.sentence)
    for res in results:
        if res.claims:
            owner = home[id(res.claims[0])]
            owner.casualties += res.casualties
    for i, res in enumerate(results):
        if res.responsible is None:
            continue
        own = home.get(id(res.claims[0])) if res.claims else None
        violent = [d for d in drafts if d.event_type in VIOLENT_TYPES]
        earlier = [d for d in violent if min(c.sentence for c in d.claims) <= i]
        target = own if own is not None and own.event_type in VIOLENT_TYPES else (earlier[-1] if earlier else (
            violent[0] if violent else None))
        if target is not None:
            target.responsible.append(res.responsible.name)
    for res in results:
        if res.claims or res.background or not res.casualties:
            continue
        for cas in res.casualties:
            target = _home_for(cas, drafts)
            if target is not None:
                target.casualties.append(cas)
    return [d for i, d in enumerate(drafts) if i == 0 or d.located() or _lethal(d)]


def _add(draft: EventDraft, claim: Claim, res, home: dict[int, EventDraft]) -> None:
    draft.claims.append(claim)
    draft.places += [p for p in res.places if p not in draft.places]
    home[id(claim)] = draft


def _home_for(cas: CasualtyClaim, drafts: list[EventDraft]) -> EventDraft | None:
    """The event a figure from a sentence without its own claim belongs to."""
    violent = [d for d in drafts if d.event_type in VIOLENT_TYPES or d.event_type == "Protests"]
    if not violent:
        return None
    if _role(cas) in TOLLS:
        # "the number of people killed in the strike has risen to six": a report's toll is the
        # toll of the event the report is about, the first one it tells
        return violent[0]
    if cas.actor:
        for d in violent:
            if cas.actor in d.actor_names():
                return d
    before = [d for d in violent if d.claims[0].sentence <= cas.sentence]
    return before[-1] if before and cas.kind != "displaced" else violent[0]


def _lethal(d: EventDraft) -> bool:
    return any(c.kind in ("killed", "injured") and c.best > 0 for c in d.casualties)


# ---- figures ---------------------------------------------------------------------------------


@dataclass
class Figure:
    low: int
    best: int
    high: int | None
    vague: bool
    source: str
    updated: bool = False  # an updated toll ("has risen to seven"): it replaces earlier figures


def _role(c: CasualtyClaim) -> str | None:
    return getattr(c, "role", None)


def _toll_figure(tolls: list[CasualtyClaim], source: str) -> Figure:
    """A source's toll: its latest one, an updated toll before a merely stated one."""
    t = max(tolls, key=lambda c: (_role(c) == "updated_toll", c.sentence, c.evidence.start))
    return Figure(t.low, t.best, t.high, t.qualifier in VAGUE, source, updated=_role(t) == "updated_toll")


def source_figures(casualties: list[CasualtyClaim], kind: str, warnings: list[Warning]) -> list[Figure]:
    """One figure per source for KIND: its toll if it states one, else its parts summed and
    checked against its stated total.

    Parts of another figure ("among them three children") are never added; increments ("two
    more bodies") are added only where no source states a toll, which already counts them.
    """
    by_source: dict[str, list[CasualtyClaim]] = {}
    for c in casualties:
        if c.kind == kind:
            by_source.setdefault(c.source, []).append(c)
    any_toll = any(_role(c) in TOLLS for cs in by_source.values() for c in cs)
    figures = []
    for source, claims in by_source.items():
        tolls = [c for c in claims if _role(c) in TOLLS]
        if tolls:
            figures.append(_toll_figure(tolls, source))
            continue
        claims = [c for c in claims if _role(c) != "part" and not (any_toll and _role(c) == "increment")]
        if not claims:
            continue
        restated = [c for c in claims if not c.total and c.actor_text and _COUNT_ONLY.match(c.actor_text)
                    and c.qualifier != "none"]
        if restated:
            # "... 2 fatalities.": the count of the dead as such is the source's toll; its parts
            # ("a man ... a child") are what the parse could find of it
            figures.append(_toll_figure(restated, source))
            continue
        parts = [c for c in claims if not c.total and c.subset_of is None]
        totals = [c for c in claims if c.total]
        numbered = [c for c in parts if c.qualifier != "unspecified"]
        # "civilians were killed ... nine bodies", "5 IS militants were killed": the unnumbered
        # deaths are among the counted ones
        parts = [c for c in parts if c.qualifier != "unspecified" or not any(
            n.actor == c.actor or n.actor is None or c.actor is None or n.sentence == c.sentence
            for n in numbered)]
        people = [c for c in parts if c.actor_text and _PEOPLE_COUNT.match(c.actor_text)]
        sides = {c.actor for c in parts if c not in people and c.actor}
        if people and len(sides) >= 2:
            # "killed 20 people ... 15 soldiers and 12 rebels": the people are everyone
            parts = [c for c in parts if c not in people]
            totals = totals + people
        fig = None
        if parts:
            # the same figure repeated in two sentences is one figure; but "a man ... a child"
            # are two people, so single deaths are one figure only when told alike
            uniq = unique_by(parts, lambda p: (p.actor, p.best, (p.actor_text or "").lower() if p.best == 1 else ""))
            low = sum(p.low for p in uniq)
            best = sum(p.best for p in uniq)
            high = None if any(p.high is None for p in uniq) else sum(p.high for p in uniq)
            fig = Figure(low, best, high, all(p.qualifier in VAGUE for p in uniq), source)
        for t in totals:
            tfig = Figure(t.low, t.best, t.high, t.qualifier in VAGUE, source)
            if fig is None:
                fig = tfig
                continue
            if not fig.vague and not tfig.vague and (
                    fig.best > (tfig.high if tfig.high is not None else 10 ** 9) or (fig.best < tfig.low and fig.high is not None
                                                                                and fig.high < tfig.low)):
                warnings.append(Warning(kind="inconsistent_total", message=(
                    f"{source}: the parts add up to {fig.best} {kind}, but the stated total is '{t.evidence.text}'"),
                    evidence=t.evidence))
                fig = Figure(min(fig.low, tfig.low), fig.best, fig.high, False, source)
            elif fig.vague and not tfig.vague:
                fig = tfig
            elif tfig.high is not None and (fig.high is None or fig.high < tfig.high):
                fig = Figure(fig.low, fig.best, tfig.high, fig.vague, source)
        if fig is not None:
            figures.append(fig)
    return figures


def reconcile(figures: list[Figure]) -> tuple[int, int, int, int | None]:
    """(ACLED fatalities, low, best, high) from per-source figures.

    ACLED takes the most conservative figure; a vague word ("dozens") gives way to a
    specific count from another source, as a coder reads "dozens" and "97" as one report;
    an updated toll ("has risen to seven") replaces the figures told before it.
    """
    if not figures:
        return 0, 0, 0, 0
    specific = [f for f in figures if not f.vague] or figures
    specific = [f for f in specific if f.updated] or specific
    low = min(f.low for f in specific)
    best = int(statistics.median_low([f.best for f in specific]))
    highs = [f.high for f in specific]
    high = None if any(h is None for h in highs) else max(highs)
    return low, low, max(best, low), high


def event_id(article_id: str, *parts: object) -> str:
    raw = "|".join([article_id, *map(str, parts)])
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def casualty_records(casualties: list[CasualtyClaim]) -> list[Casualty]:
    fields = set(Casualty.model_fields)
    return [Casualty(**{**c.model_dump(include=fields),
                        "actor": c.actor if c.actor else (c.actor_text if not c.total else None)})
            for c in casualties]


def claim_refs(d: EventDraft) -> list[ClaimRef]:
    refs, seen = [], set()
    for c in d.claims:
        key = (c.source, c.evidence.start)
        if key not in seen:
            seen.add(key)
            refs.append(ClaimRef(source=c.source, text=c.evidence.text, start=c.evidence.start, end=c.evidence.end))
    for cas in d.casualties:
        span = cas.context or cas.evidence
        key = (cas.source, span.start)
        if key not in seen:
            seen.add(key)
            refs.append(ClaimRef(source=cas.source, text=span.text, start=span.start, end=span.end))
    return refs
