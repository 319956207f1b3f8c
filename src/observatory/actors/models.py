"""The records the actor knowledge base hands out: actors, matches and news sources."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

#: ACLED's inter codes (the first digit of an "interaction" code).
INTER_NAMES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

#: The `kind` values an actor may carry.
ACTOR_KINDS: frozenset[str] = frozenset({
    "state", "police", "government", "rebel", "political-militia", "identity-militia",
    "rioters", "protesters", "civilians", "external", "other",
})


class Actor(BaseModel):
    """One conflict actor under its ACLED-style canonical name.

    `start`/`end` are the years (inclusive) the name applies to; None is open. For state
    forces they are the government period in the name, "Military Forces of Syria
    (2000-2024)" -> 2000, 2024. `relations` maps "allied_to", "backed_by", "part_of" and
    "formerly_known_as" to canonical names. `country` is the ISO 3166-1 alpha-2 code of the
    country the actor belongs to (None: transnational); `operates_in` lists other countries
    where a bare alias ("Hezbollah" in Syria) should still find it first.
    """

    model_config = ConfigDict(frozen=True)

    name: str
    inter: int = Field(ge=1, le=8)
    country: str | None = None
    kind: str = "other"
    aliases: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None
    relations: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    provisional: bool = False
    operates_in: tuple[str, ...] = ()
    legacy: tuple[str, ...] = ()
    note: str = ""

    def active_in(self, year: int | None) -> bool:
        """Whether the name applies in YEAR (True when YEAR is None)."""
        if year is None:
            return True
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)

    def __hash__(self) -> int:  # frozen models with dict fields are not hashable by default
        return hash(self.name)


class ActorMatch(BaseModel):
    """The answer to `ActorKB.resolve`: which actor, from what text, by which rule.

    rule: "alias" (verbatim alias or canonical name), "normalised" (alias after case,
    punctuation, possessive and plural folding), "generic" (an ACLED-style name such as
    "Protesters (Kenya)" or "Military Forces of Mali (2013-) Gendarmerie" read by its
    parts), "context" (a generic word - "troops", "gunmen", "Russian forces" - given
    the article's country and year), "provisional", "fuzzy" (a near-miss spelling).
    `inter` is the actor's inter code in the country it was resolved for: state forces
    acting abroad are external forces (8) - "Military Forces of Russia (2000-)" in Syria.
    """

    model_config = ConfigDict(frozen=True)

    actor: Actor
    matched: str
    rule: str
    score: float = Field(ge=0.0, le=1.0)
    inter: int | None = Field(default=None, ge=1, le=8)  # the inter code in the country resolved for


class Source(BaseModel):
    """A news outlet, monitor or other reporting source: never an actor."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: str
    country: str | None = None
    aliases: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash(self.name)
