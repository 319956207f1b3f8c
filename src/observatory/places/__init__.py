"""Places: the offline gazetteer (countries, admin units, settlements, facilities).

Importing is cheap: no data is read until the gazetteer is first used; the index is
built then if it is missing (see :mod:`observatory.places.build`).
"""

from __future__ import annotations

from .build import build_index
from .gazetteer import Gazetteer, get_gazetteer
from .models import Candidate, Place
from .normalize import normalize_name

__all__ = ["Place", "Candidate", "Gazetteer", "get_gazetteer", "normalize_name", "build_index"]
