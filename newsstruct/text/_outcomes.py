"""What happened to the people a casualty phrase counts, read from the words around the phrase.

A small model picks the outcome of a figure badly ("five university students" kidnapped comes
back as killed), while news prose states it in a few predictable places: inside the phrase
("nobody was injured", "no casualties"), in the words that follow it ("four fighters were killed
or captured", "127 dead and 155 wounded"), or, failing that, just before it ("killed 19 people",
"the death of nine peasants"). :func:`outcomes_near` reads those places; the figure check
(:mod:`newsstruct.draft`) uses it to correct the model's outcome when the sentence says
otherwise, and leaves the model's choice alone when the words say nothing.
"""

from __future__ import annotations

import re

from newsstruct.schema import Outcome

# Each cue word (lower case, whole word) and the outcomes it states. "Casualties" are the dead
# and the wounded together, as wire copy uses the word.
_CUES: list[tuple[re.Pattern[str], tuple[Outcome, ...]]] = [
    (re.compile(r"casualt(?:y|ies)|victimes|víctimas"), (Outcome.KILLED, Outcome.INJURED)),
    (
        re.compile(
            r"kill(?:ed|ing|s)?|dead|deaths?|die|died|dies|slain|murder(?:ed|s)?|massacred|executed|fatalit(?:y|ies)"
            r"|bod(?:y|ies)|corpses?|cadavers?|cadáver(?:es)?|cadavres?"
            r"|tu(?:é|ée|és|ées|ant)|morts?|mortes?|décès|muert[eoa]s?|murieron|murió|mat(?:ando|ó|aron)"
            r"|asesin(?:ad[oa]s?|ando|ó|aron)|fallecid[oa]s?|fallecieron"
            # "several police lost their lives", "claimed 30 lives"
            r"|lives|vies|vidas"
        ),
        (Outcome.KILLED,),
    ),
    (
        re.compile(
            r"injur(?:ed|ies|y|ing)|wound(?:ed|s|ing)?|hurt|stabb(?:ed|ing)|bless[ée]e?s?|blessant|herid[oa]s?"
            r"|hospitali[sz]ed|hospitalis[ée]e?s?|hospitalizad[oa]s?"
            r"|hiri(?:endo|ó|eron)"
        ),
        (Outcome.INJURED,),
    ),
    (re.compile(r"missing|disappeared|unaccounted|disparu[e]?s?|desaparecid[oa]s?"), (Outcome.MISSING,)),
    (
        re.compile(
            r"kidnap(?:ped|ping|pings|s)?|abduct(?:ed|ion|ions|s)?|hostages?|enlev[ée]e?s?|otages?|kidnapp[ée]e?s?"
            r"|secuestrad[oa]s?|rehenes"
        ),
        (Outcome.KIDNAPPED,),
    ),
    (re.compile(r"captur(?:ed|e|ing)|prisoners?"), (Outcome.CAPTURED,)),
    (
        re.compile(
            r"arrest(?:ed|s)?|detain(?:ed|s)?|detention|custody|jailed|imprisoned|arr[êe]t[ée]e?s?|interpell[ée]e?s?"
            r"|détenu[e]?s?|detenid[oa]s?|arrestad[oa]s?"
        ),
        (Outcome.ARRESTED,),
    ),
    (
        re.compile(r"displaced|fled|homeless|evacuated|refugees|déplacé[e]?s?|desplazad[oa]s?|réfugiés|refugiados"),
        (Outcome.DISPLACED,),
    ),
]
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d,.]*|[;:]")
_JOINS = {"and", "or", "et", "ou", "y", "o"}
_DETERMINERS = {"the", "a", "an", "his", "her", "their", "its", "another", "other"}
# Nouns of a death whose "of" names the dead.
_DEATH_NOUN = re.compile(r"deaths?|muertes?")


# A noun for one person after "and a": "Two women and a man were injured" is one list of the hurt.
_ONE_PERSON = re.compile(
    r"man|woman|child|boy|girl|baby|teenager|soldier|policeman|policewoman|officer|civilian|person|student"
    r"|journalist|guard|worker|resident|passenger|bystander"
)
AFTER, BEFORE = 12, 6  # words looked at on each side of the phrase


