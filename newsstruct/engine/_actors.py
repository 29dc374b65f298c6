"""Who did it, to whom and with what: an incident's perpetrators, human and physical targets and
weapons, read from its sentences with no model call.

Each value is a span of the text found by its grammatical place around a word of violence: the
agent ("gunmen killed ...", "... killed by French troops", the speaker who claims responsibility),
the patient ("killed four of its fighters", "Garcia Alvarado was murdered"), what was hit ("a bomb
exploded at the embassy") and the weapon words. English, with the commonest Spanish and French
forms; all-capital wire text (MUC-4) is read the same way, since nothing here needs capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsstruct.schema import ActorKind, IncidentType
from newsstruct.text import Sentence

_VIOLENCE = (
    r"killed|kills|murdered|assassinated|attacked|shot|shoots|bombed|kidnapped|abducted|stormed"
    r"|ambushed|opened fire on|opened fire|detonated|set fire to|torched|burned|burnt|fired on|fired at|raided"
    r"|hijacked|dynamited|blew up|machinegunned|machine-gunned|massacred|executed|stabbed|wounded|injured"
    r"|hit|struck|destroyed|damaged|seized|captured|arrested|detained|sabotaged|shaken|blown up"
    r"|mataron|mató|asesinaron|atacaron|secuestraron|tuèrent|ont tué|a tué|ont attaqué|a attaqué"
)
# (a verb of two words may break across a line in wire copy: "OPENED\nFIRE")
_VIOLENCE = _VIOLENCE.replace(" ", r"\s+")
_VERB = re.compile(rf"(?<![\w-])(?:{_VIOLENCE})(?![\w-])", re.IGNORECASE)
_AUX = re.compile(
    r"(?:\s+(?:have|has|had|reportedly|allegedly|also|then|later|were|was|been|would|could|will|may|might|not|did"
    r"|had|ha|han|ont|a|avait))+$",
    re.IGNORECASE,
)
# What leads from a passive verb to its agent: "killed or wounded by", "SHOT TO DEATH LAST NIGHT BY".
_AGENT = re.compile(
    r"(?:\s+(?:or|and)\s+\w+)?(?:\s+to\s+death)?(?:\s+(?:today|yesterday|tonight|last\s+(?:night|week)|early\s+today"
    r"|this\s+morning|on\s+\w+day))?\s+(?:by|par|por)\s+",
    re.IGNORECASE,
)
_PASSIVE_AUX = re.compile(
    r"(?:was|were|be|been|being|is|are|fue|fueron|a été|ont été)"
    # an adverb between: "were also attacked", "was seriously damaged"
    r"(?:\s+(?:also|reportedly|allegedly|apparently|completely|partially|partly|seriously|badly|severely|later"
    r"|almost|nearly|still))*\s*$",
    re.IGNORECASE,
)
# Where a noun phrase stops, looking back from a verb or forward from one.
_BACK_STOP = re.compile(
    r"[,;:\"“”«»()]|\b(?:that|and|but|when|while|after|before|as|which|who|said|says|say|told|where|if|because"
    r"|according to|than|then|whom|whose|or|y|o|et|ou|que|qui)\b",
    re.IGNORECASE,
)
_FORWARD_STOP = re.compile(
    r"[,;:\"“”«»()]|\.(?<![\s.][A-Z]\.)(?=\s|$)|\s[-–—]\s|--"
    r"|\s(?:in|on|at|near|during|while|after|before|when|where|who|which|that|and|as|with|from|for|to|into"
    r"|among|amid|by|or|dead|alive|were|was|located|situated|parked|belonging|owned|exploded"
    r"|outside|inside|since|because|but|en|dans|à|con|por|durante|cerca|y|et)(?![\w-])",
    re.IGNORECASE,
)
_LEAD = re.compile(r"^(?:the|a|an|some|its|their|his|her|our|el|la|los|las|le|les|un|una|une)\s+", re.IGNORECASE)
_MAX_WORDS = 7
# A group named with the body it belongs to may be longer: "MEMBERS OF THE 8TH FRONT OF THE
# SELF-STYLED REVOLUTIONARY ARMED FORCES OF COLOMBIA".
_MEMBERS_WORDS = 14
# How many items a list of people or things is read for ("A, B, C, ... and J"): a guard against
# a runaway reading of a long sentence, well above the lists news gives.
_LISTED_MOST = 15
_NOT_FIRST = {"in", "on", "at", "as", "and", "or", "of", "to", "by", "from", "with", "for", "into", "than", "that",
              "en", "de", "à", "a", "y", "et", "con", "por", "par"}  # fmt: skip

_NOT_LAST = {"of", "the", "a", "an", "to", "by", "for", "with", "de", "del", "la", "el", "los", "las", "du", "des",
             "le", "les"}  # fmt: skip

_PERPETRATOR_NOUNS = (
    # people known only by how they looked or were armed: "uniformed men", "unidentified persons"
    r"(?:(?:heavily\s+)?armed|uniformed|unidentified|unknown|masked|hooded)\s+(?:men|individuals|persons)|"
    r"gunm[ae]n|(?:paid\s+|hired\s+)?assassins?|(?:drug\s+)?traffickers|paramilitar(?:y|ies)|mercenaries|guerrillas?|terrorists?|militants?|rebels?|insurgents?|attackers?|assailants?|kidnappers?"
    r"|(?:suicide )?bombers?|hitmen|hit men|death squads?|commandos?|subversives?|narcoterrorists?|jihadists?"
    r"|extremists?|militiam[ae]n|militias?|fighters|soldiers|troops|police(?:men)?|security forces|army|military"
    r"|guerrilleros|terroristas?|sicarios|pistoleros|hombres armados|atacantes?|insurgentes|milicianos|rebeldes"
    r"|hommes armés|assaillants|djihadistes|terroristes?|insurgés|kamikazes?"
)
# Nouns a perpetrator word can stand before as a modifier: "terrorist attack", "military sources".
_MODIFIED_NOUN = re.compile(
    r"\s+(?:attacks?|acts?|actions?|bombings?|violence|escalation|wave|offensive|campaign|targets?|activit(?:y|ies)"
    r"|operations?|incidents?|sources?|spokes\w+|officials?|courts?|authorities|bases?|hospitals?|vehicles?|patrols?"
    r"|zones?|aid|advisers?|junta|command|leaders?|leadership|installations?|positions?|personnel|intelligence"
    r"|units?|detachments?|threats?|plots?|cells?|networks?|propaganda|regime|government|report|reports"
    r"|statement|communiqu[ée]s?|organi[sz]ations?|movement|structures?|camps?|strongholds?|hideouts?"
    r"|dictatorship|polic(?:y|ies)|engineering|tasks?)(?![\w-])",
    re.IGNORECASE,
)
_PERPETRATOR_WORD = re.compile(rf"(?<![\w-])(?:{_PERPETRATOR_NOUNS})(?![\w-])", re.IGNORECASE)
_PHYSICAL = re.compile(
    r"(?<![\w-])(?:buildings?|offices?|headquarters|houses?|homes?|residences?|embass(?:y|ies)|stations?|towers?"
    r"|pylons?|power lines?|buses|bus|vehicles?|cars?|trucks?|jeeps?|planes?|aircraft|helicopters?|plants?"
    r"|bridges?|churches?|schools?|banks?|stores?|shops?|markets?|outposts?|camps?|bases?|checkpoints?"
    r"|installations?|facilities|facility|hotels?|mosques?|hospitals?|pipelines?|substations?|barracks"
    r"|posts?|premises|compound|warehouses?|factor(?:y|ies)|universit(?:y|ies)|ministry|court(?:house)?|farms?"
    r"|transformers?|ambulances?|wagons?|institutes?|restaurants?|airplanes?|airliners?|terminals?|branch(?:es)?"
    r"|antennas?|dams?|trains?|boats?|ships?|vessels?|refiner(?:y|ies)|depots?|clinics?|theaters?|cinemas?"
    r"|supermarkets?|power lines?|oil wells?|temples?|powerlines?|drugstores?|bookstores?|book stores?"
    r"|pharmac(?:y|ies)|consulates?|(?:electricity|power|telephone) poles|structures"
    r"|(?:electrical|power|water|telephone) (?:system|network|grid)s?)(?![\w-])",
    re.IGNORECASE,
)
# Arms seized, found or handed over: "they seized one M-16 rifle", "a cache of explosives".
_SEIZED_ARMS = re.compile(
    r"(?<![\w-])(?:seized|seizure|confiscat\w+|recovered|captured|cache|arsenal|stockpile|found|discovered|handed over"
    r"|incautad\w+|decomis\w+|saisi\w*)(?![\w-])",
    re.IGNORECASE,
)
_WEAPON = re.compile(
    r"(?<![\w-])(?:(?:car|truck|vehicle|roadside|parcel|letter|time|suicide|remote[- ]control(?:led)?|homemade"
    r"|home-made|incendiary|explosive|hand)\s+)?"
    r"(?:bombs?|(?:car|truck)-bombs?|dynamite charges?|automatic weapons|explosives?|dynamite|grenades?|rifles?"
    r"|machine ?guns?|submachine ?guns?|pistols?|guns?"
    r"|firearms?|mortars?|rockets?|missiles?|(?:land)?mines|knives|knife|machetes?|IEDs?|explosive devices?"
    r"|molotov cocktails?|AK-47s?|M-16s?|bazookas?|RPGs?|drones?|tear gas|bullets)(?![\w-])",
    re.IGNORECASE,
)
_KINDS: list[tuple[ActorKind, re.Pattern[str]]] = [
    (ActorKind.STATE_FORCES, re.compile(r"\b(?:army|police\w*|troops|soldiers|security forces|military|armed forces"
                                        r"|national guard|ejército|policía|armée|militaires)\b", re.IGNORECASE)),
    (ActorKind.TERRORIST_GROUP, re.compile(r"\b(?:terrorists?|jihadists?|extremists?|al-qaeda|isis|islamic state"
                                           r"|bombers?|narcoterrorists?|terroristas|djihadistes)\b", re.IGNORECASE)),
    (ActorKind.REBEL_OR_MILITIA, re.compile(r"\b(?:rebels?|guerrill\w+|insurgents?|militia\w*|fighters|commandos?"
                                            r"|subversives?)\b", re.IGNORECASE)),
    (ActorKind.CIVILIANS, re.compile(r"\b(?:civilians?|people|villagers|students?|children|women|residents|"
                                     r"protesters|shoppers|passengers|worshippers|pilgrims|peasants)\b",
                                     re.IGNORECASE)),
]  # fmt: skip


@dataclass
class Actors:
    """What an incident's sentences say of who did it, to whom and with what: spans, in order."""

    perpetrators: list[tuple[int, int]] = field(default_factory=list)
    targets: list[tuple[int, int]] = field(default_factory=list)
    physical_targets: list[tuple[int, int]] = field(default_factory=list)
    weapons: list[tuple[int, int]] = field(default_factory=list)


