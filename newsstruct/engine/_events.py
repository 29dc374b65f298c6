"""Event mentions: the sentences that report violence, coercion or unrest, with the words that
say so, the date phrase and the place names they hold.

The trigger lexicon covers English, French and Spanish. Which mentions are one real-world event,
what type it is and whether it is background are the model's questions
(:mod:`newsstruct.engine._questions`); everything here is a span of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsstruct.text import Sentence

_TRIGGERS = re.compile(
    r"(?<![\w-])(?:"
    # English
    r"kill(?:ed|ing|s)?|murder(?:ed|s)?|assassinat\w*|attack(?:ed|s|ers?)?|bomb(?:ed|ing|ings|s|er|ers)?"
    r"|explo(?:ded|sion|sions|sive|sives)|blasts?|shot|shoot\w*|gunfire|gunm[ae]n|fired|kidnap\w*|abduct\w*"
    r"|hostages?|arrest(?:ed|s)?|detain(?:ed)?|detention|custody|clash(?:ed|es)?|fighting|ambush\w*|massacre\w*"
    r"|wounded|injur(?:ed|ies)|dead|died|deaths?|burn(?:ed|t)|torched|arson|riot\w*|protest\w*|raid(?:ed|s)?"
    r"|shell(?:ed|ing)|airstrikes?|air strikes?|strikes?|assault\w*|offensive|stabb(?:ed|ing)|curfew|crackdown"
    r"|dispers\w+|tear gas|rockets?|mortars?|suicide|insurgen\w+|fled|displaced|rebellion|hijack\w*|seized"
    r"|deploy(?:ed|ment)|inva(?:ded|sion)|uprising|coup|war|executed|executions?|missing|poison(?:ed|ing)"
    r"|rap(?:e|ed|es|ing)|violée?s?|violad[oa]s?"
    # what is done to things: "blew up a power substation", "sabotaged pylons"
    r"|bl(?:ew|own|owing) up|sabotag(?:ed|ing)|set (?:fire|ablaze)|destroyed"
    r"|d[iy]namit\w+|d[ée]trui(?:t|te|ts|sirent)|incendi(?:é|ée|és|aron|ó|ado|ados)|destruy(?:eron|ó)|volaron"
    # French
    r"|tu[ée]s?|tu[ée]es|tué|morts?|attaques?|attentats?|explosions?|bless[ée]s?|bless[ée]es|enlev\w+|otages?"
    r"|interpell\w+|arrêt[ée]\w*|affrontements?|manifestations?|manifestants|frappes?|embuscades?"
    r"|fusillades?|kamikazes?|violences?"
    # Spanish
    r"|muert[oa]s?|murieron|mat(?:ó|aron|ando)|ataques?|atentados?|explosi[óo]n|explosiones|herid[oa]s?"
    r"|secuestr\w+|rehenes|detenid[oa]s?|enfrentamientos?|protestas?|manifestantes|bombarde\w+|emboscadas?"
    r"|suicida|tiroteos?|disparos|violencia"
    r")(?![\w-])",
    re.IGNORECASE,
)
MONTH_NAMES = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
    r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
WEEKDAY_NAMES = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo"
)
_DATE_PHRASE = re.compile(
    r"(?<![\w-])(?:"
    rf"(?:on |in |el |le )?(?:the )?(?:(?:{WEEKDAY_NAMES})(?:'s| night| morning| evening| afternoon)?,? )?"
    rf"\d{{1,2}}(?:st|nd|rd|th)?(?:(?: and | to |-)\d{{1,2}})? (?:of |de )?(?:{MONTH_NAMES})(?:,? \d{{4}})?"
    rf"|(?:on |in )?(?:{MONTH_NAMES}) \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?"
    rf"|(?:on |in )?(?:the )?(?:night of |early hours of )?(?:{WEEKDAY_NAMES})"
    r"(?:'s|’s| night| morning| evening| afternoon)?"
    r"|(?:day before )?yesterday(?:'s|’s)?|last night|overnight|today|tonight|earlier today|this (?:morning|week)"
    r"|last (?:week|month|year|weekend)|(?:\w+ )(?:days|weeks|months|years) ago"
    r"|(?:over|in) the (?:past|last) \d+ hours"
    rf"|in (?:early |late |mid-)?(?:{MONTH_NAMES})(?: \d{{4}})?|in (?:19|20)\d\d|since (?:19|20)\d\d"
    r"|hier|aujourd'hui|ayer|hoy"
    r")(?![\w-])",
    re.IGNORECASE,
)
# Place names: capitalised words after a locative preposition ("in Menaka", "near the Niger border").
_PLACE = re.compile(
    # ("In" capitalised only where a sentence or clause begins: not "Chair In Global Politics")
    r"(?<![\w-])(?:in|(?<![a-zA-Z,] )In|[Nn]ear|[Aa]t|[Oo]utside|from|[Aa]cross|[Tt]hroughout|[Ee]n|[Àà]|près de"
    r"|[Dd]ans|cerca de|de la ciudad de)\s+(?:the\s+)?"
    # a side of it or a word describing it ("in northwest Sopore", "in violence-hit Indian Kashmir"),
    # or what it is ("in the town of Kreeri")
    r"(?:(?:(?:north|south|east|west)(?:ern)?|(?:north|south)-?(?:east|west)(?:ern)?|central|[\w]+-(?:hit|torn|held)"
    r"|restive|neighbou?ring)\s+)?"
    r"(?:(?:town|city|village|district|province|region|state|area|capital|port|camp)\s+of\s+)?"
    r"(?P<place>[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:de\s+|del\s+|al-\s*)?[A-ZÀ-Ý][\w'’.-]+){0,3})"
)
_NOT_PLACES = re.compile(
    rf"^(?:{MONTH_NAMES}|{WEEKDAY_NAMES}|The|A|An|This|That|Al|El|La|Le|Les|Los|Las"
    # a language ("told a guard, in French and English") or a news outlet ("sur VOA Afrique")
    r"|English|French|Spanish|Arabic|Russian|Chinese|Portuguese|German|Italian|Turkish|Persian|Farsi|Urdu"
    r"|Pashto|Dari|Hindi|Swahili|Hebrew|Kurdish|Somali|Amharic"
    r"|.*\b(?:VOA|Reuters|AFP|BBC|CNN|Xinhua|Al Jazeera|Radio|Television|TV|News)\b.*"
    r"|(?:\w+\s+)*(?:Movement|Ministry|Army|Party|Front|Council|Committee|Forces|Group|Government|Agency|Office"
    r"|Department|Court|Parliament|Assembly|Police|Council|Embassy|Twitter|Facebook|Congress|Senate|Guard|Service"
    r"|Services|Unit|Command|Brigade|Battalion|Corps|Union|Association|Network|Organi[sz]ation|Directorate))$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """One sentence that reports an event, with its trigger words."""

    sentence: Sentence
    triggers: tuple[str, ...]


def event_mentions(text: str, sentences: list[Sentence]) -> list[Mention]:
    """The sentences with at least one trigger word, in order."""
    found = []
    for sentence in sentences:
        words = tuple(m.group(0) for m in _TRIGGERS.finditer(text, sentence.start, sentence.end))
        if words:
            found.append(Mention(sentence, words))
    return found


def date_phrase(text: str, sentence: Sentence) -> tuple[int, int] | None:
    """The first date phrase of a sentence, as offsets, outside an apposition that describes a
    place or a person ("near Goma, a city that was briefly captured last year")."""
    asides = [m.span() for m in APPOSED_CLAUSE.finditer(text, sentence.start, sentence.end)]
    for match in _DATE_PHRASE.finditer(text, sentence.start, sentence.end):
        if not any(a <= match.start() < b for a, b in asides):
            return match.start(), match.end()
    return None


# An apposition with a relative clause: it tells of the thing it describes, not of the event.
APPOSED_CLAUSE = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,3}(?:that|which|where|who|whose)\b[^,;.]*",
    re.IGNORECASE,
)


def place_spans(text: str, sentence: Sentence) -> list[tuple[int, int]]:
    """Where the sentence names the places it puts an event in, in order, each name once."""
    spans: list[tuple[int, int]] = []
    for match in _PLACE.finditer(text, sentence.start, sentence.end):
        name = match["place"].rstrip(".,'’")
        start = match.start("place")
        if not _NOT_PLACES.match(name) and all(text[a:b] != name for a, b in spans):
            spans.append((start, start + len(name)))
    return spans


def places(text: str, sentence: Sentence) -> list[str]:
    """Place names the sentence puts an event in, verbatim, in order."""
    return [text[a:b] for a, b in place_spans(text, sentence)]


# The incident type the trigger words suggest, most specific first.
_TYPE_WORDS: list[tuple[str, str]] = [
    (
        "friendly_fire",
        r"friendly fire|tir ami|fuego amigo"
        r"|(?:mistaken(?:ly)?|accidental(?:ly)?|by mistake)\b[^.]{0,60}"
        r"\b(?:allied|allies|own (?:troops|forces|soldiers))",
    ),
    ("massacre", r"massacre\w*|mass shooting\w*|masacre\w*|tuerie"),
    ("kidnapping", r"kidnap\w*|abduct\w*|hostages?|enlev\w+|otages?|secuestr\w+|rehenes"),
    (
        "airstrike_or_shelling",
        r"air ?strikes?|airstrike|drone (?:strike|attack)s?|air (?:raid|attack)s?|shell(?:ed|ing)|rockets?|mortars?"
        r"|bombard\w+"
        r"|frappes? a[ée]riennes?|bombardeo\w*"
        # aircraft doing it: "military helicopters bombed a neighbourhood", "bombed ... from the air"
        r"|(?:helicopters?|gunships?|warplanes?|jets?|aircraft|planes?|drones?)\s+(?:\w+\s+)?(?:bombed|struck|strafed"
        r"|fired|attacked|killed)|bombed\s+[^.]{0,40}\bfrom the air|(?:military|missile|aerial) strikes?",
    ),
    (
        "bombing",
        r"bomb\w*|explo\w+|blasts?|suicide|IED|car bomb|kamikaze|attentat suicide|suicida"
        r"|bl(?:ew|own|owing) up|d[iy]namit\w+",
    ),
    ("arson", r"torched|arson|set (?:fire|ablaze)|burn(?:ed|t) down|incendi\w+"),
    (
        "crackdown",
        r"crackdown|curfew|tear gas|dispers\w+|fired on (?:the )?(?:protesters|demonstrators)"
        r"|opened fire on (?:the )?(?:protesters|demonstrators)|répression|represi[óo]n",
    ),
    ("raid_or_operation", r"raids?|operations?|offensive|deploy\w*|opération\w*|operaci[óo]n\w*"),
    (
        "arrest",
        r"arrest\w*|detain\w*|detention|charged|surrender\w*|interpell\w+|arr[êe]t\w*|detenid\w+"
        r"|(?:taken|held|remains?|were|was|are|is) (?:in|into) (?:police )?custody|garde à vue",
    ),
    ("protest_or_riot", r"protest\w*|demonstrat\w+|riot\w*|manifest\w+|march(?:ed|es)?|marche|rally"),
    ("armed_clash", r"clash\w*|fighting|battle\w*|affrontements?|combats?|enfrentamientos?|combates"),
    (
        "attack",
        r"attack\w*|gunm[ae]n|shot|shoot\w*|stabb\w*|ambush\w*|attaque\w*|ataque\w*|assault\w*"
        # one person killed on purpose: "was murdered", "poisoned with Novichok"
        r"|murder\w*|assassinat\w*|poison(?:ed|ing)|asesinat\w*|asesin[óo]|assassin\w*"
        # sexual violence: "gang raped", "violée", "violada"
        r"|rap(?:e|ed|es|ing)|violée?s?|violad[oa]s?",
    ),
]
_TYPE_PATTERNS = [(kind, re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)) for kind, words in _TYPE_WORDS]


# Security forces acting against protesters: a crackdown, not the protest itself.
_FORCES = re.compile(
    r"\b(?:police|security forces|troops|soldiers|army|forces|policía|militares|policiers|forces de l'ordre"
    r"|gendarmes?)\b",
    re.IGNORECASE,
)
_FORCE_USED = re.compile(
    r"\b(?:shot|killed|fired|opened fire|beat(?:en)?|tear gas|live (?:rounds|ammunition)|used force|dispers\w+"
    r"|repelled|charged|wounded|injured|dispararon|mataron|tirs?|gaz lacrymog\w+)\b",
    re.IGNORECASE,
)


# Protesters as the ones an attack is done to, by someone not said to be security forces.
_PROTESTERS_ATTACKED = re.compile(
    r"\b(?:shooting|shot|shoots|stabbing|stabbed|attack(?:ed|ing)?|ramm(?:ed|ing)|ran over|drove into|killing)"
    r"\s+(?:of\s+|at\s+|on\s+|into\s+)?(?:the\s+|two\s+|three\s+|several\s+|(?!by\b)\w+\s+)?"
    r"(?:protesters|demonstrators|marchers)\b",
    re.IGNORECASE,
)


# Violence only planned, feared or intended: "will disrupt its ability to carry out attacks", "a
# bomb plan", "a camp to arrest militants".
_UNREAL_BEFORE = re.compile(
    r"\b(?:will|would|could|might|ability to|able to|plans? to|planning to|plotting to|plot to|threat(?:ened|ens)? to"
    r"|in order to|aimed to|sought to|seeking to)\s+(?:[\w-]+\s+){0,6}$"
    r"|\b(?:camp|operation|mission|raid|effort|bid|attempt)\s+to\s+$",
    re.IGNORECASE,
)
_UNREAL_AFTER = re.compile(r"\s+(?:plans?|plots?|threats?)\b", re.IGNORECASE)


def _real(piece: str, match: re.Match[str]) -> bool:
    """Whether a trigger word tells of violence that happened, not of violence planned or feared."""
    return not (
        _UNREAL_BEFORE.search(piece, max(0, match.start() - 60), match.start())
        or _UNREAL_AFTER.match(piece, match.end())
    )


def sentence_type(text: str, sentence: Sentence) -> str | None:
    """The incident type a sentence's trigger words name, most specific first; a protest met by
    security forces' force is a crackdown."""
    piece = text[sentence.start : sentence.end]
    purpose_only = False
    for kind, pattern in _TYPE_PATTERNS:
        real = [m for m in pattern.finditer(piece) if _real(piece, m)]
        if kind == "protest_or_riot" and real and all(_purpose(piece, m) for m in real):
            # "carried out terrorist attacks to protest the murder": the attacks are the event
            purpose_only = True
            continue
        if real:
            if kind == "protest_or_riot" and _FORCES.search(piece) and _FORCE_USED.search(piece):
                return "crackdown"
            if kind == "protest_or_riot" and _PROTESTERS_ATTACKED.search(piece) and not _FORCES.search(piece):
                return "attack"  # "the suspect in a shooting of protesters": an attack on them
            return kind
    return "protest_or_riot" if purpose_only else None


