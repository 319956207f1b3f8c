"""Data models returned by the gazetteer."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

#: Place kinds stored in ``places.feature``.
FEATURES = ("country", "admin1", "admin2", "city", "town", "village", "facility", "district", "region")
#: Features that are populated places (used by ``Gazetteer.nearest``).
POPULATED = ("city", "town", "village", "district")


class Place(BaseModel):
    """One gazetteer entry: a country, an administrative unit, a settlement or a facility."""

    model_config = ConfigDict(frozen=True)

    place_id: int
    name: str
    country: str
    """ACLED-style country name, e.g. "Democratic Republic of Congo"."""
    iso2: str
    iso3: str
    admin1: str | None = None
    """ACLED-style first-level unit name, e.g. "Idleb"; None for countries."""
    admin2: str | None = None
    latitude: float
    longitude: float
    feature: str
    population: int = 0
    source: str


class Candidate(BaseModel):
    """A place that may be meant by a name, with how it matched and a ranking score."""

    model_config = ConfigDict(frozen=True)

    place: Place
    score: float
    rule: str
    """How the name matched: "exact", "normalised", "alias", "part", "loose", "fuzzy" (see
    ``Gazetteer.lookup``), or the fall-back rule of ``explain.geocode``."""
    matched: str
    """The stored name that matched."""
