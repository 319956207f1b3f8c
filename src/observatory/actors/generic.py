"""Generic words for actors, and the guess made for organisations the KB does not know.

`GENERIC_WORDS` maps what a report says when it names no group ("troops", "gunmen",
"villagers") to a generic kind; `GENERIC_NAMES` gives each kind its ACLED name pattern.
Decisions worth knowing:

* "government", "the Syrian government" -> the country's *military*: in violent events
  ACLED codes the armed forces, not the "Government of X" actor.
* "security forces" -> military (ACLED's default unless the text says police).
* "militants", "insurgents", "jihadists", "bandits" -> Unidentified Armed Group (ACLED
  codes Nigerian bandits so); they are only used when no named group matched.
* "herders", "vigilantes", "local militia" -> Unidentified Communal Militia; "clan
  militia" and "tribesmen" have ACLED's own Clan/Tribal names.
* "journalists", "students", "prisoners", "a man" -> Civilians: ACLED puts such groups
  under Civilians (X) with an associated actor such as "Journalists (X)".
"""

from __future__ import annotations

import re

from observatory.actors.text import norm_key

#: words that, alone, make an alias generic ("regime forces", "the junta", "federal police"):
#: such aliases are valid only in the actor's own countries and get no entity-ruler pattern
GENERIC_VOCAB = frozenset(
    "the a an of and pro regime force forces troop troops army military soldier soldiers government junta "
    "coalition occupation occupier occupiers federal national security police militia militias militiaman militiamen "
    "fighter fighters gunmen loyalist loyalists enemy rebel rebels separatist separatists local state unit units "
    "men group groups alliance faction factions joint resistance mercenary mercenaries invader invaders "
    "volunteer volunteers defence defense peacekeeper peacekeepers un au warplane warplanes international "
    "auxiliaries auxiliary allied backed patriotic armed regional special operation operations command "
    "elite guard guards border defender defenders aggression aggressor air jet jets drone drones "
    "helicopter helicopters artillery intelligence directorate service services agency ministry interior "
    "general staff division brigade brigades battalion regiment corps republican presidential criminal "
    "investigation department unit central reserve rapid action response intervention".split())

#: kind -> (name pattern, inter, Actor.kind)
GENERIC_NAMES: dict[str, tuple[str, int, str]] = {
    "civilians": ("Civilians ({country})", 7, "civilians"),
    "protesters": ("Protesters ({country})", 6, "protesters"),
    "rioters": ("Rioters ({country})", 5, "rioters"),
    "unidentified-armed-group": ("Unidentified Armed Group ({country})", 3, "political-militia"),
    "communal-militia": ("Unidentified Communal Militia ({country})", 4, "identity-militia"),
    "gang": ("Unidentified Gang ({country})", 3, "political-militia"),
    "clan-militia": ("Unidentified Clan Militia ({country})", 4, "identity-militia"),
    "tribal-militia": ("Unidentified Tribal Militia ({country})", 4, "identity-militia"),
}
STATE_GENERIC_KINDS = ("military", "police", "government", "prison-guards")

