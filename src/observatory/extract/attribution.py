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

from observatory.extract.mentions import SourceRef, doc_text

REPORT_VERBS = {
    "say", "said", "says", "saying", "report", "reported", "reports", "reporting", "tell", "told", "tells",
    "claim", "claimed", "claims", "state", "stated", "states", "announce", "announced", "announces",
    "confirm", "confirmed", "confirms", "add", "added", "note", "noted", "write", "wrote", "post", "posted",
    "document", "documented", "cite", "cited", "quote", "quoted", "allege", "alleged", "tweeted", "recorded",
    "estimate", "estimated", "accuse", "accused", "insisted", "warned", "explained", "indicated", "revealed",
    "denied", "publish", "published", "broadcast", "put",
}
_ACCORDING = re.compile(r"\b(?:according to|quoted by)\s+((?:the\s+)?[^,.;]{2,80}?)(?=[,.;]|\s+(?:on|in|at|who|which|that)\b|$)",
                        re.IGNORECASE)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_RELATIVE = {"that", "which", "who", "whom"}
_SPOKES = {"spokesman", "spokeswoman", "spokesperson", "official", "officials", "source", "sources", "officer"}
_NOT_SOURCES = {"casualties", "casualty", "deaths", "death", "injuries", "fatalities", "damage", "arrests", "clashes",
                "incidents", "attacks", "explosions", "shots", "gunfire", "fighting", "it", "this", "that"}
_TOLL_VERBS = {"put", "estimated", "estimate", "gave", "give", "placed", "raised", "revised"}
_SYNONYM_HEADS = {"army": "military", "forces": "military", "military": "military", "troops": "military",
                  "police": "police", "spokesman": "spokesperson", "spokeswoman": "spokesperson"}
_COREF_HEADS = {"group", "monitor", "organisation", "organization", "network", "agency", "committee", "watchdog",
                "observatory", "body", "coalition", "ngo", "charity", "outlet", "newspaper", "channel", "paramilitary",
                "militia", "movement", "army", "ministry", "commission", "union", "mission"}
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
    if len(words) > 1 and demonyms(words[0]) and " ".join(words[1:]).islower() and words[-1].lower() == "source":
        clean = " ".join(words[1:])  # "a Syrian military source": the nationality says little
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

def _phrase_tokens(subj: Token) -> list[Token]:
    """The subject phrase without appositions, relative clauses and brackets:
    "The Kenya National Commission on Human Rights (KNCHR), a state-funded watchdog"."""
    out, stack = [], [subj]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("appos", "relcl", "acl", "punct", "parataxis")
                     and c.text not in ("(", ")"))
    out.sort(key=lambda t: t.i)
    # cut at a bracket or comma inside what is left
    cut = [t for t in out if t.text in ("(", ",")]
    if cut:
        out = [t for t in out if t.i < cut[0].i] or out
    return out


def _tail_before(verb: Token) -> list[Token]:
    """The words between the last comma or quote and a sentence-final reporting verb."""
    sent = verb.sent
    if verb.i < sent.start + 6 or any(t.is_alpha for t in verb.doc[verb.i + 1: sent.end][:4] if t.dep_ != "prep"
                                      and t.head.i != verb.i):
        return []
    toks = []
    for t in reversed(list(verb.doc[sent.start: verb.i])):
        if t.text in (",", "\"", "”", "“", ";", ":") or t.is_quote:
            break
        toks.append(t)
    toks.reverse()
    return toks if 0 < len(toks) <= 8 else []


