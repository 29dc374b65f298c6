"""One article through the engine: find candidates in the text, ask short questions about them,
assemble a report whose every value is a span the finders produced.

The order: event mentions are grouped into incidents (one question per mention: which earlier
event, or a new one), each incident is typed and marked reported or background; attribution
frames become claims (what the speaker does, then who speaks); casualty figures come from the
quantity and outcome finders with no model call, their source is the claim of their sentence;
a denial is linked to the claim it contests (asked only when there is a choice), and its
incident is then disputed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from newsstruct.engine._actors import Actors, find_actors, kind_of, organisation_of
from newsstruct.engine._asker import Answer
from newsstruct.engine._countries import is_country
from newsstruct.engine._events import (
    APPOSED_CLAUSE,
    MONTH_NAMES,
    WEEKDAY_NAMES,
    date_phrase,
    embedded_act,
    event_mentions,
    item_place_spans,
    listed_events,
    names_only_told_events,
    own_type,
    place_spans,
    places,
    sentence_type,
    type_hint,
)
from newsstruct.engine._figures import FigureCandidate, figure_candidates
from newsstruct.engine._frames import (
    BARE_REPORTS,
    BRACKETED_NAME,
    NO_PART,
    SHORT_FORM,
    Frame,
    Span,
    denied_report,
    find_frames,
    leaves_quote_open,
)
from newsstruct.engine._questions import (
    CONTESTS,
    KIND,
    KIND_PLAIN,
    LABELS,
    NEW_EVENT,
    NO_CONTEST,
    NOBODY,
    SAME_EVENT,
    SPEAKER,
    TYPE,
    TYPE_OPTIONS,
    Question,
)
from newsstruct.schema import (
    Actor,
    CasualtyFigure,
    Claim,
    ClaimKind,
    DatePrecision,
    EventDate,
    Evidence,
    Incident,
    IncidentType,
    Location,
    Mention,
    Outcome,
    Report,
    Speaker,
    Warning,
)
from newsstruct.text import Sentence, TextIndex, channel, dateline, language_of, quotation, resolve, split_sentences

_SNIPPET = 110  # characters of an event's first sentence shown as an option
A = TypeVar("A")
B = TypeVar("B")
_ACTORS = 4  # actors of each role kept per incident, the first found first
_TARGETS = 8  # ... but victims, often named in a list ("Dagoberto Rodriguez and Alfonso de Lima")
_PLACES = 3  # places kept per incident, the first named first
_RECENT_EVENTS = 4  # earlier events offered as options (the most recent ones)
# A number in a relative clause describing the event ("the attack that killed 19 people") is the
# article's own description when the claim is about the event (a condemnation, a responsibility
# claim, an accusation or a denial), not a figure the speaker gives.
_RELATIVE = re.compile(
    r"\w[\w'’-]*(?:\s+(?:that|which|who|qui|que)|,\s*(?:killing|leaving|wounding|injuring|matando|tuant))"
    r"(?:\s+[\w'’-]+){0,8}\s+$",
    re.IGNORECASE,
)
_DESCRIBES_EVENT = (ClaimKind.CONDEMNATION, ClaimKind.RESPONSIBILITY_CLAIM, ClaimKind.ACCUSATION, ClaimKind.DENIAL)
_ANONYMOUS = re.compile(
    r"\b(?:sources?|officials?|residents?|witness(?:es)?|commanders?|diplomats?|officers?|people|someone|police"
    r"|fuentes?|autoridades|source|responsables?|habitants?|témoins?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Policy:
    """How answers become decisions; tuned on the dev split (``bench/engine_dev.py``)."""

    #: a mention starts a new event when the model gives "another event" at least this probability
    new_event: float = 0.5
    #: ... or at least this one when its words name another place or time than the event's
    new_event_separate: float = 0.05
    #: a claim needs the model to name its speaker with at least this probability
    speaker: float = 0.0
    #: an attributed sentence holding a casualty figure is a casualty report, without asking
    toll_is_report: bool = True
    #: an incident's type comes from its trigger words when they name one, without asking
    type_from_words: bool = True
    #: an event whose first sentence has a time marker pointing away from the news is background
    background_marked: bool = True
    #: an accusation no reporting verb names needs at least this probability
    accusation: float = 0.55
    #: where a claim or figure in a sentence that tells of no event belongs: "main", the
    #: article's first reported event (dev 2026-12-01: claim→incident .324 -> .407, figure→incident
    #: .559 -> .569); "nearest", the nearest reported event before it; "", the nearest event before it
    untold_to: str = "main"
    #: an attributed sentence with no word of violence is a statement, without asking
    plain_is_statement: bool = True
    #: ... and so is one with words of violence but no cue naming its kind and no toll: the kind
    #: question is not asked, the speaker question still drops narration (dev, stored answers:
    #: evaluated tokens per article -9%; the answers "blames someone" were as often wrong as right)
    violent_is_statement: bool = True
    #: only a sentence naming a kind of event, a date or a place can start a new event
    new_needs_words: bool = True
    #: a reporting word with a single speaker candidate names the speaker, without asking
    lone_speaker: bool = True
    #: ... and so does a quotation or pronoun frame with no reporting word of its own (dev: questions
    #: 90 -> 66, claims .680 -> .674, three more claims the model would have called narration; test:
    #: questions 59 -> 51, scores the same)
    lone_uncued: bool = True
    #: a sentence quoted without a cue of its own asks its speaker about the sentence closing the
    #: quotation (the one naming the speaker), so the question is the same as that sentence's
    speaker_on_lender: bool = True
    #: a denial whose words name an accusation ("denied the accusation") is offered only the
    #: earlier accusations, when there are any
    denied_accusation_first: bool = True
    #: a sentence set in a year other than the dateline's ("in 2013", "since 2008", "the 2014
    #: protests", "years ago") starts an event of its own without the which-event question
    past_year_is_new: bool = True
    #: ... or at least this one when its words name another kind of event than the event's
    new_event_other_kind: float = 0.25
    #: a mention whose words name no other place, time or kind of event than the latest event's
    #: joins it without asking
    join_unmarked: bool = True
    #: a mention whose words name the kind of exactly one recent event (and no other place or
    #: time than its) joins that event without asking
    join_same_kind: bool = True
    #: a sentence naming only events told already ("the attack happened on Monday in X") starts
    #: a new event only when its place or time sets it apart from every recent event
    told_needs_separation: bool = True
    #: a mention that cannot start an event joins, without asking, the earliest recent event its
    #: words do not set apart (dev: questions 184 -> 159, figure→incident .569 -> .618,
    #: claim→incident .407 -> .432; joining the latest instead lowered both links)
    join_first_fitting: bool = True
    #: a mention giving the same numbered toll as exactly one recent event joins it without asking
    same_toll_joins: bool = True
    #: a denial with one accusation among the claims it could contest contests it, without asking
    #: (the model's answers to the contest question were near uniform on dev and test)
    lone_accusation_denied: bool = True
    #: a claim contesting another, in a sentence that tells of no event, is about the other's event
    contest_same_event: bool = True
    #: a denial naming whose report it denies ("denied the radio station's report", "disputing
    #: police reports") contests a claim of that owner in its own sentence
    denied_report: bool = True
    #: a mention naming a place exactly one recent event names joins it, without asking
    same_place_joins: bool = True
    #: claims credited to a list of speakers ("condemnation came from A, B and C") are one claim each
    listed_speakers: bool = True
    #: two speaker candidates, one inside the other, are one speaker: the longer, without asking
    nested_speaker: bool = True
    #: a mention that counts another event and sets it earlier ("last week ..., another attack")
    #: starts an event of its own without asking
    another_earlier_is_new: bool = True
    #: with one event so far, a mention starts another when its words set it apart (place, time,
    #: kind), else joins it: no question
    lone_event_by_words: bool = True
    #: adjacent claims of one speaker and kind stay apart when their sentences tell of two events
    claims_apart_by_event: bool = True
    #: a name and the role set beside it by a comma ("Dedi Prasetyo, a spokesperson for the
    #: police") are one speaker, the name, without asking (the model picked the role on dev)
    apposed_speaker: bool = True
    #: a denial that names no claim contests the claim another denial of its speaker names
    speaker_denies_one: bool = True
    #: a speaker named by what it is ("the watchdog group") is the body last named before it
    group_antecedent: bool = True
    #: a denial of one's own part contests only a claim saying one took part (an accusation, or
    #: one naming the denier); with none, it contests nothing
    own_part_needs_accuser: bool = True
    #: a claim opening with "However" or "But" contests the nearest earlier claim of another
    #: speaker about the same event
    contrast_contests: bool = False
    #: a toll set against another source's with other numbers ("However, ... only one") contests
    #: that source's casualty report as well as an accusation
    toll_answers_toll: bool = True
    #: arrests after an attack are an event of their own, without a question
    arrest_is_own_event: bool = True
    #: "denying reports that ..." with no owner named and no accusation told before: the reports
    #: are a claim of their own, which the denial contests
    bare_reports_own: bool = True
    #: a quotation left open is one claim however many sentences it runs over
    quote_spans_claim: bool = True
    #: a sentence opening "Meanwhile" or "Elsewhere" in a place no event so far was told in
    #: starts its own, without a question
    elsewhere_opener_is_new: bool = True
    #: a sentence telling when a long story began ("the protests began in June") starts an event
    origin_is_new: bool = True
    #: a body's claim followed by the same kind of claim from its named spokesperson is one claim
    body_then_its_voice: bool = True
    #: a claim negating what an earlier claim of another speaker says ("They did not attack any
    #: military position" after "the army says it has attacked an M23 base") contests it
    negated_echo_contests: bool = True
    #: a clause opened by "but" whose other speaker accuses, against the sentence's first account
    #: ("Police said five were stoned to death by mobs, but witnesses said police shot them")
    but_clause_contests: bool = True
    #: a sentence set in a month ("in November") and a place no event so far was told in, apart
    #: from every event so far, starts its own without a question
    month_elsewhere_is_new: bool = True
    #: a sentence listing events, each with a place of its own ("the Paris attacks, the Brussels
    #: airport attack and the suicide bombings in Ankara"), gives an event per item, without asking
    listed_events_apart: bool = True
    #: an earlier act of another kind a sentence names while telling of an event ("protesting the
    #: shooting of Jacob Blake") is an event of its own, told as background, unless an event of
    #: its kind was told already
    embedded_acts_apart: bool = True
    #: a quotation opening the sentence after a claim of its speaker is that claim's, whatever
    #: the claim's kind
    quote_joins_claim: bool = True
    #: a statement telling of armed men doing violence ("the spokesman said gunmen opened fire")
    #: is an accusation
    armed_doer_accuses: bool = True
    #: a denied report the article tells elsewhere as a claim ("dismissed the claim from Berlin",
    #: "disputing reports that one of their aircraft killed 11 civilians" with the officials who
    #: gave the 11) is that claim, not a second one made from the denial's words
    denied_told_elsewhere: bool = True


DEFAULT_POLICY = Policy()


@dataclass
class _Event:
    sentences: list[Sentence]
    type: IncidentType = IncidentType.OTHER
    known_type: str | None = None  # the type the words that started it settle, when a rule started it
    part: Sentence | None = None  # the piece of its sentence it is told in, when a list tells several
    background: bool = False
    disputed: bool = False
    confidence: dict[str, float] = field(default_factory=dict)
    _numbers: tuple[int, frozenset[int]] = (0, frozenset())  # (sentences counted, their numbers)

    def numbers(self) -> frozenset[int]:
        """The numbers of its sentences (recounted only when sentences were added)."""
        if self._numbers[0] != len(self.sentences):
            self._numbers = (len(self.sentences), frozenset(s.number for s in self.sentences))
        return self._numbers[1]


@dataclass
class _Claim:
    frame: Frame
    sentences: list[Sentence]
    kind: ClaimKind
    speaker: Span | None
    confidence: dict[str, float]
    contests: int | None = None
    defaulted: bool = False  # a statement by default: nothing named its kind
    denies: _Claim | None = None  # the claim its own sentence says it denies ("denied X's report")


def body_sentences(text: str, sentences: list[Sentence]) -> list[Sentence]:
    """The sentences after the headline block: a short first paragraph followed by more text is
    a headline (and deck), which reports nothing the body does not (seeds/ANNOTATION.md). A first paragraph
    that ends as a sentence does, or opens with a wire dateline ("SAN JOSE, 11 DEC 89 (ACAN-EFE)
    -- [TEXT] ..."), is the lead, not a headline."""
    first_break = text.find("\n\n")
    if 0 < first_break < 300 and text[first_break:].strip():
        first = text[:first_break].strip()
        if not (_SENTENCE_END.search(first) or _DATELINE_LEAD.search(first)):
            sentences = [s for s in sentences if s.start > first_break]
    return [s for s in sentences if not _subheading(text, s)]


def _subheading(text: str, sentence: Sentence) -> bool:
    """Whether the sentence is a subheading within the body ("Étudiants enlevés"): a paragraph of
    its own, a few words without a full stop, with more text after it. Like the headline it
    announces what the paragraphs below it report."""
    words = text[sentence.start : sentence.end].split()
    return (
        0 < len(words) <= _SUBHEADING_WORDS
        and not _SENTENCE_END.search(text[sentence.start : sentence.end].rstrip())
        and text[max(0, sentence.start - 2) : sentence.start] == "\n\n"
        and text[sentence.end :].lstrip(" ").startswith("\n\n")
        and bool(text[sentence.end :].strip())
    )


_SUBHEADING_WORDS = 8


# A paragraph ending as a sentence does: a headline has no full stop.
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)]*$")
# A wire dateline before the lead: "PLACE, DATE (AGENCY) --" or "[TEXT]".
_DATELINE_LEAD = re.compile(r"\s--\s|\[TEXT\]")