def kind_of(name: str) -> ActorKind:
    return next((kind for kind, words in _KINDS if words.search(name)), ActorKind.UNKNOWN)


# The body a group of people belongs to, named after "of" or "from": "members of the Farabundo
# Marti National Liberation Front", "guerrillas of the URNG", "militants from Boko Haram".
_MEMBERS_OF = re.compile(
    r"\b(?:of|from|de|del|du|des)\s+(?:the\s+|la\s+|el\s+|los\s+|le\s+|l'\s*)?(?P<body>[^\W\d][\w'’.-]*(?:\s+[\w'’.-]+){0,6})$",
    re.IGNORECASE,
)
_BODY_WORDS = re.compile(
    r"\b(?:front|army|command|movement|party|group|forces|battalion|brigade|organi[sz]ation|union|cartel|council"
    r"|committee|police|guard|squad|federation|alliance|league|state|haram|qaeda|shabab|frente|ej[ée]rcito"
    r"|movimiento|partido|fuerzas|arm[ée]e|mouvement|front)\b",
    re.IGNORECASE,
)


def organisation_of(name: str) -> str | None:
    """The organisation a named group of people belongs to, when the name says it."""
    match = _MEMBERS_OF.search(name)
    if match is None or match.start() == 0:
        return None
    body = match["body"]
    acronym = re.fullmatch(r"[A-Z][A-Z0-9-]{1,9}", body) is not None and not name.isupper()
    return body if acronym or _BODY_WORDS.search(body) else None