# A protest word naming what an act was for, not an act: "to protest the murder", "in protest
# at the arrests" ("students who came out to protest" did protest).
_PURPOSE_BEFORE = re.compile(r"\b(?:to|in)\s+$", re.IGNORECASE)
_PURPOSE_AFTER = re.compile(
    r"\s+(?!(?:in|on|near|outside|across|throughout|and|or|when|while|after|before|for|until)\b)[\w\[\"“]",
    re.IGNORECASE,
)


def _purpose(piece: str, match: re.Match[str]) -> bool:
    return bool(_PURPOSE_BEFORE.search(piece, 0, match.start()) and _PURPOSE_AFTER.match(piece, match.end()))


# A determiner that points back to something told already ("the attack", "el ataque", "this blast").
_BACK_REFERENCE = re.compile(
    r"(?:\b(?:the|this|that|these|those|el|la|los|las|le|les|ce|cette|ces|este|esta|del|al|du|au)\s+|\bl['’]"
    # a day's possessive names the day's event told already: "last night's attack", "Monday's bombing"
    r"|\b(?:\w+day|yesterday|tonight|today|last night|this morning|last week|(?:this|last) weekend)['’]s\s+)"
    r"(?:[\w.’-]+\s+){0,2}$",
    re.IGNORECASE,
)