def _snippet(text: str, sentence: Sentence) -> str:
    words = " ".join(text[sentence.start : sentence.end].split())
    return words if len(words) <= _SNIPPET else words[:_SNIPPET].rsplit(" ", 1)[0] + " ..."


def _sentence_text(text: str, sentence: Sentence) -> str:
    return text[sentence.start : sentence.end]


# A year before a noun names an event of another time ("reminiscent of the 2014 protests"),
# unless what comes is awaited ("ahead of the 2024 election").
_ELSEWHERE_IN_TIME = re.compile(
    r"\b(?:in (?:19|20)\d\d|(?<!ahead of )(?<!before )(?<!for )the (?:19|20)\d\d\s+(?=[a-zà-ÿ])"
    r"|since|ago|last (?:week|month|year)|earlier|previous(?:ly)?|former|the day before"
    r"|(?:hours?|days?|weeks?|months?|minutes?) (?:before|after) the"
    r"|that week|this year|in (?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\b(?! \d)|hace|dernier|derni[èe]re|la veille|pasado|anterior|desde que|depuis que)\b",
    re.IGNORECASE,
)


def _place_words(names: list[str]) -> set[str]:
    return {w.casefold() for name in names for w in re.findall(r"[^\W\d_]{4,}", name)} - _GENERIC_PLACE_WORDS


def _local_places(text: str, sentences: list[Sentence]) -> set[str]:
    """The words of the places the sentences name within a country: a country sets the scene
    ("French troops in Mali"); only places within one tell events apart."""
    return _place_words([p for s in sentences for p in places(text, s) if not is_country(p)])


_GENERIC_PLACE_WORDS = {"region", "province", "district", "state", "city", "town", "village", "border", "area", "north",
                        "south", "east", "west", "northern", "southern", "eastern", "western", "central"}  # fmt: skip


def _same_word(a: str, b: str) -> bool:
    """The same place name, allowing one letter spelt differently ("Menaka", "Meneka")."""
    return a == b or (len(a) == len(b) >= 5 and sum(x != y for x, y in zip(a, b, strict=True)) <= 1)


_NAMED_DAY = re.compile(rf"\d|{WEEKDAY_NAMES}|{MONTH_NAMES}", re.IGNORECASE)


def _other_day(text: str, mine: str, theirs: set[str]) -> bool:
    """Whether a date phrase names another day than all of an event's: compared as dates when
    they resolve, as words when both name a day or month; a vague phrase ("this weekend",
    "recently") separates nothing."""
    if not theirs or mine in theirs:
        return False
    anchor = dateline(text)
    day = resolve(mine, anchor)
    days = [d for d in (resolve(t, anchor) for t in theirs) if d is not None]
    if day is not None and days:
        first, last = day[0], day[1] or day[0]
        return not any(first <= (d[1] or d[0]) and d[0] <= last for d in days)
    return bool(_NAMED_DAY.search(mine)) and all(_NAMED_DAY.search(t) for t in theirs)


# The sentences of an event read to tell it from a new mention: its place, day, toll and kind are
# told in its first sentences, and reading all of them for every mention would make an article
# that is one long event cost its length squared.
_SIGNATURE_SENTENCES = 12


def _signature(event: _Event) -> list[Sentence]:
    return event.sentences[:_SIGNATURE_SENTENCES]


# Openings that turn to other news: "Meanwhile, in western Farah province", "Elsewhere".
_ELSEWHERE_OPENER = re.compile(
    r"^\W*(?:meanwhile|elsewhere|separately|in (?:an)?other (?:violence|news|developments?|incidents?)|en otro\w*"
    r"|por otra parte|separadamente|por separado|ailleurs|par ailleurs|de son côté|séparément)\b",
    re.IGNORECASE,
)


# A month the sentence is set in, without a day ("in November", "since early June").
_IN_A_MONTH = re.compile(
    rf"\b(?:in|last|since)\s+(?:(?:early|late|mid-?)\s*)?(?:{MONTH_NAMES})(?!\w)(?!\s+\d)", re.IGNORECASE
)
# When something long-running began: "began in June", "have been protesting since early June".
_ORIGIN = re.compile(
    rf"\b(?:began|started|erupted|broke out|first (?:began|erupted))\s+(?:in|last)\s+(?:(?:early|late|mid-?)\s*)?"
    rf"(?:(?:{MONTH_NAMES})|(?:19|20)\d\d|year|month)\b"
    rf"|\b(?:ha(?:ve|s)|had) been \w+ing since\s+(?:(?:early|late|mid-?)\s*)?(?:(?:{MONTH_NAMES})|(?:19|20)\d\d)\b"
    # a long war told by its length: "have been fighting for independence ... for more than 20 years"
    rf"|\b(?:ha(?:ve|s)|had) been (?:fighting|battling|waging|at war)\b[^.;]{{0,80}}?\bfor (?:(?:more than|over|nearly"
    rf"|almost|about|some|the past|the last)\s+)?(?:\d+|two|three|four|five|six|several|many) (?:years|decades)\b",
    re.IGNORECASE,
)


def _unheard_place(text: str, sentence: Sentence, events: list[_Event]) -> bool:
    """Whether the sentence names a place within a country that none of ``events`` names."""
    mine = _local_places(text, [sentence])
    told = _local_places(text, [s for e in events for s in e.sentences])
    return bool(mine) and not any(_same_word(a, b) for a in mine for b in told)


def _looks_separate(text: str, sentence: Sentence, event: _Event) -> bool:
    """Whether the words say the sentence tells of another event than ``event``: another place,
    another date, or a time marker that points elsewhere ("in March", "the day before")."""
    mine, theirs = _local_places(text, [sentence]), _local_places(text, _signature(event))
    date = date_phrase(text, sentence)
    their_dates = {text[a:b].casefold() for s in _signature(event) if (span := date_phrase(text, s)) for a, b in [span]}
    other_place = bool(mine) and bool(theirs) and not any(_same_word(a, b) for a in mine for b in theirs)
    other_date = date is not None and _other_day(text, text[date[0] : date[1]].casefold(), their_dates)
    return (
        other_place
        or other_date
        or bool(_ELSEWHERE_IN_TIME.search(text, sentence.start, sentence.end))
        or bool(_ANOTHER_EVENT.search(text, sentence.start, sentence.end))
    )


_YEAR_SET = re.compile(
    r"\b(?:in|since|(?<!ahead of )(?<!before )(?<!for )the)\s+(?P<year>(?:19|20)\d\d)\b(?!\s*[-–/])|\byears ago\b",
    re.IGNORECASE,
)


def _in_a_past_year(text: str, sentence: Sentence) -> bool:
    """Whether the sentence is set in a year other than the dateline's (any year, without one)."""
    anchor = dateline(text)
    current = str(anchor.year) if anchor is not None and anchor.year is not None else None
    return any(
        m["year"] is None or m["year"] != current for m in _YEAR_SET.finditer(text, sentence.start, sentence.end)
    )


# Words that count events or set one beside another: "a second bomber", "in another attack", "in a
# separate incident", "es el segundo ataque".
_ANOTHER_EVENT = re.compile(
    r"\b(?:a|the|an)\s+(?:second|third|fourth|fifth|separate|further|new)\s+(?:\w+\s+)?"
    r"(?:attack|attacks|attacker|bomber|bombing|blast|explosion|bomb|incident|shooting|raid|strike|assault|clash"
    r"|operation)\b"
    r"|\banother\s+(?:one\b|(?:\w+\s+)?(?:attack|bomber|bombing|blast|explosion|bomb|incident|shooting|raid|strike"
    r"|assault|clash|operation)\b)|\b(?:segund[oa]|tercer[oa]?|otro|otra)\s+(?:\w+\s+)?(?:ataque|atentado"
    r"|explosi[óo]n|incidente|operaci[óo]n|enfrentamiento|bombardeo)\b"
    r"|\b(?:deuxième|second|seconde|troisième|autre)\s+(?:attaque|attentat|explosion|incident|opération)\b",
    re.IGNORECASE,
)


def _another_earlier(text: str, sentence: Sentence) -> bool:
    """Whether the sentence counts its event as another one and sets it at an earlier time."""
    return bool(
        _ANOTHER_EVENT.search(text, sentence.start, sentence.end)
        and _ELSEWHERE_IN_TIME.search(text, sentence.start, sentence.end)
    )


def _set_apart(text: str, sentence: Sentence, event: _Event) -> bool:
    """Whether the sentence's words name another place, time or kind of event than ``event``'s."""
    mine, theirs = sentence_type(text, sentence), type_hint(text, _signature(event))
    return _looks_separate(text, sentence, event) or bool(mine and theirs and mine != theirs)


# Kinds of event too common to tell one event from another: "shot", "attacked", "fighting".
_GENERIC_KINDS = {None, "attack", "armed_clash", "raid_or_operation", "arrest", "other"}


#: a plan: yields the questions it needs answered, receives each answer, returns what it built
def ask(
    text: str, sentence: Sentence, question: str, options: list[str], context: str = ""
) -> Generator[Question, Answer, Answer]:
    """The answer to one question; one with a single option answers itself."""
    if len(options) > len(LABELS):  # every caller bounds its options; never cut any silently
        raise ValueError(f"{len(options)} options for a question, at most {len(LABELS)} can be lettered")
    if len(options) == 1:
        return Answer(0, None)
    answer = yield Question(_sentence_text(text, sentence), question, options, sentence.start, context)
    return answer


