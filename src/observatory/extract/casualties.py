"""Casualty claims: how many of whom were killed, injured, captured, missing or displaced.

For each number phrase in a sentence (`observatory.numbers`), find the noun it counts,
the side that noun belongs to, and the word that says what happened to them, then keep
the claim only if it is about people and harm. "including at least four officers"
makes a part of the claim before it; "nearly 100 fighters and soldiers" is a total
over several sides.

Reading the figure's role in the story matters as much as reading the number:

- an updated or stated toll ("the death toll has risen to seven", "put the toll at three")
  is the source's figure for the whole event, not one more side to add;
- "two more bodies", "another three died", "two of the wounded died" add to an earlier
  figure: they count only where no toll says the total;
- "eight civilians, among them three children", "four people, three of them fighters":
  the second figure is a part of the first;
- a tally over a period ("19 people killed this month", "200 killed since September") is
  context, not the event's toll, and is not a claim at all.
"""

from __future__ import annotations

import re

from typing import Literal

from spacy.tokens import Span, Token

from observatory.extract.mentions import ActorRef, doc_text
from observatory.numbers import find_quantities
from observatory.records import CasualtyClaim, Span as TextSpan

Role = Literal["toll", "updated_toll", "increment", "part"]


class CasualtyReading(CasualtyClaim):
    """A casualty claim with its role in the story, which assembly needs to add figures up
    correctly: a toll is the source's whole figure, an increment or a part is not added to
    it. (Kept here, not in `records`, until the contract records carry a role.)"""

    role: Role | None = None


KIND_WORDS: dict[str, str] = {}
for _kind, _words in {
    "killed": "kill killed killing kills dead died die dies dying death deaths fatalities fatality lives life "
              "bodies body slain massacred executed perished toll corpses martyred murdered beheaded lynched "
              "neutralised neutralized neutralising neutralizing eliminated lost assassinated",
    "injured": "injured injuring injure injures injuries injury wounded wounding wounds hurt casualties maimed "
               "treated hospitalised hospitalized",
    "captured": "captured capture prisoner prisoners detained arrested arrest arrests abducted kidnapped "
                "hostage hostages held detainees abductees custody",
    "missing": "missing disappeared unaccounted",
    "displaced": "displaced fled flee fleeing homeless evacuated uprooted displacement",
}.items():
    for _w in _words.split():
        KIND_WORDS[_w] = _kind
_NOT_PEOPLE = re.compile(r"^(?:shells?|rockets?|missiles?|drones?|rounds?|bombs?|mortars?|districts?|villages?|towns?|"
                         r"cities|areas?|kilomet\w+|km|miles?|houses?|homes?|buildings?|vehicles?|tanks?|"
                         r"positions?|days?|weeks?|months?|years?|hours?|minutes?|times|locations?|fronts?|"
                         r"strikes?|airstrikes?|attacks?|raids?|incidents?|clashes|tons?|dollars?|percent|"
                         r"sites?|targets?|munitions|weapons|shots|bullets|cars|trucks|aircraft|jets?|"
                         r"helicopters?|planes?|schools?|hospitals?|ambulances?|acres?|hectares?|"
                         r"checkpoints?|bases?|depots?|posts?|neighbou?rhoods?|provinces?|regions?|governorates?|"
                         r"states?|countries|streets?|roads?|kg|tonnes?|cases?)$", re.IGNORECASE)
_PERSON = re.compile(r"^(?:people|persons?|civilians?|soldiers?|troops?|fighters?|members?|militants?|men|women|"
                     r"children|child|boys?|girls?|officers?|policem[ae]n|police|rebels?|insurgents?|gunmen|"
                     r"residents?|villagers?|farmers?|workers?|students?|protesters?|demonstrators?|journalists?|"
                     r"others?|family|families|individuals?|suspects?|militiamen|personnel|guards?|staff|"
                     r"prisoners?|hostages?|victims?|passengers?|worshipp?ers|pilgrims?|commanders?|elements?|"
                     r"servicemen|recruits?|jihadists?|terrorists?|combatants?|detainees?|relatives?|"
                     r"teenagers?|minors?|infants?|babies|baby|man|woman|person|paramedics?|medics?|"
                     r"doctors?|nurses?|teachers?|traders?|herders?|refugees?|migrants?|fishermen|miners?|"
                     r"drivers?|policemen|gendarmes?|agents?|security|army|forces|dead|injured|wounded|bodies|corpses|"
                     r"terrorists?|militants?|assailants?|attackers?|bandits?|fatalit(?:y|ies)|deaths?|casualties|"
                     r"aggressors?|criminals?|hitm[ae]n|gangsters?|kidnappers?|robbers?|pirates?|"
                     r"smugglers?|poachers?|raiders?|abductors?|gunm[ae]n|snipers?|perpetrators?|cadres?|operatives?|"
                     r"extremists?|separatists?|mercenaries|conscripts?|volunteers?|invaders?|occupiers?|"
                     r"martyrs?|victims?|"
                     r"of|were|was|had|have|are|killed|died)$", re.IGNORECASE)


