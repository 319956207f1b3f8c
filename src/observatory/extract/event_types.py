"""Event typing: the cues of a clause, its actors and its victims -> ACLED sub-event type.

The rules follow the ACLED codebook's precedence: a chemical, suicide, air, explosive
or artillery weapon makes Explosions/Remote violence whoever the target; a protest is
typed by how the authorities responded; territory changing hands is typed by who took
it; violence is a battle when both sides are armed and violence against civilians when
the target is unarmed; strategic developments come last. Each decision records the
rule that made it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from observatory.extract.cues import Cue

STATE_INTERS = {1}
ARMED_INTERS = {1, 2, 3, 4, 8}
_FIGHT_WORDS = re.compile(r"^(?:clash|fight|fought|battl|firefight|gun ?battle|skirmish|exchang|engag|combat|"
                          r"confrontation|hostilities|shoot-?out|cross-?fire|counter-?attack|repel|repuls)", re.IGNORECASE)
#: change cues that move a force somewhere: "troops were deployed", "officers were moved to secure the area"
_MOVED = re.compile(r"^(?:deploy|moved|sent|dispatched|redeployed|relocated|stationed)", re.IGNORECASE)
#: looting cues that burn property
_ARSON = re.compile(r"\b(?:burn\w*|torch\w*|arson\w*|set (?:\w+ ){0,3}(?:on fire|ablaze|alight)|set fire)", re.IGNORECASE)
#: violence words that tell an act, not its outcome ("shooting", "beating", not "injured" or "dead")
_VIOLENT_ACT = re.compile(r"^(?:shoot|shot|murder|stabb|beat|drive-?by|hack|behead|execut|massacre|assassinat|gunned|"
                          r"tortur|lynch|burn|attack|assault|opened fire|fired|raid|stormed|kill)", re.IGNORECASE)
#: a body or a head found: a killing reported though nobody is named as its victim or doer
_FOUND_DEAD = re.compile(r"^(?:found|bod(?:y|ies)|(?:human|male|female|severed) heads?|heads? (?:was|were) found)",
                         re.IGNORECASE)
#: rioting that is itself a form of demonstration (roads barricaded, tyres burned, "a violent protest"):
#: ACLED's violent demonstration even where no demand is told
_DEMO_FORM = re.compile(r"barricad|\b(?:tyres|tires)\b|violent (?:protest|demonstration)|road ?blocks?|blocked",
                        re.IGNORECASE)
#: fire that two sides traded by definition: "returned fire", "exchanged fire", "a shoot-out"
_TWO_SIDED = re.compile(r"^(?:return\w* fire|(?:shot|fired) back|exchang\w*|shoot-?outs?|gun ?battles?|firefights?|"
                        r"gun ?fights?|cross-?fire)", re.IGNORECASE)
#: mob cues that tell two groups fighting (not a crowd beating someone): with guns, a battle
_GROUP_FIGHT = re.compile(r"clash|fight|fought|each other|one another|brawl", re.IGNORECASE)
MANNED_AIRCRAFT = ("jet", "warplane", "war plane", "aircraft", "helicopter", "gunship", "bomber", "air force", "airforce")


@dataclass(frozen=True)
class Typing:
    event_type: str
    sub_event_type: str
    cue: Cue
    rule: str


@dataclass
class ClauseFacts:
    """What the typing rules need to know about one clause."""

    cues: dict[str, list[Cue]]
    agent_inter: int | None = None
    patient_inter: int | None = None
    patient_civilian: bool = False  # the target is unarmed (civilians, homes, markets)
    patient_armed: bool = False
    victims_civilian: bool = False  # casualty claims in the clause are civilians
    victims_armed: bool = False
    territory_object: bool = False  # "captured the town of X", "seized control of"
    has_casualties: bool = False
    mutual: bool = False  # "clashes between", "exchanged fire with"
    demonstration: bool = False  # the report tells of a demonstration (a protest cue anywhere in it)
    firearms: bool = False  # the report tells of guns fired ("exchanged fire", "indiscriminate shooting")
    clash_main: bool = False  # the clause's main verb is a fighting word ("stormed the camp after firing mortars")


def _first(facts: ClauseFacts, *groups: str) -> Cue | None:
    hits = [c for g in groups for c in facts.cues.get(g, [])]
    return min(hits, key=lambda c: c.start) if hits else None


def implausible_air(facts: ClauseFacts) -> Cue | None:
    """A non-state group flying manned aircraft: almost always a mistranslation ("HTS fighter jets")."""
    for cue in facts.cues.get("air", []):
        if any(w in cue.text.lower() for w in MANNED_AIRCRAFT) and facts.agent_inter in (2, 3, 4, 5, 6, 7):
            return cue
    return None


def _forms_group(cues: list[Cue]) -> bool:
    """"villagers formed a patrol", "formed a self-defence group": taking up arms makes the doers an armed group."""
    return any(x.text.lower().startswith("formed") for x in cues)


def _armed_mover(facts: ClauseFacts) -> bool:
    """"a group of officers were moved to secure the area", "troops were deployed": with no doer
    named, the armed subject of a passive movement is the group whose activity changed."""
    return (facts.agent_inter is None and facts.patient_armed and not facts.patient_civilian
            and any(_MOVED.match(x.text) for x in facts.cues.get("change", [])))


def _riot_type(facts: ClauseFacts, cues: list[Cue]) -> str:
    """Rioting is a violent demonstration when it is part of a demonstration (the report tells of
    one, or the act is a protest form: barricades, burning tyres); otherwise it is mob violence
    ("a mob pelted stones at police enforcing the lockdown", "locals torched her car")."""
    if facts.demonstration or any(_DEMO_FORM.search(x.text) for x in cues):
        return "Violent demonstration"
    return "Mob violence"


def classify(facts: ClauseFacts) -> list[Typing]:
    """The sub-event types a clause supports, most specific first (usually one)."""
    c = facts.cues
    out: list[Typing] = []

    def add(et: str, sub: str, cue: Cue | None, rule: str) -> None:
        if cue is not None:
            out.append(Typing(et, sub, cue, rule))

    civilian_target = (facts.patient_civilian or facts.victims_civilian) and not (facts.patient_armed or facts.victims_armed)
    armed_target = facts.patient_armed or facts.victims_armed or (facts.patient_inter in ARMED_INTERS)
    if (any(x.text.lower().startswith("patrol") for x in c.get("change", [])) and facts.patient_inter is None
            and not facts.victims_civilian):
        # "officers were patrolling the neighbourhood when gang members started shooting": the patrol was the target
        civilian_target, armed_target = False, True

    if "observed_fire" in c:
        # a monitor counting explosions and shots along a front line (OSCE SMM reports):
        # small-arms fire is fighting, explosions and heavy weapons are shelling
        if "direct_fire" in c or any("both directions" in x.text.lower() for x in c["observed_fire"]):
            add("Battles", "Armed clash", _first(facts, "observed_fire"), "fire exchanged along a front line")
        else:
            add("Explosions/Remote violence", "Shelling/artillery/missile attack", _first(facts, "observed_fire"),
                "explosions observed along a front line")
        return out
    if "chemical" in c:
        add("Explosions/Remote violence", "Chemical weapon", _first(facts, "chemical"), "chemical weapon named")
        return out
    if "suicide" in c:
        add("Explosions/Remote violence", "Suicide bomb", _first(facts, "suicide"), "suicide attack named")
        return out
    if "protest" in c and not (facts.agent_inter in ARMED_INTERS and not facts.cues.get("intervention") and "clash" in c
                               and facts.patient_inter not in (5, 6)):
        cue = _first(facts, "protest")
        if "lethal_force" in c or ("intervention" in c and facts.has_casualties and facts.victims_civilian and
                                   any(k for k in c.get("violence", []) if k.text.lower().startswith(("kill", "shot", "dead")))):
            add("Protests", "Excessive force against protesters", cue, "protest met with lethal force")
        elif "riot" in c or any(x.text.lower().startswith("clash") for x in c.get("clash", [])):
            add("Riots", "Violent demonstration", _first(facts, "riot") or _first(facts, "clash") or cue,
                "demonstrators used violence")
        elif "intervention" in c or "arrest" in c:
            add("Protests", "Protest with intervention", cue, "protest dispersed or arrested")
        else:
            add("Protests", "Peaceful protest", cue, "protest with no violence reported")
        return out
    if "intervention" in c and facts.agent_inter == 1 and facts.patient_civilian and not facts.patient_armed \
            and all(x.text.lower().startswith("beat") for x in c["intervention"]):
        # "police beat a journalist", "soldiers arrested and beat a local leader": no gathering
        # was broken up; forces attacked a civilian
        add("Violence against civilians", "Attack", _first(facts, "intervention"), "forces beat a civilian")
        return out
    if "intervention" in c and facts.agent_inter in (1, None) and not facts.has_casualties and not (
            {"clash", "violence", "air", "shelling", "ied", "change"} & set(c)) and not facts.patient_armed:
        # "Police dispersed them": how a protest told in another sentence ended
        add("Protests", "Protest with intervention", _first(facts, "intervention"), "authorities broke up a gathering")
        return out
    unarmed_agent = facts.agent_inter in (None, 5, 6, 7)
    weapons = {"direct_fire", "air", "shelling", "ied", "grenade"} & set(c)
    group_fight = [x for x in c.get("mob", []) if _GROUP_FIGHT.search(x.text)]
    if group_fight and facts.firearms and "protest" not in c:
        # "clashes broke out between two families ... the two sides exchanged fire": armed groups, not a brawl
        add("Battles", "Armed clash", group_fight[0], "rival groups fought with firearms")
        return out
    if "mob" in c and unarmed_agent and (not facts.patient_armed or (
            facts.patient_inter in STATE_INTERS and facts.agent_inter is not None and not weapons)):
        # "a mob clashed with the police": a crowd against the authorities, no demonstration told
        add("Riots", "Mob violence", _first(facts, "mob"), "a crowd or rival groups fought with what came to hand")
        return out
    clash_words = [x for x in c.get("clash", []) if x.text.lower().startswith("clash")]
    if clash_words and facts.demonstration and unarmed_agent and facts.patient_inter in STATE_INTERS and not weapons:
        # "demonstrators tried to enter the building, which turned into clashes with the police"
        add("Riots", "Violent demonstration", clash_words[0], "demonstrators clashed with the authorities")
        return out
    if "riot" in c and unarmed_agent and "air" not in c:
        sub = _riot_type(facts, c["riot"])
        add("Riots", sub, _first(facts, "riot"), "rioting" if sub == "Violent demonstration" else
            "rioting with no demonstration told")
        return out
    if "mishap" in c and ("ied" in c or "shelling" in c or "grenade" in c):
        add("Strategic developments", "Disrupted weapons use", _first(facts, "mishap"),
            "a device went off in its makers' hands")
        return out
    fighting_words = [x for x in c.get("clash", []) if _FIGHT_WORDS.match(x.text)]
    if "looting" in c and facts.agent_inter in (5, 6, 7) and not facts.patient_armed and not fighting_words \
            and any(_ARSON.search(x.text) for x in c["looting"]):
        # "students burnt down their dormitories": unarmed people destroying property riot
        add("Riots", "Violent demonstration" if facts.agent_inter == 6 or "protest" in c or facts.demonstration
            else "Mob violence", _first(facts, "looting"), "unarmed people burned or destroyed property")
        return out
    if "looting" in c and not facts.has_casualties and not fighting_words and not facts.patient_civilian:
        add("Strategic developments", "Looting/property destruction", _first(facts, "looting"),
            "property seized, looted or destroyed, nobody hurt")
        return out
    violent_acts = c.get("clash", []) + [x for x in c.get("violence", []) if _VIOLENT_ACT.match(x.text)]
    if "change" in c and not facts.has_casualties and not violent_acts and "air" not in c and "shelling" not in c \
            and (facts.agent_inter in ARMED_INTERS or _forms_group(c["change"]) or _armed_mover(facts)):
        add("Strategic developments", "Change to group/activity", _first(facts, "change"), "forces moved or fortified")
        return out
    if "disrupted" in c and not facts.has_casualties and ("air" in c or "shelling" in c or "ied" in c):
        add("Strategic developments", "Disrupted weapons use", _first(facts, "disrupted"),
            "a drone, missile or bomb intercepted or defused")
        return out
    two_sided = [x for x in c.get("direct_fire", []) if _TWO_SIDED.match(x.text)]
    if two_sided and "air" not in c and facts.agent_inter not in (5, 6, 7):
        # "the armies exchanged fire, injuring two civilians", "officers returned fire and hit the man":
        # fire answered is a fight between armed sides, whoever it hurt
        add("Battles", "Armed clash", two_sided[0], "fire returned or exchanged")
        return out
    if "direct_fire" in c and (armed_target or facts.mutual) and "air" not in c and not civilian_target:
        # small arms and machine guns at the other side's positions: a battle, even with mortars
        add("Battles", "Armed clash", _first(facts, "direct_fire"), "direct fire between armed groups")
        return out
    air = [a for a in c.get("air", []) if a is not implausible_air(facts)]
    if air and not implausible_air(facts) and not ("disrupted" in c and not facts.has_casualties):
        add("Explosions/Remote violence", "Air/drone strike", air[0], "air or drone weapon")
        return out
    if "grenade" in c:
        add("Explosions/Remote violence", "Grenade", _first(facts, "grenade"), "grenade")
        return out
    ied = c.get("ied", [])
    specific_ied = [x for x in ied if x.text.lower() not in ("explosion", "explosions", "blast", "blasts", "bombing",
                                                               "bomb", "exploded", "explosive")]
    if specific_ied and "disrupted" not in c:
        add("Explosions/Remote violence", "Remote explosive/landmine/IED", specific_ied[0], "explosive device")
        return out
    if "shelling" in c and "disrupted" not in c:
        exchange = [x for x in c.get("clash", []) if x.text.lower().startswith("exchang")]
        if exchange or (facts.mutual and "clash" in c) or facts.clash_main:
            add("Battles", "Armed clash", exchange[0] if exchange else _first(facts, "clash"), "exchange of fire")
        else:
            add("Explosions/Remote violence", "Shelling/artillery/missile attack", _first(facts, "shelling"),
                "artillery, rocket or missile fire")
        return out
    if ied and "disrupted" not in c and not ("clash" in c and armed_target):
        add("Explosions/Remote violence", "Remote explosive/landmine/IED", ied[0], "explosion")
        return out
    if "mob" in c:
        add("Riots", "Mob violence", _first(facts, "mob"), "mob or communal violence")
        return out
    if "riot" in c and facts.agent_inter in (None, 5, 6, 7) and "clash" not in c:
        add("Riots", _riot_type(facts, c["riot"]), _first(facts, "riot"), "rioting")
        return out
    if "hq" in c:
        add("Strategic developments", "Headquarters or base established", _first(facts, "hq"), "base established")
        return out
    if facts.territory_object and ("regain" in c or "takeover" in c) and not civilian_target:
        if "regain" in c or facts.agent_inter in STATE_INTERS:
            if facts.agent_inter in STATE_INTERS or facts.agent_inter is None:
                add("Battles", "Government regains territory", _first(facts, "regain", "takeover"), "state forces took territory")
                return out
        add("Battles", "Non-state actor overtakes territory", _first(facts, "takeover", "regain"), "non-state group took territory")
        return out
    if "release" in c and not facts.has_casualties:
        add("Strategic developments", "Other", _first(facts, "release"), "prisoners released")
        return out
    if "sexual" in c:
        add("Violence against civilians", "Sexual violence", _first(facts, "sexual"), "sexual violence")
        return out
    if "abduct" in c and not (facts.agent_inter in STATE_INTERS and "arrest" in c):
        add("Violence against civilians", "Abduction/forced disappearance", _first(facts, "abduct"), "abduction")
        return out
    if "arrest" in c and not facts.has_casualties:
        if facts.agent_inter not in (None, 1, 8):
            add("Violence against civilians", "Abduction/forced disappearance", _first(facts, "arrest"),
                "non-state group detained people")
        else:
            add("Strategic developments", "Arrests", _first(facts, "arrest"), "arrest by authorities")
        return out
    if "direct_fire" in c and not civilian_target and not ({"clash", "violence"} & set(c)):
        # "a shoot-out took place", "an exchange of fire": two armed sides by definition
        add("Battles", "Armed clash", _first(facts, "direct_fire"), "gunfire exchanged")
        return out
    violent = _first(facts, "clash", "violence")
    if violent is not None and ("clash" in c or facts.has_casualties or "violence" in c):
        fighting = [x for x in c.get("clash", []) if _FIGHT_WORDS.match(x.text)] + c.get("direct_fire", [])
        if civilian_target and not facts.mutual:
            add("Violence against civilians", "Attack", violent, "armed actor attacked unarmed people")
        elif armed_target or facts.mutual or fighting:
            add("Battles", "Armed clash", (fighting or c.get("clash") or [violent])[0], "armed actors fought")
        elif facts.agent_inter in (None, 1, 2, 3, 4, 8) and (facts.has_casualties or "clash" in c or any(
                _FOUND_DEAD.match(x.text) for x in c.get("violence", []))):
            # an armed group attacking a village, a bus, a house: no armed side to fight back
            add("Violence against civilians", "Attack", violent, "attack with no armed opponent named")
        if out:
            return out
    if "disrupted" in c:
        add("Strategic developments", "Disrupted weapons use", _first(facts, "disrupted"), "weapons intercepted or defused")
        return out
    if "looting" in c:
        add("Strategic developments", "Looting/property destruction", _first(facts, "looting"), "looting or destruction")
        return out
    if "agreement" in c:
        add("Strategic developments", "Agreement", _first(facts, "agreement"), "agreement")
        return out
    if "transfer" in c and facts.territory_object:
        add("Strategic developments", "Non-violent transfer of territory", _first(facts, "transfer"), "territory handed over")
        return out
    if "change" in c and (facts.agent_inter in ARMED_INTERS or _forms_group(c["change"]) or _armed_mover(facts)):
        add("Strategic developments", "Change to group/activity", _first(facts, "change"), "change to a group's activity")
        return out
    if "measures" in c and facts.agent_inter not in (5, 6):
        add("Strategic developments", "Change to group/activity", _first(facts, "measures"),
            "an authority imposed a curfew, closure or other security measure")
        return out
    if "other" in c and not facts.has_casualties:
        add("Strategic developments", "Other", _first(facts, "other"), "people returned, a government was formed")
        return out
    return out
