"""The event filter shared by `observatory events`, the API and exports."""

from __future__ import annotations

import datetime as dt
import math

from pydantic import BaseModel, field_validator, model_validator

from observatory.taxonomy import EVENT_TYPES, SUB_TO_TYPE

_TYPES = {t.lower(): t for t in (*EVENT_TYPES, *SUB_TO_TYPE)}


class EventFilter(BaseModel):
    """Which events: every field narrows the selection; None means any."""

    country: str | None = None  # a country name, ISO3 or ISO2 code
    since: dt.date | None = None
    until: dt.date | None = None
    type: str | None = None  # an event type or a sub-event type, any case
    actor: str | None = None  # case-insensitive part of an actor's name
    near: tuple[float, float, float] | None = None  # latitude, longitude, km

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return _TYPES[value.strip().lower()]
        except KeyError:
            raise ValueError(f"unknown event type '{value}'; use one of ACLED's event or sub-event types, "
                             f"e.g. 'Battles' or 'Air/drone strike'") from None

    @field_validator("near", mode="before")
    @classmethod
    def _parse_near(cls, value):
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",")]
            if len(parts) != 3:
                raise ValueError(f"near must be LAT,LON,KM (e.g. 36.2,37.1,25), not '{value}'")
            try:
                value = tuple(float(p) for p in parts)
            except ValueError:
                raise ValueError(f"near must be three numbers LAT,LON,KM, not '{value}'") from None
        if value is not None:
            lat, lon, km = value
            if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not km > 0 or not math.isfinite(km):
                raise ValueError("near needs a latitude in [-90, 90], a longitude in [-180, 180] and a distance > 0 km")
        return value

    @model_validator(mode="after")
    def _ordered_dates(self):
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self

    def iso3(self) -> str | None:
        """The country as an ISO3 code, when it names a known country."""
        if not self.country:
            return None
        import pycountry

        value = self.country.strip()
        try:
            if len(value) in (2, 3) and value.isalpha():
                found = pycountry.countries.get(**{"alpha_2" if len(value) == 2 else "alpha_3": value.upper()})
            else:
                found = pycountry.countries.lookup(value)
        except LookupError:
            found = None
        return found.alpha_3 if found else None