_WORDS: dict[str, tuple[str, ...]] = {
    "military": (
        "troops", "army", "soldiers", "soldier", "government forces", "government troops",
        "government soldiers", "regime forces", "regime troops", "regime soldiers", "regime",
        "regime army", "security forces", "security personnel", "military", "armed forces",
        "military forces", "state forces", "army troops", "army soldiers", "military personnel",
        "servicemen", "paratroopers", "commandos", "special forces", "warplanes", "fighter jets",
        "military aircraft", "military helicopters", "helicopter gunships", "air force", "navy",
        "army units", "national army", "pro-government forces", "loyalist forces", "government",
        "junta", "military junta", "junta forces", "junta troops", "junta soldiers",
        "army personnel", "military units", "armed forces personnel", "government warplanes",
        "regime warplanes", "government aircraft", "army helicopters", "military convoy",
        "security force", "army officers", "military officers", "government army",
        "federal forces", "federal troops", "national forces", "defence forces", "defense forces",
        "governmental forces", "governmental troops", "governmental", "government positions",
        "security officers", "security officer", "military positions",
        "army positions", "soldiers and officers", "military patrol", "army patrol",
    ),
    "police": (
        "police", "policemen", "police officers", "police officer", "policeman", "police forces",
        "police force", "riot police", "anti-riot police", "gendarmes", "gendarmerie",
        "law enforcement", "law enforcement officers", "law enforcement agencies", "cops",
        "traffic police", "police personnel", "police units", "police patrol", "policewomen",
        "security agents", "police commandos", "policewoman", "police guards", "police post", "police checkpoint",
    ),
    "prison-guards": (
        "prison guards", "prison guard", "prison officers", "prison officer", "prison wardens", "prison warden",
        "jailers", "jail guards", "prison staff", "correctional officers", "custodial officers",
    ),
    "unidentified-armed-group": (
        "gunmen", "gunman", "unknown gunmen", "unidentified gunmen", "armed men", "armed man",
        "militants", "militant", "unidentified attackers", "unknown attackers", "attackers",
        "assailants", "unknown assailants", "unidentified assailants", "armed assailants",
        "armed group", "armed groups", "unidentified armed group", "unidentified armed men",
        "unknown armed men", "masked gunmen", "masked men", "suspected militants", "insurgents",
        "jihadists", "terrorists", "extremists", "bandits", "armed bandits", "kidnappers",
        "abductors", "unidentified men", "unknown men", "unknown individuals",
        "unidentified individuals", "unknown persons", "unidentified persons", "armed individuals",
        "gunmen on motorcycles", "gunmen on motorbikes", "suicide bomber", "suicide bombers",
        "bomber", "sniper", "snipers", "rebels", "rebel fighters", "armed gang", "armed bandit",
        "jihadist fighters", "terrorist group", "unknown perpetrators", "perpetrators", "unknown armed group",
        "unidentified group", "unknown group", "unidentified armed groups", "unknown armed groups",
    ),
    "gang": (
        "gang members", "gang member", "gangs", "gang", "gangsters", "criminal gang",
        "criminal gangs", "criminal group", "criminal groups", "criminals", "cartel members",
        "cartel gunmen", "sicarios", "hitmen", "narcos", "drug traffickers", "gang leader",
        "armed gangs", "gang fighters", "organised crime group", "organized crime group",
    ),
    "civilians": (
        "civilians", "civilian", "residents", "resident", "villagers", "villager", "children",
        "child", "women", "woman", "farmers", "farmer", "man", "men", "people", "person",
        "journalists", "journalist", "worshippers", "displaced people", "displaced persons",
        "displaced", "idps", "refugees", "passengers", "motorists", "pedestrians", "shepherds",
        "shepherd", "students", "student", "teachers", "teacher", "doctors", "medics",
        "health workers", "aid workers", "humanitarian workers", "traders", "merchants",
        "fishermen", "miners", "workers", "labourers", "laborers", "boys", "girls", "boy",
        "girl", "family", "families", "local residents", "locals", "inhabitants", "elderly man",
        "elderly woman", "teenager", "teenagers", "infant", "baby", "pupils", "schoolchildren",
        "mourners", "civilian population", "non-combatants", "prisoners", "detainees", "drug suspect",
        "drug suspects", "suspected drug dealer", "suspected drug dealers", "drug users",
        "worshipers", "churchgoers", "farmworkers", "herdsboy", "young man", "young men",
        "youths", "youth", "villager", "truck drivers", "drivers", "driver", "civil servants",
        "health worker", "aid worker", "nurse", "nurses", "patients", "shopkeepers",
        "internally displaced people", "internally displaced persons", "asylum seekers",
        "migrants", "tribal elder", "elders", "village chief", "religious leaders", "imam",
        "priest", "pastor", "lawyer", "lawyers", "unarmed civilians",
    ),
    "protesters": (
        "protesters", "protestors", "protester", "protestor", "demonstrators", "demonstrator",
        "marchers", "striking workers", "strikers", "rally participants", "sit-in participants",
        "crowd of protesters", "crowds of protesters", "protesting students", "protesting farmers",
    ),
    "rioters": (
        "rioters", "rioter", "mob", "angry mob", "angry crowd", "rioting youths", "looters",
        "mob of residents", "irate mob", "angry youths", "irate youths", "a mob",
    ),
    "communal-militia": (
        "communal militia", "communal militias", "herders", "herdsmen", "vigilantes",
        "vigilante group", "vigilante groups", "local militia", "local militias",
        "community militia", "self-defense group", "self-defence group", "self-defense militia",
        "self-defence militia", "village militia", "ethnic militia", "ethnic militias",
        "armed herders", "armed youths", "militiamen", "militia", "militias", "local vigilantes",
        "hunters", "traditional hunters", "community vigilantes", "local defence group",
    ),
    "clan-militia": (
        "clan militia", "clan militias", "clan fighters", "clansmen", "clan gunmen",
        "rival clans", "clan militiamen", "armed clansmen",
    ),
    "tribal-militia": (
        "tribal militia", "tribal militias", "tribal fighters", "tribesmen", "tribal gunmen",
        "armed tribesmen", "tribal forces",
    ),
}

