"""Place-name normalisation for matching.

``normalize_name`` maps the many ways a place name is written in the press and in
gazetteers onto one matching key. It is deliberately lossy: two different places may
share a key (the gazetteer ranks candidates afterwards), but two spellings of the same
place should, as far as cheap rules allow, get the same key.

Rules, in order:

1. Letters that NFKD does not decompose are mapped by hand (``ø``→``o``, ``ł``→``l``,
   ``ß``→``ss``, ``ı``→``i``, ``ə``→``e`` ...); then NFKD, and combining marks are
   dropped (this also drops Arabic short vowels and hamza seats).
2. Case is folded.
3. Apostrophes and transliteration marks for ayn/hamza (``' ’ ‘ ` ´ ʿ ʾ ʻ ʼ``) and
   double quotes are deleted: ``Rif'at`` = ``Rifat``.
4. Hyphens, underscores, dots, commas, slashes and brackets become spaces.
5. Per token:
   - Arabic-style articles written as separate tokens (``al``, ``el``, ``ad``, ``ar``,
     ``as``, ``ash``, ``at``, ``az``, ``an``, ``ed``, ``es``, ``et``, ``ez``, ...) are
     dropped, unless the name would become empty: ``Deir ez-Zor`` = ``Deir Zor``.
   - common generic words get one spelling: ``tal``/``tel``/``tell``/``tall`` → ``tal``;
     ``dayr``/``deir``/``dair`` → ``deir``; ``jabal``/``jebel``/``jbel``/``djebel`` →
     ``jabal``; ``shaykh``/``shaikh``/``cheikh`` → ``sheikh``; ``ayn``/``ein`` → ``ain``;
     ``oued`` → ``wadi``; ``kfar``/``kefr`` → ``kafr``; ``bayt``/``bait`` → ``beit``;
     ``beni``/``bni`` → ``bani``; ``khirbat`` → ``khirbet``; ``st``/``saint``/``sainte``/
     ``ste`` → ``saint``; ``mt`` → ``mount`` (see ``_TOKEN_MAP``).
   - doubled letters are collapsed (``Raqqa`` = ``Raqa``, ``Rifaat`` = ``Rifat``);
   - ``ou`` → ``u`` (French transliteration: ``Sheikhoun`` = ``Sheikhun``);
   - endings ``-iyah -iyeh -ieh -iya -iye -iyya`` → ``iya``; then a final ``ah``/``eh``
     → ``a`` (``Hasakeh`` = ``Hasakah`` = ``Hasaka``).
6. Arabic script: the article ``ال`` is stripped from the front of a token, tatweel is
   removed, ``ة``→``ه``, ``ى``→``ي`` and alef variants → ``ا``.
7. Spaces are collapsed.

Deliberately NOT done in the key: ``kh``→``h`` (it would merge Khoms/Homs and Khan/Han),
vowel merging (``Idleb``/``Idlib``) and glued articles (``Alhasakah``). Those spellings
are caught by the curated alias tables, or at run time by :func:`loose_key`, a much
coarser consonant skeleton (``kh``→``h``, ``q``→``k``, ``th``/``dh``→``t``, ``ph``→``f``,
vowels dropped: ``Surobi`` = ``Sarobi``, ``Elenovka`` = ``Olenivka``) that the gazetteer
only compares within one country, and only after exact and normalised matching failed.

:func:`strip_generic` removes a leading generic word that gazetteers and coders add or
drop ("Douar Sidi Bouafif", "Qaryat Tall adh Dhahab", "Partido de Vicente Lopez").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normalize_name", "normalize_uncached", "name_variants", "fold_ascii", "loose_key",
           "strip_generic", "ARTICLES"]

# Letters that NFKD leaves alone but which have an obvious Latin base letter.
_SPECIAL = str.maketrans({
    "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
    "ħ": "h", "Ħ": "h", "ı": "i", "ə": "e", "Ə": "e", "ŧ": "t", "ŋ": "ng",
    "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "Þ": "th",
    # Arabic script: alef variants, taa marbuta, alef maqsura, tatweel.
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None,
})
# Apostrophe-like marks (ayn/hamza transliterations) and quotes: deleted.
_MARKS_RE = re.compile("['\u2019\u2018`\u00b4\u02bf\u02be\u02bb\u02bc\u2032\u02b9\u02c8\"\u201c\u201d]")
# Separators: replaced by a space.
_SEP_RE = re.compile(r"[\-\u2010\u2011\u2012\u2013\u2014\u2212_.,;:/\\()\[\]{}|+&!?*#]+")
_SPACE_RE = re.compile(r"\s+")
_DOUBLE_RE = re.compile(r"([a-z])\1+")
_IYA_RE = re.compile(r"(?:iyyah|iyyeh|iyah|iyeh|ieh|iyya|iyye|iya|iye)$")
_AH_RE = re.compile(r"(?<=[a-z]{2})[ae]h$")

#: Arabic-style articles that are dropped when they stand as a separate token.
ARTICLES = frozenset({
    "al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "es", "et", "ez",
    "en", "er", "esh", "ech", "adh", "ath", "aş", "ul", "ud",
})
_TOKEN_MAP = {
    "tal": "tal", "tel": "tal", "tell": "tal", "tall": "tal", "til": "tal",
    "dayr": "deir", "deir": "deir", "dair": "deir", "der": "deir",
    "jabal": "jabal", "jebel": "jabal", "jbel": "jabal", "djebel": "jabal", "jabel": "jabal",
    "st": "saint", "ste": "saint", "saint": "saint", "sainte": "saint", "mt": "mount",
    "shaykh": "sheikh", "shaikh": "sheikh", "sheik": "sheikh", "cheikh": "sheikh",
    "shekh": "sheikh", "sheykh": "sheikh",
    "ayn": "ain", "ein": "ain", "oued": "wadi", "wad": "wadi",
    "kfar": "kafr", "kefr": "kafr", "kfr": "kafr",
    "bayt": "beit", "bait": "beit", "beyt": "beit", "bet": "beit",
    "beni": "bani", "bni": "bani", "khirbat": "khirbet", "khirbit": "khirbet",
    "om": "um", "abo": "abu", "wady": "wadi", "kafar": "kafr", "qalat": "qalaat",
}
#: Leading generic words ("village of") that one source writes and another drops.
GENERIC_PREFIXES = (
    "douar ", "duar ", "qaryat ", "qarya ", "qariyat ", "kariat ", "hay ", "hayy ", "mahallat ",
    "partido de ", "municipio de ", "municipio ", "departamento de ", "provincia de ",
    "village of ", "town of ", "city of ", "selo ", "posyolok ", "poselok ", "kampung ", "barangay ",
)


_MARK_TABLE: dict[int, None] = {}


def _mark_table() -> dict[int, None]:
    """Translation table deleting combining marks (category Mn/Me) of the BMP; built once."""
    if not _MARK_TABLE:
        _MARK_TABLE.update({cp: None for cp in range(0x300, 0x10000)
                            if unicodedata.category(chr(cp)) in ("Mn", "Me")})
    return _MARK_TABLE


def _fold(text: str) -> str:
    """Hand-mapped letters, NFKD, combining marks dropped, case folded."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL)).translate(_mark_table())
    return text.casefold().translate(_SPECIAL)