# Cue words that name no outcome when capitalised in mixed-case text: "Black Lives Matter".
_NAME_WORDS = {"lives", "vies", "vidas"}


def _cue(word: str) -> tuple[Outcome, ...]:
    lowered = word.lower().replace("’", "'")
    if lowered in _NAME_WORDS and word[:1].isupper() and not word.isupper():
        return ()
    for pattern, outcomes in _CUES:
        if pattern.fullmatch(lowered):
            return outcomes
    return ()


def _merge(found: list[Outcome], more: tuple[Outcome, ...]) -> None:
    found.extend(o for o in more if o not in found)


def verb_before(text: str, start: int, sentence: tuple[int, int]) -> tuple[Outcome, ...]:
    """The outcomes of a cue verb right before ``start`` that takes the phrase there as its
    object ("killed at least 38", "stabbed reportedly several people"), adverbs skipped."""
    lead = text[sentence[0] : start]
    adjacent = [
        w for w in _WORD.findall(lead.rstrip()[-40:]) if not w.lower().endswith(("ly", "mente"))
    ]  # "reportedly", "accidentalmente"
    if len(adjacent) > 1 and adjacent[-1] == "a" and _cue(adjacent[-2]):
        adjacent.pop()  # Spanish marks a person object with "a": "hiriendo a casi 50"
    if len(adjacent) > 1 and adjacent[-1].lower() in ("of", "de") and _DEATH_NOUN.fullmatch(adjacent[-2].lower()):
        adjacent.pop()  # the dead the noun is of: "the death of a Bulgarian soldier", "la muerte de un soldado"
    if adjacent and lead.endswith((" ", "\n")) and not lead.rstrip().endswith((",", ";", ":")):
        return tuple(_cue(adjacent[-1]))
    return ()


# An aside set off by dashes or brackets: "six civilians -- three men, two children and a woman
# -- were killed", "four people (two of them children) died".
_ASIDE = re.compile(r"\s(?:--|—|–)\s[^-—–]+?\s(?:--|—|–)(?=\s)|\([^()]+\)")


# A military raid: people it takes are captured, not arrested (seeds/ANNOTATION.md).
_RAID = re.compile(r"\braids?\b|\braided\b|\bredadas?\b|\bincursion\b", re.IGNORECASE)
_ARMED_FORCES = re.compile(
    r"\b(?:troops|soldiers|military|forces|commandos|army|marines|militares|soldats)\b", re.IGNORECASE
)


def outcomes_near(text: str, start: int, end: int, sentence: tuple[int, int]) -> list[Outcome]:
    """The outcomes the words around ``text[start:end]`` state, within ``sentence`` (start, end
    offsets); [] when they state none. Those a military raid detains are captured."""
    found = _outcomes_near(text, start, end, sentence)
    if Outcome.ARRESTED in found:
        words = text[sentence[0] : sentence[1]]
        if _RAID.search(words) and _ARMED_FORCES.search(words):
            found = [Outcome.CAPTURED if o == Outcome.ARRESTED else o for o in found]
    return found


