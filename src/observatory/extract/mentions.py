"""Find actor, source and place mentions in a parsed article, and the article's country.

Actors come from the knowledge-base entity ruler (named groups), from noun chunks that
the knowledge base resolves in context ("Syrian army soldiers", "troops", "civilians"),
and from organisations the NER finds but the knowledge base does not know (provisional
actors). Places come from the NER and from capitalised word sequences that the
gazetteer knows, with the preposition before them ("near", "east of") and ACLED-style
admin hints after them ("Afgooye (Afgooye, Lower Shabelle)").
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from observatory.places.normalize import normalize_name
from observatory.places.models import POPULATED
from observatory.places.vocab import NOT_PLACES

NON_PLACE_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT", "ACTOR", "SOURCE"}
_LEADING = re.compile(r"^(?:the|a|an|some|several|dozens|hundreds|many|at least|more than|about|nearly|"
                      r"around|over|up to|\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten)\s+",
                      re.IGNORECASE)
_PERSON_HEADS = {"members", "member", "fighters", "fighter", "soldiers", "soldier", "militants", "militant",
                 "elements", "troops", "personnel", "men", "officers", "officer", "forces", "supporters",
                 "loyalists", "units", "gunmen", "recruits", "commanders", "commander", "militiamen",
                 # what a group holds or does: "GNA positions", "a police raid", "an army operation"
                 "positions", "position", "checkpoint", "checkpoints", "base", "bases", "camp", "camps", "convoy",
                 "vehicle", "vehicles", "patrol", "patrols", "posts", "post", "headquarters",
                 "hideouts", "hideout", "outpost", "outposts", "lines", "stronghold"}
_EVENT_HEADS = {"raid", "raids", "operation", "operations", "offensive", "crackdown", "patrol", "ambush", "assault"}
_RELATIONS = re.compile(
    r"(?:(\d[\d.,]*\s*(?:km|kilometers?|kilometres?|miles?|mi)\s+)?((?:north|south|east|west|northeast|northwest|"
    r"southeast|southwest|north-east|north-west|south-east|south-west)(?:ern)?\s+of)|(near|outside|"
    r"on the outskirts of|outskirts of|around|close to|in the vicinity of|countryside of|suburbs? of|"
    r"the (?:\w+ )?countryside of|between))\s+(?:the\s+)?(?:(?:town|village|city|area|district|locality|"
    r"commune|settlement|hamlet)\s+of\s+)?$", re.IGNORECASE)
_REGION_WORDS = re.compile(r"\b(?:countryside|province|governorate|region|state|district|county|oblast|"
                           r"rural|outskirts|suburbs?|area|territory|prefecture|department|division|woreda|"
                           r"tehsil|raion|municipality|commune|sector|chiefdom|lga)\b", re.IGNORECASE)
#: the country vote of a name written with its province after it, "Nabha (Punjab)", shared among
#: the countries where a place of that name lies in a province of that name
HINTED_PROVINCE_VOTE = 2.0
_ADMIN_HINT = re.compile(r"^\s*[\(\[]([^,()\[\]]{2,40})(?:,\s*([^()\[\]]{2,40}))?[\)\]]")
_PROVINCE_AFTER = re.compile(r"\s+(?:countryside|province|governorate|region|state|oblast|department)\b", re.IGNORECASE)
#: how far from the town of its address a village may lie (a district's villages lie within tens of km)
ADDRESS_KM = 45
#: "Kazanci Yokusu street": a street's name, no settlement
_STREET_AFTER = re.compile(r"^(?:\s+[A-Z][\w'’-]+)?\s+(?:street|avenue|boulevard|lane|alley)\b", re.IGNORECASE)
#: what follows the town of an address: its province in brackets, or a last name before the clause ends
_ADDRESS_TAIL = re.compile(r"^\s*(?:\(|,\s*[A-Z][^,.;:()]{2,40}?(?:[.;(]|$|,\s+[a-z]))")
#: "X neighborhood of Y", "X area of Y", "X village of Y": X lies in Y
_NESTED_GAP = re.compile(r"^(?:\s+(?:and\s+)?[A-Z][\w'’-]+){0,3}\s+(?:neighbou?rhoods?|areas?|village|quarter|district|locality|"
                         r"sector|suburb|hamlet|mahalla|barangay|ward|street|road|avenue|square)\s+(?:of|in)\s+$")
#: words that begin or end many places' names but are none on their own
_NAME_WORDS = {"zone", "region", "province", "district", "county", "state", "area", "valley", "los", "las", "san", "santa", "santo", "sao", "new", "port", "saint", "mount", "lake", "fort", "ciudad",
               "villa", "puerto", "bahr", "wadi", "jabal", "jebel", "tell", "ain", "bir", "deir", "kafr", "beit", "umm",
               "abu", "city", "town", "colonia", "barrio", "north", "south", "east", "west", "upper", "lower", "greater"}
#: lower-case words inside a place's name
_CONNECTORS = {"de", "do", "da", "dos", "das", "del", "di", "du", "of", "la", "le", "des", "sur", "am", "an", "im"}
_ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "es", "et", "ez", "er", "ul"}
_FACILITY_WORDS = {"airport", "airbase", "base", "dam", "crossing", "prison", "camp", "bridge", "port", "barracks",
                   "checkpoint", "hospital", "refinery", "field", "plant", "station"}
_DIRECTIONAL_BEFORE = re.compile(r"\b(?:northern|southern|eastern|western|north-?western|north-?eastern|"
                                 r"south-?western|south-?eastern|central|rural|greater)\s+$", re.IGNORECASE)
_FORCE_NOUNS = re.compile(r"^(?:drones?|air ?strikes?|airstrikes?|strikes?|missiles?|rockets?|shelling|artillery|"
                          r"jets?|warplanes?|aircraft|helicopters?|planes?|forces|troops|soldiers|army|military|navy|"
                          r"bombs?|bombing|bombardment|raids?|attacks?|fire|tanks?|shells?|mortars?|gunboats?|"
                          r"police|officers|guards?|units?|personnel|commandos?|snipers?|ballistic|cruise|guided|attack)$", re.IGNORECASE)
_NOT_ACTORS = {"gmt", "utc", "telegram", "facebook", "twitter", "x", "whatsapp", "youtube", "tiktok", "instagram",
               "signal", "the associated press", "osce", "osce smm", "smm", "unama", "monusco", "minusma", "parliament", "congress", "senate", "the treasury", "treasury",
               "the un", "un", "united nations", "red cross", "icrc", "msf", "unicef", "who", "ocha", "unhcr",
               # weapons written as acronyms
               "atgm", "atgms", "rpg", "rpgs", "ied", "ieds", "vbied", "rcied", "uav", "uavs", "manpads", "mlrs"}
_AREA_AFTER = re.compile(r"^\s*(?:territory|province|governorate|region|district|county|oblast|prefecture|department|"
                         r"state|division|woreda|tehsil|raion|municipality|commune|lga|countryside)\b", re.IGNORECASE)
_ORG_LIKE = re.compile(r"\b(?:group|front|movement|army|brigade|militias?|forces|party|union|council|committee|"
                       r"association|battalion|regiment|network|organi[sz]ation|alliance|coalition|league|guards?|"
                       r"mujahideen|jamaat|jama'at|ansar|liberation|resistance|revolutionary|defen[cs]e|self-defen[cs]e|"
                       r"cartel|gang|clan|tribe|squad|unit|corps|police|militia|rebels|fighters)\b", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,6}$")
_SPEECH_VERBS = {"uses", "used", "denies", "denied", "says", "said", "accuses", "accused", "claims", "claimed",
                 "insists", "insisted", "rejects", "rejected", "condemns", "condemned", "warns", "warned",
                 "responded", "responds", "blames", "blamed", "announced", "announces", "calls", "called", "wants",
                 "backs", "backed", "supports", "supported", "demands", "demanded", "denounced", "urged"}
_AFFILIATION = re.compile(r"^[-‐–]\s?(?:linked|affiliated|aligned|backed|allied|inspired|supported|sponsored|"
                          r"leaning|friendly|loyal)\b", re.IGNORECASE)
_CAPITALISED = re.compile(r"^[A-Z][\w'’\-]*$")
_DIRECTIONAL = re.compile(r"^(?:northern|southern|eastern|western|north|south|east|west|central|"
                          r"north-?western|north-?eastern|south-?western|south-?eastern|rural|greater|upper|lower)\s+",
                          re.IGNORECASE)


#: words that introduce a place: "in", "near", "the village of", "the town of"
_PLACE_BEFORE = re.compile(r"\b(?:in|near|at|outside|village of|town of|city of|area of|villages? of|towns? of)\s+(?:the\s+)?$",
                           re.IGNORECASE)
#: a unit word that ends a place name: "Sittwe District", "Lainya county", "Minbya Township"
_UNIT_AFTER = re.compile(r"\s+(state|province|region|governorate|oblast|department|county|prefecture|"
                         r"countryside|(?:city\s+)?outskirts|suburbs?|district)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=32)
def _unit_homes(word: str) -> frozenset[str]:
    """Countries whose first-level units ISO 3166-2 calls WORD ("state": Venezuela, Mexico,
    Nigeria ...); empty for words that are no unit type ("countryside")."""
    import pycountry

    word = word.casefold()
    if word not in {"state", "province", "region", "governorate", "oblast", "department", "county", "prefecture"}:
        return frozenset()
    return frozenset(s.country_code for s in pycountry.subdivisions
                     if getattr(s, "parent_code", None) is None and word in s.type.casefold())
_SETTLEMENT_TAIL = re.compile(r"\s+(?:city|town|village)$", re.IGNORECASE)
_UNIT_TAIL = re.compile(r"\s+(?:district|township|state|province|region|county|division|governorate|municipality|"
                        r"oblast|raion|lga|prefecture|department|sub-?district|upazila|tehsil)$", re.IGNORECASE)
#: a bracket a few words after a name: "Lalpur village of Bhagabanpur area (East Midnapore district, West Bengal)"
_LATE_HINT = re.compile(r"^[^()\[\].;:]{1,50}?\(([^()]{2,80})\)")
#: "X district, Takhar", "X LGA, Borno": a province named after a comma (checked against the gazetteer)
#: what follows the second name of a list: "Aleppo, Idlib, Hama and Homs"
_LIST_REST = re.compile(r"^\s*(?:,\s*[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)*)*\s*,?\s*(?:and|or)\s+[A-Z]")


def _comma_province(after: str, gaz):
    """The province written after a name and a comma ("Trujillo, La Libertad"), unless the
    two names begin a list ("Aleppo, Idlib, Hama and Homs") or the second is the country
    ("Culiacan, Mexico": not the State of Mexico)."""
    m = _COMMA_PROVINCE.match(after)
    if m is None or _LIST_REST.match(after[m.end():]):
        return None
    country = gaz.country(m.group(1))
    if country is not None and country.country.casefold() == m.group(1).strip().casefold():
        return None
    return m


_COMMA_PROVINCE = re.compile(
    r"^\s*(?:(?:district|province|lga|county|municipality|region|area|town|city|village|sub-?district|upazila|"
    r"tehsil|township|commune|department|woreda)\s*(?:cent(?:er|re))?\s*)?,\s*(?:the )?"
    r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})(?=\s*(?:[.,;:)]|$|\s(?:province|state|region)))", re.IGNORECASE)
#: words after a country name that make it no place: a currency, an embassy, a product
_NOT_A_PLACE_AFTER = re.compile(r"^[\s-]*(?:dollars?|currency|embassy|embassies|consulate|made|passport|"
                                r"citizens?|nationals?|migrants|refugees|ambassador|flag)\b", re.IGNORECASE)
#: "a Turkey-backed faction", "Iran-led militias": a sponsor, not where it happened
_BACKED_AFTER = re.compile(r"^[\s-]*(?:backed|led|supported|sponsored|affiliated|aligned|funded|based)\b", re.IGNORECASE)
#: "the Mauritanian police", "the Bulgarian President": a state's institutions work at home
_DOMESTIC_AFTER = re.compile(r"^\s+(?:national\s+|state\s+|riot\s+)?(?:police|gendarmerie|government|authorities|"
                             r"president|prime minister|parliament|courts?|judiciary|prosecutors?|"
                             r"interior ministry|ministry|customs|border guards?)\b", re.IGNORECASE)
#: "near the border with Mali", "goods from Turkey", "fled to Uganda": another country
_ELSEWHERE_BEFORE = re.compile(r"\b(?:border with|borders with|border of|bordering|from|to|into|towards|toward|"
                               r"backed by|supported by|funded by|ambassador of|embassy of)\s+(?:the\s+)?$",
                               re.IGNORECASE)
#: administrative unit words used by one country only (ACLED notes and the local press)
_UNIT_HOME: dict[str, str] = {"lga": "NG", "lgas": "NG", "upazila": "BD", "barangay": "PH", "tambon": "TH",
                              "woreda": "ET", "kebele": "ET", "colonia": "MX", "raion": "UA",
                              "amphoe": "TH", "wilayat": "OM", "sangkat": "KH",
                              # institutions and words of one country's public life
                              "collectorate": "IN", "gherao": "IN", "gram panchayat": "IN", "zila parishad": "IN",
                              "lok sabha": "IN", "vidhan sabha": "IN", "raj bhavan": "IN", "union parishad": "BD",
                              "jatiya sangsad": "BD", "hartal": "BD", "tehsildar": "IN", "panchayat": "IN"}
_UNITS = re.compile(r"\b(?:" + "|".join(sorted(_UNIT_HOME, key=len, reverse=True)) + r")\b", re.IGNORECASE)
#: monitoring and peace missions that work in one country: their name is a country cue
_MISSION_HOME: dict[str, str] = {
    "osce smm": "UA", "special monitoring mission": "UA", "unama": "AF", "monusco": "CD", "minusma": "ML",
    "amisom": "SO", "unmiss": "SS", "unifil": "LB", "unsmil": "LY", "minusca": "CF", "unamid": "SD",
    "unami": "IQ", "unmha": "YE", "unficyp": "CY", "undof": "SY", "minurso": "EH",
}
_MISSIONS = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(_MISSION_HOME, key=len, reverse=True)) + r")\b",
                       re.IGNORECASE)


@dataclass
class ActorRef:
    start: int
    end: int
    text: str
    name: str  # canonical name, or the phrase for a provisional actor
    inter: int | None
    rule: str
    root: int  # token index of the mention's head
    provisional: bool = False


@dataclass
class PlaceRef:
    start: int
    end: int
    text: str
    candidates: list = field(default_factory=list)  # gazetteer Candidates, best first
    relation: str | None = None  # "near", "east of", ...
    admin_hint: tuple[str | None, str | None] = (None, None)  # (admin2, admin1) as written after the name
    region_word: bool = False  # "Idlib countryside", "northern Aleppo"
    root: int = 0
    strong: bool = True  # the NER called it a place (not only the gazetteer)
    area: bool = False  # named as an administrative area: "Masisi territory", "Idlib province"
    as_hint: bool = False  # written as another name's province or district: "Al Hishah (Misrata)"
    partial: bool = False  # found inside a longer name that is no place: "Zawiya" of "Jabal al-Zawiya"

    @property
    def best(self):
        return self.candidates[0].place if self.candidates else None


@dataclass
class SourceRef:
    start: int
    end: int
    text: str
    name: str
    kind: str


def _same_militia(refs: list[ActorRef]) -> list[ActorRef]:
    """"communal militias from Okpanam ... 2 communal militiamen were killed": a generic
    identity militia after a named one of the same kind is that militia (the latest named
    one whose name shares the kind word: communal, ethnic, clan, tribal)."""
    named: list[ActorRef] = []
    out = []
    for r in refs:
        if r.inter == 4 and not r.provisional and not r.name.startswith("Unidentified"):
            named.append(r)
        elif r.inter == 4 and r.name.startswith("Unidentified") and named:
            kind = next((w for w in ("communal", "ethnic", "clan", "tribal") if w in r.text.lower()), None)
            # without a kind word only a militia word refers back ("the militiamen"), not "armed herders"
            same = [n for n in named if kind and kind in n.name.lower()] or (
                [] if kind or "militia" not in r.text.lower() else named)
            if same:
                r = ActorRef(r.start, r.end, r.text, same[-1].name, same[-1].inter, "anaphora", r.root)
        out.append(r)
    return out


def doc_text(doc: Doc) -> str:
    """The document's text, computed once (spaCy rebuilds `Doc.text` from its tokens on every call)."""
    text = doc.user_data.get("observatory_text")
    if text is None:
        text = doc.user_data["observatory_text"] = doc.text
    return text