def _kind_of_word(tok: Token) -> str | None:
    kind = KIND_WORDS.get(tok.lower_)
    if kind == "killed" and tok.lower_ in ("lives", "life"):
        return "killed" if any(t.lower_ in ("lost", "claimed") for t in tok.head.subtree) else None
    if tok.lower_ in ("held", "custody", "arrest", "arrests") and tok.dep_ not in ("ROOT", "conj", "advcl", "relcl", "ccomp"):
        return None
    return kind


def _kind_near(tokens: list[Token]) -> str | None:
    for t in tokens:
        k = _kind_of_word(t)
        if k:
            return k
        # "taken prisoner"
        if t.lower_ == "taken" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ in ("prisoner", "prisoners", "hostage", "captive"):
            return "captured"
    return None


def _counted_noun(qtoks: Span) -> Token:
    last = qtoks[-1]
    if last.dep_ == "nummod" or (last.dep_ in ("quantmod", "amod") and last.head.pos_ in ("NOUN", "PROPN")):
        return last.head
    return last


def _casualty_kind(noun: Token, qtoks: Span, sent: Span) -> str | None:
    # 1. right after the phrase: "three killed", "12 people wounded", "five were taken prisoner"
    after = []
    for t in sent.doc[qtoks.end: min(qtoks.end + 7, sent.end)]:
        if t.lower_ in ("who", "whom", "whose", "which", "that") or t.dep_ == "relcl":
            break  # "a resident who helped collect the bodies": the clause tells what the resident did
        if t.is_punct or (t.pos_ == "VERB" and _has_victim(t)):
            continue  # "raped a woman, killed at least 6 civilians": that verb has its own victims
        after.append(t)
    own = _kind_of_word(noun) if noun.i >= qtoks.start else None
    if own:  # "no injuries", "the deaths"
        return own
    head = noun
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    # "Dozens of soldiers have been killed": the numeral itself heads the phrase
    if head.dep_ in ("nsubjpass", "nsubj"):
        verb = head.head
        if head.dep_ == "nsubj" and _kills_someone(verb):
            return None  # "two militants shot and killed a civilian": the figure counts the killers
        k = _kind_of_word(verb) or _kind_near([c for c in verb.children if c.dep_ in ("acomp", "xcomp", "oprd", "attr", "dobj")])
        if k:
            return k
        k = _kind_near([verb] + list(verb.rights)[:3])
        if k:
            return k
    if head.dep_ in ("dobj", "oprd") or (head.dep_ == "pobj" and head.head.lower_ in ("of",) and head.head.head.pos_ == "VERB"):
        verb = head.head if head.dep_ != "pobj" else head.head.head
        k = _kind_of_word(verb)
        if k:
            return k
    if head.dep_ == "pobj" and head.head.lower_ == "of":
        k = _kind_of_word(head.head.head)  # "the deaths of 44 HTS members"
        if k:
            return k
    if head.dep_ == "appos" or head.dep_ == "attr":
        k = _kind_of_word(head.head)
        if k:
            return k
    prev = sent.doc[qtoks.start - 1] if qtoks.start > sent.start else None
    if prev is not None and (prev.tag_.startswith("VB") or (
            prev.lower_ == "dead" and prev.i > sent.start and prev.doc[prev.i - 1].lower_ == "shot")):
        k = _kind_of_word(prev)  # "..., killing at least eight soldiers, the group said", "shot dead two"
        if k:
            return k
    k = _kind_near(after[:5])
    if k:
        return k
    if _toll_window(qtoks, sent):  # "put the number of injured at 14", "the death toll rose to 15"
        before = list(sent.doc[max(sent.start, qtoks.start - 7): qtoks.start])
        return _kind_near([t for t in before if t.lower_ != "toll"]) or "killed"
    return None