class Attributor:
    """Finds the sources of each sentence, carrying state (the last source) across sentences.

    A sentence can carry several attributions ("state media did not report the fighting,
    but a pro-government website said troops had attacked ..."): each covers the tokens
    of its reported clause, and `for_token()` picks the one that covers a claim's words.
    """

    def __init__(self, *, kb, is_demonym, default_source: str):
        self.kb = kb
        self.is_demonym = is_demonym
        self.default = default_source
        self.last: Attribution | None = None
        self._clauses: list[tuple[Attribution, set[int]]] = []
        self._statement: set[int] = set()
        self._main = Attribution(None)
        self._named: list[str] = []  # named sources seen so far, latest last
        self._seen: list[str] = []  # every source name given so far
        self._generic: dict[str, str] = {}  # head word -> first phrase ("governor" -> "regional governor")

    def attribute(self, sent: Span, sources: list[SourceRef], *, following: Span | None = None) -> Attribution:
        """The sentence's main attribution; also prepares `for_token()` for this sentence.
        FOLLOWING: the sentence that closes a quotation this one opens; its speaker speaks here too."""
        if following is not None:
            self._clauses = []
            speaker = self._attribute(following, sources)
            if speaker.source is not None:
                self._clauses, self._statement = [], set()
                self._main = Attribution(speaker.source, None, None, speaker.negated, "quote")
                self.last = self._main
                return self._main
        self._clauses = []
        self._statement = set()
        main = self._attribute(sent, sources)
        self._main = main
        if main.source is not None:
            self.last = main
        return main

    def statement_tokens(self) -> set[int]:
        """Tokens that describe the statement, not the event ("said in a statement late on Wednesday")."""
        return self._statement

    def subject_spans(self) -> list[tuple[int, int]]:
        """Character spans of this sentence's source phrases ("the Britain-based ...")."""
        spans = [(a.start, a.end) for a, _ in self._clauses if a.start is not None and a.rule != "pronoun"]
        if self._main.start is not None and self._main.rule == "according-to":
            spans.append((self._main.start, self._main.end))
        return spans

    def _remember(self, att: Attribution) -> Attribution:
        if att.source and att.source not in self._seen:
            self._seen.append(att.source)
        return att

    def for_token(self, i: int | None) -> Attribution:
        """The attribution whose reported clause holds token I (else the sentence's main one)."""
        if i is not None:
            covering = [(a, ids) for a, ids in self._clauses if i in ids]
            if covering:
                return min(covering, key=lambda x: len(x[1]))[0]
        return self._main

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
            return self._remember(Attribution(name, start, end, rule="according-to"))
        found: list[Attribution] = []
        for tok in sent:
            if tok.lower_ not in REPORT_VERBS or tok.pos_ not in ("VERB", "AUX"):
                continue
            att = self._from_verb(tok, sent, sources)
            if att is None:
                continue
            subj_ids = {t.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
            content = ("ccomp", "xcomp", "dobj", "conj") + (("prep",) if tok.lower_ in _TOLL_VERBS else ())
            reported = {t.i for c in tok.children if c.dep_ in content for t in c.subtree}
            covered = {t.i for t in tok.subtree} - subj_ids
            if reported:
                self._statement |= covered - reported
                covered = reported
            else:
                self._statement |= covered
            self._clauses.append((att, covered))
            found.append(self._remember(att))
        if not found:
            return Attribution(None)
        # the sentence's main source: a positive, named attribution over a pronoun or a denial
        return min(found, key=lambda a: (a.negated, a.rule == "pronoun"))

    def _from_verb(self, verb: Token, sent: Span, sources: list[SourceRef]) -> Attribution | None:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        negated = any(c.dep_ == "neg" for c in verb.children)
        if subj is None and verb.dep_ in ("advcl", "xcomp", "conj"):
            # "..., gave a far higher toll, saying ...": the subject of the verb it hangs on
            from observatory.extract.roles import _subject_of

            subj = _subject_of(verb)
        if subj is None or subj.lower_ in _RELATIVE:
            return None
        if subj.lower_ in _NOT_SOURCES or any(c.lower_ == "no" for c in subj.children):
            return None  # "No casualties were reported", "deaths were reported": not a source
        if subj.dep_ == "nsubjpass" and verb.lower_ in ("reported", "said", "claimed"):
            # "fighters were reported to have captured ...": the outlet's own report
            return None
        toks = _phrase_tokens(subj)
        tail = _tail_before(verb)
        if tail and (toks[0].i < tail[0].i or toks[-1].i >= verb.i):
            # "M23 rebels on Tuesday captured Rubaya, ..., residents and the rebels said": a small
            # parser hangs the whole lead on "said"; the source is what stands right before it
            toks = tail
        left, right = toks[0].idx, toks[-1].idx + len(toks[-1])
        full_right = max(t.idx + len(t) for t in subj.subtree)
        phrase = doc_text(sent.doc)[left:right]
        if subj.lower_ in _PRONOUNS and len(toks) == 1:
            if self.last is not None and self.last.source:
                return Attribution(self.last.source, self.last.start, self.last.end, negated, "pronoun")
            return None
        ref = self._in_sentence(sent, sources, left, full_right)
        name = ref.name if ref else self._generic_source(phrase)
        if ref is not None:
            self._named.append(ref.name)
        return Attribution(name, left, right, negated, "reporting-verb")

    def _generic_source(self, phrase: str) -> str:
        named = self.kb.resolve(phrase)
        if named is not None and named.actor.inter in (2, 3, 4) and named.rule in ("alias", "normalised"):
            return named.actor.name  # "JNIM said": a named armed group speaking for itself
        name = _phrase_to_source(phrase, self.kb, self.is_demonym)
        words = name.lower().split()
        if not words:
            return name
        if len(words) > 1 and words[-1] in _SPOKES:
            body = " ".join(words[:-1])
            owner = next((x for x in reversed(self._seen) if body in x.lower()), None)
            if owner is not None:
                return owner  # "a civil defence spokesman" speaks for "Gaza's civil defence agency"
        head = _SYNONYM_HEADS.get(words[-1], words[-1])
        definite = phrase.strip().lower().startswith(("the ", "its ", "their "))
        if definite and len(words) <= 2 and head in _COREF_HEADS and self._named:
            return self._named[-1]  # "the group said" after "the Sudan Doctors Network said"
        known = self._generic.get(head)
        if known is not None and len(name) <= len(known):
            return known  # "the governor" after "the regional governor"
        if name.islower() or head in _SYNONYM_HEADS.values():
            self._generic[head] = name  # the most specific wording so far names the source
        return name