# What a noun phrase read off a verb carries that is not the actor: a transcript tag
# ("[EXCERPTS]"), a participle or preposition it was read from ("saying police", "among the
# civilians", "clashes between police"), a time before or after it ("last week a fishing boat",
# "FMLN guerrilla forces today").
_NOT_THE_ACTOR_HEAD = re.compile(
    r"(?:\[[^\]]*\]\s*"
    # a time set before the actor: "ON 1 NOVEMBER URBAN GUERRILLAS", "DURING THE LAST FEW HOURS TERRORISTS"
    r"|(?:on|in|during|since|by)\s+(?:\d{1,2}\s+)?(?:january|february|march|april|may|june|july|august|september"
    r"|october|november|december)(?:\s+\d{2,4})?\s+"
    r"|(?:during|in|over)\s+the\s+(?:last|past)\s+(?:few\s+|\d+\s+)?(?:hours|days|weeks|months)\s+"
    r"|(?:saying|among|amongst|between|including|particularly|especially|included|only|even|during"
    r"|clashes\s+between|entre)\s+|(?:today|yesterday|tonight|(?:last|this|next)\s+(?:week|month|year|night|morning"
    r"|weekend)|hoy|ayer|aujourd'hui|hier)\s+)+",
    re.IGNORECASE,
)
_NOT_THE_ACTOR_TAIL = re.compile(
    r"(?:\s+(?:today|yesterday|tonight|(?:last|this|next)\s+(?:week|month|year|night|morning|weekend)"
    r"|(?:early|late)\s+\w+day|(?:early|late)(?:\s+(?:in\s+the\s+)?(?:morning|evening|night))?"
    r"|last\s+\d{1,2}\s+\w+|on\s+\w+day|\d+\s+(?:days?|weeks?|months?|years?)\s+ago|hoy|ayer|aujourd'hui|hier))+$",
    re.IGNORECASE,
)
# A span with a finite verb of its own is a clause, not a noun phrase ("there was no word on whether
# anyone", "initial assessments indicate no civilians", "it has been").
_CLAUSE = re.compile(
    r"(?<![\w-])(?:is|was|were|are|has|have|had|been|there|indicates?|indicated|says?|said|it)(?![\w-])",
    re.IGNORECASE,
)


_HEAD_END = re.compile(r"\s+(?:on|in|at|of|near|inside|outside|with|who|that|which|[\w'-]+ing)\s+", re.IGNORECASE)


def _is_physical(phrase: str) -> bool:
    """Whether a phrase names a thing, by its head: "the soldier guarding the substation" and
    "four Americans on the plane" are people."""
    head = re.split(
        # (a participle with its object, "guarding the substation"; not a modifier, "fishing boat")
        r"\s+(?:on|in|at|of|near|inside|outside|with|who|that|which|[\w'-]+ing(?=\s+(?:the|a|an|his|her|their|its)\s))\s+",
        phrase,
        maxsplit=1,
        flags=re.IGNORECASE,
    )[0]
    thing = _PHYSICAL.search(head)
    if not thing:
        return False
    # "university student Mario Flores", "Supreme Court of Justice President Mauricio Gutierrez
    # Castro": a person of the place, not the place (but "the home of the director" is a home)
    person = _PERSON_AFTER.search(phrase, thing.end())
    return person is None or _OWNED.search(phrase, thing.end(), person.start()) is not None


_OWNED = re.compile(r"(?<![\w-])(?:the|a|an|his|her|their|its|el|la|los|las|le|les|du|des)(?![\w-])", re.IGNORECASE)


_PERSON_AFTER = re.compile(
    r"(?<![\w-])(?:students?|rectors?|directors?|officials?|employees?|workers?|guards?|teachers?|professors?"
    r"|presidents?|managers?|owners?|priests?|doctors?|nurses?|staff|personnel|chiefs?|heads?|members?|leaders?"
    r"|secretary|spokes\w+|judges?|commanders?)(?![\w-])",
    re.IGNORECASE,
)


_NAME_PARTICLES = frozenset({"of", "de", "del", "la", "le", "bin", "al", "van", "von", "y", "da", "dos", "el"})