def names_only_told_events(text: str, sentence: Sentence) -> bool:
    """Whether every kind of event the sentence names is one already told ("claimed
    responsibility for the attack"): each trigger word follows a definite determiner."""
    piece = text[sentence.start : sentence.end]
    found = [m for _, pattern in _TYPE_PATTERNS for m in pattern.finditer(piece)]
    return bool(found) and all(_BACK_REFERENCE.search(piece, 0, m.start()) for m in found)


def own_type(text: str, sentence: Sentence) -> str | None:
    """The incident type a sentence's own trigger words name, past those pointing back to an
    event told already ("Police arrested the accused ... after the mass shooting": arrest)."""
    piece = text[sentence.start : sentence.end]
    for kind, pattern in _TYPE_PATTERNS:
        if any(not _BACK_REFERENCE.search(piece, 0, m.start()) for m in pattern.finditer(piece)):
            return kind
    return None


def type_hint(text: str, sentences: list[Sentence]) -> str | None:
    """The incident type of an event told in ``sentences``: what its first sentence names, else
    the type most of its other sentences name."""
    if not sentences:
        return None
    first = sentence_type(text, sentences[0])
    if first is not None:
        return first
    named = [kind for s in sentences[1:] if (kind := sentence_type(text, s))]
    return max(dict.fromkeys(named), key=named.count) if named else None