def _strip_leading(text: str) -> str:
    prev = None
    while prev != text:
        prev = text
        text = _LEADING.sub("", text)
    return text.strip(" ,.;:'\"“”‘’[]()")


def _span_of(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


class MentionFinder:
    """Finds the mentions of one article; knows its country and year once `country()` ran."""

    def __init__(self, doc: Doc, *, year: int | None, kb, gazetteer, dateline: str = ""):
        self.doc = doc
        self.text = doc_text(doc)
        self.dateline = dateline  # "KHARKIV, Ukraine, Oct 12 -": blanked in the parse, still a clue
        self.year = year
        self.kb = kb
        self.gaz = gazetteer
        self.iso2: str | None = None
        self._cache: dict[tuple, object] = {}

    # ---- country ------------------------------------------------------------------
    def guess_country(self, places: list[PlaceRef]) -> str | None:
        """The article's dominant country, by weighted votes: a named country (3), a
        demonym (2), a named actor's home (2), a province or state name (3, shared among
        the countries that have one so named), and each town (1 for its most likely
        country, a little for the others)."""
        votes: Counter[str] = Counter()
        voted: set[str] = set()  # actors already counted: "Turkish forces" twice is one actor
        for ent in self.doc.ents:
            if ent.label_ == "ACTOR":
                if not any(t.text[:1].isupper() and (not t.is_sent_start or t.ent_type_ == "NORP"
                                                     or self.gaz.country(t.text) is not None) for t in ent):
                    continue  # "militants", "Riot police" opening a sentence: words, not a named group
                match = self.kb.resolve(ent.text, year=self.year)
                if match is None or match.actor.name in voted:
                    continue
                voted.add(match.actor.name)
                # a named communal militia is as local as a rebel group ("Dan Na Ambassagou");
                # the generic "Fulani Ethnic Militia (X)" forms take their country from the text
                named = match is not None and (match.actor.inter in (1, 2, 3) or (
                    match.actor.inter == 4 and "(" not in match.actor.name))
                if (named and match.actor.country and not match.actor.provisional
                        and "Unidentified" not in match.actor.name):
                    votes[match.actor.country] += 2.0
                continue
            if ent.label_ in NON_PLACE_LABELS:
                continue
            after = self.text[ent.end_char: ent.end_char + 30]
            if _NOT_A_PLACE_AFTER.match(after) or _BACKED_AFTER.match(after):
                continue  # "the US dollar exchange rate", "a Turkey-backed faction": not where it happened
            name = re.sub(r"[’']s$", "", ent.text.strip())
            # "Northern Iraq" is Iraq; "South Sudan" and "Central African Republic" are themselves
            c = self.gaz.country(name) or self.gaz.country(_DIRECTIONAL.sub("", name))
            if c is None or not (ent.label_ in ("GPE", "LOC", "NORP") or c.country.lower() in ent.text.lower()):
                continue  # the NER sometimes calls a country an ORG ("Mozambique's military")
            before = self.text[max(0, ent.start_char - 30): ent.start_char]
            whole = re.search(r"[A-Z][\w-]+ (?:of|de|do|da|del) $", before)
            if whole and self.gaz.is_candidate(whole.group(0) + ent.text):
                continue  # "Port of Spain": a city's name, not Spain
            if ent.label_ == "NORP":
                # "the Mauritanian police", "the Bulgarian President": a state's own institutions
                votes[c.iso2] += 2.0 if _DOMESTIC_AFTER.match(after) else 1.0
            elif re.search(r"\($", before.rstrip()) and (
                    units := {u for u in self._admin_homes(ent.text, ("admin1",)) if u != c.iso2}):
                # "Rafi LGA (Niger)": a bracket after a place names its state, and Nigeria has one
                for iso in sorted(units | {c.iso2}):
                    votes[iso] += 3.0 / (len(units) + 1)
            elif _ELSEWHERE_BEFORE.search(before):
                votes[c.iso2] += 1.0  # "near the border with Mali", "goods from Turkey": a neighbour
            else:
                votes[c.iso2] += 3.0
        for i, p in enumerate(places):
            if not p.candidates or p.candidates[0].place.feature == "country":
                continue
            admin1 = {c.place.iso2 for c in p.candidates if c.place.feature == "admin1"}
            # a province's name counts fully when the text reads it as a province ("Lara
            # state", "Cabo Delgado") and little when a city elsewhere is the better reading
            # ("Sofia": Bulgaria's capital before Madagascar's region)
            # a town found by its own name, not by an old or foreign one ("Puno" is also Pune's)
            towns = [c.place for c in p.candidates if c.place.feature in POPULATED
                     and (c.matched == c.place.name or c.rule == "alias" or c.place.iso2 in admin1)]
            biggest = max(towns, key=lambda t: t.population).iso2 if towns else None
            unit = _UNIT_AFTER.match(self.text[p.end: p.end + 25])
            unit_word = unit is not None
            placed = p.strong or p.as_hint or unit_word or self.text[max(0, p.start - 3): p.start] == "in "
            as_unit = placed and (p.candidates[0].place.feature in ("admin1", "admin2") or p.as_hint or unit_word)
            if unit is not None and len(admin1) > 1:
                # "Bolivar state" is Venezuela's, "Ouest department" Haiti's: the countries
                # that call their provinces so
                typed = admin1 & _unit_homes(unit.group(1))
                admin1 = typed or admin1
            for iso in sorted(admin1):
                # "Idleb", "Odessa": a province named like the biggest city of that name; a word the
                # NER did not call a place ("Gulf") is no province unless written as one
                share = 3.0 if as_unit or (iso == biggest and not p.partial) else 1.0
                votes[iso] += share * (1.0 if placed or (iso == biggest and not p.partial) else 0.4) / len(admin1)
            top = p.candidates[0].place.iso2
            if p.as_hint and admin1 and top not in admin1:
                continue  # "(Mamprugo Moaduri, North East)": a bracket names units, not villages
            # a capitalised word the NER did not call a place counts less, unless it is written as
            # another name's district or province ("Tassouri (Dori, Seno)"): that says it is a place;
            # least when found only as a town's old or foreign name ("Balanda" was Kalininsk)
            written = bool(re.search(r"\b(?:in|near|at|outside|around|of)\s+(?:the\s+(?:town|village|city)\s+of\s+)?$",
                                     self.text[max(0, p.start - 30): p.start]))
            weight = 1.0 if p.strong or p.as_hint else 0.7 if written else 0.4
            if not p.strong and not p.as_hint and p.candidates[0].matched != p.candidates[0].place.name \
                    and p.candidates[0].rule != "alias":
                weight = 0.2
            votes[top] += weight * (1.5 if i < 3 else 1.0)
            others = {c.place.iso2 for c in p.candidates} - {top} - admin1
            for iso in sorted(others):
                votes[iso] += weight * 0.5 / len(others)
        for p in places:
            # "Nabha (Punjab)", "Rafah (Rafah, North Sinai)", "Nabha district (Punjab)": the
            # countries where the name lies in the province written after it (the NER may cut
            # "North Sinai" to "Sinai", so the province is read from the text, not the refs)
            hints = [h for h in p.admin_hint if h]
            late = None if hints else _LATE_HINT.match(self.text[p.end: p.end + 130])
            if late:  # "Nabha district (Punjab)"
                hints = [h.strip() for h in late.group(1).split(",") if h.strip()]
            homes = {c.place.iso2 for c in p.candidates if c.place.feature != "country"}
            agree = {iso for iso in homes if any(self.gaz.admin1(iso, h) is not None for h in hints)}
            comma = None if hints else _comma_province(self.text[p.end: p.end + 80], self.gaz)
            if comma:
                # "in Trujillo, La Libertad": only a namesake that lies in that province counts
                agree = {c.place.iso2 for c in p.candidates if c.place.feature != "country"
                         and (unit := self.gaz.admin1(c.place.iso2, comma.group(1))) is not None
                         and normalize_name(c.place.admin1 or "") in {normalize_name(unit.name),
                                                                       normalize_name(unit.admin1 or "")}}
            if not agree and hints:
                # "Mansila (Mansila, Yagha)": a village the index lacks, in a unit that one country has
                agree = {iso for h in hints for iso in self._admin_homes(h)}
                agree = agree if len(agree) == 1 else set()
            for iso in sorted(agree):
                votes[iso] += HINTED_PROVINCE_VOTE / len(agree)
        for part in self.dateline.strip(" -–—:").split(",")[:2]:
            # a reporter files from near the events: the dateline's country, or its city's
            part = re.sub(r"\s*\([^)]*\)", "", part).strip()
            if len(part) < 3 or any(ch.isdigit() for ch in part):
                continue
            c = self.gaz.country(part)
            if c is not None:
                votes[c.iso2] += 3.0
            elif (cands := self.gaz.lookup(part.title(), limit=3)) and cands[0].place.feature in POPULATED \
                    and cands[0].rule == "exact" and cands[0].place.population >= 100_000:
                votes[cands[0].place.iso2] += 1.5
        for word in sorted({m.group(0).casefold() for m in _UNITS.finditer(self.text)}):
            # "Bassa LGA", "Kumarkhali Upazila", "Barangay San Isidro": one country's unit words
            votes[_UNIT_HOME[word]] += 2.0
        for m in _MISSIONS.finditer(self.text):
            # "the OSCE SMM observed ...": a mission that works in one country only
            votes[_MISSION_HOME[m.group(0).casefold()]] += 2.0
        self.iso2 = votes.most_common(1)[0][0] if votes else None
        return self.iso2

    def _admin_homes(self, name: str, levels: tuple[str, ...] = ("admin1", "admin2")) -> set[str]:
        """Countries with an administrative unit of one of LEVELS called NAME."""
        return {c.place.iso2 for c in self.gaz.lookup(name, limit=8)
                if c.place.feature in levels and c.rule in ("exact", "normalised", "alias")}

    # ---- places -------------------------------------------------------------------
    def places(self, country: str | None = None) -> list[PlaceRef]:
        doc = self.doc
        # names of actors and sources are not places ("Tahrir al-Sham" holds "al-Sham")
        taken: list[tuple[int, int]] = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("ACTOR", "SOURCE")]
        refs: list[PlaceRef] = []

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        spans: list[Span] = [e for e in doc.ents if e.label_ not in NON_PLACE_LABELS]
        spans += self._capitalised_runs(doc)
        for span in sorted(spans, key=lambda s: (s.start_char, -(s.end_char - s.start_char))):
            if not free(span.start_char, span.end_char):
                continue
            strong = span.label_ in ("GPE", "LOC", "FAC")
            for ref in self._place_refs(span, country, strong=strong):
                if free(ref.start, ref.end):
                    taken.append((ref.start, ref.end))
                    refs.append(ref)
        refs.sort(key=lambda r: r.start)
        if not country:
            return refs
        return self._anchor(self._addresses(refs, country), country)

    def _addresses(self, refs: list[PlaceRef], country: str) -> list[PlaceRef]:
        """A name written as part of an address lies in the town after it: "Barangay Basak,
        Guihulngan, Negros Oriental", "Tuzlucayir neighborhood of Mamak", "Jalalpur, Shamli
        (UP)". Its namesakes elsewhere are not meant; when the index has none near the town,
        the town is the place (ACLED codes the town, as it would an unknown village)."""
        from observatory.extract.assemble import _km

        drop: set[int] = set()
        for i, r in enumerate(refs[:-1]):
            town = refs[i + 1]
            gap = self.text[r.end: town.start]
            if r.best is None or town.best is None or town.best.feature not in POPULATED + ("admin2",):
                continue
            if town.best.feature == "admin1" or _PROVINCE_AFTER.match(self.text[town.end: town.end + 25]):
                continue  # "Sharan area in Aleppo countryside": the province, not the city
            if town.best.feature == "city" and r.best.feature == "city" and town.best.population > 1_000_000 \
                    and r.best.population > 1_000_000:
                continue  # two big cities: a list, not an address
            nested = bool(_NESTED_GAP.match(gap))
            # "X, Y, Province." or "X, Y (Province)": a village, its town, the province
            tail = _ADDRESS_TAIL.match(self.text[town.end: town.end + 60])
            address = (bool(re.fullmatch(r"(?:\s+[A-Z]\w+)?\s*,\s*(?:[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s*,\s*)?", gap))
                       and tail is not None
                       and not re.search(r"\b(?:and|or)\b", tail.group(0)))  # "Aleppo, Idlib, Hama and Homs": a list
            if not (nested or address):
                continue
            anchor = town.best
            # a neighbourhood or street lies in its town; a village or area somewhere in its district
            radius = 10 if nested and re.search(r"neighbou?rhood|quarter|street|road|avenue|square|suburb|mahalla|ward",
                                                gap, re.IGNORECASE) else ADDRESS_KM
            near = [c for c in r.candidates if _km(c.place, anchor) <= radius]
            if not near:
                near = [c for c in self.gaz.lookup(r.text, country=country, near=(anchor.latitude, anchor.longitude),
                                                   limit=5) if _km(c.place, anchor) <= radius
                        and c.rule in ("exact", "normalised", "alias")]
            if near:
                r.candidates = near
            else:
                drop.add(i)
        return [r for i, r in enumerate(refs) if i not in drop]

    def _anchor(self, refs: list[PlaceRef], country: str) -> list[PlaceRef]:
        """Small places named without their town ("the Shevchenkivskyi district") are
        read near the article's first named town, not at a namesake across the country."""
        from observatory.extract.assemble import _km

        anchor = next((r.best for r in refs if r.best is not None and r.best.iso2 == country
                       and r.best.feature in ("city", "town", "village", "facility")), None)
        if anchor is None:
            return refs
        out = []
        for r in refs:
            p = r.best
            follow = self.text[r.end: r.end + 30].lower()
            district = bool(re.match(r"\s*(?:and \w+ )?(?:districts?|neighbou?rhoods?|quarters?|raions?)\b", follow))
            small = p is not None and (p.feature == "district" or district)
            if small and _km(p, anchor) > 150:
                near = [c for c in self.gaz.lookup(r.text, country=country, near=(anchor.latitude, anchor.longitude),
                                                   limit=5) if _km(c.place, anchor) <= 150]
                if not near:
                    continue
                r.candidates = near
            out.append(r)
        return out

    def _capitalised_runs(self, doc: Doc) -> list[Span]:
        """Capitalised word sequences, with a glued article ("al-Naib") and a facility word
        after them ("al-Naib airport")."""
        runs, cur = [], []

        def close():
            if cur:
                start, end = cur[0].i, cur[-1].i + 1
                while start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _ARTICLES:
                    start -= 2
                if end < len(doc) and doc[end].lower_ in _FACILITY_WORDS:
                    end += 1
                runs.append(doc[start:end])

        for tok in doc:
            if _CAPITALISED.match(tok.text) and (not tok.is_sent_start or tok.pos_ == "PROPN"):
                cur.append(tok)
            elif cur and tok.text == "-" and tok.i + 1 < len(doc) and _CAPITALISED.match(doc[tok.i + 1].text):
                cur.append(tok)
            elif (cur and tok.lower_ in _CONNECTORS and tok.text.islower() and tok.i + 1 < len(doc)
                  and _CAPITALISED.match(doc[tok.i + 1].text)):
                cur.append(tok)  # "Catole do Rocha", "Port of Spain", "Santiago de Queretaro"
            elif (cur and tok.lower_ in _ARTICLES and tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-"
                  and _CAPITALISED.match(doc[tok.i + 2].text)):
                cur.append(tok)  # "Deir ez-Zor", "Ras al-Ain"
            else:
                close()
                cur = []
        close()
        return runs

    def _place_refs(self, span: Span, country: str | None, *, strong: bool = True) -> list[PlaceRef]:
        """The place a span names; when the whole span is no place, the places among its
        words ("Tijuana Baja California": Tijuana, then Baja California)."""
        ref = self._place_ref(span, country, strong=strong)
        if ref is not None or len(span) < 2 or len(span) > 8:
            return [ref] if ref is not None else []
        if any(t.is_alpha and t.text.islower() and t.lower_ not in _CONNECTORS and t.lower_ not in _ARTICLES
               for t in span):
            return []  # "Forum for Democratic Change": a name with ordinary words in it is no list of places
        out: list[PlaceRef] = []
        i, end = span.start, span.end
        while i < end:
            for j in range(end if i > span.start else end - 1, i, -1):
                sub = self.doc[i:j]
                if not _CAPITALISED.match(sub[0].text) or not _CAPITALISED.match(sub[-1].text):
                    continue
                if len(sub) == 1 and (len(sub.text) < 4 or sub.text.casefold() in _NAME_WORDS):
                    continue  # "Los" of "Los Pijiguaos" is no place of its own
                ref = self._place_ref(sub, country, strong=strong)
                best = ref.candidates[0] if ref is not None else None
                if best is not None and (best.rule == "alias" or best.matched.casefold() == ref.text.casefold()
                                         or (i == span.start and best.rule == "exact")):
                    # spelled as the index spells it, or leading the span ("Kahnuj-Ghale Ganj road",
                    # "Hakkari Governor's Office"); a trailing word must match accents and all
                    # ("Democratic Change" is no Changé)
                    out.append(ref)
                    i = j
                    break
            else:
                i += 1
        # "Mandera-Nairobi", "Tijuana Baja California": every name in the span is a place; in
        # "Jabal al-Zawiya" the places found leave a word out, and are only part of the name
        covered = {t.i for r in out for t in self.doc.char_span(r.start, r.end, alignment_mode="expand") or []}
        if any(_CAPITALISED.match(t.text) and t.i not in covered for t in span):
            for r in out:
                r.partial = True
        return out

    def _place_ref(self, span: Span, country: str | None, *, strong: bool = True) -> PlaceRef | None:
        text = span.text.strip(" ,.;:'\"“”‘’-")
        text = re.sub(r"[’']s$", "", text)
        if text.lower().startswith("the "):
            text = text[4:]
        region = False
        m = _DIRECTIONAL.match(text)
        if m and not self._is_unit_name(text, country) and self.gaz.country(text) is None:
            # "northern Aleppo": a part of Aleppo; "North Sinai", "Eastern Cape", "Lower
            # Shabelle" are provinces' own names and stay whole
            text, region = text[m.end():], True
        bare = re.sub(r"^(?:al|el|ad|ar|as|ash|at|az|an|ed|es|et)[-‐ ]", "", text)
        in_brackets = bool(re.search(r"[(,]\s*$", self.text[max(0, span.start_char - 3): span.start_char]))
        if not bare[:1].isupper() or (len(bare) < 3 and not (in_brackets and bare.isupper() and len(bare) == 2)):
            return None  # a two-letter code counts only as a province hint: "(Shamli, UP)"
        hinted = bool(re.search(r"[(,]\s*$", self.text[max(0, span.start_char - 3): span.start_char]))
        hint = _ADMIN_HINT.match(self.text[span.end_char: span.end_char + 90])
        # "Jalalpur, Shamli (UP)", "Afgooye (Afgooye, Lower Shabelle)": the province picks the namesake
        province = (hint.group(2) or hint.group(1)).strip() if hint else None
        stated = None  # "Baharak district, Takhar": a province written after the name
        comma = _comma_province(self.text[span.end_char: span.end_char + 80], self.gaz)
        late = _LATE_HINT.match(self.text[span.end_char: span.end_char + 130]) if hint is None else None
        late_province = re.sub(r"\s+(?:district|province|state|region|governorate)$", "",
                               late.group(1).split(",")[-1].strip(), flags=re.IGNORECASE) if late else None
        if province is None and comma and country and self.gaz.admin1(country, comma.group(1)) is not None:
            province = stated = comma.group(1)
        elif province is None and late_province and country and self.gaz.admin1(country, late_province) is not None:
            # "Shahpur sector area (Poonch district, J&K)": the province closes the clause
            province = stated = late_province
        elif province and country and self.gaz.admin1(country, province) is not None:
            stated = province
        placed = strong or bool(_PLACE_BEFORE.search(self.text[max(0, span.start_char - 25): span.start_char]))
        cands = self._lookup(text, country, wide=hinted or country is None, admin1=province, spelled=placed)
        if stated and cands and country:
            # a namesake in another province is not the place meant; the province is the fallback
            unit = self.gaz.admin1(country, stated)
            keep = [c for c in cands if c.place.iso2 != country or c.place.feature in ("country", "admin1")
                    or normalize_name(c.place.admin1 or "") in {normalize_name(unit.name), normalize_name(unit.admin1 or "")}]
            cands = keep
        if country and cands and not any(c.place.iso2 == country for c in cands[:1]):
            # the article's country is known: a namesake abroad is not the place meant
            home = [c for c in cands if c.place.iso2 == country]
            cands = home or [c for c in cands if c.place.feature == "country"]
        if cands and span.root.dep_ in ("nsubj", "nsubjpass") and span.root.head.lower_ in _SPEECH_VERBS \
                and self._is_capital(cands[0].place):
            return None  # "Kinshasa uses", "Moscow denies": a government, not a place
        if not strong and cands:
            # a word the NER did not call a place ("al-Assad", "Nubl" as ORG) must be a place
            # of the article's own country, found by its name, not a namesake abroad
            cands = [c for c in cands if (country is None or c.place.iso2 == country or c.place.feature == "country")
                     and c.rule != "fuzzy" or c.place.feature == "facility"]
        if not cands:
            return None
        start = span.start_char + span.text.find(text) if text in span.text else span.start_char
        end = start + len(text)
        before = self.text[max(0, span.start_char - 60): span.start_char]
        rel = _RELATIONS.search(before)
        relation = None
        if rel:
            relation = (rel.group(2) or rel.group(3) or "").lower()
        after = self.text[span.end_char: span.end_char + 90]
        hint = _ADMIN_HINT.match(after)
        admin_hint = (hint.group(1).strip(), hint.group(2).strip() if hint.group(2) else None) if hint else (None, None)
        follow = self.text[span.end_char: span.end_char + 25]
        if _STREET_AFTER.match(follow):
            return None
        region = region or bool(_DIRECTIONAL_BEFORE.search(before)) or bool(_REGION_WORDS.match(follow.strip())) or bool(
            re.search(r"(?:countryside|province|governorate|region|outskirts|suburbs?) of\s+$", before, re.I))
        area = bool(_AREA_AFTER.match(follow)) or cands[0].place.feature in ("admin1", "admin2", "region")
        return PlaceRef(start=start, end=end, text=text, candidates=cands, relation=relation,
                        admin_hint=admin_hint, region_word=region, root=span.root.i, strong=strong, area=area,
                        as_hint=hinted)

    def _is_unit_name(self, text: str, country: str | None) -> bool:
        """Whether TEXT, as written, is the name of a province or district."""
        if not self.gaz.is_candidate(text):
            return False
        return any(c.place.feature in ("admin1", "admin2") and c.rule in ("exact", "normalised", "alias")
                   for c in self.gaz.lookup(text, country=country, limit=3))

    def _is_capital(self, place) -> bool:
        if place.feature == "country":
            return True
        home = self.gaz.country_by_iso2(place.iso2)
        return home is not None and abs(home.latitude - place.latitude) < 0.15 and abs(home.longitude - place.longitude) < 0.15

    def _lookup(self, text: str, country: str | None, *, wide: bool = False, admin1: str | None = None,
                spelled: bool = False):
        """Candidates for TEXT; WIDE looks further down the list (to find the province a
        parenthesis names among many towns of the same name); ADMIN1 is a province hint.
        SPELLED: the text says TEXT is a place ("in Quamishli city", a place the NER found),
        so a name the index does not hold as written is matched by its spelling variants
        within the article's country ("Quamishli" = Al Qamishli)."""
        key = ("place", text, country, wide, admin1, spelled)
        if key not in self._cache:
            cands = []
            if text.casefold() in NOT_PLACES:
                self._cache[key] = cands
                return cands
            code = len(text) == 2 and text.isupper()  # "(Shamli, UP)": only provinces answer to a code
            if code:
                cands = [c for c in self.gaz.lookup(text, country=country, limit=5) if c.place.feature == "admin1"]
            elif self.gaz.is_candidate(text) or (
                    _SETTLEMENT_TAIL.search(text) and self.gaz.is_candidate(_SETTLEMENT_TAIL.sub("", text))) or text.lower().endswith(
                    (" airport", " airbase", " air base", " base", " dam", " crossing", " prison", " camp")) or (
                    _UNIT_TAIL.search(text) and self.gaz.is_candidate(_UNIT_TAIL.sub("", text))):
                # "Sittwe District", "Rakhine State": the gazetteer strips the unit word itself
                cands = self.gaz.lookup(text, country=country, admin1=admin1 if country else None,
                                        limit=40 if wide else 5)
                if not cands and country:
                    cands = self.gaz.lookup(text, limit=5)
            elif spelled and country and len(text) >= 5 and text[:1].isupper():
                cands = [c for c in self.gaz.lookup(text, country=country, admin1=admin1, limit=5)
                         if c.place.iso2 == country and c.rule in ("loose", "fuzzy", "normalised", "part")]
            self._cache[key] = cands
        return self._cache[key]

    # ---- actors -------------------------------------------------------------------
    def actors(self) -> list[ActorRef]:
        doc = self.doc
        refs: list[ActorRef] = []
        taken: set[int] = set()
        for ent in doc.ents:
            if ent.label_ == "ACTOR" and _AFFILIATION.match(self.text[ent.end_char: ent.end_char + 14]):
                continue  # "Al Qaeda-linked jihadists" are not Al Qaeda
            if ent.label_ == "ACTOR":
                ref = self._resolve_actor(ent.text, ent.start_char, ent.end_char, ent.root.i)
                if ref is not None:
                    refs.append(ref)
                    taken.update(range(ent.start, ent.end))
        for chunk in doc.noun_chunks:
            if any(t.i in taken for t in chunk):
                # "HTS members": the ruler found HTS already
                continue
            owned = self._forces_of(chunk) or self._militia_from(chunk)
            if owned:
                refs += owned
                taken.update(range(chunk.start, chunk.end))
                continue
            ref = self._chunk_actor(chunk)
            if ref is not None:
                refs.append(ref)
                taken.update(range(chunk.start, chunk.end))
        for ent in doc.ents:
            if ent.label_ == "NORP" and not any(t.i in taken for t in ent):
                # "Russian attack drones", "Israeli airstrike": the state's forces
                head = ent.root.head
                while head.dep_ in ("conj", "amod", "compound") and not _FORCE_NOUNS.match(head.text) \
                        and head.head is not head and head.head.i > head.i:
                    head = head.head  # "Burundian and Rwandan soldiers": Rwandan hangs on Burundian
                if ent.root.dep_ in ("amod", "compound", "conj") and _FORCE_NOUNS.match(head.text):
                    ref = self._resolve_actor(f"{ent.root.text} forces", ent.root.idx,
                                              ent.root.idx + len(ent.root.text), ent.root.i)
                    if ref is not None and ref.inter in (1, 8):
                        refs.append(ref)
                        taken.update(range(ent.start, ent.end))
        for ent in doc.ents:
            if ent.label_ == "ORG" and not any(t.i in taken for t in ent):
                if ent.text.strip(" .,;:!?\n\t").lower() in _NOT_ACTORS:
                    continue
                if self.kb.source(ent.text) is not None or self.gaz.is_candidate(ent.text):
                    continue
                nxt = doc[ent.end] if ent.end < len(doc) else None
                if nxt is not None and (nxt.lower_ in _FACILITY_WORDS or _FORCE_NOUNS.match(nxt.text)):
                    continue  # "al-Naib airport", "Iskander-M missiles": a place or a weapon
                ref = self._resolve_actor(ent.text, ent.start_char, ent.end_char, ent.root.i)
                if ref is None and (_FORCE_NOUNS.match(ent.root.head.text) and ent.root.head.i >= ent.end
                                    or any(_FORCE_NOUNS.match(t.text) for t in doc[ent.end: ent.end + 2])):
                    continue  # "Iskander-M ballistic missiles": a weapon's name
                if ref is None and not _ORG_LIKE.search(ent.text) and not _ACRONYM.match(ent.text.strip()):
                    continue  # "Colonia Pemex", "Tarkende": a name, but nothing says it is an armed group
                if ref is None:
                    actor = self.kb.provisional(_strip_leading(ent.text), country=self.iso2)
                    ref = ActorRef(ent.start_char, ent.end_char, ent.text, actor.name, actor.inter,
                                   "provisional", ent.root.i, provisional=True)
                refs.append(ref)
        refs.sort(key=lambda r: r.start)
        return _same_militia(self._either_or(self._named_after(refs)))

    def _named_after(self, refs: list[ActorRef]) -> list[ActorRef]:
        """"Suspected rebels of the Allied Democratic Forces": the words before "of" are the
        named group's, not another group the generic word would resolve to."""
        out = []
        for i, r in enumerate(refs):
            nxt = refs[i + 1] if i + 1 < len(refs) else None
            if (nxt is not None and r.rule not in ("exact", "alias") and not nxt.provisional
                    and r.inter in (1, 2, 3, 8) and nxt.inter in (1, 2, 3, 4, 8)
                    and re.fullmatch(r"\s+(?:of|from)\s+(?:the\s+)?", self.text[r.end: nxt.start])):
                out.append(ActorRef(r.start, r.end, r.text, nxt.name, nxt.inter, "named after", r.root))
                continue
            out.append(r)
        return out

    def _either_or(self, refs: list[ActorRef]) -> list[ActorRef]:
        """"ISWAP or Boko Haram militants", "Boko Haram/IS fighters", "JNIM or ISGS": when a report
        cannot tell two groups apart, ACLED codes the pair's own "A and/or B" actor, where the
        knowledge base has one."""
        out: list[ActorRef] = []
        i = 0
        while i < len(refs):
            a = refs[i]
            b = refs[i + 1] if i + 1 < len(refs) else None
            if b is not None and not a.provisional and not b.provisional and a.name != b.name \
                    and re.fullmatch(r"\s*(?:or|and/or|/)\s*", self.text[a.end:b.start]):
                pair = re.sub(r"\s+(?:militants?|fighters?|members?|forces|elements|insurgents|jihadists|rebels)$", "",
                              self.text[a.start:b.end], flags=re.IGNORECASE)
                match = self.kb.resolve(pair, country=self.iso2, year=self.year)
                if match is not None and "and/or" in match.actor.name:
                    out.append(ActorRef(a.start, b.end, self.text[a.start:b.end], match.actor.name,
                                        match.actor.inter, "either-or", a.root))
                    i += 2
                    continue
            out.append(a)
            i += 1
        return out

    def _resolve_actor(self, text: str, start: int, end: int, root: int) -> ActorRef | None:
        key = ("actor", text.lower(), self.iso2)
        if key not in self._cache:
            self._cache[key] = self.kb.resolve(text, country=self.iso2, year=self.year)
        match = self._cache[key]
        if match is None:
            return None
        return ActorRef(start, end, text, match.actor.name, match.actor.inter, match.rule, root,
                        provisional=match.actor.provisional)

    def _forces_of(self, chunk: Span) -> list[ActorRef]:
        """"the military forces of Azerbaijan", "military forces of India and Pakistan",
        "police of Kenya": generic state forces owned by the countries named after "of",
        one mention per country (the article's own country says nothing here)."""
        doc = chunk.doc
        head = chunk.root
        if chunk.end + 1 >= len(doc) or doc[chunk.end].lower_ != "of" or not _FORCE_NOUNS.match(head.text):
            return []
        words = [t for t in chunk if t.pos_ not in ("DET", "NUM", "PRON") and not t.like_num]
        if not words:
            return []
        phrase = _strip_leading(self.text[words[0].idx: head.idx + len(head.text)])
        out: list[ActorRef] = []
        i = chunk.end + 1
        while i < len(doc) and len(out) < 3:
            if doc[i].lower_ == "the":
                i += 1
                continue
            ent = next((e for e in doc.ents if e.start == i and e.label_ in ("GPE", "NORP", "LOC", "ORG")), None)
            name = ent.text if ent is not None else doc[i].text
            end = ent.end if ent is not None else i + 1
            place = self.gaz.country(re.sub(r"[’']s$", "", name.strip()))
            if place is None:
                break
            match = self.kb.resolve(phrase, country=place.iso2, year=self.year)
            if match is None or match.actor.inter != 1 or match.actor.country != place.iso2:
                break
            tok = doc[i]
            out.append(ActorRef(tok.idx if out else chunk.start_char, doc[end - 1].idx + len(doc[end - 1].text),
                                name if out else self.text[chunk.start_char: doc[end - 1].idx + len(doc[end - 1].text)],
                                match.actor.name, match.actor.inter, "owner", head.i if not out else tok.i))
            if end < len(doc) and doc[end].lower_ in ("and", "or", ",") and end + 1 < len(doc):
                i = end + 1
                continue
            break
        return out

    def _militia_from(self, chunk: Span) -> list[ActorRef]:
        """"communal militias from Okpanam", "militiamen of the Bobo community": ACLED names a
        community's militia after it: "Okpanam Communal Militia (Nigeria)", or the group's
        own militia actor where the knowledge base knows the group ("Fulani Ethnic Militia")."""
        doc = chunk.doc
        if chunk.root.lower_ not in ("militia", "militias", "militiaman", "militiamen", "vigilante", "vigilantes") \
                or chunk.end + 1 >= len(doc) or doc[chunk.end].lower_ not in ("from", "of") or not self.iso2:
            return []
        i = chunk.end + 1
        if doc[i].lower_ == "the":
            i += 1
        words = []
        while i < len(doc) and doc[i].text[:1].isupper() and doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "X") and len(words) < 3:
            words.append(doc[i])
            i += 1
        if not words:
            return []
        name = " ".join(t.text for t in words)
        if self.kb.resolve(name, country=self.iso2, year=self.year) is not None or self.gaz.country(name) is not None:
            return []  # "militias of Hezbollah", "militiamen from Syria": not a community
        end = words[-1].idx + len(words[-1].text)
        match = self.kb.resolve(f"{name} militia", country=self.iso2, year=self.year)
        if match is None or "Unidentified" in match.actor.name:
            generic = self.kb.generic("communal-militia", self.iso2, self.year)
            label = re.search(r"\(([^()]+)\)$", generic.name) if generic else None
            if label is None:
                return []
            match = self.kb.resolve(f"{name} Communal Militia ({label.group(1)})", country=self.iso2, year=self.year)
        if match is None:
            return []
        return [ActorRef(chunk.start_char, end, self.text[chunk.start_char:end], match.actor.name, match.actor.inter,
                         "community", chunk.root.i, provisional=False)]

    def _chunk_actor(self, chunk: Span) -> ActorRef | None:
        dash = next((t for t in chunk if t.text in ("-", "—", "–") and t.whitespace_), None)
        if dash is not None:
            # a dateline glued to the lead: "PORT SUDAN - Fighters of ..."
            chunk = chunk.doc[dash.i + 1: chunk.end]
            if not len(chunk):
                return None
        words = [t for t in chunk if t.pos_ not in ("DET", "NUM", "PRON") and t.like_num is False]
        if not words:
            return None
        text = self.text[words[0].idx: words[-1].idx + len(words[-1])]
        text = _strip_leading(text)
        if not text:
            return None
        candidates = [text]
        head = chunk.root.text.lower()
        if head in _EVENT_HEADS and len(words) > 1 and words[-2].dep_ == "compound":
            # "a police raid", "an army operation": the raid's owner
            lead = _strip_leading(self.text[words[0].idx: chunk.root.idx].strip())
            ref = self._resolve_actor(lead, chunk.start_char, chunk.end_char, chunk.root.i) if lead else None
            return ref if ref is not None and ref.inter in (1, 2, 3, 4, 8) else None
        if head in _PERSON_HEADS and len(words) > 1:
            candidates.append(_strip_leading(self.text[words[0].idx: chunk.root.idx].strip()))
        compounds = [t for t in chunk.root.lefts if t.dep_ == "compound"]
        if compounds and len(words) > 2:
            # "a ministerial police officer", "the Divisional Police Officer": the head and its noun
            candidates.append(f"{compounds[-1].text} {chunk.root.text}")
        for cand in candidates:
            if not cand:
                continue
            ref = self._resolve_actor(cand, chunk.start_char, chunk.end_char, chunk.root.i)
            if ref is not None and self.kb.source(cand) is None:
                return ref
        return None

    # ---- sources ------------------------------------------------------------------
    def sources(self) -> list[SourceRef]:
        refs = []
        for ent in self.doc.ents:
            if ent.label_ == "SOURCE" or ent.label_ == "ORG":
                src = self.kb.source(ent.text)
                if src is not None:
                    refs.append(SourceRef(ent.start_char, ent.end_char, ent.text, src.name, src.kind))
        return refs