def _name_ends(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """A name ends where a lower-case word follows it ("journalist Anna Smith shocked the city"
    → "journalist Anna Smith"); all-capital text gives no such sign."""
    if span is None or text[span[0] : span[1]].isupper():
        return span
    named = False
    for word in re.finditer(r"\S+", text[span[0] : span[1]]):
        if word.group(0)[:1].isupper():
            named = True
        elif named and word.group(0) not in _NAME_PARTICLES:
            return span[0], span[0] + len(text[span[0] : span[0] + word.start()].rstrip())
    return span


# An acronym or a transcript tag in brackets closing a name ("... Liberation Front [FMLN]", "(URNG)",
# "NATIONAL GUARD [WORD INDISTINCT]").
_TRAILING_ACRONYM = re.compile(r"\s*[\[(][^\])]{1,40}[\])]\s*$")


def _trimmed(text: str, start: int, end: int, max_words: int = _MAX_WORDS) -> tuple[int, int] | None:
    bracket = _TRAILING_ACRONYM.search(text[start:end])
    if bracket and bracket.start() > 0:  # "... LIBERATION FRONT [FMLN]": the name, not its acronym
        end = start + bracket.start()
    piece = text[start:end]
    start += len(piece) - len(piece.lstrip(" \t\n-—'’"))
    head = _NOT_THE_ACTOR_HEAD.match(text, start, end)  # match() anchors at start: no "^" (it would not)
    if head:
        start = head.end()
    tail = _NOT_THE_ACTOR_TAIL.search(text, start, end)
    if tail:
        end = tail.start()
    piece = text[start:end]
    lead = _LEAD.match(piece)
    if lead and len(piece.split()) > 1:
        start += lead.end()
    end = start + len(text[start:end].rstrip(" \t\n-—'’.,"))
    if _CLAUSE.search(text, start, end) or _LEAD.match(text[start:end] + " "):
        return None  # a clause, or a determiner alone
    words = text[start:end].split()
    if words and (words[0].casefold() in _NOT_FIRST or words[-1].casefold() in _NOT_LAST):
        return None  # a phrase cut at a quotation mark ("the installations of "El Espectador"")
    if not words or len(words) > max_words or not re.search(r"[^\W\d_]", text[start:end]):
        return None
    return start, end


def _coordinated(text: str, sentence: Sentence, last: tuple[int, int]) -> list[tuple[int, int]]:
    """The subjects of a passive verb, back over "and" and commas: "Erika Sullivan and Christopher
    Anderson, a 26-year-old teacher, have been killed" → both names. A description after a name
    ("a 26-year-old teacher") is that person again, not another victim."""
    found = [last]
    for _ in range(_LISTED_MOST):
        before = text[sentence.start : found[0][0]]
        article = _ARTICLE_END.search(before)  # the trimmed "a" of "a 26-year-old teacher"
        described = article is not None and article.group(0).strip().casefold() in ("a", "an", "un", "una", "une")
        if article:
            before = before[: article.start()]
        joint = re.search(r"(?:,\s*(?:and\s+|y\s+|et\s+)?|\s+(?:and|y|et)\s+)$", before, re.IGNORECASE)
        if joint is None:
            break
        earlier = _before_joint(text, sentence, sentence.start + joint.start())
        if earlier is None:
            break
        if described and joint.group(0).strip() == "," and not _COUNT.match(text, earlier[0], earlier[1]):
            found[0] = earlier  # the name the description describes
        else:
            found.insert(0, earlier)
    return found


_ARTICLE_END = re.compile(r"\b(?:a|an|the|un|una|une|el|la|le|los|las|les)\s+$", re.IGNORECASE)


def _before_joint(text: str, sentence: Sentence, at: int) -> tuple[int, int] | None:
    """The noun phrase that ends at a comma or "and" (no auxiliaries to skip)."""
    stops = [m.end() for m in _BACK_STOP.finditer(text, sentence.start, at)]
    return _trimmed(text, stops[-1] if stops else sentence.start, at)


# What may stand between a passive verb's subject and the verb: a bracketed gloss ("FROM THE DAS
# [ADMINISTRATIVE DEPARTMENT OF SECURITY], WERE ASSASSINATED") or a relative clause ("DAGOBERTO
# RODRIGUEZ AND ALFONSO DE LIMA, WHO WERE INSIDE THE CAR, WERE KILLED").
_ASIDE_BEFORE = re.compile(
    r"(?:\s*,?\s*\[[^\]]{1,80}\]|,\s*(?:who|which|whose|que|quien|qui)\b[^,;]{1,80})\s*,?\s*$", re.IGNORECASE
)


# A name set off by commas right before a verb: "..., Nadine Elkashes, was almost killed".
_APPOSED = re.compile(r"[^\s,]\s*,\s*(?P<name>[^,;:()\[\]\"“”]{3,60}?)\s*,\s*$")


def _past_asides(text: str, sentence: Sentence, at: int) -> int:
    """Where the subject ends before ``at``, past a bracketed gloss or a relative clause."""
    for _ in range(2):
        aside = _ASIDE_BEFORE.search(text, sentence.start, at)
        if aside is None or aside.start() <= sentence.start:
            break
        at = aside.start()
    return at


def _before(text: str, sentence: Sentence, at: int) -> tuple[int, int] | None:
    """The noun phrase that ends where a verb (and its auxiliaries) begins; a group named with
    its organisation may be longer ("members of the Farabundo Marti National Liberation Front")."""
    before = text[sentence.start : at].rstrip()
    aux = _AUX.search(before)
    end = sentence.start + (aux.start() if aux else len(before))
    stops = [m.end() for m in _BACK_STOP.finditer(text, sentence.start, end)]
    start = stops[-1] if stops else sentence.start
    bare = _TRAILING_ACRONYM.sub("", text[start:end])
    longest = _MEMBERS_WORDS if _MEMBERS_OF.search(bare) else _MAX_WORDS
    return _trimmed(text, start, end, longest)


_MODIFIERS = 3  # words before a perpetrator noun kept as its modifiers ("heavily armed urban guerrillas")
_NOT_A_MODIFIER = re.compile(
    r"[\w'’-]*(?:ed|ing|ly)|the|a|an|of|by|with|to|from|for|on|in|at|as|and|or|but|that|this|these|those|which"
    r"|who|was|were|is|are|be|been|has|have|had|said|says|say|told|than|then|when|while|after|before|one|some"
    r"|all|any|many|other|others|both|each|its|their|his|her|el|la|los|las|le|les|de|del|des|du|por|par|y|et"
    # pronouns, modals, quantities and prepositions are no modifiers ("give you military", "four army")
    r"|you|your|we|our|us|i|me|my|they|them|he|she|it|must|can|could|would|should|will|may|might|shall|such"
    r"|various|several|certain|every|no|two|three|four|five|six|seven|eight|nine|ten|against|into|upon|over"
    r"|under|about|through|give|gave|surprise|attack|not|also|only|if|so|these|those|there"
    # places between and counts of them: "the area between rebels and troops", "the number of guerrillas"
    r"|between|among|amid|out|toward|towards|within|without|number|total|area",
    re.IGNORECASE,
)


def _ending_at(text: str, sentence: Sentence, noun: re.Match[str]) -> tuple[int, int] | None:
    """The smallest noun phrase ending with a perpetrator noun: the noun and the modifier words
    right before it ("urban guerrillas"), not the clause around it ("watchmen exchanged fire with
    the terrorists" → "terrorists")."""
    start = noun.start()
    for _ in range(_MODIFIERS):
        before = re.search(r"([\w'’-]+)\s+$", text[sentence.start : start])
        if before is None or before.group(1)[0].isdigit():
            break
        armed_forces = before.group(1).casefold() == "armed" and re.match(r"(?i)forces\b", text[start:]) is not None
        if _NOT_A_MODIFIER.fullmatch(before.group(1)) and not armed_forces:  # ("armed" of "armed forces" is one)
            break
        start = sentence.start + before.start(1)
    return _trimmed(text, start, noun.end())


def _after(text: str, sentence: Sentence, at: int, max_words: int = _MAX_WORDS) -> tuple[int, int] | None:
    """The noun phrase that starts where a verb ends, without the count in front of it ("at
    least 38 innocent Afghans" → "innocent Afghans")."""
    at += len(text[at : sentence.end]) - len(text[at : sentence.end].lstrip())
    count = _COUNT.match(text, at, sentence.end)
    if count:
        at = count.end()
    stop = _FORWARD_STOP.search(text, at, sentence.end)
    end = stop.start() if stop else sentence.end
    if stop and stop.group(0).strip().casefold() == "from":  # "TERRORISTS FROM THE ZARATE WILKA ARMED FORCES"
        further = _FORWARD_STOP.search(text, stop.end(), sentence.end)
        longer = further.start() if further else sentence.end
        if organisation_of(_TRAILING_ACRONYM.sub("", text[at:longer])):
            end = longer
    bare = _TRAILING_ACRONYM.sub("", text[at:end])
    return _trimmed(text, at, end, max(max_words, _MEMBERS_WORDS) if _MEMBERS_OF.search(bare) else max_words)


# A victim is often named with a long office before the name ("National Fire Department Director
# Colonel Roberto Armando Rivera Escobar"): a patient may be longer than other phrases.
_PATIENT_WORDS = 11


def _listed_after(text: str, sentence: Sentence, first: tuple[int, int]) -> list[tuple[int, int]]:
    """The people listed after a victim, by commas and "and", or after "including": "the seizure of
    Maclovia Gonzalez, Virgilio Ortiz Cruz, and Virgilio Ortiz"; "six of their members, including
    university rector Ignacio Ellacuria and two women"."""
    found = [first]
    for _ in range(_LISTED_MOST):
        joint = _LIST_JOINT.match(text, found[-1][1], sentence.end)
        if joint is None:
            break
        item = _after(text, sentence, joint.end(), _PATIENT_WORDS)
        if (
            item is None
            or _is_physical(text[item[0] : item[1]])
            or _CLAUSE.search(text, item[0], item[1])
            or _RELATIVE_WORD.match(text, item[0])
            or _VERB_FIRST.match(text, item[0])
        ):
            break  # not a person listed: a thing, a clause ("..., which occurred this morning")
        found.append(item)
    return found[1:]


def _things_after(text: str, sentence: Sentence, first: tuple[int, int]) -> list[tuple[int, int]]:
    """The things listed after a physical target by commas and "and" ("pylons and transformers")."""
    found = [first]
    for _ in range(_LISTED_MOST):
        joint = _LIST_JOINT.match(text, found[-1][1], sentence.end)
        item = _after(text, sentence, joint.end()) if joint else None
        if item is None or not _is_physical(text[item[0] : item[1]]) or _RELATIVE_WORD.match(text, item[0]):
            break
        found.append(item)
    return found[1:]


# A past verb opening what follows a list's comma or "and": "... and accused the FMLN of": a clause.
_VERB_FIRST = re.compile(r"[\w-]+ed\s+(?:the|a|an|his|her|their|its|him|them|that)\b", re.IGNORECASE)
_RELATIVE_WORD = re.compile(r"(?:who|whom|whose|which|that|where|when|while|whereas|as|after|before)\b", re.IGNORECASE)
_LIST_JOINT = re.compile(r",?\s*(?:and|y|et)\s+|,\s+(?:including\s+|among them\s+|incluidos?\s+)?|\s+including\s+",
                         re.IGNORECASE)  # fmt: skip


_NUMBER_WORDS = (
    r"[\d,.]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|thousands|scores"
    r"|several|many|some|a number|uno|dos|tres|cuatro|cinco|un|deux|trois|quatre|cinq"
)
_COUNT = re.compile(
    rf"(?:(?:about|around|at least|more than|nearly|almost|up to|over|some|another|a further|reportedly)\s+)*"
    rf"(?:{_NUMBER_WORDS})(?:\s+(?:more|other|others))?\s+(?:of\s+(?:the\s+|its\s+|their\s+|our\s+|his\s+)?)?"
    r"(?=\w)",
    re.IGNORECASE,
)


_NOT_AN_ACTOR = re.compile(
    r"^(?:no|none|him|her|them|it|us|me|himself|themselves|others?|more|dozens|hundreds|thousands"
    r"|dead|wounded|injured|killed|missing|hurt)$"
    r"|^no\s|^(?:about|around|some|at least|more than|nearly|almost|up to|over)?\s*[\d,.]+(?:\s+(?:more|others))?$",
    re.IGNORECASE,
)


def _add(spans: list[tuple[int, int]], span: tuple[int, int] | None, text: str) -> None:
    if span is None or _NOT_AN_ACTOR.search(text[span[0] : span[1]]) or _VERB.search(text, span[0], span[1]):
        return
    if all(text[a:b].casefold() != text[span[0] : span[1]].casefold() for a, b in spans):
        spans.append(span)


# Acts of taking people or arms, which are the incident itself only in an arrest, raid, crackdown
# or kidnapping: in an attack, "police arrested two suspects" or "troops confiscated rifles"
# names those who came after it, not its perpetrators or victims.
_TAKING = re.compile(
    r"(?<![\w-])(?:arrested|detained|captured|seized|confiscated|discovered|found|recovered|searched|defused"
    r"|deactivated|dismantled|rescued|freed|released|investigat\w+|arrived|responded|evacuated|cordoned|detuvieron"
    r"|arrêté|interpellé)(?![\w-])",
    re.IGNORECASE,
)
_TAKEN_IN = frozenset({IncidentType.ARREST, IncidentType.RAID_OR_OPERATION, IncidentType.CRACKDOWN,
                       IncidentType.KIDNAPPING})  # fmt: skip


# A reporting verb right after a noun (or its one-word office): the noun speaks of the act.
_SAYS_AFTER = re.compile(
    r"(?:\s+[\w-]+)?\s+(?:said|says|reported|reports|confirmed|confirms|announced|stated|told|added|indicated|denied"
    r"|explained|noted|informed|revealed|disclosed|dijo|informó|a déclaré|a indiqué)(?![\w-])",
    re.IGNORECASE,
)


def _takes(text: str, sentence: Sentence, at: int) -> bool:
    """Whether a verb of taking follows ``at`` (past auxiliaries): "NATIONAL POLICE MEMBERS
    DISCOVERED", "the army troops arrested"."""
    between = _AUX_AFTER.match(text, at, sentence.end)
    return _TAKING.match(text, between.end() if between else at) is not None


_AUX_AFTER = re.compile(
    r"(?:\s+(?:have|has|had|were|was|also|then|later|reportedly|allegedly|members))*\s+", re.IGNORECASE
)


def find_actors(
    text: str, sentences: list[Sentence], claimed_by: list[tuple[int, int]], kind: IncidentType | None = None
) -> Actors:
    """The actors of one incident from its sentences; ``claimed_by`` are the speakers of the
    responsibility claims made about it, who are its perpetrators by their own word. An
    incident of ``kind`` other than taking people (see ``_TAKING``) leaves out who took whom."""
    found = Actors()
    taking_apart = kind is not None and kind not in _TAKEN_IN
    for start, end in claimed_by:
        own = _SPEAKING_FOR.search(text, start, end)  # "a spokesman for the Taliban": the Taliban
        _add(found.perpetrators, _trimmed(text, own.start("group") if own else start, end), text)
    for sentence in sentences:
        for verb in _VERB.finditer(text, sentence.start, sentence.end):
            passive = _PASSIVE_AUX.search(text, sentence.start, verb.start())
            is_passive = passive is not None and passive.end() >= verb.start() - 1
            if not is_passive and re.search(r"(?i)\b(?:or|and)\s*$", text[sentence.start : verb.start()]):
                continue  # the second verb of "killed or captured": the first one is read
            if taking_apart and not is_passive and _TAKING.fullmatch(verb.group(0)):
                continue  # "the army troops arrested one FMLN terrorist" after an attack
            if passive is not None and is_passive:
                patient = _before(text, sentence, _past_asides(text, sentence, passive.start()))
                apposed = _APPOSED.search(text, sentence.start, passive.start())
                if patient is None and apposed is not None:
                    # "the police commander's wife, Stela Torrado de Otalora, was killed": the
                    # name set beside the subject is the one it befell
                    patient = _trimmed(text, apposed.start("name"), apposed.end("name"))
                # (wire copy is in capitals: "WAS MURDERED BY URBAN GUERRILLAS")
                agent = _AGENT.match(text[verb.end() : sentence.end])
                doer = _after(text, sentence, verb.end() + agent.end()) if agent else None
            else:
                doer = _before(text, sentence, verb.start())
                patient = _after(text, sentence, verb.end(), _PATIENT_WORDS)
                subject = text[doer[0] : doer[1]] if doer else ""
                if patient is None and _is_physical(subject) and not _WEAPON.search(subject):
                    # "an Avianca airlines plane blew up in midair": what the verb tells of, with
                    # no object, is what it befell
                    doer, patient = None, doer
            if doer is not None and _could_perpetrate(text, doer, acronym=True):
                _add(found.perpetrators, doer, text)
            patients = _coordinated(text, sentence, patient) if is_passive and patient else [patient]
            if patient is not None and not is_passive:
                patients += _listed_after(text, sentence, patient)  # "murdered X and Y"
            for patient in patients:
                if patient is None:
                    continue
                if _is_physical(text[patient[0] : patient[1]]):
                    _add(found.physical_targets, patient, text)
                    for thing in _things_after(text, sentence, patient) if not is_passive else []:
                        _add(found.physical_targets, thing, text)  # "sabotaged pylons and transformers"
                elif not _WEAPON.fullmatch(text[patient[0] : patient[1]]):
                    _add(found.targets, patient, text)
        for act in _NOMINAL.finditer(text, sentence.start, sentence.end):
            # "claimed responsibility for the murder of Colonel Quintero": the victim of the act
            patient = _name_ends(text, _after(text, sentence, act.end(), _PATIENT_WORDS))
            if patient is not None and not _WEAPON.fullmatch(text[patient[0] : patient[1]]):
                if _is_physical(text[patient[0] : patient[1]]):
                    _add(found.physical_targets, patient, text)
                else:
                    for person in [patient, *_listed_after(text, sentence, patient)]:
                        _add(found.targets, person, text)
        for aim in _AIM_OF.finditer(text, sentence.start, sentence.end):
            # "the offices of the deputy mayor ... was the objective of the attack"
            aimed = _before(text, sentence, aim.start())
            if aimed is not None:
                _add(found.physical_targets if _is_physical(text[aimed[0] : aimed[1]]) else found.targets, aimed, text)
        for place in _PLACE_WORD.finditer(text, sentence.start, sentence.end):
            start = place.end()
            span = _after(text, sentence, start)
            if (
                span
                and _is_physical(text[span[0] : span[1]])
                and _VERB_OR_BLAST.search(text, sentence.start, sentence.end)
            ):
                _add(found.physical_targets, span, text)
        for blamed in _BLAMED.finditer(text, sentence.start, sentence.end):
            # "attributed the attack to the FMLN", "accused the army of", "carried out by
            # urban guerrillas": a perpetrator by someone's word (the annotation lists them)
            # the accused end before what they are accused of, which may be long
            cut = _OF_THE_ACT.search(text, blamed.end(), sentence.end)
            upto = Sentence(sentence.number, sentence.start, cut.start()) if cut else sentence
            span = _after(text, upto, blamed.end())
            if span is not None and _could_perpetrate(text, span, acronym=True):
                _add(found.perpetrators, span, text)
        for behind in _BEHIND.finditer(text, sentence.start, sentence.end):
            # "the ELN was behind the attack"; "members of the FARC have carried out attacks"
            span = _before(text, sentence, behind.start())
            if span is not None and _could_perpetrate(text, span):
                _add(found.perpetrators, span, text)
        for held in _HELD_RESPONSIBLE.finditer(text, sentence.start, sentence.end):
            span = _trimmed(text, held.start("who"), held.end("who"))  # "holds the FMLN responsible"
            if span is not None and _could_perpetrate(text, span, acronym=True):
                _add(found.perpetrators, span, text)
        if not _SEIZED_ARMS.search(text, sentence.start, sentence.end):  # arms taken are no means of the act
            for weapon in _WEAPON.finditer(text, sentence.start, sentence.end):
                _add(found.weapons, (weapon.start(), weapon.end()), text)
        if not found.perpetrators:
            # (an acronym found does not stand for the people: "THE ELN DESTROYED ..." and
            # "GUERRILLAS ... DYNAMITED" give both)
            for noun in _PERPETRATOR_WORD.finditer(text, sentence.start, sentence.end):
                if any(a <= noun.start() < b for a, b in found.targets):
                    continue  # "the murder of Antioquia police commander ...": a victim's title
                if _MODIFIED_NOUN.match(text, noun.end()):
                    break  # "a terrorist attack", "military sources": the word describes another noun
                if _SINGULAR_MODIFIER.fullmatch(noun.group(0)) and _NOUN_AFTER.match(text, noun.end()):
                    continue  # "a guerrilla column", "the terrorist escalation": another noun's word
                if taking_apart and _takes(text, sentence, noun.end()):
                    continue  # "national police members discovered ... and confiscated"
                if _SAYS_AFTER.match(text, noun.end()):
                    continue  # "the Popayan police department confirmed": who told of it
                _add(found.perpetrators, _ending_at(text, sentence, noun), text)
                break
    return found


# Perpetrator words that, singular and before another word, describe that word.
_SINGULAR_MODIFIER = re.compile(r"(?i)guerrilla|terrorist|insurgent|rebel|militant|paramilitary")
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:who|which|that|and|or|in|on|at|of|by|to|from|with|for|was|were|is|are|has|had|have|will|would"
    r"|could|may|might|said|says|told)\b)[A-Za-z][\w-]*(?<!ed)\b"
)