# Nouns that name one event in a list of them ("the Paris attacks, the Brussels airport attack and
# the downing of the Russian airliner in the Sinai"); "one" and "another" name one of a plural
# told before them ("four mass shootings, including one in Gilroy and another in Chippewa Falls").
_LISTED_NOUN = re.compile(
    r"\b(?:attacks?|bombings?|shootings?|massacres?|blasts?|explosions?|downing|assaults?|raids?|ambush(?:es)?"
    r"|sieges?|kidnappings?|hijackings?|stabbings?|(?:air)?strikes?|attentats?|atentados?|ataques?|attaques?)\b",
    re.IGNORECASE,
)
_ONE_OF_THEM = re.compile(r"(?P<head>(?:including|among them|such as)\s+)?(?:one|another)\b", re.IGNORECASE)
_PLURAL_EVENTS = re.compile(
    r"\b(?:attacks|bombings|shootings|massacres|blasts|explosions|assaults|raids|ambushes|kidnappings|strikes)\b",
    re.IGNORECASE,
)
# A place named before the event noun: "the Paris attacks", "the Istanbul airport attack".
_PLACE_BEFORE = re.compile(
    r"\bthe\s+(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:[a-z]+\s+){0,2}?" + _LISTED_NOUN.pattern
)
# Where a list's items part: commas, semicolons and the last "and".
_ITEM_BREAK = re.compile(r",\s+(?:and\s+|or\s+|y\s+|et\s+)?|;\s+|\s+(?:and|or|y|et)\s+")


