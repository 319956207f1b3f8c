"""Casualty claims: how many of whom were killed, injured, captured, missing or displaced.

For each number phrase in a sentence (`observatory.numbers`), find the noun it counts,
the side that noun belongs to, and the word that says what happened to them, then keep
the claim only if it is about people and harm. "including at least four officers"
makes a part of the claim before it; "nearly 100 fighters and soldiers" is a total
over several sides.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from observatory.extract.mentions import ActorRef, doc_text
from observatory.numbers import find_quantities
from observatory.records import CasualtyClaim, Span as TextSpan

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
    after = [t for t in sent.doc[qtoks.end: min(qtoks.end + 7, sent.end)] if not t.is_punct]
    own = _kind_of_word(noun) if noun.i >= qtoks.start else None
    if own:  # "no injuries", "the deaths"
        return own
    head = noun
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    # "Dozens of soldiers have been killed": the numeral itself heads the phrase
    if head.dep_ in ("nsubjpass", "nsubj"):
        verb = head.head
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
    k = _kind_near(after[:5])
    if k:
        return k
    # "put the number of injured at 14", "the death toll rose to 15"
    before = list(sent.doc[max(sent.start, qtoks.start - 7): qtoks.start])
    if any(t.lower_ in ("toll", "number", "figure", "tally", "count") for t in before):
        return _kind_near([t for t in before if t.lower_ != "toll"]) or "killed"
    return None


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
    for q in find_quantities(sent.text):
        qtoks = doc.char_span(sent.start_char + q.start, sent.start_char + q.end, alignment_mode="expand")
        if qtoks is None or len(qtoks) == 0:
            continue
        noun = _counted_noun(qtoks)
        if noun.i >= qtoks.end and _NOT_PEOPLE.match(noun.text):
            continue
        # "hundreds of artillery shells": the counted thing follows "of"
        of_obj = next((gc for c in noun.children if c.lower_ == "of" for gc in c.children if gc.dep_ == "pobj"), None)
        if of_obj is not None and _NOT_PEOPLE.match(of_obj.text):
            continue
        if q.qualifier != "none" and noun.i >= qtoks.end and not _PERSON.match(noun.text):
            # a count of something else, unless an actor name is the noun ("44 HTS", "3 Taliban")
            if not any(r.root == noun.i for r in actors):
                continue
        parent = _including_parent(noun, nouns)
        kind = _casualty_kind(noun, qtoks, sent)
        if kind is None and parent is not None:
            kind = claims[parent].kind  # "including at least four officers" shares the parent's fate
        if kind is None:
            continue
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
        claims.append(CasualtyClaim(
            actor=None if total else actor_name, actor_text=phrase, kind=kind,
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
    rf"\b(?:a|an|one)\s+((?:[\w'’-]+\s+){{0,3}}?[a-z][\w-]*)\s+(?:was|has been|had been|were)\s+{_KILL}\b"
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
        actor = next((r for r in actors if r.root == tok.i), None)
        name = actor.name if actor else resolve_generic(tok.text)
        n, high, qual = (1, 1, "exact") if single else (3, None, "unspecified")
        out.append(CasualtyClaim(
            actor=name, actor_text=tok.text, kind="killed", low=n, best=n, high=high, qualifier=qual,
            source=source_for(tok.i), evidence=TextSpan(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text)),
            context=TextSpan(text=sent.text, start=sent.start_char, end=sent.end_char), sentence=sentence_index))
    return out


def _has_quantity(tok: Token, qtoks: Span) -> bool:
    return any(t.like_num or t.pos_ == "NUM" for t in tok.subtree if t.i not in range(qtoks.start, qtoks.end))