def _could_perpetrate(text: str, span: tuple[int, int], *, acronym: bool = False) -> bool:
    """A noun of those who do violence, a name, or a group named with its organisation; an
    acronym too where the words blame it (as the subject of a verb of violence, an acronym
    would keep the fallback noun, "guerrillas", from being read: measured on MUC-4 dev)."""
    phrase = text[span[0] : span[1]]
    return bool(
        _PERPETRATOR_WORD.search(phrase)
        or _named(text, span)
        or organisation_of(phrase)
        or (acronym and (_acronym(text, phrase) or _BODY_WORDS.search(phrase)))  # "accused the ... Liberation Front"
    )


def _acronym(text: str, phrase: str) -> bool:
    """An acronym ("FMLN"): capitals in mixed-case text, or, in all-capital text, a word the
    article gives in brackets after a name somewhere ("... LIBERATION FRONT [FMLN]")."""
    if not re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", phrase):
        return False
    return not text.isupper() or re.search(rf"[\[(]{re.escape(phrase)}[\])]", text) is not None


# Words that lay an act at someone's door, the someone after them.
_BLAMED = re.compile(
    r"(?<![\w-])(?:attribut\w+|blam\w+|pinned|imput\w+|atribu\w+)\s+(?:(?:it|them|(?:the|this|that|these|those)"
    r"\s+\w+(?:\s+\w+)?|[\w-]+['’]s\s+\w+)\s+)?(?:to|on|a)\s+"
    r"|(?<![\w-])(?:accus\w+|blamed|blames|blame)\s+(?=\S)"
    r"|(?<![\w-])(?:carried out|perpetrated|committed|staged|masterminded|orchestrated)\s+by\s+"
    r"|(?<![\w-])(?:the\s+)?work\s+of\s+",
    re.IGNORECASE,
)
# "accused the FMLN of carrying out": the accused ends before what they are accused of.
_OF_THE_ACT = re.compile(r"\s+(?:of|for|de)\s+(?:\w+ing|having|being|the|this|that|its|their)\b", re.IGNORECASE)
# "the ELN was behind the attack", "rebels were responsible for" (not "were not behind"); "members
# of the FARC have carried out terrorist attacks", "a member of ETA directed the operation".
_BEHIND = re.compile(
    r"\s+(?:was|were|is|are|may\s+be|might\s+be|could\s+be)\s+(?:(?:probably|likely|allegedly|reportedly)\s+)?"
    r"(?:behind|responsible\s+for)\b"
    r"|\s+(?:(?:have|has|had|allegedly|reportedly)\s+)*(?:carried out|staged|perpetrated|committed|launched|directed"
    r"|masterminded|orchestrated|planned|led)\s+(?:(?:the|an?|this|that|these|several|two|three|\w+)\s+){0,3}?"
    r"(?:attacks?|bombings?|operations?|assaults?|raids?|massacres?|ambush(?:es)?|kidnappings?|murders?|killings?"
    r"|offensive|explosions?)\b",
    re.IGNORECASE,
)
_HELD_RESPONSIBLE = re.compile(
    r"(?<![\w-])(?:holds?|held|holding|consider(?:s|ed)?)\s+(?P<who>(?:[\w'’.\[\]-]+\s+){1,9}?)responsible\b",
    re.IGNORECASE,
)