def _side_by_side(
    first: Generator[Question, Answer, A], second: Generator[Question, Answer, B]
) -> Generator[Question, Answer, tuple[A, B]]:
    """Two independent plans asked together, in the order of the sentences their questions are
    about: the questions about one sentence follow each other, so the sentence quoted at the head
    of each is evaluated once (the prompt prefix is reused) instead of once per plan."""
    plans: list[Generator[Question, Answer, Any]] = [first, second]
    pending: list[Question | None] = [None, None]
    results: list[Any] = [None, None]
    for n, each in enumerate(plans):
        try:
            pending[n] = next(each)
        except StopIteration as stop:
            results[n] = stop.value
    shown = ""  # the first plan's last context, kept in front of the second plan's questions
    while waiting := [(q.at, n, q) for n, q in enumerate(pending) if q is not None]:
        _, n, question = min(waiting, key=lambda w: (w[0], w[1]))
        if n == 0:
            shown = question.context
        elif shown and not question.context:
            question = dataclasses.replace(question, context=shown)
        answer = yield question
        try:
            pending[n] = plans[n].send(answer)
        except StopIteration as stop:
            pending[n] = None
            results[n] = stop.value
    return results[0], results[1]


def _by_sentence(found: list[FigureCandidate]) -> dict[int, list[FigureCandidate]]:
    by: dict[int, list[FigureCandidate]] = {}
    for f in found:
        by.setdefault(f.sentence.number, []).append(f)
    return by


def _tolls(found: dict[int, list[FigureCandidate]], sentences: list[Sentence]) -> set[tuple[object, Outcome]]:
    """The numbered tolls the sentences give: (least, outcome); "at least five killed" and "five
    were stoned to death" give one toll."""
    return {
        (f.quantity.min, outcome)
        for s in sentences
        for f in found.get(s.number, [])
        if f.quantity.min is not None
        for outcome in f.outcomes
    }


def _group_events(
    text: str, body: list[Sentence], policy: Policy, found: list[FigureCandidate]
) -> Generator[Question, Answer, list[_Event]]:
    """Mentions in order: each joins the earlier event the model names, or starts a new one when
    the model gives "another event" enough probability — less when the words already point to
    another place or time. A mention the words alone place (its toll, its kind, nothing new in
    it) joins without asking."""
    events: list[_Event] = []
    by_sentence = _by_sentence(found)
    for mention in event_mentions(text, body):
        act = embedded_act(text, mention.sentence) if policy.embedded_acts_apart and events else None
        if act is not None:
            act_kind = sentence_type(text, act)
            if not any(e.part is None and type_hint(text, _signature(e)) == act_kind for e in events):
                events.append(_Event([mention.sentence], part=act, background=True))
        listed = listed_events(text, mention.sentence) if policy.listed_events_apart else []
        if listed:
            # a list told after the news recaps earlier events; one leading the article is news
            told_after = bool(events)
            events += [_Event([mention.sentence], part=item, background=told_after) for item in listed]
            continue
        if not events:
            events.append(_Event([mention.sentence]))
            continue
        # the events a list told stay apart: later sentences are asked about the others
        recent = [e for e in events if e.part is None][-_RECENT_EVENTS:]
        if not recent:
            events.append(_Event([mention.sentence]))
            continue
        # A sentence that names no kind of event, no date and no place ("These are our people who
        # have been killed") tells more of an event already told; it cannot start one.
        # Nor can one naming only events told already ("claimed responsibility for the attack").
        can_start = not policy.new_needs_words or bool(
            (sentence_type(text, mention.sentence) and not names_only_told_events(text, mention.sentence))
            or date_phrase(text, mention.sentence)
            or place_spans(text, mention.sentence)
        )
        # "the attack happened on Monday in X" tells more of the attack told already unless its
        # place or time differ from every recent event's
        if (
            can_start
            and policy.told_needs_separation
            and names_only_told_events(text, mention.sentence)
            and not all(_looks_separate(text, mention.sentence, e) for e in recent)
        ):
            can_start = False
        if policy.join_unmarked:
            # the one recent event the words do not set apart from the mention (by place, time
            # or kind) is the one it tells of, when the mention names nothing new
            fitting = [e for e in recent if not _set_apart(text, mention.sentence, e)]
            if len(fitting) == 1 and not can_start:
                fitting[0].sentences.append(mention.sentence)
                continue
        # "four of their fighters died under French shelling" tells again of the one recent event
        # that gave four killed
        mine_tolls = _tolls(by_sentence, [mention.sentence]) if policy.same_toll_joins else set()
        if mine_tolls:
            told_toll = [e for e in recent if mine_tolls & _tolls(by_sentence, _signature(e))]
            if len(told_toll) == 1 and not _looks_separate(text, mention.sentence, told_toll[0]):
                told_toll[0].sentences.append(mention.sentence)
                continue
        # "Today in Bako city ..." tells again of the one recent event set in Bako
        if policy.same_place_joins:
            mine_places = _local_places(text, [mention.sentence])
            placed = [
                e
                for e in recent
                if any(_same_word(a, b) for a in mine_places for b in _local_places(text, _signature(e)))
            ]
            if len(placed) == 1 and not _set_apart(text, mention.sentence, placed[0]):  # nor by kind or time
                placed[0].sentences.append(mention.sentence)
                continue
        # "friendly fire on one of their outposts" belongs to the one recent friendly fire; kinds
        # common to many events ("shot", "attack") tell nothing of which
        named = sentence_type(text, mention.sentence)
        if policy.join_same_kind and named not in _GENERIC_KINDS:
            same = [e for e in recent if type_hint(text, _signature(e)) == named]
            if len(same) == 1 and not _looks_separate(text, mention.sentence, same[0]):
                same[0].sentences.append(mention.sentence)
                continue
        if (
            policy.arrest_is_own_event
            and own_type(text, mention.sentence) == "arrest"
            and _ARRESTED.search(_sentence_text(text, mention.sentence))
        ):
            # "Police arrested the accused ... after the mass shooting": arrests after an attack are
            # an event of their own (the model joined them to the attack), one for all of them;
            # arrests at a protest are the protest's
            kinds = [e.known_type or type_hint(text, _signature(e)) for e in recent]
            if "arrest" in kinds:
                recent[len(kinds) - 1 - kinds[::-1].index("arrest")].sentences.append(mention.sentence)
                continue
            if can_start and not {"protest_or_riot", "crackdown"} & set(kinds):
                events.append(_Event([mention.sentence], known_type="arrest"))
                continue
        if policy.join_first_fitting and not can_start:
            fitting = [e for e in recent if not _set_apart(text, mention.sentence, e)] or recent
            fitting[0].sentences.append(mention.sentence)
            continue
        if policy.another_earlier_is_new and can_start and _another_earlier(text, mention.sentence):
            # "Last week a Kabul car bombing killed five, another attack ascribed to the Taliban"
            events.append(_Event([mention.sentence]))
            continue
        if policy.past_year_is_new and can_start and _in_a_past_year(text, mention.sentence):
            # "France deployed troops to Mali in 2013": another year is another event (the model,
            # asked, never joined one to the news on dev)
            events.append(_Event([mention.sentence]))
            continue
        if (
            policy.month_elsewhere_is_new
            and can_start
            and _IN_A_MONTH.search(_without_asides(_sentence_text(text, mention.sentence)))
            and _unheard_place(text, mention.sentence, recent)
            and all(_looks_separate(text, mention.sentence, e) for e in recent)
        ):
            # "an attack on the Radisson Blu hotel in Bamako that killed 19 people in November": a
            # month and a place of its own, apart from every event so far
            events.append(_Event([mention.sentence]))
            continue
        if policy.origin_is_new and can_start and _ORIGIN.search(_sentence_text(text, mention.sentence)):
            # "The protests began in June", "Hongkongers have been protesting since early June":
            # where a long story started is an event of its own, told as background
            events.append(_Event([mention.sentence]))
            continue
        if policy.lone_event_by_words and len(recent) == 1 and can_start:
            # one event so far: the words decide, not the model, whose "another event" probability
            # stayed between .27 and .52 on dev whatever the sentence said
            mine, theirs = sentence_type(text, mention.sentence), type_hint(text, _signature(recent[0]))
            if _looks_separate(text, mention.sentence, recent[0]) or (mine and theirs and mine != theirs):
                events.append(_Event([mention.sentence]))
            else:
                recent[0].sentences.append(mention.sentence)
            continue
        if (
            policy.elsewhere_opener_is_new
            and can_start
            and _ELSEWHERE_OPENER.search(_sentence_text(text, mention.sentence))
            and _unheard_place(text, mention.sentence, recent)
            and sentence_type(text, mention.sentence) not in _GENERIC_KINDS
        ):
            # "Meanwhile, in western Farah province, a roadside bomb killed 11": set apart by its
            # opening, by a place no event so far was told in, and by a kind of its own (not "the
            # attack" that "Meanwhile, in Washington, officials condemned")
            events.append(_Event([mention.sentence]))
            continue
        context = "Events so far:\n" + "".join(
            f'{k}. "{_snippet(text, e.sentences[0])}"\n' for k, e in enumerate(recent, start=1)
        )
        options = [f"event {k}" for k in range(1, len(recent) + 1)] + ([NEW_EVENT] if can_start else [])
        answer = yield from ask(text, mention.sentence, SAME_EVENT, options, context)
        probabilities = answer.probabilities or tuple(float(n == answer.index) for n in range(len(options)))
        best = max(range(len(recent)), key=lambda n: probabilities[n])
        separate = _looks_separate(text, mention.sentence, recent[best])
        mine, theirs = sentence_type(text, mention.sentence), type_hint(text, _signature(recent[best]))
        bar = policy.new_event_other_kind if mine and theirs and mine != theirs else policy.new_event
        if can_start and probabilities[-1] >= (policy.new_event_separate if separate else bar):
            events.append(_Event([mention.sentence]))
        else:
            recent[best].sentences.append(mention.sentence)
    for event in events:
        first = _sentence_text(text, event.sentences[0])
        if event.part is not None:
            # an item of a list: its own words give its type ("the downing of the airliner": an attack)
            event.type = IncidentType(type_hint(text, [event.part]) or "attack")
            continue
        hint = event.known_type or (type_hint(text, event.sentences) if policy.type_from_words else None)
        if hint is not None:
            event.type = IncidentType(hint)
        else:
            kind = yield from ask(text, event.sentences[0], TYPE, [description for _, description in TYPE_OPTIONS])
            event.type = IncidentType(TYPE_OPTIONS[kind.index][0])
            if kind.confidence is not None:
                event.confidence["type"] = kind.confidence
        # The model, asked, rarely told background from news better than this (dev, 2026-12-01):
        # an event is background when its first sentence has a time marker pointing away from
        # the news ("in 2013", "last week", "the day before").
        event.background = policy.background_marked and bool(_ELSEWHERE_IN_TIME.search(_without_asides(first)))
    return events


# Someone taken: an arrest told by its verb ("were charged" or "in detention" tell of none).
_ARRESTED = re.compile(
    r"\b(?:arrest(?:ed|s|ing)?|detained|surrendered|apprehended|taken into custody|in custody|interpell\w+"
    r"|arr[êe]t[ée]\w*|detenid[oa]s?|arrestad[oa]s?)\b",
    re.IGNORECASE,
)