# An earlier act a sentence names while it tells of another: "demonstrations protesting the
# shooting of Jacob Blake", "protests that first erupted after the shooting death of a
# 17-year-old", "complicit in the murder of at least six innocent Somalis", "in response to the
# US airstrike that killed ...". The act runs from its noun to the end of the clause.
_EMBEDDED_ACT = re.compile(
    r"\b(?:after|following|protesting|to protest|over|in response to|in retaliation for|in revenge for"
    r"|complicit in|involved in|in connection with|responsible for)\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,3}?"
    r"(?P<act>(?:murders?|killings?|assassinations?|shootings?|shooting death|stabbings?|bombings?|beheadings?"
    r"|air ?strikes?|massacres?|kidnappings?|abductions?)\b[^,;:]*)",
    re.IGNORECASE,
)


def embedded_act(text: str, sentence: Sentence) -> Sentence | None:
    """The piece of a sentence naming an earlier act of a kind other than what the rest of the
    sentence tells, when it names one (see ``_EMBEDDED_ACT``)."""
    found = _EMBEDDED_ACT.search(text, sentence.start, sentence.end)
    if found is None:
        return None
    end = found.end("act")
    while end > found.start("act") and text[end - 1] in ".!?\"”’' ":
        end -= 1  # the sentence's closing stop is no part of the act
    act = Sentence(sentence.number, found.start("act"), end)
    rest = Sentence(sentence.number, sentence.start, found.start())
    kind, told = sentence_type(text, act), sentence_type(text, rest)
    return act if kind is not None and told is not None and kind != told else None


