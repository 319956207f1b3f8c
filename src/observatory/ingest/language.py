"""A small, dependency-free language guess: enough to refuse what the English
extractor cannot read, and to say which language it looks like."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_STOPWORDS = {
    "en": "the of and to in a is that for on was with by as at from were said have has are it".split(),
    "fr": "le la les des et en un une du est que dans pour sur par au aux avec ont été il".split(),
    "es": "el la los las de y en un una que por con para del se al fue han sus como".split(),
    "de": "der die das und in den von zu mit ist im des dem nicht ein eine auf für wurde".split(),
    "pt": "o a os as de e em um uma que do da no na por com para foram pelo".split(),
    "it": "il la di e che in un una per con del della sono gli le nel alla è stato".split(),
    "tr": "ve bir bu da de ile için olarak olan gibi daha çok sonra".split(),
    "id": "yang dan di ke dari ini itu dengan untuk pada dalam tidak oleh".split(),
}
_SCRIPTS = (
    ("ar", re.compile(r"[\u0600-\u06FF]")),
    ("ru", re.compile(r"[\u0400-\u04FF]")),
    ("he", re.compile(r"[\u0590-\u05FF]")),
    ("zh", re.compile(r"[\u4E00-\u9FFF]")),
    ("ja", re.compile(r"[\u3040-\u30FF]")),
    ("ko", re.compile(r"[\uAC00-\uD7AF]")),
    ("hi", re.compile(r"[\u0900-\u097F]")),
    ("am", re.compile(r"[\u1200-\u137F]")),
    ("my", re.compile(r"[\u1000-\u109F]")),
    ("fa", re.compile(r"[\u06A9\u06AF\u06CC]")),
)


def guess_language(text: str, *, sample: int = 20_000) -> str:
    """ISO 639-1 code of the text's likely language ("en", "fr", "ar", ...), "und" if unsure."""
    chunk = text[:sample]
    letters = [c for c in chunk if c.isalpha()]
    if not letters:
        return "und"
    latin = sum(1 for c in letters if c < "\u0250")
    if latin / len(letters) < 0.5:
        counts = {code: len(rx.findall(chunk)) for code, rx in _SCRIPTS}
        if counts["fa"] and counts["ar"]:
            counts["fa"] = counts["ar"] if counts["fa"] > 5 else 0
        best = max(counts, key=counts.get)
        return best if counts[best] else "und"
    words = [w.lower() for w in _WORD.findall(chunk)]
    if not words:
        return "und"
    scores = {lang: sum(1 for w in words if w in set(sw)) for lang, sw in _STOPWORDS.items()}
    best = max(scores, key=scores.get)
    if scores[best] == 0:
        return "und"
    if best != "en" and scores["en"] >= 0.6 * scores[best]:
        return "en"
    return best