def _without_asides(sentence: str) -> str:
    """The sentence less its appositions' relative clauses ("near Goma, a city that was briefly
    captured by the rebels last year"): their time markers do not set the event in the past."""
    return APPOSED_CLAUSE.sub("", sentence)


def _find_claims(
    text: str, body: list[Sentence], policy: Policy, figures: dict[int, list[int]], mentions: set[int]
) -> Generator[Question, Answer, list[_Claim]]:
    """A claim per attributing sentence whose speaker the model names. The kind comes from the
    reporting verb when it says one (denied, accused, condemned, called on, claimed
    responsibility); otherwise the model tells a statement from a toll, or no claim at all."""
    claims: list[_Claim] = []
    previous: Span | None = None
    by_number = {s.number: s for s in body}
    for frame in find_frames(text, body):
        sentence = _sentence_text(text, frame.sentence)
        # "Así lo informó Mohammad Radmanesh": the sentence before is what the speaker told
        told = by_number.get(frame.sentence.number - 1) if _SO_TOLD.match(sentence) else None
        # the frame gives a toll when a casualty figure lies in its clause
        tolls = (
            any(frame.holds(at) for at in figures.get(frame.sentence.number, ()))
            or (frame.start is None and bool(_TOLL_NAMED.search(sentence)))  # "gave a much higher death toll"
            or (told is not None and bool(figures.get(told.number)))
        )
        if frame.listed and policy.listed_speakers:
            # "Statements of condemnation have come from A, B and C": a claim of each, no question
            each = frame.kind_hint or ClaimKind.STATEMENT
            claims += [_Claim(frame, [frame.sentence], each, speaker, {}) for speaker in frame.speakers]
            previous = frame.speakers[-1]
            continue
        confidence: dict[str, float] = {}
        defaulted = False  # the kind is a statement only because nothing said otherwise
        if frame.kind_hint is not None:
            chosen: str | None = frame.kind_hint.value
        elif policy.toll_is_report and tolls:
            chosen = "casualty_report"  # an attributed sentence that gives a toll
        elif policy.plain_is_statement and frame.sentence.number not in mentions:
            chosen = "statement"  # no word of violence: no toll, and no blame for violence
            defaulted = True
        elif policy.violent_is_statement:
            chosen = "statement"
            defaulted = True
        else:
            options = [o for o in KIND_PLAIN if o[0] != "casualty_report" or tolls]
            kind = yield from ask(text, frame.sentence, KIND, [description for _, description in options])
            chosen = options[kind.index][0]
            if chosen == "accusation" and kind.probabilities and kind.probabilities[kind.index] < policy.accusation:
                # an accusation the words do not make needs a clear answer; else the runner-up
                rest = [n for n in range(len(options)) if n != kind.index]
                chosen = options[max(rest, key=lambda n: kind.probabilities[n])][0]  # type: ignore[index]
            if kind.confidence is not None:
                confidence["kind"] = kind.confidence
        if chosen is None:
            continue
        if (
            chosen == "statement"
            and frame.kind_hint is None
            and (frame.names_culprit or (policy.armed_doer_accuses and frame.armed_doer))
        ):
            chosen, defaulted = "accusation", False  # "said the crash was likely Iran's doing"
        elif chosen == "statement" and frame.kind_hint is None and frame.commentary:
            chosen, defaulted = "other", False  # a reaction or a commentator's view
        denied = denied_report(text, frame.sentence, frame.cue) if policy.denied_report and chosen == "denial" else None
        if (
            denied is not None
            and _BARE_REPORTS_NAME.fullmatch(_name(text, denied[0]))
            and (not policy.bare_reports_own or any(c.kind == ClaimKind.ACCUSATION for c in claims))
        ):
            denied = None  # "denied reports of protests": the reports the article told already
        # whose report is denied is not who denies it ("an attack official sources had attributed to them")
        candidates = [s for s in frame.speakers if denied is None or not _overlaps(s, denied[0])]
        if frame.pronoun and previous is not None and previous not in candidates:
            candidates.insert(0, previous)
        if policy.nested_speaker and len(candidates) == 2 and _within(candidates[1], candidates[0]):
            # "US Secretary of State Mike Pompeo" and its head "US Secretary": one speaker, the
            # model picked the whole phrase in nearly every such question on dev
            candidates = candidates[:1]
        if policy.apposed_speaker:
            candidates = _without_apposed_roles(text, candidates)
        speaker: Span | None = None
        # a quotation closed by a reporting verb later is as attributed as that sentence
        attributed = frame.cued or frame.lender is not None or policy.lone_uncued
        if policy.lone_speaker and attributed and len(candidates) == 1:
            speaker = candidates[0]
        elif candidates:
            # a quotation's speaker is asked about the sentence that names them, once for all of it
            asked_on = frame.lender if policy.speaker_on_lender and frame.lender is not None else frame.sentence
            answer = yield from ask(text, asked_on, SPEAKER, [text[s.start : s.end] for s in candidates] + [NOBODY])
            if answer.index < len(candidates) and (answer.confidence or 1.0) >= policy.speaker:
                speaker = candidates[answer.index]
                if answer.confidence is not None:
                    confidence["speaker"] = answer.confidence
        if speaker is not None and policy.group_antecedent:
            speaker = _antecedent(text, speaker) or speaker
        if speaker is None and chosen not in ("accusation", "denial", "responsibility_claim"):
            continue  # the article's own narration is not a claim
        if speaker is None and chosen == "denial" and NO_PART.match(text, frame.cue.start):
            continue  # "released upon confirmation that they were not involved": narration, no one denies
        if (
            chosen in ("casualty_report", "statement")
            and _blames_forces(sentence)
            and not _OFFICIAL.search(_name(text, speaker))
        ):
            # "the French army killed four of our fighters," a militia leader said; "police have
            # used force", witnesses say
            chosen = "accusation"
        if chosen in ("statement", "other") and frame.kind_hint is None and _SELF_DEFENCE.search(sentence):
            chosen, defaulted = "denial", False  # "his lawyers have claimed he acted in self-defense": not guilty
        if chosen == "statement" and frame.kind_hint is None and _APPEALING.search(sentence):
            # '"I count on Turkey to act with restraint"', '"They need to stand by us"': asking others to act
            chosen, defaulted = "appeal", False
        if chosen in ("statement", "other") and frame.kind_hint is None and _CONDEMNING.search(sentence):
            # "'This flagrant attempt ... is reprehensible,' he said": calling an act cowardly,
            # heinous or barbaric condemns it, whatever the reporting verb
            chosen, defaulted = "condemnation", False
        if not frame.clause:  # "..., but other sources say": "he" after it is still the main speaker
            previous = speaker or previous
        claim = _Claim(frame, [frame.sentence], ClaimKind(chosen), speaker, confidence, defaulted=defaulted)
        if told is not None:
            claim.sentences.insert(0, told)
        both = _BOTH.search(text, frame.sentence.start, speaker.start) if speaker is not None else None
        if both is not None:
            # "Both the council and the government called for ...": each makes the claim
            first = Span(both.start("first"), both.end("first"))
            claims.append(_Claim(frame, [frame.sentence], ClaimKind(chosen), first, {}, defaulted=defaulted))
        if denied is not None and not _same_speaker(text, denied[0], speaker):
            # "denied a radio station's report that ...", "disputing police reports": the owner
            # made the claim denied, a toll when the words or the sentence give one
            # (not when the reports say the deniers did it: "denying reports that they massacred")
            toll = denied[1] or (
                tolls and not _DENIES_ACCUSATION.search(sentence) and not _THEY_DID.search(text, denied[0].end)
            )
            owners = ClaimKind.CASUALTY_REPORT if toll else ClaimKind.ACCUSATION
            claim.denies = _Claim(frame, [frame.sentence], owners, denied[0], {})
            claims.append(claim.denies)
        claims.append(claim)
    return claims


# A sentence that only says who told the one before it: "Así lo informó X", "That's according to X".
_SO_TOLD = re.compile(
    r"\W*(?:as[íi] lo|eso|esto lo)\s+(?:\w+\s+)?(?:inform[óo]|dijo|indic[óo]|confirm[óo]|asegur[óo]|señal[óo]|afirm[óo]"
    r"|report[óo]|precis[óo])\b|\W*that(?:['’]s| is) according to\b|\W*c['’]est ce qu['’](?:a|ont)\s+(?:dit|déclaré"
    r"|indiqué|affirmé|annoncé)",
    re.IGNORECASE,
)
# Two speakers joined by "both ... and" right before the chosen one: the first of them.
_BOTH = re.compile(r"\b(?:both|tanto)\s+(?P<first>(?:the\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,4}?)\s+(?:and|como)\s+$",
                   re.IGNORECASE)  # fmt: skip
# A toll named without a number: "gave a much higher death toll", "le bilan".
_TOLL_NAMED = re.compile(
    r"\b(?:gave|gives|give|provided|released|issued|announced|reported|offered|cited|put|puts|placed|places|set|sets"
    r"|estimated|donn[ée]\w*|avanc[ée]\w*|dio|dieron)"
    r"\s+(?:a|an|the|its|their|un|une|le|leur|son|una|el|su)\s+(?:[\w-]+\s+){0,3}"
    r"(?:death tolls?|tolls?|death counts?|number of (?:the )?(?:dead|deaths|victims|casualties)|casualty figures?"
    r"|bilans?|balance de (?:víctimas|muertos)|cifra de (?:muertos|víctimas))\b",
    re.IGNORECASE,
)
# Reports with no owner named ("denying reports that ..."): a claim of their own only when the
# article has told no accusation the denial could answer.
_BARE_REPORTS_NAME = re.compile(BARE_REPORTS, re.IGNORECASE)
# What was reported, said of the deniers themselves: "reports that they massacred over 400 people".
_THEY_DID = re.compile(
    r"\s+(?:that|of)\s+(?:they|he|she|it|we|(?:(?:one|some|two|three) of\s+)?(?:their|its|his|her|our)\s+\w+)\b",
    re.IGNORECASE,
)  # ... or of theirs: "reports that one of their aircraft killed 11 Afghan civilians"


# Pleading self-defence denies wrongdoing.
_SELF_DEFENCE = re.compile(r"\bself[- ]defen[cs]e\b|\bleg[íi]tima defensa\b|\blégitime défense\b", re.IGNORECASE)
# Words asking others to act, in a speaker's own words.
_APPEALING = re.compile(
    r"\b(?:I|we)\s+(?:urge|call on|call upon|count on|appeal to|implore|beg|ask)\b"
    r"|\b(?:they|you|all sides|both sides|everyone|the world|the international community)"
    r"\s+(?:must|should|need to|have to)\b",
    re.IGNORECASE,
)
# Words that condemn the act they describe.
_CONDEMNING = re.compile(
    r"\b(?:cowardly|heinous|barbaric|barbarous|despicable|abhorrent|dastardly|senseless|inhumane|reprehensible"
    r"|atrocious|abominable|deplorable|horrific|horrendous|monstrous|cobardes?|bárbar[oa]s?|atroz|execrable|lâches?|odieux|odieuse|ignobles?"
    r"|unacceptable|appalling|outrageous|shameful|barbarity|inacceptables?|inaceptables?|vergonzos[oa]s?|honteux|honteuse"
    r"|barbares?|abject(?:e|s)?)\b",
    re.IGNORECASE,
)


