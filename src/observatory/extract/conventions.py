"""ACLED coding conventions that depend on the region and on how a killing was done.

They refine the generic actors chosen from the parse, on the event's own text:

* Latin America and the Caribbean: a killing bearing the marks of organised crime
  (a drive-by shooting, an execution, a body with its hands tied, mutilated, beheaded or
  left with a message) by unnamed men is coded to "Unidentified Gang (X)"; Brazil's
  such killings, where police militias do the same, to "Unidentified Gang and/or Police
  Militia". Plain "armed men attacked a man" stays an Unidentified Armed Group.
* A shoot-out or exchange of fire between unnamed groups is an Unidentified Armed Group
  on both sides, not an attack on civilians.
"""

from __future__ import annotations

import re

__all__ = ["CONTRABAND_SEIZURE", "CRIMINAL_VICTIM", "DRUGS", "GANG_COUNTRIES", "INTERVENTION", "TWO_GROUPS", "gang_actor", "gang_style", "unnamed_shootout"]

#: drugs seized: the gang that trafficked them is the other side
DRUGS = re.compile(r"\b(?:marijuana|cannabis|cocaine|crack|heroin|methamphetamine|meth|fentanyl|drugs?|narcotics|"
                   r"(?:drug|crack|cocaine) labs?)\b", re.IGNORECASE)
#: a force taking drugs or smuggled goods ("seized a ton of marijuana", "dismantled a drug lab",
#: "seized 1.4 million packs of smuggled cigarettes"): ACLED codes the loss to the traffickers' gang
#: (property destruction), even when the text also says who was arrested
CONTRABAND_SEIZURE = re.compile(
    r"\b(?:seiz\w*|confiscat\w*|dismantl\w*|impound\w*)\b(?=.{0,120}?\b(?:marijuana|cannabis|cocaine|crack|heroin|"
    r"methamphetamine|fentanyl|drugs?|narcotics|smuggled|contraband|(?:drug|processing) labs?)\b)", re.IGNORECASE | re.DOTALL)
#: a victim known as a criminal: his killing is a fight between armed groups, not an attack on a civilian
CRIMINAL_VICTIM = re.compile(
    r"\b(?:(?:alleged|suspected|presumed) (?:\w+ )?(?:drug dealers?|drug traffickers?|gang members?|members? of (?:a |an )?"
    r"(?:gang|criminal group|cartel))|drug dealers?|drug traffickers?|gang members?|"
    r"charges? (?:against (?:him|her|them) )?for (?:\w+ ){0,4}(?:drug|traffick|robber|crime|homicide)\w*|"
    r"criminal records?|(?:was|were) linked to (?:drug|a gang|the gang|organi[sz]ed crime))\b", re.IGNORECASE)
#: a force acting on a gathering: it makes a protest one "with intervention"
INTERVENTION = re.compile(
    r"\b(?:arrest\w*|detain\w*|dispers\w*|intervened|intervention|tear ?gas|used force|baton|lathi|"
    r"rubber bullets|water cannons?|broke (?:it |them )?up|suppress\w*)\b", re.IGNORECASE)
#: two crowds fighting each other: rioters on both sides
TWO_GROUPS = re.compile(
    r"\b(?:(?:two|2|rival) (?:\w+ ){0,2}(?:groups|factions|families|communities|clans|villages|gangs of youths)|"
    r"each other|one another|between (?:\w+ ){0,3}(?:supporters|villagers|residents|members|youths) (?:of )?(?:\w+ ){0,4}and)\b",
    re.IGNORECASE)

#: countries where ACLED codes organised-crime violence to gangs (ISO2)
GANG_COUNTRIES = frozenset(
    "MX BR HN GT SV BZ JM TT HT PA CR EC CO DO BS GY LC VC KN AG DM GD BB".split())
#: Brazil's combined name for gangs and police militias
BRAZIL_GANG = "Unidentified Gang and/or Police Militia"

_GANG_STYLE = re.compile(
    r"\b(?:drive-?by|(?:hands?|feet|legs|wrists)(?: and (?:legs|feet|hands))? (?:were |was )?(?:tied|bound)|"
    r"(?:were|was|had been) (?:tied|handcuffed|bound)|handcuffed|"
    r"mutilat\w*|dismember\w*|beheaded|decapitat\w*|(?:human|male|female) heads?|heads? (?:was|were) found|"
    r"(?:threatening|narco) messages?|message signed|(?:signs? of (?:having been )?)?executed|execution-style|"
    r"coup de gr[aâ]ce|criminal (?:group|cell|organi[sz]ation)s?|cartel|gang(?:s|land)?|sicarios?|hitm[ae]n|"
    r"(?:members|gunmen) of (?:an? )?(?:alleged )?criminal)\b",
    re.IGNORECASE)
_SHOOTOUT = re.compile(r"\b(?:shoot-?outs?|exchanges? of (?:gun)?fire|gunfights?|exchanged (?:gun)?fire)\b",
                       re.IGNORECASE)
_VICTIMS = re.compile(r"\b(?:killed|injured|wounded|shot|dead|died|victims?|bod(?:y|ies))\b", re.IGNORECASE)


def gang_style(text: str) -> bool:
    """Whether TEXT tells a killing or attack with the marks of organised crime."""
    return bool(_GANG_STYLE.search(text))


def gang_actor(iso2: str | None, text: str, generic_gang: str | None) -> str | None:
    """The gang actor ACLED would code for unnamed attackers in ISO2, given the event's TEXT;
    None where the convention does not apply. GENERIC_GANG: "Unidentified Gang (X)"."""
    if not iso2 or iso2.upper() not in GANG_COUNTRIES or not gang_style(text):
        return None
    if iso2.upper() == "BR" and re.search(r"\bdrive-?by\b|beheaded|dismember|decapitat|mutilat|(?:tied|bound)\b",
                                          text, re.IGNORECASE):
        return BRAZIL_GANG
    return generic_gang


def unnamed_shootout(text: str) -> bool:
    """Whether TEXT tells a shoot-out between parties it does not name, with nobody hurt
    ("a shoot-out took place in X neighbourhood")."""
    return bool(_SHOOTOUT.search(text)) and not _VICTIMS.search(text)