#: normalised generic phrase -> kind (built once at import: ~600 short strings, < 2 ms)
GENERIC_WORDS: dict[str, str] = {norm_key(w): kind for kind, words in _WORDS.items() for w in words}
#: generic words trusted less (a named group is usually meant): lower score
WEAK_GENERIC = frozenset(norm_key(w) for w in (
    "militants", "militant", "insurgents", "jihadists", "terrorists", "extremists", "rebels",
    "rebel fighters", "attackers", "assailants", "people", "person", "man", "men", "militia",
    "militias", "militiamen", "government", "regime", "perpetrators", "youths", "youth",
))

#: nouns after a demonym that name state forces ("Russian troops", "Israeli warplanes")
FORCE_NOUNS: dict[str, str] = {norm_key(w): "military" for w in (
    "army", "armies", "military", "armed forces", "forces", "force", "troops", "soldiers",
    "soldier", "security forces", "government forces", "government troops", "regime",
    "regime forces", "government", "junta", "navy", "naval forces", "air force",
    "air defence", "air defense", "air defences", "air defenses", "warplanes", "warplane", "jets",
    "fighter jets", "aircraft", "drones", "drone", "helicopters", "helicopter", "gunships",
    "artillery", "tanks", "special forces", "commandos", "paratroopers", "marines",
    "border guards", "border forces", "military police", "servicemen", "army units", "units",
    "airstrikes", "air strikes", "airstrike", "missiles", "missile", "shelling", "strikes",
    "occupation forces", "occupation army", "occupiers", "invaders", "military forces",
    "defence forces", "defense forces", "defence ministry", "defense ministry", "armed forces personnel",
    "military personnel", "army personnel", "infantry", "national army", "national guard",
    "government army", "military aircraft", "bombers", "fighter planes", "planes", "battleships",
    "warships", "ground forces", "security services", "intelligence", "soldiers and police",
    "patrol", "patrols", "convoy", "convoys", "reinforcements", "positions", "military patrol", "military convoy",
    "military positions", "army positions", "military vehicles", "armoured vehicles", "armored vehicles",
)} | {norm_key(w): "police" for w in (
    "police", "policemen", "police officers", "police officer", "police forces", "police force",
    "gendarmes", "gendarmerie", "riot police", "border police", "national police",
    "police service", "federal police", "police commandos", "law enforcement",
)}

#: "forces loyal to X", "X's forces", "pro-X fighters"
LOYAL_TO = re.compile(r"^(?:pro )?(?:forces?|troops?|fighters?|soldiers?|militias?|militiamen|men|units?|"
                      r"army|gunmen|supporters?) (?:loyal to|allied (?:with|to)|under the command of|"
                      r"commanded by|led by|of) (?P<who>.+)$")
LEADER_NOUN = re.compile(r"^(?:pro )?(?P<who>.+?) (?:forces?|troops?|army|armies|loyalists?|regime(?: force)?|"
                         r"militias?|militiamen|fighters?|soldiers?|men|gunmen|units?|camp|supporters?)$")