def _toll_window(qtoks: Span, sent: Span) -> bool:
    """A toll word shortly before the figure: "the number of fatalities ... 10"."""
    before = sent.doc[max(sent.start, qtoks.start - 7): qtoks.start]
    return any(t.lower_ in ("toll", "number", "figure", "tally", "count") for t in before)


def _has_victim(verb: Token) -> bool:
    """VERB harms someone it names: "killed a civilian" (not "lost their lives")."""
    return _kind_of_word(verb) is not None and not any(c.dep_ == "auxpass" for c in verb.children) and any(
        c.dep_ == "dobj" and c.lower_ not in ("lives", "life") for c in verb.children)


def _kills_someone(verb: Token) -> bool:
    """VERB, or a verb joined to it ("shot and killed"), kills or wounds someone it names."""
    return any(_has_victim(v) for v in [verb, *(c for c in verb.children if c.dep_ == "conj")])


# A figure inside what an event answers, protests or remembers is an earlier event's:
# "in retaliation for the killing of 3 separatists", "protesting the deaths of two teenagers".
_CAUSE_WORDS = frozenset("retaliation revenge reprisal avenge protest protesting protested condemn condemning "
                         "denounce denouncing mourn mourning commemorate commemorating anniversary funeral vigil "
                         "justice memorial trigger triggered".split())


def _told_as_cause(noun: Token) -> bool:
    """True when NOUN sits under a word of retaliation, protest or mourning (not across a
    relative clause: "a protest in which 3 people were killed" is this event's toll)."""
    t = noun
    while t.head.i != t.i and t.dep_ != "relcl":
        t = t.head
        if t.lower_ in _CAUSE_WORDS or t.lemma_.lower() in _CAUSE_WORDS:
            return True
        if t.dep_ == "prep" and t.i > 0 and t.doc[t.i - 1].lower_ in _CAUSE_WORDS:
            return True  # "in revenge for the killing of ...", the "for" hung on the main verb
    return False


def _subtree_without_clauses(noun: Token) -> list[Token]:
    out = []
    stack = [noun]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in ("relcl", "acl", "punct", "cc", "appos") or c.lower_ in ("including", "among"):
                continue
            if c.dep_ == "conj":
                continue
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def _including_parent(noun: Token, nouns: list[Token]) -> int | None:
    """Index in NOUNS of the figure that "including ..." / "among them ..." makes NOUN a part of."""
    for a in noun.ancestors:
        if a.lower_ in ("including", "among"):
            parent = a.head
            for idx, n in enumerate(nouns):
                if n.i == parent.i or parent.i in {t.i for t in n.subtree}:
                    return idx
            return None
    return None


def _actor_after(qtoks: Span, sent: Span, actors: list[ActorRef]) -> ActorRef | None:
    """'37 members [Syrian] “Regiment forces': a garbled phrase; the first actor before the verb."""
    for t in sent.doc[qtoks.end: min(qtoks.end + 7, sent.end)]:
        ref = next((r for r in actors if r.root == t.i), None)
        if ref is not None:
            return ref
        if t.pos_ in ("VERB", "AUX") or t.text in (",", ";", ".") and t.i > qtoks.end + 1:
            return None
    return None