def fold_ascii(text: str) -> str:
    """``text`` without diacritics, case folded, spaces collapsed (no other rules)."""
    return _SPACE_RE.sub(" ", _fold(text)).strip()


def _token(tok: str) -> str:
    """Apply the per-token spelling rules to one lower-case token."""
    if tok in _TOKEN_MAP:
        return _TOKEN_MAP[tok]
    if tok.isascii():
        tok = _DOUBLE_RE.sub(r"\1", tok)
        tok = tok.replace("ou", "u").replace("ph", "f")
        if len(tok) > 4:
            tok = _IYA_RE.sub("iya", tok)
        if len(tok) > 3:
            tok = _AH_RE.sub("a", tok)
        return _TOKEN_MAP.get(tok, tok)
    if tok.startswith("ال") and len(tok) > 3:
        return tok[2:]
    return tok


@lru_cache(maxsize=65536)
def normalize_name(s: str) -> str:
    """The matching key of place name ``s`` (see the module docstring for the rules).

    >>> normalize_name("Tall Rif‘at") == normalize_name("Tel Rifaat")
    True
    """
    return normalize_uncached(s)


def normalize_uncached(s: str) -> str:
    """:func:`normalize_name` without the cache (for bulk use by the index builder)."""
    text = _fold(s)
    text = _MARKS_RE.sub("", text)
    text = _SEP_RE.sub(" ", text)
    tokens = text.split()
    kept = [t for t in tokens if t not in ARTICLES]
    if not kept:
        kept = tokens
    return " ".join(_token(t) for t in kept)


def name_variants(s: str) -> list[str]:
    """Extra surface forms of ``s`` worth indexing, beside ``s`` itself.

    Today: the name with a leading Arabic article joined by a hyphen or space removed
    (``Al-Nayrab`` → ``Nayrab``), the ASCII-folded form, for names with a bracketed
    part the name without it (``Hostomel (Antonov airport)`` → ``Hostomel``), and the
    name without a leading generic word (``Douar Sidi Bouafif`` → ``sidi buafif``).
    """
    out: list[str] = []
    folded = fold_ascii(s)
    if folded and folded != s.casefold():
        out.append(folded)
    m = re.match(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed|es|et|ez)[\- ](.+)$", s, re.IGNORECASE)
    if m:
        out.append(m.group(1))
    bare = re.sub(r"\s*\([^)]*\)\s*", " ", s).strip()
    if bare and bare != s:
        out.append(bare)
    core = strip_generic(normalize_name(s))
    if core:
        out.append(core)
    return out


def strip_generic(norm: str) -> str | None:
    """A normalised name without a leading generic word (see ``GENERIC_PREFIXES``), or None."""
    for prefix in GENERIC_PREFIXES:
        if norm.startswith(prefix) and len(norm) > len(prefix) + 2:
            return norm[len(prefix):]
    return None


_LOOSE_SUBS = (("kh", "h"), ("gh", "g"), ("dh", "t"), ("th", "t"), ("sh", "s"), ("ch", "s"),
               ("zh", "z"), ("ts", "s"), ("ph", "f"), ("q", "k"), ("c", "k"), ("w", "v"), ("j", "y"))
_VOWELS_RE = re.compile(r"[aeiouy\s]+")


@lru_cache(maxsize=65536)
def loose_key(norm: str) -> str:
    """A coarse consonant skeleton of a normalised name (see the module docstring).

    >>> loose_key(normalize_name("Surobi")) == loose_key(normalize_name("Sarobi"))
    True
    """
    if not norm.isascii():
        return ""
    text = norm
    for a, b in _LOOSE_SUBS:
        text = text.replace(a, b)
    text = _VOWELS_RE.sub("", text)
    return _DOUBLE_RE.sub(r"\1", text)