def listed_events(text: str, sentence: Sentence) -> list[Sentence]:
    """The items of a list of events in one sentence, each naming an event and a place of its own
    (at least two places, all different), as pieces of the sentence; none when there is no such
    list. Pieces without an event noun ("Wisconsin where at least five died") belong to the item
    before them."""
    items: list[tuple[int, int, str]] = []  # (start, end, place)
    plural_before = _PLURAL_EVENTS.search(text, sentence.start, sentence.end)
    last_end = sentence.start  # where the piece before ended
    # the pieces between the breaks: before the first, between each two, after the last
    edges = [sentence.start]
    edges += [at for m in _ITEM_BREAK.finditer(text, sentence.start, sentence.end) for at in m.span()]
    edges.append(sentence.end)
    bounds = list(zip(edges[::2], edges[1::2], strict=True))
    for a, b in bounds:
        piece = Sentence(sentence.number, a, b)
        one = _ONE_OF_THEM.match(text, a)
        if one is not None and plural_before is not None and plural_before.end() <= a:
            if one["head"] and items and items[-1][1] == last_end:
                items.pop()  # "four mass shootings, including one in Gilroy": the four are no item
            noun: re.Match[str] | None = one
        else:
            noun = _LISTED_NOUN.search(text, a, b)
        place = _item_place(text, piece)
        if noun is not None and place is not None:
            items.append((a, b, place))
        elif items and noun is None and items[-1][1] == last_end:
            items[-1] = (items[-1][0], b, items[-1][2])  # the rest of the item before
        last_end = b
    places_named = [place.casefold() for _, _, place in items]
    if len(items) < 2 or len(set(places_named)) < len(places_named):
        return []
    return [Sentence(sentence.number, _item_start(text, a, b), b) for a, b, _ in items]


def _item_start(text: str, start: int, end: int) -> int:
    """Where an item's own words begin: the first item of "Operations on his watch include the
    Paris attacks" is "the Paris attacks", not the words that introduce the list."""
    before = _PLACE_BEFORE.search(text, start, end)
    if before is not None:
        return before.start()
    noun = _LISTED_NOUN.search(text, start, end)
    if noun is None:
        return start
    article = list(re.finditer(r"\b(?:the|a|an)\s", text[start : noun.start()], re.IGNORECASE))
    return start + article[-1].start() if article else start


def item_place_spans(text: str, piece: Sentence) -> list[tuple[int, int]]:
    """The places one item of a list names: before the event noun ("the Paris attacks"), then
    after a preposition ("the attack on a cafe in Bangladesh")."""
    before = _place_before(text, piece)
    return ([before] if before else []) + [span for span in place_spans(text, piece) if span != before]


def _place_before(text: str, piece: Sentence) -> tuple[int, int] | None:
    match = _PLACE_BEFORE.search(text, piece.start, piece.end)
    if match is None or _NOT_PLACES.match(match["place"]) or match["place"].isupper():
        return None
    return match.span("place")


def _item_place(text: str, piece: Sentence) -> str | None:
    """The place that sets one item apart: the one before its noun, else the last it names
    ("one in California at a garlic festival in Gilroy": Gilroy)."""
    before = _place_before(text, piece)
    after = place_spans(text, piece)
    span = before or (after[-1] if after else None)
    return text[span[0] : span[1]] if span else None