def extract_casualties(
    sent: Span,
    *,
    actors: list[ActorRef],
    source_for,
    resolve_generic,
    sentence_index: int,
) -> list[CasualtyClaim]:
    """The casualty claims in one sentence; SOURCE_FOR(token index) names who claims each."""
    doc = sent.doc
    claims: list[CasualtyClaim] = []
    nouns: list[Token] = []
    spans: list[tuple[int, int]] = []
    ends: list[int] = []  # where each claim's number phrase ends, in sentence offsets
    may_toll = bool(_TOLL_HINT.search(sent.text))
    for q in find_quantities(sent.text):
        qtoks = doc.char_span(sent.start_char + q.start, sent.start_char + q.end, alignment_mode="expand")
        if qtoks is None or len(qtoks) == 0:
            continue
        noun = _counted_noun(qtoks)
        before, after_text = sent.text[:q.start], sent.text[q.end:]
        toll = _toll(before) if may_toll else None
        if noun.i >= qtoks.end and _NOT_PEOPLE.match(noun.text):
            continue
        # "hundreds of artillery shells": the counted thing follows "of"
        of_obj = next((gc for c in noun.children if c.lower_ == "of" for gc in c.children if gc.dep_ == "pobj"), None)
        if of_obj is not None and _NOT_PEOPLE.match(of_obj.text):
            continue
        if toll is None and q.qualifier != "none" and noun.i >= qtoks.end and not _PERSON.match(noun.text):
            # a count of something else, unless an actor name is the noun ("44 HTS", "3 Taliban")
            if not any(r.root == noun.i for r in actors):
                continue
        parent = _including_parent(noun, nouns)
        if parent is None and claims:
            between = sent.text[ends[-1]:q.start]
            if _PART_BEFORE.search(between) or _PART_AFTER.match(after_text):
                parent = len(claims) - 1  # "eight civilians, among them three children"
            elif claims[-1].subset_of is not None and _AND_BEFORE.match(between):
                parent = claims[-1].subset_of  # "... among them four children and two women"
        role: Role | None = None
        if toll is not None:
            kind, updated = toll
            role = "updated_toll" if updated else "toll"
        else:
            kind = _casualty_kind(noun, qtoks, sent)
        if kind is None and parent is not None:
            kind = claims[parent].kind  # "including at least four officers" shares the parent's fate
        if kind is None:
            continue
        if role is None:
            if parent is None and _PART_AFTER.match(after_text):
                role = "part"  # "Three of them were children.": a part of a figure told before
            elif (_INCREMENT_AFTER.match(after_text) or _INCREMENT_BEFORE.search(before)
                  or (kind == "killed" and _OF_THE_WOUNDED.match(after_text))):
                role = "increment"  # "two more bodies", "another three", "two of the wounded died"
        if role is None and noun.i < qtoks.end and _toll_window(qtoks, sent):
            role = "toll"  # "Unknown number of fatalities put at 10": a toll, not one more side
        if _period_tally(noun) or _told_as_cause(noun):
            continue  # "19 people killed this month": the monitor's tally, not this event's toll
        region = _subtree_without_clauses(noun)
        region_ids = {t.i for t in region} | set(range(qtoks.start, qtoks.end))
        if of_obj is not None:
            region_ids |= {t.i for t in _subtree_without_clauses(of_obj)}
        qrange = range(qtoks.start, qtoks.end)
        actor = next((r for r in actors if r.root in region_ids and r.root not in qrange), None)
        if actor is None and noun.i >= qtoks.start:
            actor = _actor_after(qtoks, sent, actors)
        phrase_toks = [t for t in doc[qtoks.end: max(region_ids) + 1] if t.i in region_ids]
        phrase = " ".join(t.text for t in phrase_toks).strip() or None
        actor_name = actor.name if actor else None
        if actor_name is None and phrase:
            actor_name = resolve_generic(phrase) or resolve_generic(phrase.split()[-1])  # "apostate soldiers"
        if parent is not None and (actor_name is None or actor is None):
            actor_name = claims[parent].actor  # "including at least four officers": the parent's side
        elif claims and phrase and re.match(r"^(?:others?|more)$", phrase, re.I):
            actor_name = claims[-1].actor  # "three civilians killed and 12 others injured"
        if actor_name is None and phrase is None and claims and noun.i < qtoks.end:
            # "..., five were taken prisoner": the same side as the figure before
            actor_name = claims[-1].actor
            if parent is None and claims[-1].subset_of is not None:
                actor_name = claims[claims[-1].subset_of].actor
        conj_sides = [c for c in (of_obj or noun).children if c.dep_ == "conj"]
        total = bool(conj_sides) and not any(_has_quantity(c, qtoks) for c in conj_sides)
        ev_start, ev_end = sent.start_char + q.start, sent.start_char + q.end
        if phrase_toks and phrase_toks[-1].i - qtoks.end < 8:
            ev_end = max(ev_end, phrase_toks[-1].idx + len(phrase_toks[-1]))
        nouns.append(noun)
        spans.append((qtoks.start, qtoks.end))
        ends.append(q.end)
        claims.append(CasualtyReading(
            role=role, actor=None if total else actor_name, actor_text=phrase, kind=kind,
            low=q.low, best=q.best, high=q.high, qualifier=q.qualifier, source=source_for(qtoks.root.i),
            evidence=TextSpan(text=doc_text(doc)[ev_start:ev_end], start=ev_start, end=ev_end),
            context=TextSpan(text=sent.text, start=sent.start_char, end=sent.end_char),
            subset_of=parent, total=total, sentence=sentence_index))
    claims += _unnumbered(sent, actors, spans, source_for, resolve_generic, sentence_index)
    if not any(c.kind == "killed" for c in claims):
        claims += _singular_by_pattern(sent, actors, source_for, resolve_generic, sentence_index)
    for c in claims:
        if c.actor_text and _COUNT_NOUNS.match(c.actor_text) and len(claims) > 1:
            c.total = True  # "... 2 fatalities": a restated total, not one more side
            c.actor = None
    return claims