_SPEAKING_FOR = re.compile(
    r"\b(?:spokes\w+|portavoz|porte-parole|representatives?|members?|leaders?|commanders?|statement)\s+"
    r"(?:for|of|from|del|de la|de los|de|du|des)\s+(?P<group>\S)",
    re.IGNORECASE,
)
# An act of violence named by a noun, with its victim after "of" ("the murder of", "el
# asesinato de", "l'assassinat de"); in a sentence that tells of an incident, a death too.
_NOMINAL = re.compile(
    r"(?<![\w-])(?:murders?|killings?|assassinations?|slayings?|kidnappings?|abductions?|executions?"
    r"|disappearances?|shooting|death|destruction|bombing|burning|dynamiting|asesinatos?|secuestros?|muerte"
    r"|destrucción|assassinats?|enl[eè]vements?|meurtres?|mort|seizure|wounding|capture)"
    # (a date may come between: "the assassination on 15 September of Eduardo Lopez")
    r"(?:\s+on\s+\d{1,2}\s+[A-Za-z]+)?\s+(?:of|de|del|d'|du)\s*"
    # an attack aimed at someone: "the attack against Supreme Court President Mauricio Gutierrez Castro"
    r"|(?<![\w-])(?:attacks?|attempts?|assaults?|atentados?|attentats?)\s+(?:against|on the life of|contra|contre)\s+"
    # "the target was the liqueur plant"
    r"|(?<![\w-])(?:target|objective)s?\s+(?:was|were|is|are)\s+",
    re.IGNORECASE,
)
# Where an act lands: "a bomb exploded at the embassy", "AN ATTACK ON A UNION HEADQUARTERS".
_PLACE_WORD = re.compile(
    r"\b(?:at|on|against|outside|inside|near|in front of|in the vicinity of|next to)\s+", re.IGNORECASE
)
_AIM_OF = re.compile(r"(?<![\w-])(?:was|were|is|are)\s+the\s+(?:main\s+)?(?:target|objective)s?\s+of\b", re.IGNORECASE)
_VERB_OR_BLAST = re.compile(rf"(?<![\w-])(?:{_VIOLENCE}|explo\w+|blasts?|bombs?)(?![\w-])", re.IGNORECASE)


def _named(text: str, span: tuple[int, int]) -> bool:
    """A name of a group or a person ("Boko Haram", "FMLN"), not a common noun phrase."""
    words = text[span[0] : span[1]].split()
    return bool(words) and not text[span[0] : span[1]].isupper() and all(w[:1].isupper() for w in words)
