"""Who did it and to whom: agents and patients of a trigger, from the dependency parse.

A verb trigger takes its agent from `nsubj` (or the `by` phrase of a passive) and its
patient from the object, the passive subject, or "on/against/at/targeting X". A noun
trigger ("Russian drone strikes on Kharkiv", "clashes between X and Y", "regime
shelling") takes them from its modifiers. When the parse gives nothing, the first actor
before the trigger is the agent and the first after it the patient.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from observatory.extract.mentions import ActorRef

_PATIENT_PREPS = {"on", "against", "at", "upon", "into", "toward", "towards", "targeting", "of"}
_WITH_PREPS = {"with", "between", "among", "and"}
#: what a "with" phrase names when it is the weapon, not the other side: "beating people with boards"
_INSTRUMENTS = {"board", "boards", "stick", "sticks", "stone", "stones", "rock", "rocks", "brick", "bricks", "club",
                "clubs", "baton", "batons", "rod", "rods", "pipe", "pipes", "bat", "bats", "machete", "machetes",
                "knife", "knives", "axe", "axes", "hammer", "hammers", "whip", "whips", "belt", "belts", "cane",
                "canes", "bottle", "bottles", "acid", "petrol", "fuel", "arrow", "arrows", "spear", "spears",
                "weapon", "weapons", "gun", "guns", "rifle", "rifles", "pistol", "pistols", "firearm", "firearms",
                "fist", "fists", "chain", "chains", "blade", "blades", "bullet", "bullets", "hoe", "hoes",
                "cutlass", "cutlasses", "object", "objects", "tool", "tools", "shovel", "shovels", "plank", "planks",
                "lathi", "lathis", "stake", "stakes", "wood", "iron", "metal", "sword", "swords", "dagger", "daggers"}


@dataclass
class Roles:
    agents: list[ActorRef] = field(default_factory=list)
    patients: list[ActorRef] = field(default_factory=list)
    mutual: bool = False  # "clashes between X and Y", "X clashed with Y"
    fallback: bool = False  # the parse gave nothing; the roles are guessed from word order


UNACCUSATIVE = {"died", "die", "dies", "perished", "drowned", "succumbed", "fell", "lost", "suffered", "sustained",
                "survived", "fled", "disappeared", "collapsed"}
REPELLING = {"repelled", "repulsed", "thwarted", "foiled", "countered", "resisted", "repel", "repulse", "thwart",
             "foil", "halted", "blocked", "stopped", "aborted", "defeated"}
RAISING = {"reported", "said", "believed", "thought", "alleged", "claimed", "expected", "known", "seen", "understood"}


def _subtree_ids(tok: Token) -> set[int]:
    """The phrase of TOK without its relative clauses ("the airport, which houses ...")."""
    ids = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        ids.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl") or c is tok)
    return ids


def _subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The subject of VERB, climbing through coordination, control and raising verbs."""
    for c in verb.children:
        if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and verb.lower_ in RAISING):
            return c
    if depth > 4:
        return None
    if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
        head = verb.head
        if verb.dep_ == "xcomp" and head.lower_ in RAISING:
            for c in head.children:
                if c.dep_ == "nsubjpass":
                    return c
        return _subject_of(head, depth + 1)
    return None


def _refs_in(ids: set[int], refs: list[ActorRef]) -> list[ActorRef]:
    return [r for r in refs if r.root in ids]