# A toll that names armed forces as the killers ("the army killed four of our fighters", "killed
# by friendly fire", "died under French shelling") accuses them when someone other than the state
# says it; the same words from officials report their own operation's toll.
_BLAMES_FORCES = re.compile(
    r"\b(?:army|troops|forces|police|soldiers|military|militaires|armée|ejército|policía|tropas|fuerzas)"
    # with the machines they use: "military helicopters bombed a neighbourhood"
    r"(?:\s+(?:helicopters?|gunships?|planes?|aircraft|jets?|warplanes?|drones?|tanks?|artillery))?"
    # and whom they answer to: "forces loyal to President Bashar al-Assad"
    r"(?:\s+(?:loyal to|under|of)(?:\s+[\w.'’-]+){1,4}?)?"
    r"\s+(?:have\s+|has\s+|had\s+)?(?:killed|shot|fired|opened fire|used force|beat|tortured|bombed|shelled"
    # force used on people: "police used live bullets in dispersing the demonstrators"
    r"|used (?:live (?:bullets|ammunition|rounds|fire)|excessive force|tear gas|rubber bullets|water cannons?)"
    r"|burned|torched|tu[ée]\w*|mat[óa]\w*|dispar\w+|bombarde\w+"
    # turning on unarmed people: "have clashed with anti-government protesters"
    r"|clashed with (?:[\w-]+\s+){0,2}(?:protesters|demonstrators|civilians|students|worshippers|mourners))"
    r"|\b(?:killed|shot|died|wounded|injured)\s+(?:by|under|in)\s+(?:friendly fire|(?:the\s+)?(?:\w+\s+){0,2}"
    r"(?:army|troops|forces|police|soldiers|military|shelling|fire|air\s?strikes?))\b"
    # forces doing it over time: "patrols of security forces have been entering homes and beating residents"
    r"|\b(?:army|troops|forces|police|soldiers|military)\s+(?:have\s+been|had\s+been|are|were)\s+"
    r"(?:\w+ing\s+(?:\w+\s+){0,2}and\s+)?(?:beating|attacking|shooting|killing|torturing|firing on|raping|looting"
    r"|harassing|abducting)\b"
    # hurt in an act of forces: "injured late Tuesday in an ambush by forces loyal to Mr. Gbagbo"
    r"|\b(?:in|during)\s+an?\s+(?:ambush|attack|assault|raid)\s+(?:carried out\s+)?by\s+(?:[\w'’-]+\s+){0,2}"
    r"(?:army|troops|forces|police|soldiers|military)\b"
    # a named side's strike doing it: "a NATO airstrike killed more than 30 people"
    r"|\b(?:[A-Z][\w.’'-]*\s+){1,3}(?:-led\s+)?(?:air ?strikes?|drone strikes?|warplanes?|aircraft|helicopters?"
    r"|shelling|bombing raids?)\s+(?:have\s+|has\s+|had\s+)?(?:killed|hit|struck|destroyed)\b"
    # someone quoted saying "they" did the violence: "they started firing live rounds"
    r"|\bthey\s+(?:have\s+|had\s+)?(?:started\s+|began\s+|then\s+)?(?:attacked|attacking|firing|fired|shot|shooting"
    r"|killed|bombed|shelled)\b",
    re.IGNORECASE,
)
_OFFICIAL = re.compile(
    r"\b(?:officials?|ministry|minister|government|authorities|police|army|military|spokes\w+|governor|president"
    r"|prosecutors?|gouvernement|autorités|ministère|armée|gobierno|autoridades|ministerio|ejército|policía)\b",
    re.IGNORECASE,
)


def _without_apposed_roles(text: str, candidates: list[Span]) -> list[Span]:
    """The candidates less each role set beside a name by a comma: "Dedi Prasetyo, a
    spokesperson" and "a spokesperson, Dedi Prasetyo" name one person, by the name."""
    roles = set()
    for a in candidates:
        for b in candidates:
            first, second = (a, b) if a.end <= b.start else (b, a)
            if a is b or not re.fullmatch(r",\s*", text[first.end : second.start]):
                continue
            if _proper_name(text[a.start : a.end]) and not _proper_name(text[b.start : b.end]):
                roles.add((b.start, b.end))
    return [c for c in candidates if (c.start, c.end) not in roles]


# A body named by what it is rather than by its name: "the watchdog group", "the terrorist group".
_DEFINITE_BODY = re.compile(
    r"(?:the|this)\s+(?:[\w-]+\s+){0,2}(?:group|organi[sz]ation|movement|monitor|watchdog|militia|network|outfit"
    r"|charity)",
    re.IGNORECASE,
)
# A named body: capitalised words holding a word for an organisation, or a group known by one name.
_BODY_NAME = re.compile(
    r"\b(?:[A-Z][\w'’-]+\s+(?:(?:of|for|and|the|al|el)\s+)?){0,5}(?:State|Front|Army|Movement|Council|Group"
    r"|Organi[sz]ation|Committee|Agency|Forces|Party|Brigades?|Observatory|Network|Alliance|Coalition|Watch|Union"
    r"|Taliban|Qaeda|Hamas|Hezbollah|Haram|Shabab|ISIS|ISIL|IS|Amnesty International|Doctors Without Borders"
    r"|Red Cross|Red Crescent|M[ée]decins Sans Fronti[èe]res)\b(?:\s+(?:for|of)(?:\s+[A-Z][\w'’-]+){1,4})?"
)
_ANTECEDENT_REACH = 600  # characters back: the sentence and the two or three before it


def _antecedent(text: str, span: Span) -> Span | None:
    """The named body a definite description stands for: the last one named before it ("the
    Syrian Observatory for Human Rights ... The watchdog group said"); None when none is."""
    words = " ".join(text[span.start : span.end].split())
    if words.isupper() or not _DEFINITE_BODY.fullmatch(words):
        return None  # in all-capital text no word is told a name by its capital
    if any(w[:1].isupper() for w in words.split()[1:]):
        return None  # "the Islamic State group" names the group itself
    armed = _ARMED.search(words)
    names = [
        m for m in _BODY_NAME.finditer(text, max(0, span.start - _ANTECEDENT_REACH), span.start)
        if (_KNOWN_BODY.fullmatch(m.group(0)) or len(re.findall(r"\b[A-Z]", _ARTICLE.sub("", m.group(0)))) >= 2)
        and not (armed and _CIVIL_BODY.search(m.group(0)))  # "the rebel group" is no rights observatory
    ]  # fmt: skip
    if not names:
        return None  # not "Army" of "Army spokesman Colonel Hamuli": one capitalised word names no body
    last = names[-1]
    article = _ARTICLE.match(last.group(0))
    return Span(last.start() + (article.end() if article else 0), last.end())


_ARTICLE = re.compile(r"(?:The|A|An)\s+")
_ARMED = re.compile(r"\b(?:rebel|terrorist|militant|insurgent|jihadist|armed|extremist|islamist)", re.IGNORECASE)
_CIVIL_BODY = re.compile(r"\b(?:Observatory|Watch|Rights|Agency|Union|Committee|Council|Red Cross|Crescent)\b")
_KNOWN_BODY = re.compile(r"Taliban|Hamas|Hezbollah|ISIS|ISIL|IS|al-Qaeda|al-Shabab", re.IGNORECASE)


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _blames_forces(sentence: str) -> bool:
    return bool(_BLAMES_FORCES.search(sentence))


def _name(text: str, span: Span | None) -> str:
    return text[span.start : span.end] if span else ""


def _same_speaker(text: str, a: Span | None, b: Span | None) -> bool:
    """The same words, or a name repeated in short ("Espinoza" after "Information Minister
    Manuel Espinoza"); not a common noun shared ("officials" and "Taliban officials")."""
    if a is None or b is None:
        return a is b
    mine, theirs = (re.findall(r"[\w'’-]+", text[s.start : s.end].casefold()) for s in (a, b))
    if mine == theirs:
        return True
    shorter, longer = sorted((mine, theirs), key=len)
    return bool(shorter) and set(shorter) <= set(longer) and not _COMMON_SPEAKER.fullmatch(shorter[-1])


# Last words of a speaker that name no one in particular: shared, they do not make one speaker.
_COMMON_SPEAKER = re.compile(
    r"officials?|sources?|police|army|military|forces|troops|government|authorities|ministry|spokes\w+|residents?"
    r"|witness(?:es)?|reports?|media|groups?|people|officers?|leaders?|statement|autoridades|fuentes?|gobierno"
    r"|autorités|gouvernement|responsables?"
)


def _merge_claims(text: str, claims: list[_Claim], events: list[_Event], policy: Policy) -> list[_Claim]:
    """Adjacent sentences of one speaker making one kind of claim are one claim (a quotation
    running over several sentences), unless they tell of two events ("We condemn the attacks in
    Kabul. We also condemn the attack on the Governor's Office.")."""
    told = {s.number: n for n, e in enumerate(events) for s in e.sentences}
    merged: list[_Claim] = []
    for claim in claims:
        last = merged[-1] if merged else None
        if (
            last is not None
            and (
                last.kind == claim.kind
                or (claim.defaulted and _continues_quote(text, last, claim))
                or (policy.quote_joins_claim and claim.defaulted and _quotes_on(text, last, claim))
            )
            and _same_speaker(text, last.speaker, claim.speaker)
            and (
                claim.frame.sentence.number - last.sentences[-1].number <= 2
                or (policy.quote_spans_claim and _continues_quote(text, last, claim))
            )
            and not (
                policy.claims_apart_by_event
                and told.get(claim.frame.sentence.number, -1) >= 0
                and told.get(last.sentences[-1].number, -1) >= 0
                and told[claim.frame.sentence.number] != told[last.sentences[-1].number]
            )
        ):
            last.sentences.append(claim.frame.sentence)
            continue
        if (
            policy.body_then_its_voice
            and last is not None
            and last.kind == claim.kind
            and claim.frame.sentence.number - last.sentences[-1].number == 1
            and _voice_of(text, last.speaker, claim.speaker)
        ):
            # "The Congolese army says it attacked an M23 base. Army spokesman Colonel Olivier
            # Hamuli says the strikes targeted weapons stores": one claim, in the spokesman's name
            last.sentences.append(claim.frame.sentence)
            last.speaker = claim.speaker
            continue
        merged.append(claim)
    return merged


def _voice_of(text: str, body: Span | None, person: Span | None) -> bool:
    """Whether ``person`` names someone speaking for ``body`` ("Army spokesman Colonel Olivier
    Hamuli" for "The Congolese army", "Military officials" for "The Sri Lankan military"): the
    body's head word among the person's words, beside a word for a spokesperson or an official."""
    if body is None or person is None:
        return False
    head = re.findall(r"[\w'’-]+", text[body.start : body.end].casefold())[-1:]
    words = text[person.start : person.end]
    return (
        bool(head)
        and _COMMON_SPEAKER.fullmatch(head[0]) is not None
        and head[0] in words.casefold().split()
        and bool(re.search(r"(?i)\b(?:spokes\w+|officials?|minister|chief|commander|head|director)\b", words))
    )


def _quotes_on(text: str, last: _Claim, claim: _Claim) -> bool:
    """Whether ``claim`` is a quotation that opens the sentence right after ``last``'s: the
    speaker's own words for what ``last`` said ('Musa denied any rescue attempt. "We have not
    attacked the camp to free any hostages," he said.')."""
    sentence = text[claim.frame.sentence.start : claim.frame.sentence.end]
    return claim.frame.sentence.number - last.sentences[-1].number == 1 and sentence[:1] in '"“«'


