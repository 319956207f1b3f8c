"""Sentence -> claims: the event a clause reports, with its actors, places, date, source
and casualty figures. One `SentenceAnalyzer` serves one article."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from observatory.dates import find_dates
from observatory.extract.attribution import Attributor
from observatory.extract.casualties import extract_casualties
from observatory.extract.cues import find_cues, is_armed, is_civilian, lexicon
from observatory.extract.event_types import _FIGHT_WORDS, _FOUND_DEAD, ClauseFacts, classify, implausible_air
from observatory.extract.mentions import ActorRef, PlaceRef, SourceRef
from observatory.extract.roles import Roles, find_roles
from observatory.records import CasualtyClaim, Claim, Mention, Span as TextSpan, Warning

_BACKGROUND = re.compile(
    r"\b(?:in recent (?:weeks|months|years|days)|for (?:years|decades|months)|has long been|have long been|"
    r"since (?:19|20)\d\d|in (?:19|20)\d\d|last year|years ago|decades? ago|months ago|over the past (?:year|years|months|decade)|"
    r"throughout the war|during the war|civil war in|has been described|is classified|classified as|"
    r"since the (?:war|conflict|start|beginning|fighting)|so far this year|in total|"
    r"(?:war|campaign|conflict|offensive|insurgency)\b[^.]{0,40}\bha(?:s|ve) (?:killed|left|displaced|claimed)|"
    r"would|could|might|may|plans? to|threaten\w* to|vowed to|warned that|is expected to|if)\b",
    re.IGNORECASE)
#: a phrase that names an earlier event as the reason for this one
_CAUSE_BEFORE = re.compile(r"\b(?:in connection with|linked to|related to|suspected of|accused of|blamed for|"
                           r"responsible for|in retaliation for|in response to|since (?=the |last |\w+['’]s ))"
                           r"\s*(?:[\w'’-]+\s+){0,5}$",
                           re.IGNORECASE)
_SPEECH_VERBS = {"said", "says", "say", "told", "tells", "speaking", "spoke", "briefed"}
_SAID_TAIL = re.compile(r",\s*(?:[\w-]+\s+){1,3}(?:said|say|says|told|reported|claimed|added)\b|,?\s+according to\b")
_TERRITORY = re.compile(
    r"\b(?:control|town|towns|village|villages|city|cities|district|districts|area|areas|neighbou?rhoods?|"
    r"hills?|positions?|bases?|airbase|airport|region|territory|territories|province|locality|localities|"
    r"countryside|settlements?|outposts?|front|frontline|stronghold|headquarters|camp|crossing|suburbs?|"
    r"municipality|commune|island|road|highway)\b", re.IGNORECASE)
_RESPONSIBILITY = re.compile(r"\b(claim(?:ed|s)?|took|takes|admitted|accepted)\s+(?:\w+\s+){0,2}?"
                             r"(?:responsibility|credit)\b|\b(claim(?:ed|s)?)\s+(?:the|this|that)\s+(?:attack|bombing|"
                             r"blast|assault|ambush|killing)", re.IGNORECASE)
_ANAPHORA = re.compile(r"\b(?:the|this|that|these) (?:fighting|clash(?:es)?|attacks?|attackers|assailants|gunmen|raiders|"
                       r"perpetrators|strikes?|air ?strikes?|assault|"
                       r"raid|blast|explosion|bombing|shelling|missile|rocket|drone|ambush|violence|offensive)\b",
                       re.IGNORECASE)
_FIRE_VERBS = {"fire", "fired", "fires", "firing", "launched", "launch", "launches", "shelled", "shell", "pounded",
               "bombarded", "dropped", "struck", "strike", "targeted", "hit"}
_FIGHTING = re.compile(r"^(?:storm|attack|assault|raid|clash|fought|fight|overr[au]n|ambush|battl|engag)", re.IGNORECASE)
_CLAIMED_BY = re.compile(r"\b(?:claimed|carried out|perpetrated) by\b", re.IGNORECASE)
_FIGHTERS = re.compile(r"^(?:of\s+)?(?:the\s+)?(?:terrorists|militants|fighters|jihadists|insurgents|rebels|gunmen|"
                       r"assailants|attackers|elements)\b", re.IGNORECASE)
_PEOPLE = re.compile(r"^(?:of\s+)?(?:people|persons|individuals|others)\b", re.IGNORECASE)
EVENT_GROUPS = {"observed_fire", "release", "mishap", "direct_fire", "intervention", "chemical", "suicide", "air", "shelling", "ied", "grenade", "sexual", "abduct", "arrest", "protest",
                "riot", "mob", "agreement", "disrupted", "looting", "hq", "transfer", "change", "takeover",
                "regain", "clash", "violence", "measures", "other"}


@dataclass
class SentenceResult:
    claims: list[Claim] = field(default_factory=list)
    casualties: list[CasualtyClaim] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)
    background: bool = False
    responsible: ActorRef | None = None  # "al-Shabaab claimed responsibility"


def _main_clause_text(sent: Span) -> str:
    """The sentence without its relative clauses and appositions ("a committee, one of the
    groups that have documented abuses since the war began, said ...")."""
    skip: set[int] = set()
    for t in sent:
        if t.dep_ in ("relcl", "appos") and t.i not in skip:
            skip.update(x.i for x in t.subtree)
    return " ".join(t.text for t in sent if t.i not in skip)


#: the air force as a service, not a strike: "with the support of the air force"
_AIR_SERVICE = re.compile(r"(?:air ?force|airforce)", re.IGNORECASE)
_SUPPORT_BEFORE = re.compile(r"\b(?:intervention|support|backing|help|assistance|cover|cooperation) (?:of|from|by) "
                             r"(?:the )?(?:\w+ )?$|\b(?:supported|backed|helped|assisted|covered) by (?:the )?(?:\w+ )?$",
                             re.IGNORECASE)
#: verbs whose object is what a protest is about
_PROTEST_VERB = re.compile(r"^(?:condemn|denounc|decr[iy]|protest|demonstrat|rall(?:y|ied|ies)|march)\w*$", re.IGNORECASE)
#: strategic developments that a sentence may only ask for: "urged the army to step up patrols"
_REQUESTABLE = {"change", "hq", "agreement", "transfer", "release", "measures", "other"}
_REQUEST_VERB = re.compile(r"^(?:call|urg|ask|appeal|demand|request|plead|implor|want|propos)\w*$", re.IGNORECASE)

#: an armed service member who was not acting as one when hit: "an off-duty soldier", "a former
#: policeman", "a soldier sitting in front of his house": ACLED codes the victim as a civilian
_OFF_DUTY = re.compile(r"\b(?:off[- ]?duty|on leave|unarmed|demobili[sz]ed|in civilian clothes|"
                       r"(?:former|retired|ex-) ?(?:[\w-]+ ){0,2}(?:soldiers?|officers?|police\w*|servicem[ae]n|"
                       r"members?|guards?|commanders?|militants?|fighters?|combatants?|rebels?|gendarmes?|troops?)|"
                       r"(?:at|near|outside|in front of) (?:his|her|their) (?:own )?(?:home|house)s?|"
                       r"(?:heading|going|returning|walking|on (?:his|her|their) way) (?:back )?home)\b",
                       re.IGNORECASE)

#: a crowd's demands, or a strike it enforces: what makes its violence a demonstration ("inmates set
#: their sheets alight, demanding court dates", "villagers vandalised the ration shop, agitating against
#: ...", "bandh enforcers vandalised a motorbike")
_DEMANDS = re.compile(r"\b(?:demand(?:ed|ing|s)|agitat(?:ed|ing|ion)|in protest|bandha?s?|hartals?|blockaders|"
                      r"to (?:denounce|condemn|reject|oppose|press for|voice)|"
                      r"as a (?:form|sign) of (?:protest|demonstration))\b"
                      r"(?! (?:a |the )?(?:ransom|money|bribes?|cash|extortion|payment from))", re.IGNORECASE)

#: guns fired: rival groups that shoot at each other are armed groups, not a brawling crowd
_FIREARMS = re.compile(r"\b(?:exchang\w* (?:of )?(?:gun)?fire|opened fire|gun ?fire|gun ?shots?|shootings?|shoot-?outs?|"
                       r"fired (?:at|on|upon|shots(?! in the air)|guns|bullets)|firearms|rifles?|pistols?|guns|"
                       r"machine ?guns?|rockets?|grenades?)\b", re.IGNORECASE)

#: acts only an attacker does: "two men shot at people", "a man stabbed": its doers are not bystanders
_ARMED_ACT = re.compile(r"^(?:shot|shoot|stabb|opened fire|open fire|fired (?:at|on|upon)|gunned|hacked)", re.IGNORECASE)


class SentenceAnalyzer:
    def __init__(self, *, doc, actors: list[ActorRef], places: list[PlaceRef], sources: list[SourceRef],
                 attributor: Attributor, published: dt.date | None, resolve_generic, inter_of):
        self.doc = doc
        self.actors = actors
        self.places = places
        self.sources = sources
        self.attributor = attributor
        self.published = published
        self.resolve_generic = resolve_generic
        self.inter_of = inter_of

    def analyze(self, index: int, sent: Span) -> SentenceResult:
        res = SentenceResult()
        self.attributor.attribute(sent, self.sources, following=self._quote_closer(sent))
        source_spans = self.attributor.subject_spans()

        def outside_sources(start: int, end: int) -> bool:
            return not any(s <= start and end <= e for s, e in source_spans)

        def source_for(i: int | None) -> str:
            return self.attributor.for_token(i).source or self.attributor.default

        sent_actors = [a for a in self.actors if sent.start <= a.root < sent.end and outside_sources(a.start, a.end)]
        res.places = [p for p in self.places if sent.start_char <= p.start < sent.end_char
                      and outside_sources(p.start, p.end) and not self._where_said(p)]
        dates = find_dates(sent.text, self.published)
        res.background = self._is_background(_main_clause_text(sent), dates)
        res.casualties = extract_casualties(sent, actors=sent_actors, source_for=source_for,
                                            resolve_generic=self.resolve_generic, sentence_index=index)
        res.responsible = self._responsible(sent, sent_actors)
        cues = find_cues(sent.text)
        # "the monitoring group said": words inside a source phrase are not event cues
        cues = {g: [c for c in v if outside_sources(sent.start_char + c.start, sent.start_char + c.end)]
                for g, v in cues.items()}
        cues = {g: v for g, v in cues.items() if v}
        # "state media did not report the fighting": denied or negated cues report nothing
        cues = {g: [c for c in v if not self._cue_negated(sent, c)] for g, v in cues.items()}
        cues = {g: v for g, v in cues.items() if v}
        if not cues:
            return res
        cues = self._drop_weapon_modifiers(sent, cues)
        # "arrested 12 suspects in connection with Saturday's suicide car bombing": the bombing is
        # the reason for this event, told before; it does not make one here
        cause = {g: [c for c in v if _CAUSE_BEFORE.search(sent.text[max(0, c.start - 60): c.start])]
                 for g, v in cues.items()}
        kept = {g: [c for c in v if c not in cause[g]] for g, v in cues.items()}
        if any(cause.values()) and any(kept.values()):
            cues = {g: v for g, v in kept.items() if v}
        # "Ogaden National Liberation Front": a capitalised cue inside a named actor is part of its name
        # (an air force named as the doer still makes an air strike)
        named = [(a.start - sent.start_char, a.end - sent.start_char) for a in sent_actors if not a.provisional] + [
            (e.start_char - sent.start_char, e.end_char - sent.start_char) for e in sent.ents if e.label_ == "ACTOR"]
        cues = {g: [c for c in v if g == "air" or not (c.text[:1].isupper() and c.start > 0
                                         and any(s <= c.start and c.end <= e for s, e in named))] for g, v in cues.items()}
        cues = {g: v for g, v in cues.items() if v}
        cues = self._drop_support_and_requests(sent, cues)
        if "protest" in cues:
            # "journalists protested against the arrest of their editor": what a protest is about is no intervention
            cues = {g: [c for c in v if g not in ("arrest", "intervention") or not self._protest_topic(sent, c)]
                    for g, v in cues.items()}
            cues = {g: v for g, v in cues.items() if v}
        triggers = [c for g, v in cues.items() if g in EVENT_GROUPS for c in v]
        if not triggers:
            return res
        first_cue = self._fight_between(sent, cues.get("clash", []), sent_actors) or min(triggers, key=lambda c: c.start)
        trigger = self._token(sent, first_cue.start, first_cue.end)
        roles = find_roles(trigger, sent, sent_actors)
        facts = self._facts(cues, roles, res.casualties, sent)
        typings = classify(facts)
        if typings and typings[0].cue is not first_cue:
            trigger = self._token(sent, typings[0].cue.start, typings[0].cue.end)
            roles = find_roles(trigger, sent, sent_actors)
            facts = self._facts(cues, roles, res.casualties, sent)
            typings = classify(facts) or typings
        bad_air = implausible_air(facts)
        if bad_air is not None:
            start = sent.start_char + bad_air.start
            agent = roles.agents[0].text if roles.agents else "a non-state group"
            res.warnings.append(Warning(kind="implausible_claim", message=(
                f"'{sent.text[max(0, bad_air.start - 25):bad_air.end].strip()}': {agent} is not known to fly "
                f"'{bad_air.text}'; probably a mistranslation of 'fighters'; not coded as an air strike"),
                evidence=TextSpan(text=bad_air.text, start=start, end=start + len(bad_air.text))))
        if res.background:
            return res
        statement = self.attributor.statement_tokens()  # "said in a statement late on Wednesday"
        claim_dates = [d for d in dates if self._token(sent, d.start, d.end).i not in statement]
        date = claim_dates[0] if claim_dates else None
        reported = dates[0] if dates and not claim_dates else None
        armed_patients = [p for p in roles.patients if p.inter in (1, 2, 3, 4, 8)]
        if armed_patients and not roles.mutual and len({p.name for p in roles.patients}) == 1:
            # "troops attacked HTS hideouts and killed dozens of people", "drones struck JNIM
            # fighters, neutralising 20 terrorists": the dead belong to the side that was hit
            generic = {self.resolve_generic("gunmen"), None}
            res.casualties = [c.model_copy(update={"actor": armed_patients[0].name})
                              if c.actor_text and not c.total and (_PEOPLE.match(c.actor_text) or (
                                  c.actor in generic and _FIGHTERS.match(c.actor_text))) else c
                              for c in res.casualties]
        if res.responsible is not None and not any(a.name == res.responsible.name for a in roles.agents):
            roles.agents.insert(0, res.responsible)
        if not roles.agents and any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in trigger.children):
            # "the army said its drones had struck ...": the speaker's own weapons
            speaker = self.attributor.for_token(trigger.i)
            if speaker.start is not None:
                own = [a for a in self.actors if speaker.start <= a.start and a.end <= speaker.end
                       and a.inter in (1, 2, 3, 4, 8)]
                if own:
                    roles.agents.append(own[0])
        quoted = sent.text.lstrip()[:1] in ("\"", "“")
        armed_roots = {a.root for a in sent_actors if a.inter in (1, 2, 3, 4, 8)}
        active_fire = any(t.lower_ in _FIRE_VERBS and any(c.dep_ == "nsubj" and c.i in armed_roots for c in t.children)
                          for t in sent)  # "Syrian forces fire hundreds of shells": told as its own act
        anaphoric = ((not roles.agents or roles.fallback) and not active_fire and bool(_ANAPHORA.search(sent.text))) or (
            quoted and not claim_dates)
        # "three people died and were found wrapped in blankets": the dead are the subject, not attackers
        found_dead = any(_FOUND_DEAD.match(c.text) for c in cues.get("violence", []))
        for typing in typings:
            if (typing.sub_event_type in ("Armed clash", "Attack") and typing.cue.group in ("clash", "violence")
                    and not _FIGHT_WORDS.match(typing.cue.text) and not _FOUND_DEAD.match(typing.cue.text)
                    and not roles.agents and not roles.patients and not res.casualties):
                continue  # "The wounded have been taken to Mogadishu": nobody did anything to anyone
            if (typing.sub_event_type in ("Armed clash", "Attack") and roles.agents and not roles.patients
                    and all(a.inter == 7 for a in roles.agents) and not _ARMED_ACT.match(typing.cue.text)
                    and not found_dead):
                continue  # "residents fled the fighting": civilians are not the attackers
            claim_att = self.attributor.for_token(trigger.i)
            source = claim_att.source or self.attributor.default
            agents, patients = roles.agents, roles.patients
            if (typing.sub_event_type in ("Change to group/activity", "Headquarters or base established")
                    and not agents and patients and all(p.inter in (1, 2, 3, 4, 8) for p in patients)):
                if not claim_dates:
                    continue  # "more troops were deployed to the area": the aftermath of an event told before
                agents, patients = patients, []  # "officers were moved to secure the area": they are the doers
            res.claims.append(Claim(
                sentence=index, event_type=typing.event_type, sub_event_type=typing.sub_event_type,
                trigger=typing.cue.text,
                agents=[self._mention(a) for a in agents],
                patients=[self._mention(p) for p in patients],
                places=[Mention(text=p.text, start=p.start, end=p.end,
                                resolved=p.best.name if p.best else None, rule=p.relation) for p in res.places],
                date=date.date if date else None, time_precision=date.precision if date else None,
                reported_date=reported.date if reported else None,
                source=source, evidence=TextSpan(text=sent.text, start=sent.start_char, end=sent.end_char),
                anaphoric=anaphoric))
        return res

    # ---- helpers ----------------------------------------------------------------------
    def _token(self, sent: Span, start: int, end: int) -> Token:
        span = self.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
        tok = span.root if span is not None and len(span) else sent.root
        # "artillery shells", "drone strike": the phrase's head carries the roles
        while (tok.dep_ in ("compound", "amod") and tok.head is not tok and tok.head.i - tok.i <= 3
               and tok.pos_ in ("NOUN", "PROPN", "ADJ") and not tok.tag_.startswith("VB")):
            tok = tok.head
        return tok

    def _mention(self, ref: ActorRef) -> Mention:
        return Mention(text=ref.text, start=ref.start, end=ref.end, resolved=ref.name, rule=ref.rule)

    def _demonstration(self) -> bool:
        """Whether the report tells of a demonstration anywhere (a protest cue in any sentence)."""
        if not hasattr(self, "_demo"):
            self._demo = bool(lexicon().groups["protest"].search(self.doc.text) or _DEMANDS.search(self.doc.text))
        return self._demo

    def _firearms(self) -> bool:
        """Whether the report tells of guns fired ("the two sides exchanged fire", "indiscriminate shooting")."""
        if not hasattr(self, "_guns"):
            self._guns = bool(_FIREARMS.search(self.doc.text))
        return self._guns

    def _off_duty(self, sent: Span, roles: Roles, casualties: list[CasualtyClaim]) -> bool:
        """Whether the armed people hit were off duty, retired or at home ("Al Shabaab militants
        shot a soldier (off-duty)", "a former soldier was killed by Taliban militants")."""
        heads = [self.doc[p.root] for p in roles.patients if p.inter in (1, 2, 3, 4, 8)]
        for c in casualties:
            if not c.actor_text or not is_armed(c.actor_text):
                continue
            at = sent.text.find(c.actor_text)
            if at >= 0:
                span = self.doc.char_span(sent.start_char + at, sent.start_char + at + len(c.actor_text),
                                          alignment_mode="expand")
                if span is not None and len(span):
                    heads.append(span.root)
        for head in heads:
            # the victim's own phrase with what is said of him ("who was off duty"), not what he
            # did to others ("individuals who had just shot two off-duty policemen")
            skip: set[int] = set()
            for t in head.subtree:
                if t is not head and t.dep_ in ("relcl", "acl") and any(c.dep_ == "dobj" for c in t.children):
                    skip.update(x.i for x in t.subtree)
            phrase = " ".join(t.text for t in head.subtree if t.i not in skip)
            if _OFF_DUTY.search(phrase.replace(" - ", "-")):
                return True
        return False

    def _facts(self, cues, roles: Roles, casualties: list[CasualtyClaim], sent: Span) -> ClauseFacts:
        facts = ClauseFacts(cues=cues, mutual=roles.mutual, demonstration=self._demonstration(),
                            firearms=self._firearms())
        if roles.agents:
            facts.agent_inter = roles.agents[0].inter
        if roles.patients:
            facts.patient_inter = roles.patients[0].inter
            facts.patient_civilian = any(p.inter == 7 for p in roles.patients)
            facts.patient_armed = any(p.inter in (1, 2, 3, 4, 8) for p in roles.patients)
        elif not casualties:
            obj = self._object_text(sent, cues)
            if not re.match(r"\s*by\b", obj):  # "a shooting by armed men": the agent, not the target
                facts.patient_civilian = bool(obj) and is_civilian(obj) and not is_armed(obj)
                facts.patient_armed = bool(obj) and is_armed(obj)
        for c in casualties:
            inter = self.inter_of(c.actor) if c.actor else None
            text = c.actor_text or ""
            if inter == 7 or (inter is None and is_civilian(text) and not is_armed(text)):
                facts.victims_civilian = True
            elif inter in (1, 2, 3, 4, 8) or (inter is None and is_armed(text)):
                facts.victims_armed = True
        facts.has_casualties = any(c.kind in ("killed", "injured") and c.best > 0 for c in casualties)
        fight = any(_FIGHT_WORDS.match(c.text) for c in cues.get("clash", []) + cues.get("direct_fire", []))
        if (facts.patient_armed or facts.victims_armed) and not roles.mutual and not fight \
                and self._off_duty(sent, roles, casualties):
            facts.patient_armed = facts.victims_armed = False
            facts.patient_civilian = facts.victims_civilian = True
            facts.patient_inter = 7
        tk = cues.get("takeover", []) + cues.get("regain", [])
        for cue in tk:
            tok = self._token(sent, cue.start, cue.end)
            objects = [c for c in tok.children if c.dep_ in ("dobj", "prep", "nsubjpass", "attr")]
            obj_ids = {t.i for c in objects for t in c.subtree}
            obj_text = " ".join(self.doc[i].text for i in sorted(obj_ids)) if obj_ids else sent.text[cue.end: cue.end + 30]
            obj_text = obj_text[:60]
            heads = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
            head_text = " ".join(t.text for h in heads for t in h.subtree if t.i == h.i or t.dep_ == "compound")
            dobj_ids = {t.i for h in heads for t in h.subtree}
            if "control" in cue.text.lower() or (_TERRITORY.search(head_text or obj_text)) or any(
                    p.best is not None and p.root in dobj_ids for p in self.places):
                facts.territory_object = True
            elif cue.group == "regain":
                # "the army re-captured Quissanga": a retaken name the gazetteer lacks is still a place
                after = next((t for t in sent if t.idx >= sent.start_char + cue.end), None)
                named = [h for h in heads if h.pos_ == "PROPN"] or (
                    [after] if after is not None and after.pos_ == "PROPN" else [])
                if any(h.ent_type_ not in ("PERSON", "ACTOR") and not any(a.start <= h.idx < a.end for a in self.actors)
                       for h in named):
                    facts.territory_object = True
        facts.clash_main = any(
            self._token(sent, c.start, c.end).dep_ in ("ROOT", "ccomp") and self._token(sent, c.start, c.end).pos_ == "VERB"
            and _FIGHTING.match(c.text) for c in cues.get("clash", []))
        return facts

    def _fight_between(self, sent: Span, clash_cues, sent_actors):
        """"Six people were killed in a shootout between soldiers and gunmen": a fight between
        two armed sides is the event, and the dead are its casualties, not an attack's victims."""
        for c in clash_cues:
            tok = self._token(sent, c.start, c.end)
            if tok.pos_ != "NOUN" or not any(ch.dep_ == "prep" and ch.lower_ == "between" for ch in tok.children):
                continue
            r = find_roles(tok, sent, sent_actors)
            armed = {a.name for a in r.agents + r.patients if a.inter in (1, 2, 3, 4, 8)}
            if r.mutual and len(armed) >= 2:
                return c
        return None

    def _where_said(self, place: PlaceRef) -> bool:
        """"a police spokesman said in Kano", "told reporters in Goma": where a statement was
        made, not where the event happened."""
        tok = self.doc[place.root]
        while tok.dep_ in ("compound", "amod") and tok.head is not tok:
            tok = tok.head
        if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
            return False
        head = tok.head.head
        if head.dep_ == "dobj" and head.lower_ in ("reporters", "journalists", "media", "press"):
            head = head.head  # "told reporters in Goma"
        # someone speaking ("a spokesman said in Kano"), not "in Belford Roxo, it was reported"
        return head.lower_ in _SPEECH_VERBS and any(c.dep_ == "nsubj" and c.lower_ != "it" for c in head.children)

    def _object_text(self, sent: Span, cues) -> str:
        first = min((c for v in cues.values() for c in v), key=lambda c: c.start)
        text = sent.text[first.end: first.end + 80]
        # "... on Saturday, residents said": the speakers are not the target
        return _SAID_TAIL.split(text, maxsplit=1)[0]

    def _quote_closer(self, sent: Span) -> Span | None:
        """'"We lost four of our brave soldiers ...' continues in a later sentence that says who speaks."""
        text = sent.text.lstrip()
        if not text or text[0] not in "\"“":
            return None
        if text.count("\"") + text.count("“") + text.count("”") >= 2:
            return None
        nxt = self.doc[sent.end: min(len(self.doc), sent.end + 80)]
        for s2 in nxt.sents if len(nxt) else []:
            if any(t.is_quote for t in s2):
                return s2
            break
        return None

    def _responsible(self, sent: Span, actors: list[ActorRef]) -> ActorRef | None:
        by = _CLAIMED_BY.search(sent.text)
        if by:
            # "in an attack claimed by the al Qaeda-linked al-Shabaab group"
            after = [a for a in actors if a.start >= sent.start_char + by.end() and not a.provisional
                     and a.inter in (1, 2, 3, 4, 8)]
            if after:
                return after[0]
        m = _RESPONSIBILITY.search(sent.text)
        if not m:
            return None
        word = m.group(1) or m.group(2)
        verb = self._token(sent, m.start(), m.start() + len(word))
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        ids = {t.i for t in subj.subtree} if subj is not None else set(range(sent.start, verb.i))
        named = [a for a in actors if a.root in ids and not a.provisional and a.inter in (1, 2, 3, 4, 8)]
        return named[0] if named else None

    def _drop_weapon_modifiers(self, sent: Span, cues):
        """"attack drones", "assault rifles": a violence word that only modifies a weapon."""
        weapons = [c for g in ("air", "shelling", "ied") for c in cues.get(g, [])]
        if not weapons:
            return cues
        out = {}
        for g, v in cues.items():
            if g in ("clash", "violence"):
                v = [c for c in v if not any(0 < w.start - c.end <= 2 for w in weapons)]
            if v:
                out[g] = v
        return out

    def _drop_support_and_requests(self, sent: Span, cues):
        """Cues that tell no act of their own: the air force named as support inside a battle ("thanks
        to the rapid intervention of the air force, dozens were neutralised"), and a development
        only asked for ("civil society called on the army to step up patrols")."""
        out = {}
        for g, v in cues.items():
            if g == "air":
                v = [c for c in v if not (_AIR_SERVICE.fullmatch(c.text)
                                          and _SUPPORT_BEFORE.search(sent.text[max(0, c.start - 40): c.start]))]
            else:
                v = [c for c in v if not self._requested(sent, c, strict=g not in _REQUESTABLE)]
            if v:
                out[g] = v
        return out

    def _protest_topic(self, sent: Span, cue) -> bool:
        """Whether CUE names what a protest is against ("against the detention of activists",
        "protesting the killing of a commander arrested years ago") rather than what forces did to it."""
        tok = self._token(sent, cue.start, cue.end)
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("ROOT", "conj", "ccomp", "advcl", "xcomp"):
            return False  # "police arrested 12 protesters", "protesters were dispersed": told as an act
        for anc in tok.ancestors:
            if anc.i < sent.start:
                break
            if anc.lower_ in ("against", "over", "about") or (anc.pos_ == "VERB" and _PROTEST_VERB.match(anc.text)):
                return True
            if anc.pos_ == "VERB" and anc.dep_ in ("ROOT", "conj", "ccomp", "advcl"):
                return False
        return False

    def _requested(self, sent: Span, cue, *, strict: bool) -> bool:
        """Whether CUE lies inside what a request verb asks for. STRICT (violent and other acts): only
        inside an asked-for action ("urged the army to step up patrols where attacks are frequent"),
        not a named event ("called for an inquiry into the killing")."""
        tok = self._token(sent, cue.start, cue.end)
        asked_act = tok.dep_ == "xcomp" and tok.pos_ in ("VERB", "AUX")
        for anc in tok.ancestors:
            if anc.i < sent.start:
                break
            if anc.pos_ == "VERB" and _REQUEST_VERB.match(anc.text):
                return asked_act or not strict
            asked_act = asked_act or (anc.dep_ == "xcomp" and anc.pos_ in ("VERB", "AUX"))
        return False

    def _cue_negated(self, sent: Span, cue) -> bool:
        window = sent.text[max(0, cue.start - 25): cue.start]
        if re.search(r"\b(?:no|not|never|without|denied|deny|denies)\s+(?:\w+\s+){0,2}$", window, re.I):
            return True
        tok = self._token(sent, cue.start, cue.end)
        return self.attributor.for_token(tok.i).negated

    def _is_background(self, text: str, dates) -> bool:
        if dates:
            if self.published and all(d.date and (self.published - d.date).days > 60 for d in dates):
                return True
            return False
        return bool(_BACKGROUND.search(text))