def _governing_verb(tok: Token) -> Token | None:
    """For a noun trigger that is the object of a light verb ("launched airstrikes"), or
    the subject of the verb that says what it hit ("LNA air force targeted GNA positions")."""
    if tok.dep_ in ("dobj", "pobj", "attr", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        return tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ == "VERB":
        return tok.head.head
    return None


def find_roles(trigger: Token, sent: Span, refs: list[ActorRef]) -> Roles:
    """Agents and patients of TRIGGER among the sentence's actor mentions REFS."""
    refs = [r for r in refs if sent.start <= r.root < sent.end]
    roles = Roles()
    if not refs:
        return roles
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else None
    named = [r for r in refs if r.root == trigger.i and r.inter in (1, 2, 3, 4, 8)]
    if named:
        roles.agents.append(named[0])  # "an Israeli air strike", "regime shelling": the trigger names its agent
    if verb is None:
        _noun_roles(trigger, refs, roles)
        gov = _governing_verb(trigger)
        if gov is not None and not roles.patients:
            # "conducted six air strikes targeting GNA positions": the target hangs on the verb
            for c in gov.children:
                if c.dep_ in ("advcl", "xcomp", "acl") and c.lower_ in ("targeting", "hitting", "against"):
                    for gc in c.children:
                        if gc.dep_ == "dobj":
                            roles.patients += _refs_in(_subtree_ids(gc), refs)
        if gov is not None and gov.lower_ in REPELLING and trigger.dep_ == "dobj":
            # "Afghan forces repelled an attack by Taliban militants": the repellers were attacked
            subj = _subject_of(gov)
            if subj is not None:
                roles.patients += [r for r in _refs_in(_subtree_ids(subj), refs) if r not in roles.agents]
                roles.mutual = True
        if gov is not None and not roles.agents:
            _verb_roles(gov, refs, roles, skip=trigger)
        elif named and trigger.dep_ == "nsubj" and trigger.head.pos_ == "VERB" and not roles.patients:
            _verb_roles(trigger.head, refs, roles, skip=trigger)  # "LNA air force targeted GNA positions"
    else:
        _verb_roles(verb, refs, roles)
        if not roles.agents:
            roles.agents += _event_noun_agents(verb, refs)
    if not roles.agents and not roles.patients:
        before = [r for r in refs if r.root < trigger.i]
        after = [r for r in refs if r.root > trigger.i]
        roles.fallback = True
        doers = [r for r in after if _in_agent_phrase(trigger.doc[r.root], trigger)]
        if doers:
            # "the bodies of four villagers killed by ADF rebels": the "by" phrase names the doers,
            # and whoever stands before the act suffered it
            roles.agents.append(doers[0])
            roles.patients += before[-1:] + [r for r in after if r not in doers][:1]
        else:
            armed = [r for r in before if r.inter in (1, 2, 3, 4, 8)]
            if armed:
                roles.agents.append(armed[-1])  # the nearest armed actor before the weapon or act
            elif before:
                roles.agents.append(before[0])
            if after:
                roles.patients.append(after[0])
    # an actor is not its own opponent
    roles.patients = [p for p in roles.patients if all(p.name != a.name for a in roles.agents)] or (
        roles.patients if roles.mutual else [])
    return roles


_EVENT_NOUNS = {"attack", "attacks", "ambush", "ambushes", "raid", "raids", "strike", "strikes", "airstrike",
                "airstrikes", "shelling", "offensive", "assault", "bombing", "operation", "operations", "clashes",
                "fire", "shooting", "gunfire"}


def _event_noun_agents(verb: Token, refs: list[ActorRef]) -> list[ActorRef]:
    """'soldiers were killed following attacks by Taliban militants', 'kidnapped and killed by
    the Taliban': the doer hangs on a nearby event noun or a coordinated verb."""
    found: list[ActorRef] = []
    for tok in verb.subtree:
        if tok.dep_ == "agent" and tok.head is not verb and (tok.head.lower_ in _EVENT_NOUNS or tok.head.dep_ == "conj"):
            found += _refs_in(_subtree_ids(tok), refs)
        elif tok.lower_ == "by" and tok.dep_ == "prep" and tok.head.lower_ in _EVENT_NOUNS:
            found += _refs_in(_subtree_ids(tok), refs)
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        for c in conj.children:
            if c.dep_ == "agent":
                found += _refs_in(_subtree_ids(c), refs)
    return found


def _instrument(prep: Token) -> bool:
    """Whether a "with" phrase names only weapons or tools ("with boards", "with sticks and stones")."""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    objs += [cc for o in objs for cc in o.children if cc.dep_ == "conj"]
    return bool(objs) and all(o.lower_ in _INSTRUMENTS for o in objs)


def _in_agent_phrase(tok: Token, trigger: Token) -> bool:
    """Whether TOK lies in the "by" phrase of TRIGGER's passive ("killed by ADF rebels"), not of
    another verb ("re-captured the town after it was taken over by militants")."""
    for anc in tok.ancestors:
        if anc.dep_ == "agent" or (anc.lower_ == "by" and anc.dep_ == "prep" and anc.head.tag_ == "VBN"):
            return anc.head is trigger or (anc.head.dep_ in ("acl", "relcl") and anc.head.head is trigger)
        if anc.dep_ in ("ROOT", "relcl", "ccomp", "advcl") or anc.pos_ == "VERB":
            return False
    return False


def _verb_roles(verb: Token, refs: list[ActorRef], roles: Roles, skip: Token | None = None) -> None:
    for child in verb.children:
        if skip is not None and child.i == skip.i:
            continue
        ids = _subtree_ids(child)
        if child.dep_ == "nsubj":
            if verb.lower_ in UNACCUSATIVE:
                roles.patients += _refs_in(ids, refs)  # "five soldiers had died": they suffered it
            else:
                roles.agents += _refs_in(ids, refs)
        elif child.dep_ == "nsubjpass":
            roles.patients += _refs_in(ids, refs)
        elif child.dep_ == "agent":
            roles.agents += _refs_in(ids, refs)
        elif child.dep_ in ("dobj", "attr", "dative"):
            roles.patients += _refs_in(ids, refs)
            for acl in child.children:  # "conducted six air strikes targeting GNA positions"
                if acl.dep_ in ("acl", "relcl") and acl.lower_ in ("targeting", "hitting", "against", "on"):
                    for gc in acl.children:
                        if gc.dep_ in ("dobj", "pobj"):
                            roles.patients += _refs_in(_subtree_ids(gc), refs)
        elif child.dep_ == "prep":
            prep = child.lower_
            if prep in _WITH_PREPS:
                found = _refs_in(ids, refs)
                roles.patients += found
                # "clashed with police" names the other side; "beat them with boards" the weapon
                roles.mutual = roles.mutual or bool(found) or not _instrument(child)
            elif prep in _PATIENT_PREPS:
                roles.patients += _refs_in(ids, refs)
        elif child.dep_ in ("xcomp", "advcl") and child.lower_ in ("targeting", "hitting", "killing"):
            for gc in child.children:
                if gc.dep_ == "dobj":
                    roles.patients += _refs_in(_subtree_ids(gc), refs)
    transitive = any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children)
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        # "locals pelted stones and clashed with police": the second verb names the other side
        for c in conj.children:
            if c.dep_ == "prep" and c.lower_ in ("with", "against"):
                found = [r for r in _refs_in(_subtree_ids(c), refs) if r not in roles.agents]
                roles.patients += found
                roles.mutual = roles.mutual or (c.lower_ in _WITH_PREPS and bool(found))
            elif c.dep_ == "dobj" and not transitive and not roles.patients and not any(
                    x.dep_ == "nsubj" for x in conj.children):
                # "assaulted and tortured several refugees": the object the parse hangs on the
                # last of two coordinated verbs is the object of both
                roles.patients += [r for r in _refs_in(_subtree_ids(c), refs)
                                   if r not in roles.agents and not r.provisional]
    if not roles.agents:
        if verb.dep_ == "relcl":
            # "HTS, which attacked ...": the noun the clause hangs on
            roles.agents += [r for r in refs if r.root == verb.head.i]
        else:
            subj = _subject_of(verb)
            if subj is not None:
                roles.agents += _refs_in(_subtree_ids(subj), refs)


def _noun_roles(noun: Token, refs: list[ActorRef], roles: Roles) -> None:
    for child in noun.children:
        ids = _subtree_ids(child)
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            roles.agents += _refs_in(ids, refs)
        elif child.dep_ == "prep":
            prep = child.lower_
            if prep == "by":
                roles.agents += _refs_in(ids, refs)
            elif prep in _WITH_PREPS:
                found = _refs_in(ids, refs)
                if prep == "between" and len(found) >= 2:
                    roles.agents.append(found[0])
                    roles.patients += found[1:]
                else:
                    roles.patients += found
                roles.mutual = True
            elif prep in _PATIENT_PREPS:
                roles.patients += _refs_in(ids, refs)
        elif child.dep_ in ("acl", "relcl") and child.lower_ in ("targeting", "hitting", "against", "killing"):
            for gc in child.children:
                if gc.dep_ == "dobj":
                    roles.patients += _refs_in(_subtree_ids(gc), refs)
