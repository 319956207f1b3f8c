"""ACLED's event taxonomy and inter codes: the one place these facts are written."""

from __future__ import annotations

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
SUB_TO_TYPE: dict[str, str] = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}

INTER_CODES: dict[int, str] = {
    1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/other forces",
}

# Older ACLED exports (before 2019) used other event-type strings.
OLD_EVENT_TYPES: dict[str, tuple[str, str]] = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "battle-non-state actors overtake territory": ("Battles", "Non-state actor overtakes territory"),
    "remote violence": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "violence against civilians": ("Violence against civilians", "Attack"),
    "riots/protests": ("Protests", "Peaceful protest"),
    "headquarters or base established": ("Strategic developments", "Headquarters or base established"),
    "strategic development": ("Strategic developments", "Other"),
    "non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "non-violent activity by a conflict actor": ("Strategic developments", "Other"),
}


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, smaller first; one-sided gives e.g. 20."""
    if not inter1 and not inter2:
        return None
    if not inter1 or not inter2:
        return int(f"{inter1 or inter2}0")
    a, b = sorted((inter1, inter2))
    return int(f"{a}{b}")
