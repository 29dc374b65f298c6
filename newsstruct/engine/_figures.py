"""Casualty figure candidates: a quantity phrase, the outcome the words around it state, the
group it counts, all read from the text with no model call.

A phrase is a figure when the sentence states an outcome for it (:mod:`newsstruct.text._outcomes`);
"a", "an", vague words and zero words only when the outcome word follows within a few words
("A soldier was killed", "several people dead", "no one was hurt"), since they are everywhere
else too. Numbers are read from the phrase (:mod:`newsstruct.text._quantities`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from newsstruct.schema import Outcome
from newsstruct.text import Language, Quantity, Sentence, TextIndex, candidates, interpret, outcomes_near, verb_before

_LOOSE = re.compile(
    r"^(?:a|an|another|un|une|una|uno|several|many|some|others?|few|a few|dozens|scores|hundreds|thousands|tens"
    r"|numerous|plusieurs|quelques|d'autres|des dizaines|des centaines|des milliers|de nombreux|de nombreuses"
    r"|varios|varias|algunos|algunas|otros|otras|decenas|cientos|centenares|miles|muchos|muchas|mucha gente"
    r"|no|none|nobody"
    r"|no one|aucun|aucune|ningún|ninguno|nadie)$",
    re.IGNORECASE,
)
_NEAR_WORDS = 5  # how close the outcome word must follow a loose phrase
_GROUP_STOP = re.compile(
    r"^(?:were|was|are|is|have|has|had|been|being|killed|died|dead|wounded|injured|in|on|at|by|during|after|and|or"
    r"|when|who|while|including|from|with|as|to|ont|a|été|sont|han|fueron|murieron|resultaron|en|et|y|que|qui)$",
    re.IGNORECASE,
)
_OF_GROUP = re.compile(
    r"^(?:of|de|des|du|del|de los|de las)\s+(?:(?:its|their|the|our|his|her|ses|leurs|sus|los|las)\s+)?", re.IGNORECASE
)


_OF_COUNTED = re.compile(
    r"\s+(?:of|de|des|du|del)\s+(?:(?:its|their|the|our|his|her|these|those|sus|los|las|nos|leurs)\s+)?[^\W\d_][\w'’-]*",
    re.IGNORECASE,
)


# What a number counts when it does not count people ("one of their outposts", "two months").
_NOT_PEOPLE = re.compile(
    r"^(?:outposts?|posts?|months?|weeks?|days?|years?|hours?|minutes?|times?|vehicles?|buildings?|homes?|houses?"
    r"|cars?|trucks?|kilometers?|kilometres?|km|miles?|percent|per|dollars?|rounds?|shots?|bombs?|rockets?|blasts?"
    r"|aircraft|planes?|airplanes?|helicopters?|jets?|warplanes?|tanks?|ships?|boats?|vessels?"
    r"|explosions?|explosives?|attacks?|mines?|shells?|grenades?|missiles?|drones?|strikes?|raids?|operations?"
    r"|missions?|sorties|flights?|patrols?|incidents?|clashes|protests?|rallies|marches|nights?|hospitals?|schools?"
    r"|hotels?|sites?|places?|locations?|cases?|tolls?|estimates?|figures?|reports?|statements?|sources?"
    r"|villages?|towns?|districts?|provinces?|countries|mois|semaines|jours|ans|années|heures|meses|semanas|días"
    r"|años|horas|veces)$",
    re.IGNORECASE,
)


# "A" counts one person only when it is followed by a word for a person ("a soldier was killed",
# not "a primary school" or "a possible death penalty").
_SINGLE = re.compile(r"^(?:a|an|un|une|una|uno|another)$", re.IGNORECASE)
_PERSON = re.compile(
    r"(?:man|men|woman|women|child|children|boy|girl|person|people|baby|teen|teenager|youth|son|daughter|wife"
    r"|husband|mother|father|brother|sister|friend|guard|cop|chief|leader|member|victim|suspect|gunman|bomber"
    r"|hostage|pilgrim|tourist|resident|civilian|soldier|officer|policeman|policewoman|trooper|marine|fighter"
    r"|militant|rebel|insurgent|commander|diplomat|journalist|reporter|photographer|worker|employee|student"
    r"|teacher|doctor|nurse|priest|judge|official|politician|lawmaker|activist|protester|demonstrator|villager"
    r"|farmer|driver|passenger|shopper|bystander|paratrooper|contractor|citizen|national|refugee|migrant|prisoner|individual"
    r"|detainee|inmate|convict|captive|\w+(?:er|or|ist|ian|ant|ent|ier|eer|ee|ard))s?$"
    r"|^(?:persona|personne|homme|femme|enfant|niño|niña|hombre|mujer|soldado|soldat|policía|policier|civil"
    r"|diplomático|diplomate|periodista|journaliste|estudiante|étudiant|militar|militaire|agente|gendarme"
    r"|ancian[oa]|joven|menor|bebé|bébé|chic[oa]|muchach[oa]|vecin[oa]|campesin[oa]|trabajador|pasajer[oa]|guardia"
    r"|vieillard|vieille|jeune|fillette|garçon|habitant|villageois|passager|ouvrier|paysan|paysanne)s?$",
    re.IGNORECASE,
)


# Words ending like a person noun that name no one: "a much higher death toll", "a former".
_NOT_PERSON = re.compile(
    r"(?:higher|lower|greater|larger|bigger|smaller|other|another|older|younger|further|former|under|after|over"
    r"|never|however|later|earlier|together|number|order|border|water|center|centre|quarter|letter|matter"
    r"|minor|major|senior|junior|interior|exterior|prior|error|terror|horror|honor|honour|labor|labour)s?$",
    re.IGNORECASE,
)
# "killed three Afghan soldiers and a civilian": a single person joined by "and" to a number just
# before shares its outcome.
_COORDINATED = re.compile(
    r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dos|tres|cuatro|cinco|deux|trois|quatre|cinq"
    r"|several|many|dozens|scores|hundreds|plusieurs|varios|varias))"
    r"\b[^.;,]{0,40}\s(?:and|y|e|et)\s+$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FigureCandidate:
    """One casualty phrase in one sentence, read."""

    sentence: Sentence
    start: int
    end: int
    phrase: str
    quantity: Quantity
    outcomes: tuple[Outcome, ...]
    group: str


def _group(text: str, end: int, sentence: Sentence) -> str:
    """The people the phrase counts: the words after it up to a verb or preposition ("four of
    its fighters were killed" → "fighters")."""
    rest = text[end : sentence.end].lstrip()
    of = _OF_GROUP.match(rest)
    if of:
        rest = rest[of.end() :]
    words = []
    for word in re.findall(r"[^\W\d_][\w'’-]*|[,.;:]", rest)[:5]:
        if not word[0].isalpha() or _GROUP_STOP.match(word):
            break
        words.append(word)
    return " ".join(words[:3]) or "people"


def _outcome_follows(text: str, end: int, sentence: Sentence) -> bool:
    """Whether an outcome word comes within a few words after ``end``."""
    words = list(re.finditer(r"[^\W\d_][\w'’-]*", text[end : sentence.end]))[:_NEAR_WORDS]
    return any(outcomes_near(text, end + w.start(), end + w.end(), (sentence.start, sentence.end)) and
               outcomes_near(text, end + w.start(), end + w.end(), (end + w.start(), end + w.end()))
               for w in words)  # fmt: skip


# A toll changed from one number to another: "raised the death toll from 16 to 46", "revu de 16 à
# 46 le nombre de morts", "the toll rose from 16 to 46".
_REVISED = re.compile(
    r"\b(?:rais\w+|revis\w+|increas\w+|ros[ei]\w*|climb\w*|jump\w*|updat\w+|lower\w*|reduc\w+|revu|révis\w+"
    r"|rehauss\w+|pass[ée]\w*|elev\w+|aument\w+|subi[óo]|ascendi[óo]|actualiz\w+)\b[^.;]{0,60}?"
    r"\b(?:from|de|desde)\s+$",
    re.IGNORECASE,
)
# The last number of "16 to 46", "16 à 46".
_RANGE_END = re.compile(r"\s(?:to|à|a|hasta)\s+(?P<number>\S+)$")


# A person's age told by "was" and a bare number: "when he was 18", "who is 17 years old".
_AGE_BEFORE = re.compile(r"\b(?:he|she|who|i)\s+(?:was|is|turned)\s+$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"(?:\s+years?(?:[- ]old)?)?(?=\s*(?:[.,;:)]|$|\s+(?:when|at|and|but)\b))", re.IGNORECASE)


def figure_candidates(
    text: str, sentences: list[Sentence], index: TextIndex, language: Language
) -> list[FigureCandidate]:
    """Every quantity phrase occurrence that counts people an outcome happened to, in order."""
    found: list[FigureCandidate] = []
    starts = [s.start for s in sentences]  # in order: a sentence is found by bisection
    for phrase in candidates(text, language):
        quantity = interpret(phrase)
        if quantity is None:
            continue
        for start, end in index.occurrences(phrase)[0]:
            at = bisect_right(starts, start) - 1  # the sentence that starts last before it
            sentence = sentences[at] if at >= 0 and start < sentences[at].end else None
            if sentence is None or end > sentence.end:
                continue
            if re.search(r"\d[:h]$", text[max(0, start - 2) : start]):
                continue  # the minutes of a clock time: "18:00", "18h00"
            if _AGE_BEFORE.search(text, max(sentence.start, start - 20), start) and _AGE_AFTER.match(text, end):
                continue  # an age: "imprisoned in 2018 when he was 18"
            outcomes = outcomes_near(text, start, end, (sentence.start, sentence.end))
            if not outcomes:
                continue
            loose = _LOOSE.match(phrase.strip())
            # "Some of our people have been killed": the outcome follows the people counted
            counted = _OF_COUNTED.match(text, end, sentence.end)
            if (
                loose
                and not _outcome_follows(text, end, sentence)
                and not (counted and _outcome_follows(text, counted.end(), sentence))
                and not verb_before(text, start, (sentence.start, sentence.end))
                and not outcomes_near(text, start, end, (start, end))
                and not (_SINGLE.match(phrase.strip()) and _COORDINATED.search(text, sentence.start, start))
            ):
                continue
            revised = _REVISED.search(text, max(sentence.start, start - 80), start)
            if revised is not None and revised.end() == start:
                # "revised the toll from 16 to 46": the toll is 46 now, not a range
                last = _RANGE_END.search(text, start, end)
                newer = interpret(last["number"]) if last else None
                if last is None or newer is None:
                    continue
                start, quantity = last.start("number"), newer
            group = _group(text, end, sentence)
            head = group.split()
            if _SINGLE.match(phrase.strip()) and not any(_PERSON.search(w) and not _NOT_PERSON.match(w) for w in head):
                continue
            # "A roadside bomb killed ...": the phrase counts a weapon or a thing, not people
            if (
                any(_NOT_PEOPLE.match(w) for w in (head[0], head[-1]))
                or text.startswith("-year", end)
                or re.match(r"\s*(?:%|per ?cent|por ciento|pour ?cent)", text[end : end + 12])
            ):
                continue
            found.append(FigureCandidate(sentence, start, end, text[start:end], quantity, tuple(outcomes), group))
    found.sort(key=lambda f: (f.start, -f.end))
    # "several others", "four others": one phrase, read from its first word
    kept: list[FigureCandidate] = []
    for figure in found:
        if kept and 0 <= figure.start - kept[-1].end <= 1:
            continue
        if kept and re.fullmatch(r"\s+(?:of|de|des)\s+", text[kept[-1].end : figure.start]):
            continue  # "tens of thousands", "des dizaines de milliers": one phrase
        if kept and figure.end <= kept[-1].end:
            continue  # "68" inside "at least 68": the number is found again where another phrase has it
        kept.append(figure)
    return kept
