"""Actor knowledge base: ACLED-style conflict actors, their aliases, and news sources.

    from observatory.actors import get_kb
    kb = get_kb()
    kb.resolve("Hay’et Tahrir al-Sham", country="SY", year=2024).actor.name
    # 'Hayat Tahrir al-Sham'
    kb.resolve("troops", country="SD", year=2024).actor.name
    # 'Military Forces of Sudan (2019-)'
    kb.source("the Britain-based Syrian Observatory for Human Rights").name
    # 'Syrian Observatory for Human Rights'

The data lives in `actors.yaml`, `governments.yaml` and `sources.yaml` beside this file
and is read on first use.
"""

from observatory.actors.kb import ActorKB, get_kb, load_kb
from observatory.actors.models import Actor, ActorMatch, Source

__all__ = ["Actor", "ActorKB", "ActorMatch", "Source", "get_kb", "load_kb"]