#: "<group> militia(s)/fighters/youths", "armed <group> men" (on normalised, singular-tail keys)
GROUP_MEMBERS = re.compile(r"^(?:armed )?(?P<g>.+?) (?:ethnic |clan |sub clan |tribal |community |communal )?"
                           r"(?:militia|militiaman|militiamen|fighter|gunman|gunmen|youth|men|attacker|tribesman|"
                           r"tribesmen|clansman|clansmen|self defen[cs]e group|vigilante|herdsman|herdsmen|"
                           r"armed men|armed youth)$")
#: "militiamen from the Ayr sub-clan", "fighters of the Murle community"
GROUP_FROM = re.compile(r"^(?:armed )?(?:militias?|militiamen|fighters?|gunmen|armed men|men|youths?) (?:from|of|belonging to) "
                        r"(?:the )?(?P<g>.+?)(?: (?:clan|sub clan|tribe|community|ethnic group))?$")

_STATE_WORDS = re.compile(r"\b(?:armed forces|army|military|police|gendarmerie|national guard|navy|air force|"
                          r"ministry|defen[cs]e forces?|security forces|border guards?|presidential guard|"
                          r"republican guard|coast guard|intelligence)\b")
_REBEL_WORDS = re.compile(r"\b(?:liberation|front|movement|army of|rebels?|resistance|insurgents?|separatists?|"
                          r"mujahideen|mujahidin|jihad|islamic state|people'?s army|revolutionary|"
                          r"defen[cs]e force|emirate|caliphate|jama'?at|ansar|harakat|hizb|jabhat|jaysh|jaish|"
                          r"liwa|katiba|army)\b")
_MILITIA_WORDS = re.compile(r"\b(?:militias?|brigades?|battalions?|gangs?|cartels?|vigilantes?|squads?|"
                            r"guards?|regiment|division|legion|group|committee|council|party|union)\b")
_IDENTITY_WORDS = re.compile(r"\b(?:tribes?|tribal|clans?|sub-clan|community|communal|ethnic|indigenous|"
                             r"kinship|villagers?|herders?|farmers?)\b")


def infer_inter(name: str, *, is_country_word) -> tuple[int, str]:
    """Inter code and kind guessed from an unknown organisation's name.

    army/forces/police of a state -> 1; "Liberation Front", "Movement", "Army of", "X Army"
    (non-state) -> 2; "militia", "Brigade", "gang", "cartel" -> 3; "tribe", "clan",
    "community" -> 4; "protesters" -> 6; "civilians" -> 7. IS_COUNTRY_WORD(word) says
    whether a word is a country name or demonym ("Malian army" is a state force).
    """
    low = name.casefold().replace("’", "'")
    if re.search(r"\b(?:protesters|protestors|demonstrators)\b", low):
        return 6, "protesters"
    if re.search(r"\b(?:rioters|mob)\b", low):
        return 5, "rioters"
    if re.search(r"\bcivilians?\b", low):
        return 7, "civilians"
    if _IDENTITY_WORDS.search(low):
        return 4, "identity-militia"
    words = re.findall(r"[\w'-]+", name)
    national = any(is_country_word(w) for w in words) or bool(re.search(r"\bnational (?:army|police|guard)\b", low))
    if _STATE_WORDS.search(low) and not re.search(r"\b(?:liberation|people'?s|revolutionary|free|islamic)\b", low):
        if national or re.search(r"\b(?:ministry|gendarmerie|police|armed forces|presidential|republican guard)\b", low):
            return 1, "police" if re.search(r"\b(?:police|gendarmerie)\b", low) else "state"
    if _MILITIA_WORDS.search(low) and not re.search(r"\b(?:liberation|front|movement|army)\b", low):
        return 3, "political-militia"
    if _REBEL_WORDS.search(low):
        return 2, "rebel"
    if _MILITIA_WORDS.search(low):
        return 3, "political-militia"
    return 3, "political-militia"