def _outcomes_near(text: str, start: int, end: int, sentence: tuple[int, int]) -> list[Outcome]:
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(text, sentence[0], sentence[1])]
    holding = next(((a, b) for a, b in asides if a <= start and end <= b), None)
    if holding is not None and holding not in (sentence, (start, end)):
        # a count within an aside: what the aside's words say of it, else what the sentence says
        # of the whole aside, which breaks down the count before it
        return outcomes_near(text, start, end, holding) or outcomes_near(text, *holding, sentence)
    words = [
        (m.group(0), m.start(), m.end())
        for m in _WORD.finditer(text, sentence[0], sentence[1])
        # the words of an aside after the phrase say nothing of it: "six civilians -- ... -- were killed"
        if not any(end <= a and a <= m.start() < b for a, b in asides)
    ]
    found: list[Outcome] = []
    for word, w_start, w_end in words:
        if w_start >= start and w_end <= end:
            _merge(found, _cue(word))
    if found:
        return found
    # A cue verb right before the phrase takes it as its object ("killed at least 38 people and
    # wounded more than 70"): the words after belong to the next clause.
    governing = verb_before(text, start, sentence)
    if governing:
        return list(governing)
    following = [(w, w_end) for w, w_start, w_end in words if w_start >= end][:AFTER]
    after = [w for w, _ in following]
    for n, word in enumerate(after):
        another_number = (
            word[0].isdigit()
            and not (n and after[n - 1].lower() in _JOINS)  # "34 soldiers and 43 civilians were wounded"
            # a list: "150 security forces, 95 civilians, and hundreds of Taliban killed"
            and not (n and text[following[n - 1][1] : following[n][1] - len(word)].strip() == ",")
            and not text.startswith("-", following[n][1])  # an age: "23-year-old"
        )
        if word in {";", ":"} or another_number:
            break  # a clause ends, or another number begins ("..., with 25 others injured"): its outcome is its own
        if word.lower() in ("that", "que") and n and after[n - 1].lower() in _JOINS:
            break  # "..., and that seven others were wounded": another reported clause begins
        if (
            word.lower() in _JOINS
            and n + 1 < len(after)
            and after[n + 1].lower() in _DETERMINERS
            and not (n + 2 < len(after) and _ONE_PERSON.fullmatch(after[n + 2].lower()))
        ):
            break  # "five students and the murder of ...": another noun phrase begins (not "and a man")
        outcomes = _cue(word)
        if outcomes:
            _merge(found, outcomes)
            # "killed or captured", "dead and wounded": a cue joined to the first one
            k = n + 1
            while k + 1 < len(after) and after[k].lower() in _JOINS and _cue(after[k + 1]):
                _merge(found, _cue(after[k + 1]))
                k += 2
            return found
    before = [w for w, _, w_end in words if w_end <= start]
    # the last of a list the cue verb governs: "killing 12 students, the school principal and two
    # policemen" looks back over the whole list
    before = before[-2 * BEFORE :] if before and before[-1].lower() in _JOINS else before[-BEFORE:]
    for word in reversed(before):
        if word in {";", ":"}:
            break
        outcomes = _cue(word)
        if outcomes:
            return list(outcomes)
    # a toll the sentence's subject names: "Some estimated death tolls, provided anonymously by
    # officials to journalists, exceeded 100"
    lead = text[sentence[0] : start]
    exceeding = re.match(r"exceed", text[start:end], re.IGNORECASE)
    if _TOLL_SUBJECT.search(lead) and (_TOLL_VERB.search(lead) or exceeding):
        return [Outcome.KILLED]
    return []


_TOLL_SUBJECT = re.compile(
    r"\b(?:death tolls?|toll of (?:the )?dead|number of (?:the )?(?:dead|deaths)|(?:número|cifra) de (?:muertos"
    r"|fallecidos)|balance de (?:muertos|víctimas mortales)|nombre de (?:morts|décès)|bilan des morts)\b",
    re.IGNORECASE,
)
_TOLL_VERB = re.compile(
    r"\b(?:exceeded|exceeds|reached|reaches|(?:rose|rises|risen|climbed|climbs|mounted|mounts|increased|jumped"
    r"|grew|soared) to|stood at|stands at|topped|hit|ascendió a|asciende a|aumentó a|llegó a|se elevó a"
    r"|s['’]élève à|est passé à|atteint)\s+$",
    re.IGNORECASE,
)


def stated_outcomes(text: str, occurrences: list[tuple[int, int]], sentence: tuple[int, int]) -> list[Outcome]:
    """What the sentence states for a phrase found at ``occurrences``: the outcomes read around
    the occurrences inside ``sentence``, or [] when none is there, they read nothing, or repeated
    occurrences read differently (then the words cannot tell which one is meant)."""
    inside = [(a, b) for a, b in occurrences if sentence[0] <= a and b <= sentence[1]]
    read = {tuple(outcomes_near(text, a, b, sentence)) for a, b in inside}
    return list(read.pop()) if len(read) == 1 else []