def _continues_quote(text: str, last: _Claim, claim: _Claim) -> bool:
    """Whether ``claim``'s sentence goes on with a quotation ``last``'s sentence left open ('"The
    army killed four of our fighters. These are our people," a militia leader said'): the same
    words of one speaker, so of one kind."""
    return leaves_quote_open(text[last.sentences[-1].start : claim.frame.sentence.start].rstrip())


def _event_of(
    events: list[_Event], sentence: Sentence, *, reported_first: str = "", at: int | None = None
) -> int | None:
    """The event a sentence reports, else the nearest event told before it, else the first. A
    sentence that tells of no event goes, with ``reported_first="nearest"``, to the nearest
    reported (not background) event before it, and with ``"main"`` to the article's first
    reported event: what people say is mostly about the news, not the history, and most of
    what they say is about the news the article leads with. A sentence listing events gives
    what lies ``at`` an offset to the item holding it."""
    if at is not None:
        for n, event in enumerate(events):
            if event.part is not None and event.part.start <= at < event.part.end:
                return n
    for n, event in enumerate(events):
        if sentence.number in event.numbers():
            return n
    before = [n for n, e in enumerate(events) if e.sentences[0].start <= sentence.start]
    if reported_first == "main":
        news = [n for n, e in enumerate(events) if not e.background]
        if news:
            return news[0]
    if reported_first:
        reported = [n for n in before if not events[n].background]
        if reported:
            return reported[-1]
        news = [n for n, e in enumerate(events) if not e.background]
        if news:
            return news[0]
    if before:
        return before[-1]
    return 0 if events else None


# A denial that names what it denies as an accusation ("denied the accusation").
_DENIES_ACCUSATION = re.compile(
    r"\b(?:accusations?|allegations?|charges?|claims? that|blame|acusaci[óo]n\w*|imputaci[óo]n\w*)\b",
    re.IGNORECASE,
)
_CONTEST_OPTIONS = 5  # the most recent earlier claims offered
# A denial of one's own part in the act: it answers whoever said one took part, and no one else.
_DENIES_PART = re.compile(
    rf"{NO_PART.pattern}|\b(?:den(?:y|ies|ied|ying)|rejected|dismissed)\s+(?:any\s+|its\s+|their\s+|his\s+|her\s+)?"
    r"(?:involvement|responsibility|role|part|participation|links?)\b",
    re.IGNORECASE,
)


def _who(text: str, claim: _Claim) -> str:
    return text[claim.speaker.start : claim.speaker.end] if claim.speaker else "unnamed"


def _names_speaker(text: str, claim: _Claim, speaker: Span | None) -> bool:
    """Whether a claim's sentences name, beside its own speaker, a speaker's proper name ("the
    Taliban" in "officials blamed the Taliban"): the one a denial by that speaker answers."""
    if speaker is None:
        return False
    names = {w.casefold() for w in re.findall(r"\b[A-Z][\w'’-]{2,}", text[speaker.start : speaker.end])}
    names -= _NOT_A_NAME
    own = claim.speaker
    for sentence in claim.sentences:
        for word in re.finditer(r"[\w'’-]+", text[sentence.start : sentence.end]):
            at = sentence.start + word.start()
            if word.group().casefold() in names and not (own and own.start <= at < own.end):
                return True
    return False


# Capitalised words of a speaker that are no name of theirs.
_NOT_A_NAME = {"the", "a", "an", "its", "his", "her", "their", "spokesman", "spokeswoman", "spokesperson",
               "officials", "official", "source", "sources", "senior", "el", "la", "los", "las", "le", "les", "un",
               "une", "una"}  # fmt: skip


def _denied_told_elsewhere(text: str, claims: list[_Claim], found: list[FigureCandidate]) -> list[_Claim]:
    """The claims a denial's words made for the report they deny, dropped when the article tells
    that report as a claim of its own elsewhere: a claim of the owner named ("Russia's claim" and
    "Russia's defense ministry said"), or, for reports with no owner, the one other account giving
    a number the denial's sentence gives (with no number given, the one accusation another speaker
    makes). The denial then contests that claim; a statement it contests is what the made claim
    was, a toll or an accusation; a toll it reads as blaming the deniers is an accusation."""
    dropped: list[_Claim] = []
    made_here = [claim.denies for claim in claims if claim.denies is not None]
    for claim in claims:
        made = claim.denies
        if made is None or made not in claims or made.speaker is None:
            continue
        others = [
            other for other in claims
            if other is not claim and not any(other is m for m in made_here) and other.kind != ClaimKind.DENIAL
            and other.frame.sentence != claim.frame.sentence and other.speaker is not None
            and not _same_speaker(text, other.speaker, claim.speaker)
            and not _voice_of(text, claim.speaker, other.speaker)  # the deniers' own spokesman
        ]  # fmt: skip
        if _BARE_REPORTS_NAME.fullmatch(_name(text, made.speaker)):
            given = {f.quantity.min for f in found if f.sentence == claim.frame.sentence and f.quantity.min}
            told = [
                other for other in others
                if other.kind in (ClaimKind.ACCUSATION, ClaimKind.CASUALTY_REPORT)
                and given & {f.quantity.min for f in found if f.sentence in other.sentences}
            ]  # fmt: skip
            if not given and made.kind == ClaimKind.ACCUSATION:
                # "dismissed reports that they used live ammunition" and one accuser named
                # elsewhere ("A coalition of opposition parties said police used live bullets")
                told = [other for other in others if other.kind == ClaimKind.ACCUSATION]
        else:
            owner = _name_words(text, made.speaker)
            told = [other for other in others if owner and owner <= _name_words(text, other.speaker)]
        if len(told) != 1:
            continue
        if told[0].kind == ClaimKind.STATEMENT or (
            made.kind == ClaimKind.ACCUSATION and told[0].kind == ClaimKind.CASUALTY_REPORT
        ):
            told[0].kind = made.kind  # the denial reads it as blaming the deniers
        claim.denies = told[0]
        dropped.append(made)
    return [claim for claim in claims if not any(claim is gone for gone in dropped)]


def _name_words(text: str, span: Span | None) -> set[str]:
    """The words of a speaker that name them, a possessive's "'s" dropped ("Russia's" → "russia"),
    without articles and words any speaker may have ("officials", "government")."""
    if span is None:
        return set()
    words = re.findall(r"[\w-]+(?=['’]s\b)|[\w-]+", text[span.start : span.end].casefold())
    return {w for w in words if w not in _NOT_A_NAME and not _COMMON_SPEAKER.fullmatch(w) and w != "s"}


def _link_contests(
    text: str, claims: list[_Claim], found: list[FigureCandidate], events: list[_Event], policy: Policy
) -> Generator[Question, Answer, None]:
    """Each denial is linked to the claim it contests: an earlier claim of another speaker (a
    later one when none came before), asked when there is a choice. A denial of "the accusation"
    makes the claim it contests an accusation, whatever its words alone read as."""
    named = {  # the denials whose own words say whose claim they deny, and that claim
        n: claims.index(claim.denies)
        for n, claim in enumerate(claims)
        if claim.kind == ClaimKind.DENIAL and claim.denies is not None and claim.denies in claims
    }
    for n, claim in enumerate(claims):
        if claim.kind != ClaimKind.DENIAL:
            continue
        if n in named:
            claim.contests = named[n]
            continue
        if policy.speaker_denies_one:
            # "Tahiri denied the agent was involved. [...] The remarks contradict statements by
            # NATO": one speaker's denials answer the claim one of them names
            same = sorted((abs(k - n), k) for k in named if _same_speaker(text, claims[k].speaker, claim.speaker))
            if same and claim.speaker is not None:
                claim.contests = named[same[0][1]]
                continue
        others = [
            k for k, other in enumerate(claims)
            if k != n and other.kind != ClaimKind.DENIAL and not _same_speaker(text, other.speaker, claim.speaker)
        ]  # fmt: skip
        targets = [k for k in others if k < n][-_CONTEST_OPTIONS:] or [k for k in others if k > n][:_CONTEST_OPTIONS]
        if not targets:
            continue
        sentence = _sentence_text(text, claim.frame.sentence)
        if policy.denied_accusation_first and _DENIES_ACCUSATION.search(sentence):
            # "denied the accusation": the accusations are what it can deny, when there are any
            targets = [k for k in targets if claims[k].kind == ClaimKind.ACCUSATION] or targets
        accused = [k for k in targets if _names_speaker(text, claims[k], claim.speaker)]
        accusations = [k for k in targets if claims[k].kind == ClaimKind.ACCUSATION]
        if policy.own_part_needs_accuser and not accused and not accusations and _DENIES_PART.search(sentence):
            continue  # "the Taliban denied its involvement", and no one here said it was involved
        if len(targets) == 1 and targets[0] < n:
            claim.contests = targets[0]
        elif len(accused) == 1:
            claim.contests = accused[0]  # who denies is the one that claim names: they deny it
        elif policy.lone_accusation_denied and len(accusations) == 1:
            claim.contests = accusations[0]  # a denial answers an accusation; there is one
        else:
            options = [f'{_who(text, claims[k])}: "{_snippet(text, claims[k].sentences[0])}"' for k in targets]
            options.append(NO_CONTEST)
            answer = yield from ask(text, claim.frame.sentence, CONTESTS, options)
            if answer.index >= len(targets):
                continue
            claim.contests = targets[answer.index]
            if answer.confidence is not None:
                claim.confidence["contests"] = answer.confidence
        if _DENIES_ACCUSATION.search(sentence):
            claims[claim.contests].kind = ClaimKind.ACCUSATION
    for n, claim in enumerate(claims):
        if claim.frame.clause and claim.contests is None and n and claims[n - 1].frame.sentence == claim.frame.sentence:
            # "Rebels deny the claim, and witnesses said the insurgents retained control of the
            # town": a clause joined to a denial bears it out, against the claim it contests
            main = claims[n - 1]
            if main.kind == ClaimKind.DENIAL and main.contests is not None:
                claim.contests = main.contests
    for n, claim in enumerate(claims):
        if claim.kind == ClaimKind.CASUALTY_REPORT and claim.contests is None:
            claim.contests = _toll_contested(text, claims, n, found, policy)
    if policy.negated_echo_contests:
        for n, claim in enumerate(claims):
            if claim.contests is None and claim.kind != ClaimKind.DENIAL and claim.speaker is not None:
                claim.contests = _negated_echo(text, claims, n)
    if policy.contrast_contests:
        for n, claim in enumerate(claims):
            if claim.contests is None and claim.kind != ClaimKind.DENIAL:
                claim.contests = _contrasted(text, claims, n, events)
    if policy.but_clause_contests:
        for n, claim in enumerate(claims):
            if claim.contests is None and claim.kind != ClaimKind.DENIAL:
                claim.contests = _but_clause(text, claims, n)


# Where a sentence sets a second speaker against the first: "Police said ..., but several
# witnesses said police shot them", "..., while the rebels say".
_BUT = r"(?:but|while|whereas|although|though|pero|mientras|mais|alors que|tandis que)"
_BUT_BEFORE = re.compile(rf"[,;]?\s+{_BUT}\s+$", re.IGNORECASE)
_BUT_OPENS = re.compile(rf"[,;]?\s*{_BUT}\s", re.IGNORECASE)