_COUNT_NOUNS = re.compile(r"^(?:fatalit(?:y|ies)|deaths?|casualties)$", re.IGNORECASE)
_KILL = (r"(?:shot (?:dead|and killed)|killed|murdered|assassinated|beheaded|executed|lynched|slain|"
         r"(?:stabbed|beaten|hacked|burned|burnt) to death|found dead|gunned down)")
_SINGULAR_KILLED = re.compile(
    rf"\b(?:a|an|one)\s+((?:[\w'’-]+\s+){{0,3}}?[a-z][\w-]*)\s+(?:was|has been|had been|were)\s+(?:[a-z]+ed\s+and\s+)?{_KILL}\b"
    rf"|\b{_KILL}\s+(?:a|an|one)\s+((?:[\w'’-]+\s+){{0,3}}?[a-z][\w-]*)\b", re.IGNORECASE)


def _singular_by_pattern(sent, actors, source_for, resolve_generic, sentence_index) -> list[CasualtyClaim]:
    """'a PCC leader was killed', 'gunmen shot dead a member of ...': one death, found by its
    words when the parse of a long ACLED-style sentence goes astray."""
    m = _SINGULAR_KILLED.search(sent.text)
    if not m:
        return []
    phrase = (m.group(1) or m.group(2)).strip()
    if _NOT_PEOPLE.match(phrase.split()[-1]):
        return []
    start = sent.start_char + m.start()
    end = sent.start_char + m.end()
    actor = next((r.name for r in actors if start <= r.start < end), None) or resolve_generic(phrase.split()[-1])
    tok = sent.doc.char_span(start, end, alignment_mode="expand")
    return [CasualtyClaim(
        actor=actor, actor_text=phrase, kind="killed", low=1, best=1, high=1, qualifier="exact",
        source=source_for(tok.root.i if tok is not None else None),
        evidence=TextSpan(text=sent.text[m.start():m.end()], start=start, end=end),
        context=TextSpan(text=sent.text, start=sent.start_char, end=sent.end_char), sentence=sentence_index)]


_UNNUMBERED_HEADS = re.compile(r"^(?:civilians|people|soldiers|troops|fighters|militants|children|women|residents|"
                               r"villagers|protesters|demonstrators|policemen|officers|rebels|insurgents)$", re.I)
_SINGULAR_HEADS = re.compile(r"^(?:victim|man|woman|boy|girl|child|soldier|civilian|policeman|officer|farmer|resident|"
                             r"driver|teacher|student|journalist|doctor|nurse|worker|trader|herder|villager|person|"
                             r"teenager|youth|baby|infant|militant|fighter|member|leader|guard|commander)$", re.I)


