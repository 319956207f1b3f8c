"""Who says so: the source of each sentence's claims.

Recognised forms: "X said/reported/claimed/told Reuters ...", "according to X", a quote
followed by "..., the observatory said", "witnesses said", "a military source said",
pronouns that continue the previous sentence's source ("He told Reuters"), and
negated reports ("state media did not report the fighting"). A sentence with no
attribution is the outlet's own claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from observatory.extract.mentions import SourceRef

REPORT_VERBS = {
    "say", "said", "says", "saying", "report", "reported", "reports", "reporting", "tell", "told", "tells",
    "claim", "claimed", "claims", "state", "stated", "states", "announce", "announced", "announces",
    "confirm", "confirmed", "confirms", "add", "added", "note", "noted", "write", "wrote", "post", "posted",
    "document", "documented", "cite", "cited", "quote", "quoted", "allege", "alleged", "tweeted", "recorded",
    "estimate", "estimated", "accuse", "accused", "insisted", "warned", "explained", "indicated", "revealed",
    "denied", "publish", "published", "broadcast", "put",
}
_ACCORDING = re.compile(r"\b(?:according to|citing|cited by|quoted by|per)\s+((?:the\s+)?[^,.;]{2,80}?)(?=[,.;]|\s+(?:on|in|at|who|which|that)\b|$)",
                        re.IGNORECASE)
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "who"}
_DEMONYM_PREFIX = re.compile(r"^(?:a|an|the|one|two|three|some|several|local|other)\s+", re.IGNORECASE)
_GENERIC_HEADS = re.compile(r"\b(source|sources|official|officials|witness|witnesses|residents?|activists?|"
                            r"spokesm[ae]n|spokeswoman|spokesperson|medics?|doctors?|website|media|"
                            r"ministry|police|army|military|governor|mayor|commander|statement|monitor|"
                            r"group|agency|hospital|observers?|journalists?|correspondent|channel|television|tv|"
                            r"outlets?|newspaper|authorities|authority|government|council|survivors?|relatives?|"
                            r"villagers|people|organi[sz]ation|network|committee|union)\b", re.IGNORECASE)


@dataclass
class Attribution:
    source: str | None  # None: unattributed
    start: int | None = None
    end: int | None = None
    negated: bool = False
    rule: str = "unattributed"


def _phrase_to_source(text: str, kb, demonyms) -> str:
    src = kb.source(text)
    if src is not None:
        return src.name
    clean = text.strip(" ,.;:'\"“”‘’")
    clean = re.sub(r"^[A-Z][a-z]+[’']s\s+", "", clean)  # "Syria's official state media"
    prev = None
    while prev != clean:
        prev = clean
        clean = _DEMONYM_PREFIX.sub("", clean)
    words = clean.split()
    # "Syrian military source" -> "military source": a nationality says little about the source
    if len(words) > 1 and demonyms(words[0]):
        clean = " ".join(words[1:])
    src = kb.source(clean)
    if src is not None:
        return src.name
    # keep the phrase up to its generic head: "activists working with ..." -> "activists"
    m = _GENERIC_HEADS.search(clean)
    if m and m.end() < len(clean) and len(clean.split()) > 4:
        clean = clean[: m.end()]
    if _GENERIC_HEADS.search(clean) and not any(w[:1].isupper() for w in clean.split()[1:]):
        return clean.lower()  # "Witnesses" -> "witnesses": an unnamed source, not a name
    return clean

class Attributor:
    """Finds the source of each sentence, carrying state (the last source) across sentences."""

    def __init__(self, *, kb, is_demonym, default_source: str):
        self.kb = kb
        self.is_demonym = is_demonym
        self.default = default_source
        self.last: Attribution | None = None

    def attribute(self, sent: Span, sources: list[SourceRef]) -> Attribution:
        result = self._attribute(sent, sources)
        if result.source is not None:
            self.last = result
        return result

    def _in_sentence(self, sent: Span, sources: list[SourceRef], start: int, end: int) -> SourceRef | None:
        for s in sources:
            if start <= s.start and s.end <= end:
                return s
        return None

    def _attribute(self, sent: Span, sources: list[SourceRef]) -> Attribution:
        text = sent.text
        m = _ACCORDING.search(text)
        if m:
            start = sent.start_char + m.start(1)
            end = sent.start_char + m.end(1)
            ref = self._in_sentence(sent, sources, start, end)
            name = ref.name if ref else _phrase_to_source(m.group(1), self.kb, self.is_demonym)
            return Attribution(name, start, end, rule="according-to")
        best: Attribution | None = None
        for tok in sent:
            if tok.lower_ not in REPORT_VERBS or tok.pos_ not in ("VERB", "AUX"):
                continue
            att = self._from_verb(tok, sent, sources)
            if att is not None and (best is None or (best.rule == "pronoun" and att.rule != "pronoun")):
                best = att
                if att.rule != "pronoun":
                    break
        if best is not None:
            return best
        return Attribution(None)

    def _from_verb(self, verb: Token, sent: Span, sources: list[SourceRef]) -> Attribution | None:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        negated = any(c.dep_ == "neg" for c in verb.children)
        if subj is None:
            # "..., the observatory said in a statement": the subject may hang off a conj/ccomp
            return None
        if subj.dep_ == "nsubjpass" and verb.lower_ in ("reported", "said", "claimed"):
            # "fighters were reported to have captured ...": the outlet's own report
            return None
        left = min(t.idx for t in subj.subtree)
        right = max(t.idx + len(t) for t in subj.subtree)
        phrase = sent.doc.text[left:right]
        if subj.lower_ in _PRONOUNS and len(list(subj.subtree)) == 1:
            if self.last is not None and self.last.source:
                return Attribution(self.last.source, self.last.start, self.last.end, negated, "pronoun")
            return None
        ref = self._in_sentence(sent, sources, left, right)
        name = ref.name if ref else _phrase_to_source(phrase, self.kb, self.is_demonym)
        return Attribution(name, left, right, negated, "reporting-verb")