def _but_clause(text: str, claims: list[_Claim], n: int) -> int | None:
    """The claim of the sentence's first clause that a later clause opened by "but" answers, when
    another speaker makes both an account of the event (an accusation against a toll or a
    statement, or the other way round)."""
    claim = claims[n]
    if not claim.frame.clause or claim.frame.start is None or claim.speaker is None or n == 0:
        return None
    start = claim.frame.start
    if not (_BUT_BEFORE.search(text, claim.frame.sentence.start, start) or _BUT_OPENS.match(text, start)):
        return None
    main = claims[n - 1]
    if main.frame.sentence != claim.frame.sentence or _same_speaker(text, main.speaker, claim.speaker):
        return None
    accounts = {ClaimKind.ACCUSATION, ClaimKind.CASUALTY_REPORT, ClaimKind.STATEMENT}
    if main.kind not in accounts or claim.kind not in accounts or ClaimKind.ACCUSATION not in (main.kind, claim.kind):
        return None
    return n - 1


# A sentence that opens by setting itself against what came before: "However, the bishop told
# the media that five people were killed", "But the rebel group says helicopters bombed houses".
_CONTRAST = re.compile(
    r"^\W*(?:however|but|yet|nevertheless|nonetheless|sin embargo|pero|cependant|mais|toutefois)\b"
    r"|^[^,.;]{0,80},\s*(?:however|though|sin embargo|cependant|toutefois),",
    re.IGNORECASE,
)


def _contrasted(text: str, claims: list[_Claim], n: int, events: list[_Event]) -> int | None:
    """The claim a claim opening with "However" or "But" answers: the nearest earlier claim of
    another speaker about the same event."""
    claim = claims[n]
    if not _CONTRAST.search(_sentence_text(text, claim.frame.sentence)) or claim.speaker is None:
        return None
    mine = _event_of(events, claim.frame.sentence)
    for k in range(n - 1, -1, -1):
        other = claims[k]
        if other.kind == ClaimKind.DENIAL or _same_speaker(text, other.speaker, claim.speaker):
            continue
        if _event_of(events, other.frame.sentence) == mine:
            return k
    return None


# A negation and the words it governs: "did not attack any military position", "no evidence the
# attacks came from Yemen".
_NEGATED = re.compile(  # not an instruction or a wish: "told not to make the toll public"
    r"\b(?:not|never|no|n't|nor|nunca|jamais)\b(?!\s+to\b)\s*((?:[\w'’-]+\s+){0,6}[\w'’-]+)", re.IGNORECASE
)
# Words too common to echo, and nouns that only frame what is negated ("no evidence the attacks").
_ECHO_STOP = {"there", "their", "these", "those", "which", "would", "could", "should", "about", "after", "being",
              "where", "while", "other", "people", "anyone", "anything", "nothing", "immediately", "comment",
              "known", "clear", "confirm", "confirmed", "reached", "available", "responsibility"}  # fmt: skip
_NEGATION_FRAMES = {"evide", "proof", "indic", "signs", "trace", "sugge", "longe", "immed", "doubt", "reaso"}