def _unnumbered(sent, actors, taken, source_for, resolve_generic, sentence_index) -> list[CasualtyClaim]:
    """'civilians, including children, were killed': deaths without a number.

    ACLED codes deaths reported without a number as 3 (10 for a major attack); the
    claim keeps qualifier "unspecified" so a later, numbered report replaces it.
    """
    out = []
    for tok in sent:
        head_ok = tok.dep_ in ("nsubjpass", "nsubj", "dobj") or (
            tok.dep_ == "conj" and tok.head.dep_ in ("nsubjpass", "nsubj", "dobj"))
        single = head_ok and tok.tag_ == "NN" and not _NOT_PEOPLE.match(tok.text) and any(
            c.lower_ in ("a", "an", "one") for c in tok.children) and (
            _SINGULAR_HEADS.match(tok.text) or tok.dep_ != "nsubj")
        if not single and (tok.dep_ not in ("nsubjpass", "dobj") or not _UNNUMBERED_HEADS.match(tok.text)):
            continue
        if any(a <= t.i < b for t in tok.subtree for a, b in taken) or any(
                t.like_num or t.pos_ == "NUM" or t.lower_ in ("dozens", "hundreds", "scores", "several", "many", "some", "no")
                for t in tok.subtree):
            continue
        verb = tok.head if tok.dep_ != "conj" else tok.head.head
        if _kind_of_word(verb) != "killed" or (tok.dep_ == "nsubj" and verb.lower_ not in ("died", "dies", "perished")):
            continue
        if _asked_or_denied(verb):
            continue  # "did not say whether any rebels were killed": no claim that anyone was
        actor = next((r for r in actors if r.root == tok.i), None)
        name = actor.name if actor else resolve_generic(tok.text)
        n, high, qual = (1, 1, "exact") if single else (3, None, "unspecified")
        out.append(CasualtyClaim(
            actor=name, actor_text=tok.text, kind="killed", low=n, best=n, high=high, qualifier=qual,
            source=source_for(tok.i), evidence=TextSpan(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text)),
            context=TextSpan(text=sent.text, start=sent.start_char, end=sent.end_char), sentence=sentence_index))
    return out


def _asked_or_denied(verb: Token) -> bool:
    """VERB is negated, or sits in a "whether"/"if" clause: a question, not a claim."""
    if any(c.dep_ == "neg" or c.lower_ in ("whether", "if") for c in verb.children):
        return True
    return any(a.lower_ in ("whether", "if") or any(c.dep_ == "mark" and c.lower_ in ("whether", "if")
                                                      for c in a.children) for a in verb.ancestors)


def _has_quantity(tok: Token, qtoks: Span) -> bool:
    return any(t.like_num or t.pos_ == "NUM" for t in tok.subtree if t.i not in range(qtoks.start, qtoks.end))


# ---- the figure's role in the story ------------------------------------------------------------

# Cheap test first: most sentences name no toll, so the long pattern below rarely runs.
_TOLL_HINT = re.compile(r"\b(?:toll|number|count|tally|total)\b", re.IGNORECASE)
# "the death toll ... has risen to", "put the toll at", "a toll of", "the number of people killed
# in ... has reached": a toll noun, then (in the same clause) a verb or preposition right before
# the figure. The figure must follow at once: "the toll was unclear, but police said 5" is no toll.
_TOLL = re.compile(
    r"(?P<noun>\b(?:[\w-]+\s+)?toll\b|\b(?:number|count|tally|total)\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
    r"(?:killed|dead|deaths|died|martyrs|fatalities|victims|bodies|casualties|injured|wounded|injuries|hurt)\b)"
    r"(?P<mid>[^;!?]{0,200}?)"
    r"(?P<verb>\b(?:(?:has|have|had)\s+(?:now\s+|since\s+|further\s+|already\s+)?)?"
    r"(?:risen|rose|rises|rise|climbed|climbs|climb|increased|increases|jumped|jumps|reached|reaches|grown|grew|"
    r"gone\s+up|went\s+up|goes\s+up|mounted|mounts|hit|hits|soared|surged|stands|stood|is|was|were|put|puts|"
    r"putting|placed|places|placing|bringing|brings|brought|raising|raises|raised|pushing|pushed|taking|took|"
    r"now)\b)?"
    r"\s*(?:now\s+)?(?P<prep>to|at|of|:)?\s*$", re.IGNORECASE)
_UPDATED = re.compile(r"ris|rose|climb|increas|jump|reach|grow|grew|up\b|mount|soar|surg|bring|brought|rais|push|"
                      r"tak|took", re.IGNORECASE)
