"""EventDraft -> the contract's `Event`: actors by ACLED's conventions, location and
precision, date, figures, sources and evidence."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from observatory.extract.assemble import (EventDraft, casualty_records, claim_refs, event_id, reconcile,
                                          source_figures)
from observatory.extract.mentions import PlaceRef
from observatory.records import Event, Warning
from observatory.taxonomy import interaction

FEATURE_RANK = {"facility": 5, "district": 4, "village": 4, "town": 4, "city": 4, "admin2": 2, "region": 1,
                "admin1": 1, "country": 0}


@dataclass
class ArticleFacts:
    article_id: str
    iso2: str | None
    year: int | None
    default_date: dt.date | None
    default_precision: int | None
    first_places: list[PlaceRef]
    main_place: PlaceRef | None = None  # where the article's first located event happened


def fill_opponents(events: list[Event], inter_of) -> None:
    """A one-sided battle or bombardment inside a two-sided story ("Syrian forces fired
    hundreds of shells") is aimed at the other side of the article's main dyad; failing
    that, at the civilians it killed ("Russian drones struck Kharkiv, killing two civilians")."""
    dyads = [(e.actor1, e.actor2) for e in events if e.actor1 and e.actor2 and not e.civilian_targeting
             and e.event_type in ("Battles", "Explosions/Remote violence")]
    for e in events:
        if e.actor2 or not e.actor1 or e.civilian_targeting or e.event_type not in ("Battles", "Explosions/Remote violence"):
            continue
        for a, b in dyads:
            other = b if a == e.actor1 else a if b == e.actor1 else None
            if other:
                e.actor2 = other
                e.inter2 = next(x.inter2 if x.actor2 == other else x.inter1 for x in events
                                if other in (x.actor1, x.actor2))
                e.interaction = interaction(e.inter1, e.inter2)
                break
    for e in events:
        if e.actor2 or not e.actor1 or e.event_type != "Explosions/Remote violence":
            continue
        victims = next((c.actor for c in e.casualties if c.actor and inter_of(c.actor) == 7), None)
        if victims:
            e.actor2, e.inter2 = victims, 7
            e.interaction = interaction(e.inter1, 7)
            e.civilian_targeting = True


class EventBuilder:
    def __init__(self, *, kb, gazetteer, facts: ArticleFacts, inter_of):
        self.kb = kb
        self.gaz = gazetteer
        self.facts = facts
        self.inter_of = inter_of

    def generic(self, kind: str, where: str | None = None) -> str | None:
        """ACLED's generic actor of KIND ("Civilians (X)") for the country WHERE the event is."""
        iso2 = where or self.facts.iso2
        if not iso2:
            return None
        actor = self.kb.generic(kind, iso2, self.facts.year)
        return actor.name if actor else None

    # ---- actors ----------------------------------------------------------------------
    def actors(self, d: EventDraft, where: str | None) -> tuple[str | None, list[str], str | None]:
        agents: Counter[str] = Counter()
        patients: Counter[str] = Counter()
        typing = {id(c) for c in d._typing_claims()}
        for c in d.claims:
            weight = 3 if id(c) in typing else 1  # the claims that typed the event say most about it
            for i, m in enumerate(c.agents):
                if m.resolved:
                    agents[m.resolved] += weight * (2 if i == 0 else 1)
            for i, m in enumerate(c.patients):
                if m.resolved:
                    patients[m.resolved] += weight * (2 if i == 0 else 1)
        a1 = [n for n, _ in agents.most_common()]
        if d.responsible:
            # the group that claimed the attack did it
            a1 = [d.responsible[0]] + [n for n in a1 if n != d.responsible[0]]
        a2 = [n for n, _ in patients.most_common() if n not in a1[:1]]
        et, sub = d.event_type, d.sub_event_type
        inter = self.inter_of
        if et == "Protests":
            force = [n for n in a1 + a2 if inter(n) in (1, 3, 8)]
            protesters = [n for n in a1 + a2 if inter(n) == 6] or [self.generic("protesters", where)]
            a1, a2 = protesters[:1], (force[:1] if sub != "Peaceful protest" else [])
        elif et == "Riots":
            rioters = [n for n in a1 + a2 if inter(n) == 5] or [self.generic("rioters", where)]
            # the other side: the police who faced them, else whoever the crowd attacked
            force = [n for n in a1 + a2 if inter(n) in (1, 2, 3, 4, 8)]
            victims = [n for n in a2 if inter(n) == 7]
            a1, a2 = rioters[:1], (force or victims)[:1]
            if not a2 and sub == "Mob violence" and any(c.trigger.lower().startswith(("clash", "fought", "fight"))
                                                        for c in d.claims):
                a2 = rioters[:1]  # "two groups of villagers clashed": rioters on both sides
        elif et == "Violence against civilians":
            armed = [n for n in a1 + a2 if inter(n) not in (6, 7, None)]
            civilians = [n for n in a2 + a1 if inter(n) == 7]
            if not civilians:
                civ = self._casualty_side(d, civilian=True)
                civilians = [civ] if civ else [self.generic("civilians", where)]
            a1 = armed[:1] or [self.generic("unidentified-armed-group", where)]
            a2 = civilians[:1]
        else:
            if not a1 and et == "Explosions/Remote violence" and sub != "Air/drone strike":
                a1 = [self.generic("unidentified-armed-group", where)]
            if et == "Battles" and (not a1 or not a2):
                # "clashes between X and Y", "X and Y exchanged fire": both sides in one role
                sides = [n for n in dict.fromkeys(a1 + a2) if inter(n) != 7]
                if len(sides) >= 2:
                    a1, a2 = sides[:1], sides[1:2]
            if not a2:
                side = self._casualty_side(d, exclude=a1[:1])
                if side:
                    a2 = [side]
            if et == "Strategic developments" and sub == "Arrests" and not a1:
                a1 = [self.generic("police", where)]
        a1 = [n for n in a1 if n]
        a2 = [n for n in a2 if n and n not in a1[:1]]
        assoc1 = [n for n in agents if n not in a1[:1] and n not in a2[:1] and inter(n) == inter(a1[0])][:3] if a1 else []
        return a1[0] if a1 else None, assoc1, a2[0] if a2 else None

    def _casualty_side(self, d: EventDraft, *, civilian: bool = False, exclude: list[str] = ()) -> str | None:
        for c in d.casualties:
            if c.actor and c.actor not in exclude and not c.total:
                if civilian == (self.inter_of(c.actor) == 7):
                    return c.actor
        return None

    # ---- place -----------------------------------------------------------------------
    def place(self, d: EventDraft) -> tuple[PlaceRef | None, int | None]:
        cands = [p for p in d.places if p.best is not None]
        first_sentence = d.claims[0].evidence
        if not cands:
            if self.facts.main_place is not None:
                return self.facts.main_place, 2
            cands = [p for p in self.facts.first_places if p.best is not None and p.best.feature != "country"][:1]
            if not cands:
                return None, None
            return cands[0], 2

        def score(p: PlaceRef) -> float:
            s = FEATURE_RANK.get(p.best.feature, 3)
            if p.region_word:
                s = min(s, 1.5)
            if p.relation is None:
                s += 1
            if self.facts.iso2 and p.best.iso2 == self.facts.iso2:
                s += 1
            if first_sentence.start <= p.start < first_sentence.end:
                s += 0.5
            return s

        best = max(cands, key=lambda p: (score(p), -p.start))
        if self.facts.main_place is None:
            self.facts.main_place = best
        feature = best.best.feature
        if feature in ("country", "admin1", "region"):
            precision = 3
        elif best.region_word or best.relation or feature == "admin2" or best.as_hint:
            precision = 2  # near a town, a part of a region, or only the district a village lies in
        else:
            precision = 1
        return best, precision

    # ---- the event -----------------------------------------------------------------
    def build(self, d: EventDraft, index: int, warnings: list[Warning]) -> Event:
        ref, precision = self.place(d)
        where = ref.best.iso2 if ref is not None and ref.best is not None else self.facts.iso2
        actor1, assoc1, actor2 = self.actors(d, where)
        inter1 = self.inter_of(actor1, where) if actor1 else None
        inter2 = self.inter_of(actor2, where) if actor2 else None
        place = ref.best if ref else None
        admin1 = place.admin1 if place else None
        if ref is not None and ref.admin_hint[1] and self.gaz is not None and place is not None:
            hinted = self.gaz.admin1(place.iso2, ref.admin_hint[1])
            if hinted is not None:
                admin1 = hinted.admin1 or hinted.name
        country = place.country if place else None
        iso3 = place.iso3 if place else None
        home = self.facts.iso2
        if place is None and not home:
            # no place named: "regime forces ... 68 people were killed" is still Syria's war
            home = next((a.country for a in (self.kb.get(n) for n in (actor1, actor2) if n)
                         if a is not None and a.country and a.inter in (1, 2, 3)), None)
        if place is None and home:
            c = self.gaz.country_by_iso2(home)
            if c is not None:
                country, iso3 = c.country, c.iso3
        date = d.date
        precision_t = next((c.time_precision for c in d.claims if c.date == date and date), None)
        if date is not None and precision_t is None:
            precision_t = 1  # the date of the statement that reported it
        if date is None:
            date, precision_t = self.facts.default_date, self.facts.default_precision
        if d.event_type == "Protests" and self.facts.iso2:
            # "police arrested 23 people" at a protest: the people are the protesters
            civ, prot = self.generic("civilians", where), self.generic("protesters", where)
            d.casualties = [c.model_copy(update={"actor": prot}) if c.actor in (civ, None) and not c.total else c
                            for c in d.casualties]
        elif (d.event_type == "Violence against civilians" or inter2 == 7) and self.facts.iso2:
            # "seven bodies" in an attack on civilians: the victims are civilians
            victims = actor2 if inter2 == 7 else self.generic("civilians", where)
            d.casualties = [c.model_copy(update={"actor": victims}) if c.actor is None and not c.total
                            and c.kind in ("killed", "injured", "missing", "captured") else c for c in d.casualties]
        uag = self.generic("unidentified-armed-group", where)
        opponents = [(n, i) for n, i in ((actor1, inter1), (actor2, inter2)) if n and n != uag and i in (2, 3, 4)]
        if uag and len(opponents) == 1:
            # "troops neutralised dozens of terrorists" in a battle with M23: the dead are M23's
            d.casualties = [c.model_copy(update={"actor": opponents[0][0]}) if c.actor == uag else c
                            for c in d.casualties]
        figures = source_figures(d.casualties, "killed", warnings)
        fatalities, low, best, high = reconcile(figures)
        specific = {f.source: f.best for f in figures if not f.vague}
        if len(set(specific.values())) > 1:
            warnings.append(Warning(kind="source_disagreement", message="sources disagree on deaths: " + "; ".join(
                f"{s}: {n}" for s, n in specific.items())))
        sources = list(dict.fromkeys([c.source for c in d.claims] + [c.source for c in d.casualties]))
        civ = d.event_type == "Violence against civilians" or d.sub_event_type == "Excessive force against protesters" or (
            d.event_type == "Explosions/Remote violence" and inter2 == 7)
        rules = "; ".join(dict.fromkeys(f"'{c.trigger}' -> {c.sub_event_type}" for c in d.claims))
        notes = (f"{d.sub_event_type} coded from {len(d.claims)} claim(s) ({rules}). Sources: {', '.join(sources)}."
                 + (f" Place: {place.name} ({ref.relation or 'in'}; {place.source})." if place else " Place unresolved."))
        confidence = min(0.95, 0.35 + 0.1 * len(d.claims) + (0.15 if actor1 and actor2 else 0.05 if actor1 else 0)
                         + (0.15 if place else 0) + (0.1 if date else 0))
        return Event(
            event_id=event_id(self.facts.article_id, index, d.sub_event_type, place.name if place else "", date),
            event_date=date.isoformat() if date else None, time_precision=precision_t,
            event_type=d.event_type, sub_event_type=d.sub_event_type,
            actor1=actor1, assoc_actor_1=assoc1, inter1=inter1, actor2=actor2, assoc_actor_2=[], inter2=inter2,
            interaction=interaction(inter1, inter2), civilian_targeting=civ,
            country=country, iso3=iso3, admin1=admin1, admin2=place.admin2 if place else None,
            location=place.name if place else None,
            latitude=place.latitude if place else None, longitude=place.longitude if place else None,
            geo_precision=precision if place else None,
            fatalities=fatalities, fatalities_low=low, fatalities_best=best, fatalities_high=high,
            casualties=casualty_records(d.casualties), sources=sources, claims=claim_refs(d),
            notes=notes, confidence=round(confidence, 2))