def _stems(words: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[^\W\d_]{5,}", words.casefold()) if w not in _ECHO_STOP}


def _negated_head(words: str) -> str | None:
    """The stem of the first word a negation governs, past the words that only frame it."""
    word: str
    for word in re.findall(r"[^\W\d_]{5,}", words.casefold()):
        if word in _ECHO_STOP or word[:5] in _NEGATION_FRAMES:
            continue
        return word[:5]
    return None


def _negated_echo(text: str, claims: list[_Claim], n: int) -> int | None:
    """The nearest earlier claim of another speaker (within five claims) whose sentences hold the
    word the claim negates: it says that did not happen."""
    claim = claims[n]
    start, end = claim.frame.start, claim.frame.end
    words = text[start:end] if start is not None and end is not None else _sentence_text(text, claim.frame.sentence)
    negated = {head for m in _NEGATED.finditer(words) if (head := _negated_head(m.group(1)))}
    if not negated:
        return None
    for k in range(n - 1, max(-1, n - 6), -1):
        other = claims[k]
        if _same_speaker(text, other.speaker, claim.speaker) or other.kind == ClaimKind.DENIAL:
            continue
        if negated & _stems(" ".join(_sentence_text(text, s) for s in other.sentences)):
            return k
    return None


# A toll set against another: "However, the rebels say they lost only one fighter".
_ONLY = re.compile(r"\b(?:only|solo|sólo|seulement)\b", re.IGNORECASE)


def _toll_contested(
    text: str, claims: list[_Claim], n: int, found: list[FigureCandidate], policy: Policy
) -> int | None:
    """The earlier accusation a toll answers with another number for the same outcome ("police
    have killed 10 students", says the opposition; the minister "put the number of dead at four")."""

    def tolls(claim: _Claim) -> set[tuple[frozenset[object], tuple[int, int | None], str]]:
        # only numbers can contradict each other: "several dead" does not answer "four killed"
        numbers = {s.number for s in claim.sentences}
        return {
            (frozenset(f.outcomes), (f.quantity.min, f.quantity.max), f.group.split()[-1].casefold() if f.group else "")
            for f in found
            if f.sentence.number in numbers and f.quantity.min is not None
        }

    mine = tolls(claims[n])
    # another source's toll is answered only when the words set this one against it
    sentence = _sentence_text(text, claims[n].frame.sentence)
    answers_toll = policy.toll_answers_toll and bool(_CONTRAST.search(sentence) or _ONLY.search(sentence))
    answerable = (ClaimKind.ACCUSATION, ClaimKind.CASUALTY_REPORT) if answers_toll else (ClaimKind.ACCUSATION,)
    earlier = [
        k for k in range(n - 1, -1, -1)
        if claims[k].kind in answerable and not _same_speaker(text, claims[k].speaker, claims[n].speaker)
    ]  # fmt: skip
    theirs = {k: tolls(claims[k]) for k in earlier}
    # a toll of the same people first ("two civilians" against "six civilians"), then any other
    for same_people in (True, False):
        for k in earlier:
            if any(
                o == p and _apart(q, r) and (g == h or not same_people) for o, q, g in mine for p, r, h in theirs[k]
            ):
                return k
    return None


def _apart(a: tuple[int, int | None], b: tuple[int, int | None]) -> bool:
    """Whether two counts (least, most; most None when open) cannot both be true: "four" and
    "10" can not, "at least five" and "five" can."""
    return (a[1] is not None and a[1] < b[0]) or (b[1] is not None and b[1] < a[0])


def _evidence(text: str, sentences: list[Sentence]) -> list[Evidence]:
    return [Evidence(text=text[s.start : s.end], start=s.start, end=s.end) for s in dict.fromkeys(sentences)]


def _precision(start: str | None, end: str | None) -> DatePrecision:
    if start is None:
        return "unknown"
    if end is not None and end != start:
        return "range"
    if re.fullmatch(r"\d{4}", start):
        return "year"
    if re.fullmatch(r"(\d{4}|-)-\d{2}", start):
        return "month"
    return "day"


def _mention(text: str, name: str, span: tuple[int, int]) -> Mention:
    return Mention(field=name, text=text[span[0] : span[1]], start=span[0], end=span[1])


def _left_out(text: str, incident: str, actors: Actors, places: list[str]) -> list[Warning]:
    """A warning for each role that found more actors (or places) than an incident keeps, naming
    the ones left out: the first found are kept, the rest are reported, not dropped in silence."""
    found_by_role = {role: [" ".join(text[a:b].split()) for a, b in getattr(actors, role)]
                     for role in ("perpetrators", "targets", "physical_targets", "weapons")}  # fmt: skip
    kept = {"perpetrators": _ACTORS, "targets": _TARGETS, "physical_targets": _ACTORS, "weapons": _ACTORS}
    warnings = []
    for role, found in [*found_by_role.items(), ("places", places)]:
        most = kept.get(role, _PLACES)
        if len(found) > most:
            message = f"{len(found) - most} more {role.replace('_', ' ')} found than the {most} kept: "
            warnings.append(Warning(code="capped", item=incident, message=message + "; ".join(found[most:])))
    return warnings


def _actor_list(
    text: str, name: str, spans: list[tuple[int, int]], most: int = _ACTORS
) -> tuple[list[Actor], list[Mention]]:
    names = [" ".join(text[a:b].split()) for a, b in spans[:most]]
    actors = [Actor(name=n, kind=kind_of(n), organisation=organisation_of(n)) for n in names]
    return actors, [_mention(text, f"{name}[{k}].name", span) for k, span in enumerate(spans[:most])]


def _strings(text: str, name: str, spans: list[tuple[int, int]]) -> tuple[list[str], list[Mention]]:
    return [" ".join(text[a:b].split()) for a, b in spans[:_ACTORS]], [
        _mention(text, f"{name}[{k}]", span) for k, span in enumerate(spans[:_ACTORS])
    ]


def _event_places(text: str, event: _Event) -> dict[str, tuple[int, int]]:
    """The places an event's sentences name, each once, in order."""
    spans: dict[str, tuple[int, int]] = {}
    for s in [event.part] if event.part is not None else event.sentences:
        for span in item_place_spans(text, s) if event.part is not None else place_spans(text, s):
            spans.setdefault(text[span[0] : span[1]], span)
    return spans


def _incident(text: str, n: int, event: _Event, actors: Actors) -> Incident:
    anchor = dateline(text)
    phrase = next((p for s in event.sentences if (p := date_phrase(text, s))), None)
    value, end = resolve(text[phrase[0] : phrase[1]], anchor) or (None, None) if phrase else (None, None)
    spans = _event_places(text, event)
    names = list(spans)[:_PLACES]
    mentions = [_mention(text, "date.phrase", phrase)] if phrase else []
    mentions += [_mention(text, f"location.places[{k}]", spans[name]) for k, name in enumerate(names)]
    perpetrators, perpetrator_mentions = _actor_list(text, "perpetrators", actors.perpetrators)
    targets, target_mentions = _actor_list(text, "targets", actors.targets, _TARGETS)
    physical, physical_mentions = _strings(text, "physical_targets", actors.physical_targets)
    weapons, weapon_mentions = _strings(text, "weapons", actors.weapons)
    mentions += perpetrator_mentions + target_mentions + physical_mentions + weapon_mentions
    return Incident(
        id=f"I{n + 1}",
        type=event.type,
        summary=" ".join(text[event.sentences[0].start : event.sentences[0].end].split())[:300],
        date=EventDate(
            value=value,
            end=end,
            phrase=text[phrase[0] : phrase[1]] if phrase else None,
            precision=_precision(value, end),
        ),
        location=Location(places=names),
        perpetrators=perpetrators,
        targets=targets,
        physical_targets=physical,
        weapons=weapons,
        background=event.background,
        disputed=event.disputed,
        evidence=_evidence(text, event.sentences),
        mentions=mentions,
        confidence=event.confidence,
    )


_PARTICLES = {"de", "del", "da", "do", "dos", "van", "von", "bin", "ibn", "al", "el", "la", "le", "ould", "abu"}


def _proper_name(words: str) -> bool:
    """Two or more capitalised words ("Getachew Reda", "Mohamed Ould Mataly")."""
    parts = words.split()
    return len(parts) >= 2 and all(w[:1].isupper() or w.casefold() in _PARTICLES for w in parts) and not words.isupper()


def speaker_parts(text: str, span: Span) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """A speaker span as its name and the role set off by a comma beside it: "an opposition
    leader, Bekele Nega" and "the minister(, Getachew Reda,)" give the person's name and the
    title as the role; anything else is all name."""
    piece = text[span.start : span.end]
    comma = piece.rfind(", ")
    if comma > 0 and _proper_name(piece[comma + 2 :]) and not _proper_name(piece[:comma]):
        return (span.start + comma + 2, span.end), (span.start, span.start + comma)
    if not _proper_name(piece):
        after = re.match(
            r",\s+(?:(?:the|la|le|el|les|los|las)\s+)?(?P<name>[^,;:()]{3,50}?)\s*[,;:()]",
            text[span.end : span.end + 60],
            re.IGNORECASE,
        )  # "One of these groups, the Syrian Democratic Forces (SDF), ..."
        if after and _proper_name(after["name"]):
            start = span.end + after.start("name")
            return (start, start + len(after["name"])), (span.start, span.end)
    # a role with the person's name in brackets: "Afghanistan's security chief (Amrullah Saleh)"
    bracketed = _BRACKETED_NAME.match(text, span.end)
    if bracketed and not _proper_name(piece):
        return (bracketed.start("name"), bracketed.end("name")), (span.start, span.end)
    # the short form a name is given with belongs to it: "the Armed Forces Press Committee (COPREFA)"
    short = _SHORT_FORM.match(text, span.end)
    return (span.start, short.end() if short else span.end), None


_SHORT_FORM = re.compile(SHORT_FORM)
_BRACKETED_NAME = re.compile(BRACKETED_NAME)


def _speaker_mentions(text: str, span: Span) -> list[Mention]:
    name, role = speaker_parts(text, span)
    return [_mention(text, "speaker.name", name)] + ([_mention(text, "speaker.role", role)] if role else [])


def _speaker(text: str, span: Span | None) -> Speaker:
    if span is None:
        return Speaker()
    (a, b), role = speaker_parts(text, span)
    name = " ".join(text[a:b].split())
    whole = " ".join(text[span.start : span.end].split())
    named = any(w[:1].isupper() for w in name.split()[1:]) or (name[:1].isupper() and len(name.split()) == 1)
    return Speaker(
        name=name,
        role=" ".join(text[role[0] : role[1]].split()) if role else None,
        organisation=_spelled_out(text, name),
        anonymous=bool(_ANONYMOUS.search(whole)) and not named,
    )


def _spelled_out(text: str, name: str) -> str | None:
    """The full name the article gives an acronym speaker ("The SDF" after "the Kurdish-led Syrian
    Democratic Forces (SDF)"): the organisation it stands for."""
    acronym = re.search(r"\b[A-Z][A-Z0-9]{1,7}\b", name)
    if acronym is None or (name.isupper() and len(name.split()) > 1):
        return None
    letters = acronym.group(0)
    defined = re.search(
        rf"((?:[A-Z][\w'’.-]*\s+(?:(?:of|for|and|the|de|del|des|du|la|le|el|al-)\s+)*){{1,8}}[A-Z][\w'’.-]*)\s*\(\s*{letters}\s*\)",
        text,
    )
    if defined is None or defined.group(1).strip() == name:
        return None
    words = defined.group(1).split()
    for k in range(len(words)):  # the words whose initials spell it, when some do
        initials = "".join(w[0] for w in words[k:] if w[:1].isupper())
        if initials.upper() == letters:
            return " ".join(words[k:])
    return " ".join(words) if letters[:1] in "".join(w[0] for w in words) else None


def _described(text: str, candidate: FigureCandidate, claim: _Claim) -> bool:
    """Whether the figure describes the event the claim is about rather than being given by its
    speaker: in a relative clause after the reporting cue of a claim about the event."""
    cue_end = claim.frame.cue.end
    if claim.kind not in _DESCRIBES_EVENT or candidate.start < cue_end:
        return False
    return bool(_RELATIVE.search(text[cue_end : candidate.start]))


def _figures(
    text: str,
    found: list[FigureCandidate],
    events: list[_Event],
    claims: list[_Claim],
    claim_ids: list[str],
    untold_to: str = "",
) -> list[CasualtyFigure]:
    """One figure per number per source per incident, with every sentence that gives it."""
    by_key: dict[tuple[object, ...], CasualtyFigure] = {}
    claim_of: dict[int, int] = {}  # sentence number -> the first claim holding it
    clauses: dict[int, list[int]] = {}  # sentence number -> the claims of its later clauses
    for k, c in enumerate(claims):
        if c.frame.clause:
            clauses.setdefault(c.frame.sentence.number, []).append(k)
            continue
        for s in c.sentences:
            claim_of.setdefault(s.number, k)
    shown: dict[str, set[int]] = {}  # figure id -> starts of its evidence sentences
    counted: dict[str, set[int]] = {}  # figure id -> the sentence its phrase is in
    for candidate in found:
        # a figure in a later clause is that clause's speaker's ("but other sources say 13")
        later = [k for k in clauses.get(candidate.sentence.number, []) if claims[k].frame.holds(candidate.start)]
        claim = later[-1] if later else claim_of.get(candidate.sentence.number)
        source = None
        speaker = claims[claim].speaker if claim is not None else None
        if claim is not None and _described(text, candidate, claims[claim]):
            speaker = None
        span = speaker_parts(text, speaker)[0] if speaker is not None else None
        if span is not None:
            source = " ".join(text[span[0] : span[1]].split())
        event = _event_of(events, candidate.sentence, reported_first=untold_to, at=candidate.start)
        incident = f"I{(event or 0) + 1}"
        outcomes = frozenset(candidate.outcomes)
        key: tuple[object, ...] = (incident, (source or "").casefold(), candidate.quantity, outcomes)
        if key in by_key and candidate.sentence.number in counted.get(by_key[key].id, ()):
            key += (candidate.start,)  # two phrases of one sentence count two sets of people: "a woman and a boy"
        if key in by_key:
            figure = by_key[key]
            if figure.id not in shown:
                shown[figure.id] = {e.start for e in figure.evidence}
            starts = shown[figure.id]
            if candidate.sentence.start not in starts:
                figure.evidence.extend(_evidence(text, [candidate.sentence]))
                starts.add(candidate.sentence.start)
            continue
        counted.setdefault(f"F{len(by_key) + 1}", set()).add(candidate.sentence.number)
        by_key[key] = CasualtyFigure(
            id=f"F{len(by_key) + 1}",
            incident=incident,
            group=candidate.group,
            outcomes=list(candidate.outcomes),
            min=candidate.quantity.min,
            max=candidate.quantity.max,
            approximate=candidate.quantity.approximate,
            phrase=candidate.phrase,
            source=source,
            mentions=[_mention(text, "phrase", (candidate.start, candidate.end))]
            + ([_mention(text, "source", span)] if source and span else []),
            claim=claim_ids[claim] if claim is not None else None,
            evidence=_evidence(text, [candidate.sentence]),
        )
    return list(by_key.values())


# A rampage of gunfire: "a gunman shot shoppers" with 22 dead is a massacre (seeds/ANNOTATION.md: massacre or
# rampage), four dead being the usual threshold of a mass killing.
_GUNFIRE = re.compile(
    # (not an aircraft shot down, nor the attacker shot by police)
    r"\b(?:shot(?! down)(?!(?: dead)? by (?:the )?(?:police|officers|security forces))|shoot(?!\w* down)\w*|gunm[ae]n"
    r"|gunfire|opened fire|shooter|fusillade|tiroteo|balacera|disparó|tireur|tiré)\b",
    re.IGNORECASE,
)
_MASS_KILLING = 4


def _is_mass_shooting(text: str, event: _Event, figures: list[CasualtyFigure]) -> bool:
    killed = max((f.min or 0 for f in figures if Outcome.KILLED in f.outcomes), default=0)
    return killed >= _MASS_KILLING and any(_GUNFIRE.search(text, s.start, s.end) for s in event.sentences)


def _figure_starts(found: list[FigureCandidate]) -> dict[int, list[int]]:
    """Where the casualty figures of each sentence begin, by sentence number."""
    starts: dict[int, list[int]] = {}
    for figure in found:
        starts.setdefault(figure.sentence.number, []).append(figure.start)
    return starts


def plan(text: str, policy: Policy = DEFAULT_POLICY) -> Generator[Question, Answer, Report]:
    """The report of one article, built question by question: yields each question, receives
    its answer (``generator.send``) and returns the report without model, usage or timing."""
    sentences = split_sentences(text)
    body = body_sentences(text, sentences)
    found = figure_candidates(text, body, TextIndex(text), language_of(text))
    mentioned = {m.sentence.number for m in event_mentions(text, body)}
    events, claims = yield from _side_by_side(
        _group_events(text, body, policy, found),
        _find_claims(text, body, policy, _figure_starts(found), mentioned),
    )
    claims = _merge_claims(text, claims, events, policy)
    if policy.denied_told_elsewhere:
        claims = _denied_told_elsewhere(text, claims, found)
    yield from _link_contests(text, claims, found, events, policy)
    if found and not events:  # numbers of casualties always belong to some event
        events.append(_Event([found[0].sentence]))
    claim_ids = [f"C{n + 1}" for n in range(len(claims))]
    for claim in claims:
        if claim.kind == ClaimKind.DENIAL and claim.contests is not None:
            # what is disputed is the event the contested claim tells of
            contested = _event_of(events, claims[claim.contests].frame.sentence)
            if contested is not None:
                events[contested].disputed = True
    claim_events = [_event_of(events, c.frame.sentence, reported_first=policy.untold_to) for c in claims]
    for n, claim in enumerate(claims):
        tells_event = any(claim.frame.sentence in e.sentences for e in events)
        if policy.contest_same_event and claim.contests is not None and not tells_event:
            # a denial whose sentence tells of no event is about the event of the claim it denies
            claim_events[n] = claim_events[claim.contests]
    figures = _figures(text, found, events, claims, claim_ids, policy.untold_to)
    for n, told in enumerate(events):
        if told.type == IncidentType.ATTACK and _is_mass_shooting(
            text, told, [f for f in figures if f.incident == f"I{n + 1}"]
        ):
            told.type = IncidentType.MASSACRE
    incidents: list[Incident] = []
    warnings: list[Warning] = []
    for n, told in enumerate(events):
        claimed_by = [
            (c.speaker.start, c.speaker.end)
            for c, e in zip(claims, claim_events, strict=True)
            if e == n and c.kind == ClaimKind.RESPONSIBILITY_CLAIM and c.speaker is not None
        ]
        told_in = [told.part] if told.part is not None else told.sentences
        actors = find_actors(text, told_in, claimed_by, told.type)
        incidents.append(_incident(text, n, told, actors))
        warnings += _left_out(text, f"I{n + 1}", actors, list(_event_places(text, told)))
    report_claims = []
    for n, claim in enumerate(claims):
        event = claim_events[n]
        first = claim.sentences[0]
        quoted = quotation(text, first.start, first.end)
        report_claims.append(
            Claim(
                id=claim_ids[n],
                speaker=_speaker(text, claim.speaker),
                channel=channel(_sentence_text(text, first)),
                kind=claim.kind,
                incident=f"I{event + 1}" if event is not None else None,
                content=" ".join(_sentence_text(text, first).split())[:300],
                quote=text[quoted[0] : quoted[1]] if quoted else None,
                contests=claim_ids[claim.contests] if claim.contests is not None else None,
                evidence=_evidence(text, claim.sentences),
                mentions=([_mention(text, "quote", quoted)] if quoted else [])
                + (_speaker_mentions(text, claim.speaker) if claim.speaker else []),
                confidence=claim.confidence,
            )
        )
    return Report(
        summary=" ".join(i.summary for i in incidents if not i.background)[:600],
        incidents=incidents,
        figures=figures,
        claims=report_claims,
        warnings=warnings,
    )