_SPECULATIVE = re.compile(r"\b(?:expected|likely|feared|fears|could|may|might|would|will|set)\b", re.IGNORECASE)
# "including", "among them" right before a figure: a part of the figure before it.
_PART_BEFORE = re.compile(r"(?:\bincluding|\bamong\s+(?:them|whom|those|the\s+(?:dead|victims|killed))|\bof\s+whom|"
                          r"\bof\s+them|\bincl\.?)\s*(?:were\s+|are\s+|was\s+)?$", re.IGNORECASE)
_PART_AFTER = re.compile(r"^\s+of\s+(?:them|whom|those)\b", re.IGNORECASE)  # "three of them fighters"
_AND_BEFORE = re.compile(r"^[^,.;:]{0,40}?(?:,\s*)?\band\s*$", re.IGNORECASE)  # "... four children and two women"
# "two more bodies", "another three", "two of the wounded died": added to an earlier figure.
_INCREMENT_AFTER = re.compile(r"^\s*(?:more|additional|further|extra)\b", re.IGNORECASE)
_INCREMENT_BEFORE = re.compile(r"\b(?:another|a\s+further|an\s+additional|an\s+extra|further|additional)\s*$",
                               re.IGNORECASE)
_OF_THE_WOUNDED = re.compile(r"^\s+of\s+(?:the|those)\s+(?:[\w-]+\s+)?(?:wounded|injured|hospitali[sz]ed)\b",
                             re.IGNORECASE)
# A tally over a period, not one event: "since early September", "so far this year", "this month".
_PERIOD = re.compile(
    r"\bsince\b(?!\s+(?:then|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|dawn|"
    r"morning|midnight|the\s+(?:attack|strike|explosion|blast|incident|shooting|morning))\b)"
    r"|\bso\s+far\b|\bto\s+date\b|\b(?:this|last|past)\s+(?:month|year)\b"
    r"|\b(?:in|over|during|within)\s+the\s+(?:past|last|previous)\s+(?:[\w-]+\s+)?(?:weeks|months|years|decades?)\b"
    r"|\bin\s+recent\s+(?:weeks|months|years)\b|\bthroughout\s+the\s+(?:year|war|conflict)\b",
    re.IGNORECASE)


def _toll(before: str) -> tuple[str, bool] | None:
    """(kind, updated) when the text before a figure makes it a toll: "the death toll has risen to"."""
    m = _TOLL.search(before[-320:])
    if m is None or not (m.group("verb") or m.group("prep")):
        return None
    if _SPECULATIVE.search(m.group("mid") + " " + (m.group("verb") or "")):
        return None  # "the toll is expected to rise to 20": a forecast, not a figure
    kinds = {KIND_WORDS.get(w.lower()) for w in re.findall(r"[\w-]+", m.group("noun"))}
    kind = "injured" if "injured" in kinds and "killed" not in kinds else "killed"
    return kind, bool(m.group("verb") and _UPDATED.search(m.group("verb")))


def _clause_text(tokens) -> str:
    return " ".join(t.text for t in sorted(tokens, key=lambda t: t.i))


def _own_clause(verb: Token, keep: Token) -> list[Token]:
    """VERB's subtree without the relative clauses, participle phrases and appositions of other
    nouns ("killed in Tal Rifaat, held by the SDF since 2016"), except the one holding KEEP."""
    skip: set[int] = set()
    for d in verb.subtree:
        if d.i != verb.i and d.dep_ in ("relcl", "acl", "appos") and not (d.left_edge.i <= keep.i <= d.right_edge.i):
            skip.update(t.i for t in d.subtree)
    return [t for t in verb.subtree if t.i not in skip]


def _governing_verb(tok: Token) -> Token:
    v = tok
    while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
        v = v.head
    return v


def _period_tally(noun: Token) -> bool:
    """True for a figure told as a tally over a period: "200 people have been killed since
    September", "attacks since July, in which 19 people were killed"."""
    verb = _governing_verb(noun)
    text = _clause_text(_own_clause(verb, noun))
    if verb.dep_ == "relcl":  # "... since the beginning of July, in which 19 people were killed"
        outer = _governing_verb(verb.head)
        text += " " + _clause_text(_own_clause(outer, verb))
    return bool(_PERIOD.search(text))
