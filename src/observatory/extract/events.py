"""EventDraft -> the contract's `Event`: actors by ACLED's conventions, location and
precision, date, figures, sources and evidence."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from observatory.extract.assemble import (EventDraft, casualty_records, claim_refs, event_id, reconcile,
                                          source_figures)
from observatory.extract.conventions import INTERVENTION, TWO_GROUPS
from observatory.extract.mentions import PlaceRef
from observatory.records import Event, Warning
from observatory.taxonomy import interaction

#: acting under a coalition or an operation: "under OPS", "operating under the Global Coalition"
#: a ceasefire monitor that works on one front line only (OSCE SMM in Donbas)
_LINE_MONITOR = re.compile(r"\b(?:OSCE|SMM|Special Monitoring Mission)\b")
_UNDER = re.compile(r"\b(?:under|operating under|as part of|part of)\s+(?:the\s+)?(?:command of\s+(?:the\s+)?)?$",
                    re.IGNORECASE)
#: a passive agent: "planted by", "carried out by suspected"
_BY_AGENT = re.compile(r"\b(?:planted|laid|placed|detonated|carried out|claimed|set off|triggered|fired|launched|"
                       r"conducted|perpetrated|staged|attacked|ambushed|killed|abducted|kidnapped|shot)\s+by\s+"
                       r"(?:the\s+)?(?:suspected\s+|alleged\s+|presumed\s+)?$", re.IGNORECASE)
#: a generic attacker that the next words name: "militants (suspected TTP)", "gunmen presumably IS",
#: "armed men believed to be Al Shabaab", "assailants from the X"
_QUALIFIED_AFTER = re.compile(r"^\s*[(,\u2013\u2014-]?\s*(?:(?:most |very )?(?:likely|probably|possibly|presumably|"
                              r"reportedly|allegedly|apparently|assumedly)\s+)?(?:suspected|presumed|alleged|believed|"
                              r"thought|said|identified|claimed|assumed|likely|probably|possibly|presumably|reportedly|"
                              r"allegedly|apparently|assumedly)?(?:\s+(?:to be|as))?\s*"
                              r"(?:(?:members|fighters|militants) (?:of|from)\s+)?(?:the |an? )?$", re.IGNORECASE)
#: the words between a named group and the generic noun it modifies: "IS militant snipers", "ISWAP-linked gunmen"
_QUALIFIED_BEFORE = re.compile(r"^\s*(?:['\u2019]s\s*)?$")
#: a crowd's damage to police property: the police are the riot's other side
_POLICE_PROPERTY = re.compile(
    r"\b(?:attack|storm|torch|burn|set fire|set on fire|set alight|vandali[sz]|ransack|pelt|stone|damag|smash|"
    r"destroy|loot|rais|threw|hurl)\w*\b[^.;]{0,60}?\bpolice (?:station|post|outpost|stations|posts|vehicles?|cars?|"
    r"vans?|trucks?|headquarters|office|building)\b|\bpolice (?:station|post|outpost|vehicles?|cars?|vans?) "
    r"(?:was|were) (?:\w+ ){0,2}(?:attack|storm|torch|burn|set|vandali[sz]|ransack|pelt|stone|damag|smash|destroy|"
    r"loot)\w*", re.IGNORECASE)
#: a prison riot: the guards who faced the inmates are the police's (ACLED's) prison guards
_PRISON = re.compile(r"\b(?:prisons?|jails?|inmates|prisoners|penitentiar\w*|detention cent(?:re|er)s?)\b",
                     re.IGNORECASE)
_GUARDS = re.compile(r"\b(?:guards?|wardens?|warders?|correctional officers?)\b", re.IGNORECASE)
#: the coalition that a state's forces act under in a country's war, where ACLED codes the
#: coalition as the actor and the state's forces as its associate ("US forces" in Syria)
COALITION_IN: dict[tuple[str, str], str] = {("US", "SY"): "Global Coalition Against Daesh"}
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
    mentions: list = field(default_factory=list)  # the article's ActorRefs, in text order
    text: str = ""  # the article's text
    n_drafts: int = 0  # how many events the article tells


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


def fill_co_mentioned(events: list[Event], named: dict[str, list[str]], inter_of) -> None:
    """A side the parse put in no role ("killed during clashes with ANDSF", "fired on the
    positions of the military forces of Azerbaijan"): another armed actor named in the
    event's own sentences (NAMED: event_id -> actor names in text order). Runs after
    `fill_opponents`, so the article's main dyad wins. Battles get two sides; a
    bombardment gets a target only when its attacker is known."""
    for e in events:
        two_sided = e.event_type == "Battles" or e.sub_event_type == "Agreement"
        if not (two_sided or e.event_type == "Explosions/Remote violence") or (e.actor1 and e.actor2):
            continue
        armed = [n for n in named.get(e.event_id, []) if inter_of(n) in (1, 2, 3, 4, 8)
                 and n not in (e.actor1, e.actor2) and n not in e.assoc_actor_1]
        if two_sided and not e.actor1 and e.actor2:
            e.actor1, e.inter1, e.actor2, e.inter2 = e.actor2, e.inter2, None, None
        if two_sided and not e.actor1 and armed:
            e.actor1, e.inter1 = armed[0], inter_of(armed[0])
            armed = armed[1:]
        if e.actor1 and not e.actor2 and armed:
            e.actor2, e.inter2 = armed[0], inter_of(armed[0])
        e.interaction = interaction(e.inter1, e.inter2)


_CIVILIAN_PROPERTY = re.compile(
    r"\b(?:civilians?['’]?|villagers['’]|residents['’]|farmers['’]|locals['’]|"
    r"civilian (?:homes|houses|residences|property|properties|shops|crops|livestock|cars|vehicles))", re.IGNORECASE)


#: a counter-demonstration beside the protest
_COUNTER_PROTEST = re.compile(r"\bcounter[- ]?(?:protest|demonstrat|rall|march)\w*", re.IGNORECASE)
_CLASH = re.compile(r"\b(?:clash(?:ed|es)?|fought|fight(?:ing)?|brawl\w*|scuffle\w*)\b", re.IGNORECASE)
_GROUP_OF = re.compile(r"\bgroups? of\b", re.IGNORECASE)
#: a crowd's violence against a person
_ASSAULT = re.compile(r"\b(?:beat(?:en|ing)? up|beat (?:him|her|them|a|an|the)|lynch\w*|stabb\w*|tortur\w*|tonsur\w*)\b",
                      re.IGNORECASE)


class EventBuilder:
    def __init__(self, *, kb, gazetteer, facts: ArticleFacts, inter_of):
        self.kb = kb
        self.gaz = gazetteer
        self.facts = facts
        self.inter_of = inter_of
        self.named: dict[str, list[str]] = {}  # event_id -> actors named in its sentences

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
        qualified = self._qualified()
        for c in d.claims:
            weight = 3 if id(c) in typing else 1  # the claims that typed the event say most about it
            for i, m in enumerate(c.agents):
                if m.resolved:
                    agents[qualified.get(m.start, m.resolved)] += weight * (2 if i == 0 else 1)
            for i, m in enumerate(c.patients):
                if m.resolved:
                    patients[qualified.get(m.start, m.resolved)] += weight * (2 if i == 0 else 1)
        a1 = [n for n, _ in agents.most_common()]
        if d.responsible:
            # the group that claimed the attack did it
            a1 = [d.responsible[0]] + [n for n in a1 if n != d.responsible[0]]
        a2 = [n for n, _ in patients.most_common() if n not in a1[:1]]
        et, sub = d.event_type, d.sub_event_type
        inter = self.inter_of
        if et == "Protests":
            force = [n for n in a1 + a2 if inter(n) in (1, 8)] + [n for n in a1 + a2 if inter(n) == 3 and self._armed_group(n)]
            force = [self._crowd_police(n, d, where) for n in force]
            protesters = [n for n in a1 + a2 if inter(n) == 6] or [self.generic("protesters", where)]
            a1, a2 = protesters[:1], (force[:1] if sub != "Peaceful protest" else [])
            if not a2 and _COUNTER_PROTEST.search(self._event_text(d)) and not INTERVENTION.search(self._event_text(d)):
                # "a counter-protest in support of the government was organised": ACLED codes the
                # counter-demonstrators as the second side of the protest, protesters against protesters
                a2 = protesters[:1]
        elif et == "Riots":
            rioters = [n for n in a1 + a2 if inter(n) == 5] or [self.generic("rioters", where)]
            # the other side: the police who faced them, else whoever the crowd attacked
            force = [n for n in a1 + a2 if inter(n) in (1, 8) or (inter(n) in (2, 3, 4) and self._armed_group(n))]
            victims = [n for n in a2 if inter(n) == 7]
            if not force and sub == "Mob violence" and self._crowd_clash(d, victims):
                # "two groups of villagers clashed", "a mob clashed with a group of workers": a fight
                # between two crowds has rioters on both sides (a police raid named nearby is no side)
                a1, a2 = rioters[:1], rioters[:1]
                force, victims = rioters[:1], []
            if not force:
                # "Police resorted to a lathi charge to disperse them": the force named beside the riot
                force = [n for n in self._named_in(d) if inter(n) in (1, 8)][:1]
            text = self._event_text(d)
            if not force and _PRISON.search(text) and _GUARDS.search(text):
                # "inmates set alight their sheets ... Guards fired warning shots": the prison guards
                force = [self.generic("prison-guards", where)]
            if not force and _POLICE_PROPERTY.search(text):
                # "residents vandalized a police station": the police whose station it was
                force = [self.generic("police", where)]
            force = [n for n in force if n]
            if not force and not victims and sub != "Mob violence" and _ASSAULT.search(
                    " ".join(c.evidence.text for c in d.claims)):
                # "demonstrators beat up and tried to lynch a man": the one they beat is a civilian
                victims = [n for n in self._named_in(d) if inter(n) == 7][:1] or [self.generic("civilians", where)]
            if not force and not victims and sub == "Mob violence":
                # "a mob beat and injured a thief": the one they attacked is a civilian
                victims = [n for n in self._named_in(d) if inter(n) == 7][:1]
                if not victims and self._hurt(d):
                    victims = [self.generic("civilians", where)]
            force = [self._crowd_police(n, d, where) for n in force]
            a1, a2 = rioters[:1], (force or victims)[:1]
            if not a2 and sub == "Mob violence" and any(c.trigger.lower().startswith(("clash", "fought", "fight"))
                                                        for c in d.claims):
                a2 = rioters[:1]  # "two groups of villagers clashed": rioters on both sides
        elif et == "Violence against civilians":
            armed = [n for n in a1 + a2 if inter(n) not in (6, 7, None)]
            if not armed:
                # "a drug suspect was killed during a police raid": the force named beside the killing
                armed = [n for n in self._named_in(d) if inter(n) in (1, 2, 3, 4, 8)][:1]
            civilians = self._named_civilians_first([n for n in a2 + a1 if inter(n) == 7], where)
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
            if et == "Strategic developments" and sub == "Looting/property destruction":
                a1, a2 = self._looting_sides(d, a1, a2, where)
            if et == "Strategic developments" and sub == "Disrupted weapons use" and a1 and not a2 \
                    and inter(a1[0]) == 1:
                # "police defused a bomb", "troops found an arms cache": the weapons' owner is
                # ACLED's second actor, the group named beside them or else an unidentified one
                owners = [n for n in self._named_in(d) if inter(n) in (2, 3, 4) and n not in a1[:1]]
                a2 = owners[:1] or [self.generic("unidentified-armed-group", where)]
            if not a2:
                side = self._casualty_side(d, exclude=a1[:1])
                if side:
                    a2 = [side]
            if et == "Strategic developments" and sub == "Arrests" and not a1:
                a1 = [self.generic("police", where)]
        a1 = [n for n in a1 if n]
        same = bool(a1 and a2 and a2[0] == a1[0] and inter(a1[0]) in (5, 6))  # crowd against crowd
        a2 = a1[:1] if same else [n for n in a2 if n and n not in a1[:1]]
        assoc1 = [n for n in agents if n not in a1[:1] and n not in a2[:1] and inter(n) == inter(a1[0])][:3] if a1 else []
        return a1[0] if a1 else None, assoc1, a2[0] if a2 else None

    def _crowd_clash(self, d: EventDraft, victims: list[str]) -> bool:
        """Whether a riot's claims tell a fight between two crowds: a clash verb, and two groups,
        each other, a "group of" people, or civilians on the other side of the clash."""
        text = " ".join(c.evidence.text for c in d.claims)
        if not _CLASH.search(text):
            return False
        return bool(victims or TWO_GROUPS.search(text) or _GROUP_OF.search(text))

    def _qualified(self) -> dict[int, str]:
        """Generic attackers that a named group qualifies, by the start of their mention:
        "IS militant snipers", "RF militants", "militants (suspected TTP)", "unknown gunmen
        presumably IS" are that group (ACLED codes the suspected group)."""
        ms = [m for m in self.facts.mentions if not m.provisional]
        text = self.facts.text or ""
        out: dict[int, str] = {}
        for i, m in enumerate(ms):
            if not m.name.startswith(("Unidentified Armed Group", "Unidentified Gang")):
                continue
            named = [(ms[i - 1], _QUALIFIED_BEFORE, text[ms[i - 1].end:m.start])] if i > 0 else []
            if i + 1 < len(ms):
                named.append((ms[i + 1], _QUALIFIED_AFTER, text[m.end:ms[i + 1].start]))
            for n, pattern, between in named:
                if n.start >= m.end and len(between) > 40:
                    continue
                if self.inter_of(n.name) in (2, 3) and not n.name.startswith("Unidentified") \
                        and pattern.match(between):
                    out[m.start] = n.name
                    break
        return out

    def _named_civilians_first(self, civilians: list[str], where: str | None) -> list[str]:
        """"assaulted several Malian refugees. The refugees were told to leave": civilians whose
        nationality the text gives (another country's) come before the same people named bare,
        which resolve to the civilians of the country the event is in."""
        home = self.generic("civilians", where)
        if len(civilians) > 1 and civilians[0] == home:
            foreign = [n for n in civilians if n != home]
            return foreign[:1] + [n for n in civilians if n not in foreign[:1]]
        return civilians

    def _looting_sides(self, d: EventDraft, a1: list[str], a2: list[str],
                       where: str | None) -> tuple[list[str], list[str]]:
        """"Regime forces looted civilian residences": the armed side that looted or destroyed is
        actor 1 even when the parse left it as the object, and the civilians whose property it was
        are actor 2 (ACLED's convention), when the text says whose it was."""
        inter = self.inter_of
        if not a1 and a2 and inter(a2[0]) in (1, 2, 3, 4, 8):
            a1, a2 = a2[:1], a2[1:]
        if a1 and not a2 and inter(a1[0]) in (1, 2, 3, 4, 8):
            text = " ".join(c.evidence.text for c in d.claims)
            if _CIVILIAN_PROPERTY.search(text):
                a2 = [self.generic("civilians", where)]
        return a1, a2

    def _named_in(self, d: EventDraft) -> list[str]:
        """The actors named in the event's sentences, in text order (no provisional ones); in a
        report of one event, every actor it names ("the Military Police carried out an operation.
        A shoot-out broke out ...")."""
        if self.facts.n_drafts <= 1 and self.facts.text:
            return list(dict.fromkeys(m.name for m in self.facts.mentions if not m.provisional))
        spans = [(c.evidence.start, c.evidence.end) for c in d.claims]
        return list(dict.fromkeys(m.name for m in self.facts.mentions
                                  if not m.provisional and any(s <= m.start < e for s, e in spans)))

    def _under_command(self, d: EventDraft, actor1: str | None, actor2: str | None,
                       assoc1: list[str]) -> tuple[str | None, str | None, list[str]]:
        """"Turkish forces and opposition rebels under OPS shelled X", "US forces under the Global
        Coalition": ACLED codes the operation or coalition they act under, the members as its
        associates."""
        text = self.facts.text
        for c in d.claims:
            s, e = c.evidence.start, c.evidence.end
            inside = [m for m in self.facts.mentions if s <= m.start < e and not m.provisional]
            for m in inside:
                if not _UNDER.search(text[max(s, m.start - 30): m.start]):
                    continue
                members = list(dict.fromkeys(x.name for x in inside if x.start < m.start and x.name != m.name
                                             and self.inter_of(x.name) in (1, 2, 3, 4, 8)))
                if actor1 in members or actor2 in members:
                    rest = [a for a in (actor1, actor2) if a and a not in members and a != m.name]
                    return m.name, (rest[0] if rest else None), list(dict.fromkeys(members + assoc1))[:3]
        return actor1, actor2, assoc1

    def _coalition(self, where: str | None, actor1: str | None, actor2: str | None,
                   assoc1: list[str]) -> tuple[str | None, str | None, list[str]]:
        """"A US military column entered Syria": a state's forces in a war where they act under a
        coalition (`COALITION_IN`) are coded as the coalition, the state's forces as its associate."""
        out = []
        for name in (actor1, actor2):
            actor = self.kb.get(name) if name else None
            coalition = COALITION_IN.get((actor.country or "", (where or "").upper())) \
                if actor is not None and actor.inter == 1 and actor.kind == "state" else None
            if coalition and coalition not in (actor1, actor2):
                if name == actor1:
                    assoc1 = list(dict.fromkeys([name] + assoc1))[:3]
                name = coalition
            out.append(name)
        return out[0], out[1], assoc1

    def _armed_group(self, name: str) -> bool:
        """Whether NAME is an armed group that can face a crowd: not a provisional organisation
        or a political party named among the demonstrators ("members of the BJP", "KKE")."""
        actor = self.kb.get(name)
        return actor is not None and not actor.provisional and not re.search(r"\bParty\b", name)

    def _crowd_police(self, name: str, d: EventDraft, where: str | None) -> str:
        """"Security forces dispersed the protesters": at a protest or riot the unnamed security
        forces are the police, unless the text says soldiers."""
        if name != self.generic("military", where):
            return name
        text = " ".join(c.evidence.text for c in d.claims) if self.facts.n_drafts > 1 else self.facts.text
        if re.search(r"\b(?:army|soldiers?|troops|military|gendarm\w*|national guard|armed forces)\b", text, re.IGNORECASE):
            return name
        return self.generic("police", where) or name

    def _named_agent(self, d: EventDraft) -> str | None:
        """The named actor a passive "by" introduces in the event's sentences ("an IED planted by
        the Taliban", "an attack carried out by ISWAP"), None if there is none."""
        spans = [(c.evidence.start, c.evidence.end) for c in d.claims]
        text = self.facts.text
        for m in self.facts.mentions:
            if m.provisional or not any(s <= m.start < e for s, e in spans):
                continue
            if _BY_AGENT.search(text[max(0, m.start - 50): m.start]) and self.inter_of(m.name) in (1, 2, 3, 4, 8) \
                    and "Unidentified" not in m.name:
                return m.name
        return None

    @staticmethod
    def _hurt(d: EventDraft) -> bool:
        """Whether someone was killed or hurt in the event, by its figures or its trigger words."""
        if any(c.kind in ("killed", "injured") and c.best > 0 for c in d.casualties):
            return True
        return any(re.search(r"\b(?:beat|beaten|lynch|injur|wound|kill|hurt|assault|attack|stabb|tortur|tonsur)",
                             c.evidence.text, re.IGNORECASE) for c in d.claims)

    def _event_text(self, d: EventDraft) -> str:
        """The text an event is told in: its claims' sentences, and the whole report when
        it tells one event (a coder's note: "The victim had his hands tied.")."""
        if self.facts.n_drafts <= 1 and self.facts.text:
            return self.facts.text[:3000]
        return " ".join(dict.fromkeys(c.evidence.text for c in d.claims))

    def _conventions(self, d: EventDraft, where: str | None, et: str, sub: str, actor1: str | None,
                     actor2: str | None, uag: str | None) -> tuple[str, str, str | None, str | None]:
        """Regional ACLED conventions for unnamed attackers (:mod:`observatory.extract.conventions`)."""
        from observatory.extract.conventions import (BRAZIL_GANG, CONTRABAND_SEIZURE, CRIMINAL_VICTIM, DRUGS,
                                                     GANG_COUNTRIES, INTERVENTION, TWO_GROUPS, gang_actor,
                                                     unnamed_shootout)

        text = self._event_text(d)
        doer = self._named_agent(d)
        if doer and et in ("Battles", "Explosions/Remote violence", "Violence against civilians") \
                and doer != actor1 and (actor1 is None or actor1 == uag):
            # "a bomb planted by Taliban hit an army patrol": the passive agent did it
            actor2 = None if actor2 == doer else actor2
            actor1 = doer
            if actor2 is None:
                others = [n for n in self._named_in(d) if n != doer and self.inter_of(n) in (1, 2, 3, 4, 7, 8)]
                actor2 = others[0] if others else None
        if et == "Protests" and actor1 and not actor2 and INTERVENTION.search(text):
            # "Police officers intervened", "Police arrested 20 protesters": a named force broke it up
            force = [n for n in self._named_in(d) if self.inter_of(n) in (1, 8)]
            if force:
                return et, ("Protest with intervention" if sub == "Peaceful protest" else sub), actor1, force[0]
        if et == "Riots" and actor1 and self.inter_of(actor1) == 5 and (actor2 is None or self.inter_of(actor2) == 7) \
                and TWO_GROUPS.search(text):
            # "a clash between two groups of villagers": rioters on both sides
            return et, sub, actor1, actor1
        army = self.generic("military", where)
        if et == "Strategic developments" and sub in ("Agreement", "Other", "Change to group/activity") and army \
                and army in (actor1, actor2) and re.search(r"\bgovernment\b", text, re.IGNORECASE) \
                and not re.search(r"\b(?:army|soldiers?|troops|military|forces)\b", text, re.IGNORECASE):
            # "the Afghan government released 52 prisoners": a civilian authority's act is the Government of X's
            government = self.kb.generic("government", where, d.date or self.facts.year) if where else None
            if government is not None:
                actor1, actor2 = (government.name if a == army else a for a in (actor1, actor2))
        if et == "Strategic developments" and actor1 and self.inter_of(actor1) == 1 \
                and (where or "").upper() in GANG_COUNTRIES and actor2 in (None, self.generic("civilians", where)) \
                and CONTRABAND_SEIZURE.search(text):
            # police seizing drugs or smuggled goods, arrests or not: the traffickers' gang loses them
            return et, "Looting/property destruction", actor1, self.generic("gang", where)
        if et == "Strategic developments" and sub == "Looting/property destruction" and actor1 and not actor2 \
                and self.inter_of(actor1) in (1, 2, 3, 4, 8):
            if self.inter_of(actor1) == 1 and DRUGS.search(text) and (where or "").upper() in GANG_COUNTRIES:
                # police seizing drugs: the traffickers' gang loses them
                return et, sub, actor1, self.generic("gang", where)
            # armed men looting or burning property: ACLED codes the owners, civilians, as the other side
            return et, sub, actor1, self.generic("civilians", where)
        if et == "Violence against civilians" and (where or "").upper() in GANG_COUNTRIES and CRIMINAL_VICTIM.search(text) \
                and actor1 in (uag, self.generic("gang", where), BRAZIL_GANG):
            # "an alleged drug dealer was shot dead by armed men": ACLED codes a fight between armed groups
            gang = self.generic("gang", where)
            attacker = gang_actor(where, text, gang) or actor1
            if attacker in (gang, uag) and (where or "").upper() == "BR":
                # Brazil: who kills a known criminal unseen may be a rival gang or a police militia
                attacker = BRAZIL_GANG
            return "Battles", "Armed clash", attacker, gang
        if (where or "").upper() == "BR" and et == "Battles" and actor1 and not actor2 \
                and self.inter_of(actor1) == 1:
            # Brazil: the unnamed armed men a police operation fights are gangs or police militias
            return et, sub, actor1, BRAZIL_GANG
        if et == "Explosions/Remote violence" and uag:
            civilians_named = [n for n in self._named_in(d) if self.inter_of(n) == 7]
            if actor1 and self.inter_of(actor1) == 7:
                # "a child was killed when a bomb exploded": the victims did not lay it
                actor1, actor2 = uag, actor2 or actor1
            if actor1 and not actor2 and civilians_named and self._hurt(d) and self.facts.n_drafts <= 1:
                # "an IED exploded near a mosque, killing the driver": the civilians it hit
                actor2 = civilians_named[0]
        if not uag or et not in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
            return et, sub, actor1, actor2
        civilians = self.generic("civilians", where)
        if et == "Violence against civilians" and actor1 == uag and actor2 in (None, civilians) \
                and not d.casualties and unnamed_shootout(text):
            # "a shoot-out took place in X neighbourhood": two unnamed sides, nobody hurt
            return "Battles", "Armed clash", uag, uag
        if actor1 == uag:
            actor1 = gang_actor(where, text, self.generic("gang", where)) or actor1
        if (where or "").upper() == "BR" and et == "Battles" and uag in (actor1, actor2) \
                and any(self.inter_of(a) == 1 for a in (actor1, actor2) if a):
            # Brazil: the unnamed armed men police fight are gangs or police militias
            actor1, actor2 = (BRAZIL_GANG if a == uag else a for a in (actor1, actor2))
        return et, sub, actor1, actor2

    def _line_sides(self, ref: PlaceRef | None, d: EventDraft, actor1: str | None, actor2: str | None,
                    uag: str | None) -> tuple[str | None, str | None]:
        """A fight on a front line ("shots in both directions of the frontline near X", "NAF fired at
        governmental positions"): the two sides of the line fill the sides the report leaves out."""
        from observatory.places.frontlines import OPPOSITION, on_line

        place = ref.best if ref is not None else None
        iso2 = place.iso2 if place is not None else self.facts.iso2
        when = d.date or self.facts.default_date
        year = when.year if when else self.facts.year
        # a ceasefire monitor reports from the line only: a village it names that the gazetteer
        # places off the line is a namesake (the one on the line is too small to be listed)
        monitored = bool(_LINE_MONITOR.search(self.facts.text or ""))
        if iso2 not in OPPOSITION or not (monitored or on_line(iso2, place.latitude if place else None,
                                                                place.longitude if place else None, when or year)):
            return actor1, actor2
        army = self.kb.generic("military", iso2, when or year)
        sides = [a for a in (army.name if army else None, OPPOSITION[iso2]) if a]
        if len(sides) < 2:
            return actor1, actor2
        if actor1 in (None, uag) and actor2 in (None, uag):
            return sides[0], sides[1]
        if actor1 in sides and actor2 in (None, uag):
            return actor1, sides[1 - sides.index(actor1)]
        if actor2 in sides and actor1 in (None, uag):
            return sides[1 - sides.index(actor2)], actor2
        return actor1, actor2

    def _facing(self, ref: PlaceRef, d: EventDraft) -> str | None:
        """Who fired at a front-line place when the report names no shooter: the side
        facing the one that holds it (:mod:`observatory.places.frontlines`)."""
        from observatory.places.frontlines import OPPOSITION, on_line, side_at

        place = ref.best
        when = d.date or self.facts.default_date
        side = side_at(place.iso2, [ref.text, place.name], place.latitude, place.longitude, when or self.facts.year)
        if side == "gov":
            return OPPOSITION.get(place.iso2)
        if side is None and place.iso2 in OPPOSITION and _LINE_MONITOR.search(self.facts.text or "") \
                and not on_line(place.iso2, place.latitude, place.longitude, when or self.facts.year):
            # the monitor's village is one the gazetteer does not hold (it found a namesake off
            # the line): ACLED codes such fire to one of the two sides, never to an unknown group,
            # so the government's side is the better guess than "Unidentified Armed Group"
            side = "ngca"
        if side == "ngca":
            actor = self.kb.generic("military", place.iso2, when or self.facts.year)
            return actor.name if actor else None
        return None

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

        text = self.facts.text
        named = sorted(cands, key=lambda p: p.start)

        def trailing_province(p: PlaceRef) -> bool:
            """"shelled Kinda in Idleb", "Tal Tamer in al-Hasakeh": a province named after
            another place of the clause is where that place lies, not a second place."""
            if not text or p.best.feature == "admin1":
                return False
            if p.as_hint and any(q.end <= p.start and p.start - q.end <= 60 for q in named):
                # "Faskari LGA (Katsina)", "Nawada district (Bihar)": the bracket names the province
                return self.gaz is not None and self.gaz.admin1(p.best.iso2, p.text) is not None
            before = [q for q in named if q.end <= p.start and p.start - q.end <= 40]
            if not before or not re.fullmatch(r"[\s,]*(?:(?:and|in|of) )?(?:the )?(?:\w+ ){0,2}(?:in|,)\s*(?:the )?",
                                              text[before[-1].end:p.start]):
                return False
            return self.gaz is not None and self.gaz.admin1(p.best.iso2, p.text) is not None

        def score(p: PlaceRef) -> float:
            s = FEATURE_RANK.get(p.best.feature, 3)
            if p.region_word:
                # "Sagbama LGA", "rural Tal Tamer": a part of a region, still finer than a province
                s = min(s, 2.5 if p.best.feature not in ("admin1", "region", "country") else 1.5)
            if trailing_province(p):
                s = min(s, 1.0)
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
        if feature in ("country", "admin1", "region") or trailing_province(best):
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
        et, sub = d.event_type, d.sub_event_type
        uag = self.generic("unidentified-armed-group", where)
        if et == "Battles" and not actor1 and not actor2:
            armed = [n for n in self._named_in(d) if self.inter_of(n) in (1, 2, 3, 4, 8)]
            actor1, actor2 = (armed + [None, None])[:2]
        if ref is not None and ref.best is not None and et in ("Battles", "Explosions/Remote violence") \
                and (actor1 is None or actor1 == uag) and actor2 is None:
            actor1 = self._facing(ref, d) or actor1
        if et == "Battles":
            actor1, actor2 = self._line_sides(ref, d, actor1, actor2, uag)
            if not actor1 and not actor2:
                # "a shoot-out took place in X neighbourhood": a fight between sides nobody names
                actor1 = actor2 = uag
        et, sub, actor1, actor2 = self._conventions(d, where, et, sub, actor1, actor2, uag)
        actor1, actor2, assoc1 = self._under_command(d, actor1, actor2, assoc1)
        actor1, actor2, assoc1 = self._coalition(where, actor1, actor2, assoc1)
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
        if et == "Protests" and self.facts.iso2:
            # "police arrested 23 people" at a protest: the people are the protesters
            civ, prot = self.generic("civilians", where), self.generic("protesters", where)
            d.casualties = [c.model_copy(update={"actor": prot}) if c.actor in (civ, None) and not c.total else c
                            for c in d.casualties]
        elif (et == "Violence against civilians" or inter2 == 7) and self.facts.iso2:
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
        civ = et == "Violence against civilians" or sub == "Excessive force against protesters" or (
            et == "Explosions/Remote violence" and inter2 == 7)
        rules = "; ".join(dict.fromkeys(f"'{c.trigger}' -> {c.sub_event_type}" for c in d.claims))
        notes = (f"{sub} coded from {len(d.claims)} claim(s) ({rules}). Sources: {', '.join(sources)}."
                 + (f" Place: {place.name} ({ref.relation or 'in'}; {place.source})." if place else " Place unresolved."))
        confidence = min(0.95, 0.35 + 0.1 * len(d.claims) + (0.15 if actor1 and actor2 else 0.05 if actor1 else 0)
                         + (0.15 if place else 0) + (0.1 if date else 0))
        eid = event_id(self.facts.article_id, index, sub, place.name if place else "", date)
        self.named[eid] = self._named_in(d)
        return Event(
            event_id=eid,
            event_date=date.isoformat() if date else None, time_precision=precision_t,
            event_type=et, sub_event_type=sub,
            actor1=actor1, assoc_actor_1=assoc1, inter1=inter1, actor2=actor2, assoc_actor_2=[], inter2=inter2,
            interaction=interaction(inter1, inter2), civilian_targeting=civ,
            country=country, iso3=iso3, admin1=admin1, admin2=place.admin2 if place else None,
            location=place.name if place else None,
            latitude=place.latitude if place else None, longitude=place.longitude if place else None,
            geo_precision=precision if place else None,
            fatalities=fatalities, fatalities_low=low, fatalities_best=best, fatalities_high=high,
            casualties=casualty_records(d.casualties), sources=sources, claims=claim_refs(d),
            notes=notes, confidence=round(confidence, 2))


def date_names(events: list[Event], kb) -> None:
    """Actors under the name ACLED used at each event's date ("Islamic State (Greater Sahara)"
    in 2020, "Islamic State (Sahel)" since its renaming): the KB keeps today's name."""
    for e in events:
        year = int(e.event_date[:4]) if e.event_date else None
        if year is None:
            continue
        e.actor1 = kb.dated_name(e.actor1, year) if e.actor1 else e.actor1
        e.actor2 = kb.dated_name(e.actor2, year) if e.actor2 else e.actor2
        e.assoc_actor_1 = [kb.dated_name(a, year) for a in e.assoc_actor_1]
        e.assoc_actor_2 = [kb.dated_name(a, year) for a in e.assoc_actor_2]
        for c in e.casualties:
            if c.actor:
                c.actor = kb.dated_name(c.actor, year)
