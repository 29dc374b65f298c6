"""Attribution frames: the sentences that attribute something to a speaker, with the reporting
cue, the candidate spans for the speaker, and the kind the cue suggests.

Deterministic and cheap. The model is only asked to pick the speaker among the candidates and to
name the kind (:mod:`newsstruct.engine._questions`); every speaker is therefore a span of the
text. English, French and Spanish reporting verbs, "according to" forms and quotation marks
are read; a pronoun subject ("he said") offers the previous frame's speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsstruct.schema import ClaimKind
from newsstruct.text import Sentence

# Saying one had no part in it ("were not behind the attack", "had nothing to do with it"): a
# denial, when someone says it (NO_PART lets the claims tell).
_NO_PART_WORDS = (
    r"(?:not|never|no)\s+(?:\w+\s+){0,2}(?:involved|responsible|behind|involvement)|nothing to do with"
    # not there to do it: "the armed forces have no troops in the area"
    r"|(?:have|has|had)\s+no\s+(?:troops|forces|soldiers|fighters|units|presence|personnel)\s+(?:in|near|at)\b"
    r"|rien à voir|aucune implication|nada que ver|ninguna participación"
)
NO_PART = re.compile(_NO_PART_WORDS, re.IGNORECASE)
# Reporting verbs (and the nouns that carry a statement), by the claim kind they suggest.
_KIND_CUES: list[tuple[ClaimKind | None, str]] = [
    (
        ClaimKind.RESPONSIBILITY_CLAIM,
        r"claim(?:ed|s|ing)? (?:the )?re\w{3,8}bility|responsibility (?:was|has been) claimed"
        r"|(?:took|takes|claimed|claims) credit"
        # the act itself as the object: "the group has claimed most of the attacks in the province"
        r"|claim(?:ed|s)? (?:(?:most|many|some|all|several|one|both) of )?(?:the|this|these|those|its|their|"
        r"yesterday's|Monday's|Tuesday's|Wednesday's|Thursday's|Friday's|Saturday's|Sunday's) (?!that\b)(?:\w+ )?"
        r"(?:attacks?|bombings?|blasts?|killings?|assaults?|explosions?|ambush(?:es)?|kidnappings?|shootings?"
        r"|strikes?|raids?)\b"
        # an admission of the act ("acknowledged their government had shot down", "admitted its
        # troops killed"), not of anything else ("admitted that talks had stalled")
        r"|(?:admit(?:ted|s)?|acknowledg(?:ed|es)|confess(?:ed|es)|reconoci[óo]|a reconnu|ont reconnu)"
        r"(?=[^.;]{0,80}?\b(?:killed|killing|murder\w*|stabb\w+|strangl\w+|poison\w*|shot|shot down|downed|fired"
        r"|attacked|bombed|struck|carried out|mat[óa]\w*"
        r"|derrib\w+|abatt\w+|tu[ée]\w*)\b)"
        r"|revendiqu\w*|reivindic\w*|se atribuy\w+|se responsabiliz\w+"
        # owning up to it: "accepted responsibility for the murder", "took full responsibility"
        r"|(?:accept(?:ed|s|ing)?|took|takes|assum(?:ed|es)) (?:full |the |all )?responsibility",
    ),
    (
        ClaimKind.DENIAL,
        r"den(?:y|ies|ied|ying|ial)|reject(?:ed|s|ing)?|dismiss(?:ed|es|ing)|refut\w+|ni[ée]|nient|d[ée]menti\w*"
        r"|d[ée]ment|neg[óo]|niega\w*|negaron|rechaz\w+|desminti\w+"
        # words that call what was said untrue: the claim denies it
        r"|baseless|unfounded|untrue|(?:is|was|are|were|as) (?:false|fabricated|a lie|lies)|fabrication\w*"
        # a figure called too high: "said the death toll was exaggerated"
        r"|(?:was|were|is|are|been) (?:greatly |grossly |wildly )?(?:exaggerated|inflated|overstated)"
        # calling what was said propaganda, not saying someone makes it ("is making propaganda")
        r"|(?<!making )(?<!spreading )(?<!spread )(?<!spreads )propaganda"
        r"|contradict\w*|contrary to|not true"
        # disputing what another said ("disputing police reports", "disputed the army's figures")
        r"|disput(?:e|es|ed|ing)(?=\s+(?:[\w'’-]+\s+){0,4}?(?:reports?|claims?|accounts?|figures?|tolls?|version"
        r"|accusations?|allegations?|statements?|assertions?)\b)"
        r"|no truth|infond[ée]\w*|mensong\w+|contrairement|infundad\w+|fabricated"
        # French: "c'est faux", "n'est pas vrai", "a rejeté le bilan"
        r"|(?:c['’]est|est|sont|était|étaient)\s+(?:complètement\s+|totalement\s+)?(?:faux|fausses?)\b"
        r"|n['’]est pas vrai|rejet(?:[ée]\w*|te|tent)\b"
        # calling what was said a lie by another name: "garbage", "disinformation"
        r"|garbage|nonsense|disinformation|misinformation|absurd|ridiculous|preposterous|ludicrous|hoax"
        # finding nothing that bears out what was said: "has found no trace of explosives"
        r"|(?:found|find|finds|was|is) no (?:trace|evidence|proof)"
        r"|falso|falsa|falsas|falsos|contrario a"
        # saying one had no part in it ("were not behind the attack", "had nothing to do with it")
        r"|" + _NO_PART_WORDS,
    ),
    # An explicit refusal to comment is a claim of its own, kind "other" (the codebook's "no
    # comment"); the mere absence of a statement ("has not officially commented") is none.
    (
        ClaimKind.OTHER,
        r"(?:declin|refus)(?:ed|es|e|ing) to (?:comment|elaborate|confirm or deny)"
        r"|did not (?:immediately )?(?:respond|reply) to (?:a |several )?requests? for comment"
        r"|could not be reached for comment|a refusé de commenter|ont refusé de commenter"
        r"|se neg(?:ó|aron) a comentar|declin(?:ó|aron) (?:hacer )?comentar\w*"
        # thanks, praise, tribute and sympathy are no claims of fact
        r"|thank(?:ed|s)|paid tribute|pays tribute|(?:offered|expressed|sent|extended) (?:\w+ ){0,2}"
        r"(?:condolences|sympathy|sympathies|solidarity|gratitude)|agradeci(?:ó|eron)|remerci(?:é|e|ent)\b"
        r"|a rendu hommage|rindi(?:ó|eron) homenaje",
    ),
    (
        ClaimKind.ACCUSATION,
        # not "people accused of crimes" (a noun's description) nor "the alleged death" (an adjective)
        # (each word whole: "Taliban accused", "German officials accused" accuse)
        r"(?<!\bpeople )(?<!\bpersons )(?<!\bthose )(?<!\banyone )(?<!\bsuspects )(?<!\bman )(?<!\bmen )(?<!\bwoman )"
        r"(?<!\bthe )(?<!\ban )accus\w+"
        r"|blam\w+|(?<!\bthe )(?<!\ban )(?<!\bthis )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bits )"
        r"(?<!['’]s )alleg(?!edly)\w+"
        r"|acus\w+|culp\w+"
        r"|responsabilis\w+|responsabiliz\w+|attribut(?:ed|es|ing|ions?)|ascrib(?:ed|es|ing)(?! to)",
    ),
    (
        ClaimKind.CONDEMNATION,
        r"condemn\w*|denounc\w+|deplor\w+|condamn\w+|d[ée]nonc\w+|conden\w+|repudi\w+|sp(?:oke|eaks?) out against",
    ),
    (
        ClaimKind.APPEAL,
        # (not a court's appeal: "indicated they would appeal", "appealed the verdict")
        r"call(?:ed|s|ing)? (?:on|for|upon)|urg(?:ed|es|ing)|appeal(?:ed|s|ing)? (?:to|for)|appeals? (?:to|for)"
        r"|demand\w*|exhort\w*|appel\w*"
        # pressing others to act: "encouraged people to turn out", "asked residents to stay home"
        r"|(?<!been )(?:encourag(?:ed|es|ing)|asked|asks|implored|pleaded with) (?!not )(?:\w+ ){1,3}?"
        r"to(?= (?!be\b|have\b))"
        r"|pid(?:i[óo]|en)|inst[óo]|exig\w+|llam[óo] a"
        # wanting another to act: "would like to see the United States take action", "would pressure the
        # government to provide", "We expect from Iran assurances"
        r"|would like to see|(?:will|would) pressure|expects? from",
    ),
    (
        None,
        # French inverts a pronoun after the verb: "dit-il", "a-t-il précisé", "ajoute-t-elle"
        r"(?:dit|ajoute|précise|explique|poursuit|affirme|souligne|indique|déclare|estime|assure|raconte)-(?:t-)?"
        r"(?:il|elle|ils|elles)\b|(?:a|ont)-t-(?:il|elle|ils|elles)\s+(?:dit|déclaré|ajouté|précisé|affirmé|expliqué"
        r"|indiqué|souligné)"
        r"|said|says|say|saying|told|tell|tells|stated|(?<!United )(?<!united )states|reported|reports|reporting"
        r"|announced|announces|declared|claimed"
        # the verb, not the noun: "amid claims of irregularities", "with claims of fraud"
        r"|(?<!amid )(?<!with )(?<!despite )(?<!over )(?<!the )(?<!and )claims(?! of\b)"
        r"|confirmed|confirms|admitted|acknowledged|added|explained|noted"
        r"|warned|warns|insisted"
        # a belief told of someone, not one's own inside a clause ("who they believe carried out")
        r"|(?<!they )(?<!we )(?<!i )(?<!you )(?<!who )(?<!that )believes?"
        # naming a thing in quoted words: 'called the incident "horrific"', "called it a 'political maneuver'"
        r"|call(?:ed|s|ing)(?= (?:[\w'’-]+ ){1,4}[\"“«])"
        # the verb "claim" ("M23 rebels also claim more than 400 troops died"), not the noun ("deny the claim")
        r"|(?<!a )(?<!the )(?<!this )(?<!that )(?<!their )(?<!his )(?<!her )(?<!its )(?<!no )(?<!any )(?<!our )"
        r"(?<!first )(?<!false )(?<!new )claim(?=\s+(?:that|they|it|he|she|to|more|at least|about|some|only|\d)\b)"
        r"|estimated|describ(?:ed|es|ing)|quoted|commented|cited|according to|(?:by|per)(?= (?:media )?reports?\b)"
        r"|read|wrote|writes|tweeted|spoke(?! (?:on|by) (?:the )?(?:tele)?phone\b| with each other\b)"
        # issuing a document is speaking: "the council has issued a communique demanding ..."
        r"|(?:issued|released|published|put out) (?:a |an |its |their )?(?:\w+ )?"
        r"(?:statement|communiqu[ée]|declaration)"
        r"|revealed|disclosed|testified|recalled|stressed|emphasi[sz]ed|argued|conceded|briefed"
        # posting words, not bail or a photo: "posted a message on Twitter", "posted on Facebook"
        r"|posted(?= (?:(?:a|an|the|his|her|its|their) )?(?:\w+ )?(?:message|statement|tweet|video|note|on|online|to))"
        r"(?! (?:\w+ )?(?:photo|picture|bail|bond))"
        # revising a toll is giving one: "raised the death toll to 46", "a finalement revu de 16 à 46"
        r"|(?:rais|revis|updat|lower)(?:ed|es) (?:the|its|their) (?:\w+ )?(?:death toll|toll|death count)"
        r"|(?:a|ont)\s+(?:\w+ment\s+)?(?:revu|révisé|relevé|rehaussé|alourdi)"
        r"|(?:put|puts|placed|places|set|sets) (?:the|its|their) (?:\w+ )?(?:death toll|toll|death count"
        r"|number of (?:dead|deaths|victims|casualties))"
        r"|express(?:ed|es)? (?:\w+ )?(?:fears?|concerns?|hopes?|doubts?|regret|sympathy|condolences|support|outrage"
        r"|shock|alarm)|defend(?:ed|s)"
        # French: passé composé (singular and plural) and the present that French news narrates in
        r"|(?:a|ont) (?:déclaré|dit|affirmé|indiqué|annoncé|précisé|ajouté|expliqué|assuré|estimé|confirmé"
        r"|rapporté|souligné|raconté|témoigné|signalé|fait savoir|fait état|confié|rappelé)|selon|d'après"
        r"|déclar\w+|affirm\w+|indiqu\w+|explique|expliquent|précise|précisent|souligne|soulignent|confie"
        r"|raconte|racontent|assure|assurent"
        # Spanish: preterite singular and plural, and the perfect with "ha(n)"
        r"|dijo|dijeron|dice|dicen|añadi[óo]|añadieron|advirti[óo]|advirtieron|sostuvo|sostuvieron|según"
        r"|(?:afirm|asegur|declar|inform|indic|señal|explic|anunci|confirm|coment|precis|detall|report"
        r"|manifest|agreg|subray|destac|revel|relat)(?:[óo]|aron)"
        r"|(?:ha|han|había|habían) (?:afirm|asegur|declar|inform|indic|señal|explic|anunci|confirm|coment"
        r"|precis|detall|report|manifest|agreg|subray|destac|revel|relat)ado|(?:ha|han) dicho",
    ),
]
# Nouns that name a speaker or the document that speaks ("a military source", "the statement").
_SPEAKER_NOUNS = re.compile(
    r"(?<![\w-])(?:sources?|spokes(?:man|woman|men|person)|statement|communiqu[ée]|porte-parole|portavoz"
    r"|comunicado|fuentes?|officials|official(?!\s+(?:position|figures?|toll|count|tally|data|results?|reports?"
    r"|version|line|policy|account|documents?|records?|estimates?|numbers?|visit|trip|residence|channels?|media"
    r"|news|website|statement|language|status|recognition|response|reaction|narrative|story|explanation"
    r"|announcement|investigation|inquiry|capacity|duties|business|ceremony|title|name|list|death|casualty"
    r"|casualties)\b)"
    r"|residents?|witness(?:es)?)(?![\w-])",
    re.IGNORECASE,
)
# "Bloomberg quotes X as saying", "The BBC also cited Y as saying", "The Telegraph cited a source that":
# whoever quotes is the channel, the one quoted speaks.
_QUOTES_AS = re.compile(
    r"\b(?:quot(?:es|ed|ing)|cit(?:es|ed|ing))\s+(?P<who>.{3,120}?)\s+as\s+(?:saying|telling)\b", re.IGNORECASE
)
_CITED_THAT = re.compile(r"\bcit(?:es|ed)\s+(?P<who>[^,;:\"“”]{3,80}?)\s+that\b", re.IGNORECASE)
_PASSIVE = re.compile(
    r"\b(?:been|being|was|were|is|are|be|fue|fueron|été|est|sont)\s+"
    r"(?:(?:\w+ly|yesterday|today|also|widely|earlier|later|first|initially|not)\s+)?$"  # "was yesterday reported"
    # a participle after its noun in a "with" phrase: "with skirmishes reported in the district"
    r"|\bwith\s+(?:[\w'’-]+\s+){1,3}$",
    re.IGNORECASE,
)
# A passive reporting verb with its agent: "was told by X", "were informed by X".
_TOLD_BY = re.compile(
    r"(?:told|informed|assured|warned|briefed"
    # a claim made by someone: "The operation was condemned by members of the European Union"
    r"|condemned|denounced|denied|rejected|accused|blamed|claimed|disputed|criticized|criticised)\s+by\s+"
    # Spanish and French: "fue reivindicado por el Estado Islámico", "a été revendiqué par"
    r"|(?:reivindicad[oa]s?|condenad[oa]s?|negad[oa]s?|revendiqu[ée]e?s?|condamn[ée]e?s?)\s+(?:por|par)\s+",
    re.IGNORECASE,
)
_NOT_SUBJECT = re.compile(r"^(?:told|tell|tells)$", re.IGNORECASE)  # "told AFP": what follows is the channel
_AUXILIARY_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|was|were|is|are|not|officially|also|later|reportedly|previously|earlier|would|will"
    r"|could|may|might|did|does|do|ont|a|ha|han|había|habían|n'a|n'ont|no|pas|strongly|firmly|publicly|repeatedly"
    r"|categorically|flatly|formally|vehemently|swiftly|quickly|initially|separately|subsequently|immediately|further"
    r"|strenuously|angrily|jointly|promptly|briefly|simply|personally|directly|privately|openly|emphatically"
    r"|again|today|yesterday|tonight|eventually|ultimately|finally|recently|already|since|now|long|never|often"
    r"|hoy|ayer|aujourd'hui|hier))+$",
    re.IGNORECASE,
)
_HEAD_STOP = re.compile(
    r"\s(?:in|of|with|from|at|on|for|who|which|that|near|under|de|del|du|des|en|con|dans|part|called|"
    r"\w+ing)\b",
    re.IGNORECASE,
)
_CUE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<k{n}>{pattern})" for n, (_, pattern) in enumerate(_KIND_CUES)) + r")(?![\w-])",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"(?:according to|selon|d'après|d’après|según|(?:by|per)(?=\s+(?:media\s+)?reports?\b))\s+",
                        re.IGNORECASE)  # fmt: skip
# Where a subject ends looking back from the verb: a clause boundary.
_BOUNDARY = re.compile(
    r"[,;:\"“”«»()]|\b(?:that|but|and|while|as|which|who|when|however|what|que|qui|mais|et|pero|y)\b", re.IGNORECASE
)
_RELATIVE_END = re.compile(r"\s(?:who|qui|quien|quienes)$", re.IGNORECASE)
# An article opening a noun phrase: "the account of [a witness]", "d'[un témoin]".
_ARTICLE = re.compile(r"(?:(?<=\s)|(?<=d['’])|^)(?:a|an|the|un|une|le|la|les|el|los|las|una|uno)\s", re.IGNORECASE)


def _last_noun_phrase(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The last noun phrase of a span opened by an article, of five words at most; else the span."""
    starts = [span[0] + m.start() for m in _ARTICLE.finditer(text[span[0] : span[1]])]
    last = [at for at in starts if len(text[at : span[1]].split()) <= 5]
    return (last[0], span[1]) if last else span


_PRONOUNS = re.compile(
    r"^(?:he|she|they|it|we|i|il|elle|ils|elles|nous|je|él|ella|ellos|nosotros|yo)(?:\s+(?:also|further|too|again))?$",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:(?:however|but|and|meanwhile|also|later|earlier|separately|in addition|y|pero|además|también"
    r"|et|mais|par ailleurs|en outre)[, ]+"
    # a time set before the subject without a comma: "For several days Iran denied", "On Saturday police said"
    r"|(?:for|on|in|during|over|after|since|by|late|early|until)\s+(?:on\s+)?(?:(?:the|several|a|few|two|three|four"
    r"|five|many|past|last|next|that|this|\d+)\s+){0,3}(?:days?|weeks?|months?|years?|hours?|decades?|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|night|weekend|(?:19|20)\d\d)[, ]+)+",
    re.IGNORECASE,
)
_MAX_WORDS = 14


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Frame:
    """One sentence that attributes: where its cue is, who may be speaking, what kind it reads as."""

    sentence: Sentence
    cue: Span
    kind_hint: ClaimKind | None
    speakers: list[Span] = field(default_factory=list)
    pronoun: bool = False  # the subject is a pronoun: the previous speaker is a candidate too
    cued: bool = False  # a reporting word attributes (not only quotation marks or a speaker noun)
    #: the later sentence that closes this sentence's quotation and names its speakers (None: its own)
    lender: Sentence | None = None
    #: each speaker makes a claim of their own ("Statements of condemnation have come from A, B and C")
    listed: bool = False
    #: a reaction posted or commented, or a commentator's view: "other" when it would be a statement
    commentary: bool = False
    #: the words say who did it ("was likely Iran's doing", "were behind the attack"): an accusation
    #: when no cue names the kind
    names_culprit: bool = False
    #: the words tell of armed men doing violence ("said gunmen opened fire"): an accusation when
    #: no cue names the kind
    armed_doer: bool = False
    #: where the frame's clause begins and ends when its sentence holds two ("He said the toll was
    #: not known, but other sources say 13 were killed"); None: the whole sentence
    start: int | None = None
    end: int | None = None
    #: the second clause of a sentence, with its own speaker: no pronoun after it points to them
    clause: bool = False

    def holds(self, at: int) -> bool:
        """Whether a position of the sentence lies in this frame's clause."""
        return (self.start is None or self.start <= at) and (self.end is None or at < self.end)


def _trim(text: str, start: int, end: int, *, max_words: int = _MAX_WORDS) -> tuple[int, int] | None:
    """The span without surrounding spaces, punctuation, leading connectives; None when empty."""
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip(" \t\n,;:.\"'“”«»()-—"))
    start += lead
    piece = text[start:end]
    leading = _LEADING.match(piece)
    if leading:
        start += leading.end()
    tag = re.match(r"(?:\[[^\]]{1,30}\]\s*)+", text[start:end])  # a transcript's "[TEXT]" is no word of the speaker
    if tag:
        start += tag.end()
    piece = text[start:end]
    end = start + len(piece.rstrip(" \t\n,;:.\"'“”«»()-—"))
    # "Redouane consistently claimed", "Pentagon officials now say"
    adverb = re.search(r"\s+(?:(?:[a-z]+ly|now|then|later|still|again|too)\s+)+$", text[start:end] + " ")
    if adverb and adverb.start() > 0 and not re.search(r"(?i)\b(?:family|ally|italy|bully)\s*$", text[start:end]):
        end = start + adverb.start()
    if end <= start or len(text[start:end].split()) > max_words:
        return None
    return start, end


def _passive(text: str, sentence: Sentence, cue_start: int) -> bool:
    """Whether the cue is a passive participle ("X have been accused"), not a progressive ("X
    are disputing")."""
    return bool(_PASSIVE.search(text[sentence.start : cue_start])) and not re.match(
        r"\w+ing\b", text[cue_start : cue_start + 30]
    )


def _subject_before(text: str, sentence: Sentence, cue_start: int) -> tuple[int, int] | None:
    """The words before the cue back to the nearest clause boundary ("..., the ministry said"),
    without trailing auxiliaries ("the government has not officially commented")."""
    before = text[sentence.start : cue_start]
    if _passive(text, sentence, cue_start):
        return None  # "X have been accused": X is not the speaker
    aside = _ADVERB_ASIDE.search(before)
    if aside:  # "Opposition lawmakers, meanwhile, encouraged": the subject is before the adverb
        cue_start, before = sentence.start + aside.start(), before[: aside.start()]
    tail = _AUXILIARY_TAIL.search(before.rstrip())
    if tail and _BRACKETED_AT_END.search(before[: tail.start()]):
        # "The Tupac Amaru Revolutionary Movement (MRTA) today claimed": past the adverb to the bracket
        cue_start, before = sentence.start + tail.start(), before[: tail.start()]
    short = _BRACKETED_AT_END.search(before)
    if short:  # "The Armed Forces Press Committee (COPREFA) said", "security chief (Amrullah Saleh) said"
        cue_start, before = sentence.start + short.start(), before[: short.start()]
    boundaries = [m.end() for m in _BOUNDARY.finditer(before)]
    # an earlier reporting verb ends a clause too: "Znak.com reported its source said" (the
    # source says, as Znak.com reports); not "told", whose object is the listener
    boundaries += [
        m.end()
        for m in _CUE.finditer(before)
        if m.start() > 0 and m.group(0).lower() not in _NOUN_CUES and not _NOT_SUBJECT.match(m.group(0))
    ]
    start = sentence.start + (max(boundaries) if boundaries else 0)
    relative = _RELATIVE_END.search(text, sentence.start, start)
    if relative is not None and relative.end() == start and not re.search(r"[,;:]", text[start:cue_start]):
        # "A doctor who treated the victims said", "les propos d'un témoin qui a affirmé": the
        # one the relative clause describes speaks, the noun phrase right before it
        described = _subject_before(text, sentence, relative.start())
        if described is None:
            return None
        phrase = _last_noun_phrase(text, described)
        named = _TRAILING_NAME.search(text, phrase[0], phrase[1])
        if _VERB_IN.search(text[phrase[0] : phrase[1]]) and named and named.end() == phrase[1]:
            # "Bozize is close to Chadian President Idriss Deby who accuses": the name before "who"
            return named.start(), named.end()
        return phrase
    joined = re.search(r"(?:^|\s)and\s*$", text[sentence.start : start], re.IGNORECASE)
    if joined and not re.search(r"[,;:\"“”«»()]", text[sentence.start : start]):
        # "The CIA and other intelligence agencies reportedly believe": both are the subject when
        # the sentence opens with a name or a noun of few words
        first = text[sentence.start : sentence.start + joined.start()].split()
        if 0 < len(first) <= 4 and _capital(first[0]) and all(_capital(w) or w.lower() in ("the", "of", "a", "an")
                                                             for w in first):  # fmt: skip
            start = sentence.start
    tail = _AUXILIARY_TAIL.search(text[start:cue_start].rstrip())
    end = start + tail.start() if tail else cue_start
    return _trim(text, start, end, max_words=40)


# What a name is given with in brackets: its short form ("the Armed Forces Press Committee
# (COPREFA)"), or after a role, the person's name ("Afghanistan's security chief (Amrullah Saleh)").
SHORT_FORM = r"\s?\((?:[A-Z][\w.&-]{1,11})\)"
BRACKETED_NAME = r"\s?\((?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3})\)"
_BRACKETED_AT_END = re.compile(rf"(?:{SHORT_FORM}|{BRACKETED_NAME})\s*$")
# An adverb set off by commas between a subject and its verb: "Opposition lawmakers, meanwhile,".
_ADVERB_ASIDE = re.compile(
    r",\s*(?:meanwhile|however|too|also|though|in turn|for (?:its|his|her|their) part|in response|por su parte"
    r"|en tanto|sin embargo|quant à lui|quant à elle|pour sa part|de son côté|cependant|toutefois),\s*$",
    re.IGNORECASE,
)
# What a writer inserts between a subject and its verb, set off by commas: a relative clause
# ("John Smith, who heads the group, said"), an age ("Ahmed Ali, 45, said") or a description
# ("Ahmed Ali, a shopkeeper, said"). The subject is the name before them.
_RELATIVE = re.compile(r"(?:who|which|whose|qui|quien|quienes|el cual|la cual)\b", re.IGNORECASE)
_AGE = re.compile(r"(?:aged\s+)?\d{1,3}", re.IGNORECASE)
_DESCRIPTION = re.compile(
    r"(?:a|an|the|un|una|une)\s+[^\W\d][^,]*"
    # a role set after a name without an article: "Abdurrahman Mangal, spokesperson for the governor,"
    r"|(?:spokes(?:man|woman|person)|head|chief|director|commander|leader|minister|secretary|president|governor"
    r"|member|deputy|mayor|adviser|advisor|ambassador|editor|chair|chairman|chairwoman|founder|professor|analyst"
    r"|portavoz|porte-parole|jefe|director[ae]?|ministr[oe]|président)\b[^,]*",
    re.IGNORECASE,
)


def _past_insertions(text: str, sentence: Sentence, end: int) -> tuple[int, int] | None:
    """The subject before the inserted clauses that end at ``end`` (a comma or the cue); None
    when nothing is inserted. A description names the same person as the name before it, so the
    name alone is offered (one candidate: no question)."""
    inserted = relative = False
    while True:
        comma = text.rfind(",", sentence.start, end)
        if comma < 0:
            break
        segment = text[comma + 1 : end].strip()
        own = _RELATIVE.match(segment)
        if own and not inserted and text[end : end + 1] != "," and segment[own.end() :].strip():
            return None  # "an oil field, which state media said were under control": its own subject
        if not (
            _RELATIVE.match(segment)
            or re.match(r"(?:named|based|known|founded|led|backed|headed|created|formed)\s", segment, re.IGNORECASE)
            # a phrase of circumstance: "Trump, also on Twitter, defended"
            or re.match(
                r"(?:also\s+)?(?:in|on|via|through|during|speaking|writing|according to)\s", segment, re.IGNORECASE
            )
            or _AGE.fullmatch(segment)
            or (_DESCRIPTION.fullmatch(segment) and _names_before(text, sentence, comma))
        ):
            break
        inserted, end = True, comma
        relative = relative or bool(_RELATIVE.match(segment))
    subject = _subject_before(text, sentence, end) if inserted else None
    copula = _COPULA.search(text, subject[0], subject[1]) if subject and relative else None
    if subject and copula:  # "Another was tour manager Thomas Gray, 24, who cited": the relative's own is the name
        return _trim(text, copula.end(), subject[1])
    return subject


# A copula before the name a relative clause describes ("Another was ..., who cited").
_COPULA = re.compile(r"\b(?:was|is|were|are|fue|était|est)\s+", re.IGNORECASE)


_CONNECTIVES = {"also", "however", "but", "meanwhile", "moreover", "furthermore", "separately", "later", "earlier",
                "and", "yet", "still", "instead", "otherwise"}  # fmt: skip
_NOT_NAME_END = {"the", "a", "an", "of", "and", "that", "said", "says", "today", "yesterday", "also", "who", "which"}


def _names_before(text: str, sentence: Sentence, comma: int) -> bool:
    """Whether the words before ``comma`` end in a capitalised name ("Ahmed Ali")."""
    # "Ahmed Ali, 45, a shopkeeper": the age is set aside
    before = re.sub(rf",\s*{_AGE.pattern}\s*$", "", text[sentence.start : comma], flags=re.IGNORECASE)
    words = before.split()[-2:]
    if words and words[-1].casefold().strip(",") in _CONNECTIVES:
        return False  # "Also, a senior member of the NSD told": no name before the description
    # the words since the last comma, or since a wire dateline ("LIMA, 1 FEB 89 (EFE) -- [EXCERPT] IN ...")
    last = re.split(r",|--|\]", before)[-1].strip()
    if _NOT_A_SPEAKER.match(last):
        return False  # "IN ANOTHER DEVELOPMENT, THE COUNCIL ... HAS ISSUED": a phrase, then the subject
    if _WHEN_OPENER.fullmatch(last):
        return False  # "Late Wednesday, the army chief of staff, who ..., announced": a time, then the subject
    if before.isupper():  # all-capital wire text: a name cannot be told by its capitals
        return len(words) == 2 and all(w.isalpha() and w.casefold() not in _NOT_NAME_END for w in words)
    return bool(words) and all(w[:1].isupper() for w in words)


def _opening_subject(text: str, sentence: Sentence) -> tuple[int, int] | None:
    """The words a sentence opens with up to the first clause boundary."""
    first = _BOUNDARY.search(text, sentence.start, sentence.end)
    return _trim(text, sentence.start, first.start() if first else sentence.end) if first else None


def _opening_name(text: str, sentence: Sentence) -> tuple[int, int] | None:
    """The capitalised name a sentence opens with, past a time phrase ("On Thursday, Hatice
    Cengiz, fiancée of ...": Hatice Cengiz); None when it opens otherwise."""
    piece = text[sentence.start : sentence.end]
    leading = _LEADING.match(piece)
    start = sentence.start + (leading.end() if leading else 0)
    start += len(text[start : sentence.end]) - len(text[start : sentence.end].lstrip(" ,"))
    first = _BOUNDARY.search(text, start, sentence.end)
    if first is None:
        return None
    span = _trim(text, start, first.start(), max_words=6)
    if span is None or not _capital(text[span[0] : span[1]]) or text[span[0] : span[1]].isupper():
        return None
    name = _leading_name(text, span)
    words = text[name[0] : name[1]].split()
    return name if words and all(_capital(w) or w in ("of", "de", "bin", "al") for w in words) else None


_APPOSITION = re.compile(r",\s+(?:the\s+)?(?P<name>[A-ZÀ-Ý][^,;:()]{1,60}?)(?:\s+\([^()]{1,15}\))?,")


def _apposition(text: str, sentence: Sentence, end: int) -> tuple[int, int] | None:
    """A name set off by commas right after a subject ("One of these groups, the Syrian
    Democratic Forces (SDF), opposed ...")."""
    match = _APPOSITION.match(text, end, sentence.end)
    if match is None or not all(w[:1].isupper() or (w.islower() and len(w) <= 3) for w in match["name"].split()):
        return None
    return _trim(text, match.start("name"), match.end("name"))


def _head(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """The leading noun phrase of a long subject ("senior commanders with the militia ..." →
    "senior commanders"), when it is shorter than the subject."""
    piece = text[span[0] : span[1]]
    stop = _HEAD_STOP.search(piece, len(piece.split()[0]) if piece.split() else 0)
    if stop is None or len(piece[: stop.start()].split()) < 1:
        return None
    return _trim(text, span[0], span[0] + stop.start())


# Where the words went, set between an inverted verb and its subject in French and Spanish ("a
# déclaré au micro de VOA Afrique le directeur", "dijo a la prensa el portavoz").
_CHANNEL_BEFORE_SUBJECT = re.compile(
    r"\s+(?:au micro (?:de\s+|d['’]\s*)|à\s+|aux\s+|a\s+)(?:la\s+|l['’]\s*|los\s+|las\s+)?[\w'’ -]{2,40}?"
    r"(?=\s+(?:le|la|les|el|los|las|un|une|una)\s|\s+l['’])",
)


# A modal between an inner subject and its verb: what it "would" or "will" do is told, not said, by it.
_INTENT = re.compile(r"\b(?:would|will|shall|could|might|plans? to|intends? to|is to|are to)\b", re.IGNORECASE)


def _after(text: str, sentence: Sentence, cue_end: int) -> tuple[int, int] | None:
    """The words after the cue up to the next boundary ("said Gen. Kurilla, the commander")."""
    channel = _CHANNEL_BEFORE_SUBJECT.match(text, cue_end, sentence.end)
    if channel:  # "a déclaré au micro de VOA Afrique le directeur": the director speaks
        cue_end = channel.end()
    rest = text[cue_end : sentence.end]
    # the full stop of a title is no boundary: "said Mr. Gashikanyi", "said Gen. Kurilla"
    stop = re.search(
        r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bGen)(?<!\bCol)(?<!\bLt)(?<!\bSgt)(?<!\bCapt)(?<!\bMaj)"
        r"(?<!\bGov)(?<!\bSen)(?<!\bRep)(?<!\bProf)(?<!\bRev)(?<!\bSt)(?<!\b[A-Z])\."
        r"|[,;:\"“”«»()]|\b(?:that|who|in|on|at|to|after|before|when|que|qui|en|à)\b",
        rest,
    )
    return _trim(text, cue_end, cue_end + (stop.start() if stop else len(rest)))


def _noun_phrase(text: str, sentence: Sentence, noun_end: int) -> tuple[int, int] | None:
    """A speaker noun with the words before it back to a boundary ("a military source")."""
    before = text[sentence.start : noun_end]
    boundaries = [m.end() for m in _BOUNDARY.finditer(before[:-1])]
    words = before[boundaries[-1] if boundaries else 0 :].split()
    start = noun_end - len(" ".join(words[-5:]))
    return _trim(text, max(sentence.start, start), noun_end)


def _candidates(text: str, sentence: Sentence, matches: list[re.Match[str]]) -> tuple[list[tuple[int, int]], bool]:
    """Speaker spans for one sentence's cues, most likely first, and whether a pronoun speaks."""
    body = text[sentence.start : sentence.end]
    found: list[tuple[int, int]] = []
    pronoun = False
    for match in matches[:3]:
        cue_start, cue_end = sentence.start + match.start(), sentence.start + match.end()
        if match.group(0).lower() in _NOUN_CUES and _ACCORDING_END.search(body, 0, match.start()):
            continue  # the "reports" of "Per reports": read with "per", no subject of its own
        if re.search(r"-(?:il|elle|ils|elles)$", match.group(0).split()[0]):
            pronoun = True  # "dit-il": whoever spoke last
            continue
        according = _ACCORDING.match(body, match.start())
        verb_after = _CUE.match(body, according.end()) if according else None
        if verb_after is not None and verb_after.group(0).lower() not in _NOUN_CUES:
            pronoun = True  # "Según indicaron" (as they said): whoever spoke last
            continue
        if according:
            span = _after(text, sentence, sentence.start + according.end())
            aside = (
                span is not None
                and body[: match.start()].rstrip().endswith(",")
                and _CUE.match(text[span[1] :].lstrip(" ,"), 0) is not None
            )
            if span and not aside:
                found += [span, *filter(None, [_head(text, span)])]
            continue  # "Witnesses, according to The Telegraph, said": the witnesses speak, the paper tells
        if _passive(text, sentence, cue_start):
            agent = _TOLD_BY.match(body, match.start())
            if agent:  # "he was told by Emergencies Minister Yevgeny Zinichev of ...": the agent speaks
                span = _after(text, sentence, sentence.start + agent.end())
                found += [span, *filter(None, [_head(text, span)])] if span else []
            continue  # "X have been accused of ...": no speaker here
        subject = _subject_before(text, sentence, cue_start)
        if subject and match.group(0).lower().endswith("ing"):
            within = re.match(r"(?:with|con|avec)\s+", text[subject[0] : subject[1]], re.IGNORECASE)
            if within:  # "..., with Zinichev describing a real threat": the participle's own subject
                subject = _trim(text, subject[0] + within.end(), subject[1])
        lead = text[sentence.start : cue_start].rstrip()
        tail = _AUXILIARY_TAIL.search(lead)  # "X, which is linked to Y, subsequently claimed": past the adverb
        if tail and tail.start() > 0:
            lead = lead[: tail.start()].rstrip()
        before_insertions = _past_insertions(text, sentence, sentence.start + len(lead) - lead.endswith(","))
        if before_insertions is not None:
            subject = before_insertions  # "John Smith, who heads the group, said": John Smith
        elif subject is None and lead.endswith(","):  # "senior commanders with the militia ..., said"
            inverted = _after(text, sentence, cue_end)
            words = text[inverted[0] : inverted[1]] if inverted else ""
            romance = _ROMANCE_CUE.match(match.group(0)) and _ROMANCE_ARTICLE.match(words)
            if inverted and (_capital(words) or romance) and not words.isupper() and not _VERB_IN.search(words):
                # "The bomb was placed in a market, stated Minister Moammar al-Eryani"; Spanish and
                # French put the speaker after the verb: "..., dijo un responsable del Ministerio"
                found.append(inverted)
                continue
            subject = _subject_before(text, sentence, sentence.start + len(lead) - 1)
            if subject and match.group(0).split()[0].lower().endswith("ing"):
                # "Governor Mujiv Hataman agreed, saying": the name; "On Thursday, Hatice Cengiz,
                # fiancée of ..., addressed reporters in New York, calling for": the one the
                # sentence opens with, not the last words before the participle
                subject = _opening_name(text, sentence) or _leading_name(text, subject)
        if subject is None and re.search(r"\b(?:and|y|et)$", lead, re.IGNORECASE):
            # "The minister, Getachew Reda, put the number of dead at four, and said ...": the
            # sentence's own subject speaks, with its apposition
            subject = _opening_subject(text, sentence)
            named = _apposition(text, sentence, subject[1]) if subject else None
            if named:
                found.append(named)
        if subject and _NOT_A_SPEAKER.match(text[subject[0] : subject[1]]):
            # "Trump, in a statement delivered via the press secretary, announced": the subject
            # is before the inserted phrase
            comma = text.rfind(",", sentence.start, subject[0])
            inserted = comma >= 0 and not text[comma + 1 : subject[0]].strip()
            subject = _subject_before(text, sentence, comma) if inserted else None
        if subject and _SO.fullmatch(text[subject[0] : subject[1]]):
            subject = None  # "Así lo informó Mohammad Radmanesh": the speaker follows the verb
        if subject and _ACCORDING.match(text[subject[0] : subject[1]] + " "):
            pronoun = True  # the verb of "Según indicaron"
            continue
        if subject and _PRONOUNS.match(text[subject[0] : subject[1]]):
            pronoun = True
        elif subject:
            short = _head(text, subject)
            if len(text[subject[0] : subject[1]].split()) <= _MAX_WORDS:
                found.append(subject)
            if short:
                found.append(short)
        elif not _NOT_SUBJECT.match(match.group(0)):
            inverted = _after(text, sentence, cue_end)  # '"...," said Gen. Kurilla'
            if inverted and not _PRONOUNS.match(text[inverted[0] : inverted[1]]):
                found.append(inverted)
    possessed = len(matches) > 1 and re.search(r"\w['’]s?\s+$", body[: matches[1].start()]) is not None
    if len(matches) > 1 and not _ACCORDING.match(body, matches[0].start()) and not possessed:
        # (not a noun someone's: "denied militants' claims that" is the deniers' word)
        # "The French News Agency says M23 rebels also claim ...", "Znak.com reported its source
        # said ...": the inner subject speaks, the outer one only passes it on
        inner = _subject_before(text, sentence, sentence.start + matches[1].start())
        if inner and inner[0] == sentence.start + matches[0].start():  # "Znak.com, claims FSB sources have"
            inner = _trim(text, sentence.start + matches[0].end(), inner[1])
        gap = text[sentence.start + matches[0].end() : inner[0]] if inner else ""
        inner_name = text[inner[0] : inner[1]] if inner else ""
        # "Ebrard said the Mexican government would pressure the US": an intent told by its speaker
        intent = inner is not None and bool(_INTENT.search(text, inner[1], sentence.start + matches[1].end()))
        # a time set before the inner subject leaves it the inner subject: "revealed that in
        # December, Crown Prince Mohammad bin Salman accepted responsibility"
        bare = re.fullmatch(r"\s*(?:that\s+)?(?:(?:in|on|during|last|earlier|later)\s+[\w'’ -]{1,25}?,\s*)?", gap)
        if inner and bare and _could_speak(inner_name) and not intent:
            found = found if _PRONOUNS.match(inner_name) else [inner]
    quotes = list(_QUOTES_AS.finditer(body)) or list(_CITED_THAT.finditer(body))
    if quotes:
        found = []  # "Bloomberg quotes X as saying": whoever quotes is the channel, not the speaker
    for quoted in quotes:  # "Bloomberg quotes a leader, Bekele Nega, as saying"
        name = quoted["who"].split(",")
        for part in (name[-2] if len(name) > 2 else "", quoted["who"]):
            span = _trim(text, sentence.start + quoted.start("who") + quoted["who"].find(part),
                         sentence.start + quoted.start("who") + quoted["who"].find(part) + len(part))  # fmt: skip
            if part.strip() and span:
                found.insert(0, span)
    passives = [m.start() for m in matches if _passive(text, sentence, sentence.start + m.start())]
    for noun in [] if quotes else _SPEAKER_NOUNS.finditer(body):
        if any(noun.start() < at for at in passives) and not _TOLD_BY.search(body, noun.end()):
            continue  # "A resident of Antioch, Rittenhouse is accused of": who is accused, not who accuses
        phrase = _noun_phrase(text, sentence, sentence.start + noun.end())
        if phrase:
            found.append(phrase)
    kept: list[tuple[int, int]] = []
    for span in dict.fromkeys(found):
        by = _AUTHORED_BY.search(text, span[0], span[1])
        if by:  # "a Twitter post by Amy Cook": the author speaks
            span = (by.start("author"), span[1])
        if _DOCUMENT.fullmatch(text[span[0] : span[1]]) and not _NAMED_DOCUMENT.match(text[span[0] : span[1]]):
            owner = _owner(text, sentence, span[0])  # "the statement" speaks for whoever issued it
            if owner is None:
                pronoun = True
                continue
            span = owner
        if _could_speak(text[span[0] : span[1]]) and span not in kept:
            kept.append(span)
    return kept, pronoun


# A document standing for its author: "the statement", "a communique", "the remarks" (of whoever
# spoke last, when no "statement from X" names its author).
_DOCUMENT = re.compile(
    r"(?:the|a|an|this|that|its|their|his|her|le|la|el|un|une)\s+(?:\w+\s+)?(?:statement|communiqu[ée]|declaration"
    r"|document|letter|report|post|tweet|comunicado|déclaration|remarks|comments|propos|declaraciones)",
    re.IGNORECASE,
)
# "The Turkish statement", "the White House statement": the document names its author itself.
_NAMED_DOCUMENT = re.compile(r"\w+\s+[A-ZÀ-Ý]")
_AUTHORED_BY = re.compile(
    r"\b(?:post|tweet|statement|letter|report|message|video|interview)\s+(?:by|from)\s+(?P<author>[A-ZÀ-Ý])"
)
_ISSUED_BY = re.compile(
    r"(?:statement|communiqu[ée]|declaration|letter|comunicado|déclaration)\s+(?:from|by|issued by|of|de|del)\s+"
    r"(?:the\s+)?(?P<owner>[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:of\s+|de\s+)?[A-ZÀ-Ý][\w'’.-]*){0,4})"
)


def _owner(text: str, sentence: Sentence, before: int) -> tuple[int, int] | None:
    """Who issued the document a sentence cites: the nearest "statement from X" in this sentence
    or the two before it (looked up within 600 characters)."""
    window_start = max(0, sentence.start - 600)
    found = list(_ISSUED_BY.finditer(text, window_start, before))
    if not found:
        return None
    last = found[-1]
    owner = re.split(r"\.\s", last["owner"])[0].rstrip(".")  # a name ends where its sentence does
    return last.start("owner"), last.start("owner") + len(owner)


# Words that name who can speak: people, bodies, groups, documents.
_SPEAKER_WORDS = re.compile(
    r"\b(?:officials?|police|spokes\w+|ministry|minister|ministers|army|military|government|governor|president"
    r"|authorities|residents?|witness\w*|group|groups|agency|commanders?|sources?|statement|officers?|forces"
    r"|troops|soldiers|leaders?|chief|director|mayor|report|reports|media|doctors?|medics|hospital|coalition"
    r"|militants?|rebels?|insurgents?|organi[sz]ation|committee|council|observatory|monitor|office|prosecutors?"
    r"|investigators?|experts?|analysts?|people|villagers|survivors?|relatives|family|families|activists?"
    # people around someone, and those who speak for or against a cause
    r"|associates|aides|allies|supporters|lawyers?|attorneys?|critics|opponents|campaigners|colleagues|diplomats?"
    r"|envoys?|negotiators?|lawmakers|legislators|organi[sz]ers|protesters|demonstrators|agencies|rapporteurs?"
    r"|observers|monitors|researchers|embassy|opposition|party|movement"
    r"|autorités|porte-parole|source|responsables?|gouvernement|armée|ministère|habitants?|témoins?"
    r"|militaires|soldats|policiers|gendarmes|médecins|officiels|élus|manifestants|rebelles|proches|avocats?"
    r"|autoridades|portavoz|fuentes?|gobierno|ejército|ministerio|policía|vecinos|testigos|militares|soldados"
    r"|funcionarios|oficiales|médicos|residentes|manifestantes|rebeldes|familiares|abogados?|legisladores"
    r"|activistas|insurgentes|talibanes"
    # one person by office: "el ministro de defensa", "le maire de la commune"
    r"|ministros?|presidentes?|jefes?|comandantes?|gobernador(?:es)?|alcaldes?|director(?:es)?|funcionario|oficial"
    r"|voceros?|testigo|vecino|residente|médico|ministres?|président|chefs?|commandants?|gouverneurs?|maires?"
    r"|directeurs?|préfets?|témoin|habitant|médecin|officiel|policier|militaire|soldat)\b",
    re.IGNORECASE,
)


# A speaker is a noun phrase: not a prepositional phrase ("in a statement delivered via ...",
# "of Hispanic people") and not a clause with its own verb ("Oromia is one of ... states").
# A time a sentence opens with: "Late Wednesday", "On Sunday morning", "Yesterday", "In March".
_WHEN_OPENER = re.compile(
    r"(?:(?:late|early|on|last|this|next|in|by|until|since)\s+)*(?:(?:monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|yesterday|today|tonight|january|february|march|april|may|june|july|august|september"
    r"|october|november|december|week|month|year|weekend)(?:\s+(?:morning|afternoon|evening|night|\d{1,2}))?)",
    re.IGNORECASE,
)
_NOT_A_SPEAKER = re.compile(
    r"^(?:in|of|on|at|into|for|from|with|via|to|au|à|dans|en|de|del|con|por|para)\b"
    r"|\b(?:is|are|was|were|est|sont|es|son)\b",
    re.IGNORECASE,
)


# A noun phrase does not end in an article or a preposition ("expresó preocupación de", "Turkey
# has an"), and holds no reporting verb after its first word ("... Taliban took credit", "a
# source speaking to the agency denied the") and does not open with "according to": such a span
# runs past the speaker into the clause. Words that are nouns as well as verbs ("Media reports") are kept.
_OPEN_END = re.compile(
    r"\b(?:a|an|the|of|to|by|for|with|and|or|de|del|du|des|la|le|les|el|los|las|que|et|y)$", re.IGNORECASE
)
_ACCORDING_END = re.compile(r"\b(?:according to|per|by)\s+(?:media\s+)?$", re.IGNORECASE)
_NOUN_CUES = frozenset({"report", "reports", "claims", "statement", "read", "posted", "quoted"})


def _runs_into_clause(name: str) -> bool:
    if _OPEN_END.search(name) or _ACCORDING.match(name):
        return True
    first = len(name.split()[0]) if name.split() else 0
    return any(m.start() >= first and m.group(0).lower() not in _NOUN_CUES for m in _CUE.finditer(name))


# "Así lo", "Eso": what was told, before a Spanish verb whose speaker follows it.
_SO = re.compile(r"(?:as[íi]|eso|esto)(?:\s+lo)?|lo", re.IGNORECASE)
# Spanish and French reporting verbs, after which the speaker comes with its article.
_ROMANCE_CUE = re.compile(
    r"(?:dijo|dijeron|afirmó|afirmaron|informó|informaron|señaló|señalaron|indicó|indicaron|explicó|añadió"
    r"|agregó|declaró|declararon|aseguró|precisó|a (?:dit|déclaré|affirmé|indiqué|précisé|expliqué|ajouté)"
    r"|ont (?:dit|déclaré|affirmé|indiqué)|selon)$",
    re.IGNORECASE,
)
_ROMANCE_ARTICLE = re.compile(r"(?:un|una|unos|unas|el|la|los|las|le|les|une|des)\s|l['’]", re.IGNORECASE)
# A run of capitalised words ending a span: "Chadian President Idriss Deby".
_TRAILING_NAME = re.compile(r"(?:[A-Z][\w.'’-]*\s+(?:(?:of|the|de|du|del|al)\s+)?)*[A-Z][\w.'’-]*$")
_VERB_IN = re.compile(r"\b(?:has|have|had|is|are|was|were|will|would|\w+ed)\b")


def _leading_name(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The capitalised words a clause opens with, when a lower-case word (its verb) follows them
    ("Regional Governor Mujiv Hataman agreed" → the name); the span itself otherwise."""
    words = list(re.finditer(r"\S+", text[span[0] : span[1]]))
    if text[span[0] : span[1]].isupper() or not words or not _capital(words[0].group(0)):
        return span
    for word in words[1:]:
        if not _capital(word.group(0)) and word.group(0) not in ("of", "de", "the", "bin", "al", "and"):
            return span[0], span[0] + len(text[span[0] : span[0] + word.start()].rstrip())
    return span


def _capital(word: str) -> bool:
    """A capitalised word, after a particle a name may open with ("al-Eryani", "d'Estaing")."""
    return re.match(r"(?:(?:al|el|ad|as|ash|an|ar|az|ibn|bin|abu|d)[-'’])?[A-ZÀ-Ý]", word) is not None


# A span with an auxiliary of its own is a clause, not a name ("having carried out a dynamite
# attack", "The Front had sent the police a plan", "would have allowed the government to"); in
# mixed case only a lower-case auxiliary counts ("Will Hurd" is a name). A subject that says
# nobody spoke ("No organization claimed credit", "Neither the police nor ...") is no speaker.
_AUXILIARY = re.compile(r"\b(?:has|have|had|having|been|will|would|could|should|shall|might|must|did|does)\b")
_NOBODY_WORDS = r"(?:no|none|nobody|neither|nadie|ningún|ninguna|aucun|aucune|personne)\b"
_NOBODY = re.compile("^" + _NOBODY_WORDS, re.IGNORECASE)


_POSSESSIVES = {"its", "his", "her", "their", "our", "my", "your", "sus", "su", "leur", "leurs", "son", "sa", "ses"}


def _could_speak(name: str) -> bool:
    """Whether a span can name a speaker: a capitalised name or a word for people or bodies."""
    words = name.split()
    if not words or (
        words[0].lower() in ("to", "of", "with", "by", "from", "for", "into", "a", "the") and len(words) == 1
    ):
        return False
    if name.casefold() in _CONNECTIVES or _NOT_A_SPEAKER.search(name) or _runs_into_clause(name):
        return False
    if len(words) > 1 and re.search(r"(?i)\s(?:that|que)\s", name):
        return False  # "told VOA that Russia's claim is ...": a clause, not who speaks
    if name.casefold() in _POSSESSIVES or name.casefold() in ("these", "those", "this", "that", "such"):
        return False  # "Their demands have included ...", "These allegations are false": not who
    if re.match(r"(?i)(?:i|we|you|he|she|it|they)['’](?:m|re|s|ve|d|ll)\b", name):
        return False  # "I'm a resident of Jalalabad": a speaker's own words, not who speaks
    if _AUXILIARY.search(name.lower() if name.isupper() else name) or _NOBODY.match(name):
        return False
    capitalised = any(_capital(w) for w in words[1:]) or (_capital(words[0]) and len(words) <= 3)
    return capitalised or bool(_SPEAKER_WORDS.search(name))


# An appeal word after an infinitive marker says what someone set out to do, not what a speaker
# asks ("a march to demand the truth", "visant à exiger"); "was quick to deny" still denies.
_NOT_REPORTING = re.compile(r"\b(?:to|à|pour|para|de)\s+$", re.IGNORECASE)
# A reporting word said not to have happened ("has not officially commented", "did not say"):
# the absence of a statement is no claim (the codebook's "no comment" is a refusal, not this).
_NEGATED = re.compile(
    r"\b(?:not|never|n't|no|pas|jamais)\s+(?:\w+ly\s+|yet\s+|been\s+|immediately\s+){0,2}$|\bno\s+(?:ha|han)\s+$",
    re.IGNORECASE,
)
# A cue whose subject says nobody spoke ("No group has claimed responsibility", "Neither the
# police nor the army commented"): no one made the claim.
_NOBODY_SPOKE = re.compile(
    rf"(?:^|[,;:]\s*|\b(?:but|and|while|as|pero|mais)\s+){_NOBODY_WORDS}[^,;:.]{{0,60}}$",
    re.IGNORECASE,
)
# Turning down a plan or a request ("rejected the proposal", "a plan ..., which they rejected")
# answers no one's claim: no denial.
_REQUESTS = (
    r"(?:plans?|proposals?|requests?|offers?|applications?|bids?|bills?|deals?|permits?|resignations?|appeals?"
    r"|invitations?|motions?|petitions?|demands?)"
)
_REFUSED_REQUEST = re.compile(
    rf"(?:reject\w*|dismiss\w*|rechaz\w+|rejet\w*)\s+(?:(?:the|a|an|this|that|his|her|their|its|our)\s+)?"
    rf"(?:[\w'’-]+\s+){{0,2}}?{_REQUESTS}\b",
    re.IGNORECASE,
)
_REQUEST_REFUSED = re.compile(rf"\b{_REQUESTS}\b[^.;]{{0,60}}\b(?:which|that)\s+(?:\w+\s+){{0,2}}$", re.IGNORECASE)


def _turns_down_request(body: str, cue: re.Match[str]) -> bool:
    return bool(_REFUSED_REQUEST.match(body, cue.start()) or _REQUEST_REFUSED.search(body, 0, cue.start()))


# "The violence has claimed the lives of thousands": a toll, not a claim.
# A correspondent's lead-in ("As Nick Wadhams reports from Nairobi, the rebels say"): the
# reporter tells the story; the speaker is the main clause's subject.
_REPORTER_LEAD = re.compile(r"\s*(?:As|Comme|Como)\s+(?:[A-ZÀ-Ý][\w.'’-]*\s+){1,4}$")

_CLAIMED_LIVES = re.compile(r"claim(?:ed|s|ing)?\s+(?:the\s+)?li(?:fe|ves)\b", re.IGNORECASE)


def _kind(match: re.Match[str]) -> ClaimKind | None:
    """The claim kind of the cue group a match came from."""
    return next((_KIND_CUES[int(g[1:])][0] for g, v in match.groupdict().items() if v), None)


def _quoted(body: str) -> list[tuple[int, int]]:
    """The quoted stretches of a sentence: between paired quotation marks, from an opening mark
    left open to the end, from the start to a closing mark that was opened in an earlier sentence."""
    marks = [(m.start(), m.group(0)) for m in re.finditer(r"[\"“”«»]", body)]
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    for at, mark in marks:
        # a straight mark closes what is open, or what an earlier sentence opened when it
        # follows a word ('killed," he said')
        closing = mark in "”»" or (mark == '"' and (opened is not None or (at > 0 and not body[at - 1].isspace())))
        if closing:
            regions.append((0 if opened is None else opened, at))
            opened = None
        else:
            opened = at
    if opened is not None:
        regions.append((opened, len(body)))
    return regions


# A named doer of the act, in mixed-case text: "Taliban insurgents had recently planted the bomb",
# "Sudan's government launched attacks" (not "the assailants carried out the attack").
_NAMED_DOER = re.compile(
    r"\b(?!(?:The|A|An|This|That|These|Those|Their|Its|His|Her|Our|Some|Many|Several|Unknown|Unidentified)\b)"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}(?:\s+(?:insurgents|militants|rebels|fighters|forces|troops|soldiers"
    r"|government|army|military|police|militia|gunmen))?\s+(?:had\s+|have\s+|has\s+)?(?:recently\s+|also\s+)?"
    r"(?:planted|detonated|set off|launched|staged|carried out|masterminded|orchestrated)\s+(?:the\s+|a\s+|an\s+"
    r"|this\s+|these\s+)?(?:\w+\s+)?(?:bombs?|devices?|explosives?|attacks?|blasts?|bombings?|assaults?|ambush(?:es)?"
    r"|raids?|strikes?)\b"
)


# A name in mid-sentence doing violence to someone: "Tamim claimed Houthis have attacked journalists".
_NAMED_ATTACKER = re.compile(
    r"(?<=[a-z,] )(?!(?:The|A|An|This|That|These|Those|Their|Its|His|Her|Our|Some|Many|Several|Unknown|Unidentified"
    r"|I|We|He|She|They)\b)[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}\s+(?:had\s+|have\s+|has\s+)?(?:repeatedly\s+|also\s+)?"
    r"(?:attacked|targeted|killed|kidnapped|abducted|shelled|bombed|massacred|executed)\s+(?!(?:by|in|on)\b)"
)


# Armed men doing violence, told as someone's account: "the spokesman said gunmen opened fire",
# "officials say Taliban forces now fire on international troops", "activists said pro-government
# forces had attacked demonstrators". Not a speaker's own men ("its forces killed 14 militants").
_ARMED_DOER = re.compile(
    r"(?<!\bits )(?<!\btheir )(?<!\bour )(?<!\bhis )(?<!\bher )(?<!\bmy )"
    r"\b(?:(?!(?:its|their|our|his|her|my)\b)[\w.'’-]+\s+){0,2}(?:gunmen|troops|soldiers|forces|militants|rebels|insurgents|fighters|militiam[ae]n"
    r"|militias?|police(?:men)?|attackers|assailants)\s+(?:had\s+|have\s+|has\s+|now\s+|then\s+|also\s+|repeatedly\s+)*"
    r"(?:opened fire|fired on|fire on|fired at|fire at|shot at|shot dead|attacked|killed|massacred|executed|tortured"
    r"|abducted|kidnapped|burned|torched|shelled|bombed|raped|beat|stormed)\b",
    re.IGNORECASE,
)


# Where a sentence turns to a second speaker: "..., but other sources say", "..., while the
# rebels claim", "..., with officials reporting", "...; the army said".
_CLAUSE_TURN = re.compile(
    r"(?:[,;]\s*|\s+)(?:but|while|whereas|with|although|though|yet|mientras|pero|alors que|tandis que|mais)\s+"
    r"|[,;]\s*(?:and|y|et|however,?|sin embargo,?|cependant,?)\s+|;\s+",
    re.IGNORECASE,
)


def _second_clause(text: str, sentence: Sentence, matches: list[re.Match[str]], main: Frame) -> Frame | None:
    """The frame of a second reporting clause with a speaker of its own ("He said casualty figures
    were not known, but other sources say 13 more people were killed"): its own cue, kind and
    speaker, and the words after the turn as its clause; the main frame keeps what comes before."""
    body = text[sentence.start : sentence.end]
    if not matches or main.listed:
        return None
    for match in matches[1:]:
        turns = list(_CLAUSE_TURN.finditer(body, matches[0].end(), match.start()))
        if not turns:
            continue
        turn = turns[-1]
        according = _ACCORDING.match(body, match.start())
        if according and match.start() == turn.end():
            span = _after(text, sentence, sentence.start + according.end())
        elif match.start() > turn.end():
            lead = body[turn.end() : match.start()].rstrip()
            tail = _AUXILIARY_TAIL.search(lead)
            begin = sentence.start + turn.end()
            span = _trim(text, begin, begin + (tail.start() if tail else len(lead)))
        else:
            continue
        if span is None:
            continue
        name = text[span[0] : span[1]]
        if _PRONOUNS.match(name) or not _could_speak(name) or len(name.split()) > 8 or "," in name:
            continue  # not "with the United States increased last month, as reported"
        split = sentence.start + turn.start()
        own = [s for s in main.speakers if s.end <= split]
        if not own and not main.pronoun:
            continue  # the sentence's only speaker is this one: one frame
        main.end, main.speakers = split, own
        before = [m for m in matches if sentence.start + m.start() < split]
        main.kind_hint = _finite_kind(before)
        cue = Span(sentence.start + match.start(), sentence.start + match.end())
        second = Frame(sentence, cue, _kind(match), [Span(*span)], cued=True, start=split, clause=True)
        second.names_culprit = bool(_NAMES_CULPRIT.search(text, split, sentence.end))
        return second
    return None


# Who passes on what others say rather than saying anything: a news outlet or a report.
_CHANNEL = re.compile(
    r"(?i)\b(?:news|agency|radio|television|tv|newspaper|media|reports?|press|reuters|afp|bbc|cnn|associated press"
    r"|al[- ]jazeera|wire|broadcaster|daily|times|post)\b"
)


def _relayed_claim(text: str, sentence: Sentence, matches: list[re.Match[str]], main: Frame) -> Frame | None:
    """A responsibility claim an official passes on ("Afghan President Ashraf Ghani says the
    Islamic State group has claimed responsibility"): the official's statement and the group's
    claim, two claims; a news outlet passing it on only carries the group's."""
    if main.kind_hint != ClaimKind.RESPONSIBILITY_CLAIM or len(matches) < 2 or main.listed:
        return None
    outer, inner = matches[0], matches[1]
    if _kind(outer) is not None or _kind(inner) != ClaimKind.RESPONSIBILITY_CLAIM:
        return None
    said_by = _subject_before(text, sentence, sentence.start + outer.start())
    if (
        said_by is None
        or not _could_speak(text[said_by[0] : said_by[1]])
        or _CHANNEL.search(text[said_by[0] : said_by[1]])
    ):
        return None
    claimants = [s for s in main.speakers if s.start > said_by[1]]
    if not claimants:
        return None
    split = claimants[0].start
    second = Frame(sentence, Span(sentence.start + inner.start(), sentence.start + inner.end()),
                   ClaimKind.RESPONSIBILITY_CLAIM, claimants, cued=True, start=split, clause=True)  # fmt: skip
    main.kind_hint, main.speakers, main.end = None, [Span(*said_by)], split
    return second


# A denial told in a relative clause after an accusation: "Qawi was accused of inciting the murder,
# which he denied", "..., a charge the group denies", "..., an accusation Moscow has rejected".
_RELATIVE_DENIAL = re.compile(
    r",\s+(?:which|(?:a|an)\s+(?:charge|accusation|allegation|claim)(?:\s+that)?)\s+"
    r"(?P<who>[\w'’.-]+(?:\s+[\w'’.-]+){0,4}?)\s+(?:has\s+|have\s+|had\s+|also\s+|strongly\s+|repeatedly\s+)*"
    r"(?:denied|denies|deny|rejected|rejects|dismissed|dismisses)\b",
    re.IGNORECASE,
)
# Who is accused: "accused the rebels of", or the subject of "X was accused".
_ACCUSED_OBJECT = re.compile(r"\baccus\w*\s+(?P<who>(?:the\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,3}?)\s+of\b", re.IGNORECASE)
_ACCUSED_SUBJECT = re.compile(
    r"^(?P<who>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,3}?)\s+(?:was|were|has been|have been|had been)\s+(?:\w+\s+)?accus",
)


# What a speaker goes on to say after denying: ", but said 12 Taliban insurgents were killed".
_BUT_SAID = re.compile(
    r"[,;]?\s+(?:but|and|while)\s+(?:also\s+)?(?:said|says|added|adds|confirmed|confirms|acknowledged|admitted"
    r"|reported|insisted|maintained|dijo|afirmó|añadió|a (?:dit|affirmé|ajouté|reconnu))\b",
    re.IGNORECASE,
)


def _denial_then_account(text: str, sentence: Sentence, main: Frame) -> Frame | None:
    """The second claim of a speaker who denies one thing and tells another in the same sentence
    ("NATO denied any civilian deaths, but said 12 Taliban insurgents were killed"): the same
    speakers, the clause after the turn, its kind read from its own words."""
    if main.kind_hint != ClaimKind.DENIAL or not (main.speakers or main.pronoun) or main.end is not None:
        return None
    turn = _BUT_SAID.search(text, main.cue.end, sentence.end)
    if turn is None:
        return None
    split = turn.start()
    main.end = split
    cue = Span(turn.end() - len(turn.group(0).split()[-1]), turn.end())
    second = Frame(sentence, cue, None, list(main.speakers), main.pronoun, cued=True, start=split, clause=True)
    second.names_culprit = bool(_NAMES_CULPRIT.search(text, split, sentence.end))
    return second


def _relative_denial(text: str, sentence: Sentence, main: Frame) -> Frame | None:
    """The denial an accusation's sentence ends with ("..., which he denied"): a claim of its own,
    by whoever denies (a pronoun: whoever was accused), after the accusation's clause."""
    if main.kind_hint != ClaimKind.ACCUSATION or main.listed:
        return None
    body = text[sentence.start : sentence.end]
    denial = _RELATIVE_DENIAL.search(body)
    if denial is None:
        return None
    who: tuple[int, int] | None = denial.span("who")
    if _PRONOUNS.match(denial["who"]):
        accused = _ACCUSED_OBJECT.search(body, 0, denial.start()) or _ACCUSED_SUBJECT.search(body, 0, denial.start())
        who = accused.span("who") if accused else None
    if who is None or not _could_speak(body[who[0] : who[1]]):
        return None
    split = sentence.start + denial.start()
    verb = Span(sentence.start + denial.end() - len(denial.group(0).split()[-1]), sentence.start + denial.end())
    speaker = Span(sentence.start + who[0], sentence.start + who[1])
    second = Frame(sentence, verb, ClaimKind.DENIAL, [speaker], cued=True, start=split, clause=True)
    main.end = split
    main.speakers = [s for s in main.speakers if s.end <= split]
    if _PRONOUNS.match(denial["who"]):
        main.pronoun = False  # "he" is who denies, not who accuses
    return second


def _finite_kind(matches: list[re.Match[str]]) -> ClaimKind | None:
    """The kind the most specific cue names; a participle ("while condemning ...") only when no
    finite verb names one."""
    kinds = [(kind, m.group(0)) for m in matches if (kind := _kind(m)) is not None]
    # "These allegations are ... false": the accusation named is what is denied
    kinds = (
        [(k, w) for k, w in kinds if not _ACCUSATION_NOUN.fullmatch(w)]
        if any(k == ClaimKind.DENIAL for k, _ in kinds)
        else kinds
    )
    finite = [kind for kind, word in kinds if not word.lower().endswith("ing")]
    return next(iter(finite or [kind for kind, _ in kinds]), None)


_ACCUSATION_NOUN = re.compile(r"(?i)allegations?|accusations?|acusaci[óo]n(?:es)?")


def _closes_earlier_quote(body: str) -> bool:
    """Whether a sentence ends a quotation that began before it (a closing mark with no opening)."""
    closing = body.rstrip()
    if not closing.endswith(('"', "”", "»")):
        return False
    opening, ending = closing.count("“") + closing.count("«"), closing.count("”") + closing.count("»")
    return ending > opening or (not opening and not ending and closing.count('"') % 2 == 1)


def leaves_quote_open(body: str) -> bool:
    """Whether a sentence opens a quotation it does not close (the quotation runs on)."""
    regions = _quoted(body)
    return bool(regions) and regions[-1][1] == len(body)  # a closed quotation ends at its mark


# A correspondent's tag: a name reporting from a place, or having more, and nothing else.
_REPORTER_TAG = re.compile(
    r"^(?:[^.,;:\"“”\s]+\s+){0,3}?[A-Z][\w'’-]+\s+[A-Z][\w'’-]+\s+"
    r"(?:reports|is reporting|has more|has this report|files this report|tells us more)"
    r"(?:\s+(?:from|for)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}){0,2}\.?$"
)


def find_frames(text: str, sentences: list[Sentence]) -> list[Frame]:
    """The frames of the article, one per attributing sentence, in order. A sentence quoted
    without a cue of its own ("This weekend ... killed four of our fighters.") takes the speakers
    of the sentence that closes its quotation."""
    frames: list[Frame] = []
    for sentence in sentences:
        body = text[sentence.start : sentence.end]
        if _REPORTER_TAG.match(body):
            continue  # "VOA's Barry Newhouse reports from Kabul.": who wrote the story, saying nothing
        listed = _listed_speakers(text, sentence)
        if listed is not None:
            frames.append(listed)
            continue
        matches = [m for m in _CUE.finditer(body) if not _CLAIMED_LIVES.match(body, m.start())
                   and not (_kind(m) == ClaimKind.APPEAL and _NOT_REPORTING.search(body, 0, m.start()))
                   and not _NEGATED.search(body, 0, m.start())
                   and not _NOBODY_SPOKE.search(body, 0, m.start())
                   and not _REPORTER_LEAD.match(body, 0, m.start())
                   and not (_kind(m) == ClaimKind.DENIAL and _turns_down_request(body, m))]  # fmt: skip
        inside = _quoted(body)
        # a reporting word inside a quotation tells what the quoted speaker does, but its subject
        # is no speaker ("As I have stated before")
        outside = [m for m in matches if not any(a <= m.start() < b for a, b in inside)]
        # a quotation of a few words inside narration ('to evacuate "critically wounded" people') is
        # a phrase in quotation marks, not someone's words
        quoted = re.search(r"[\"“«](?:[^\"“”«»\s]+\s+){3,}[^\"“”«»]*", body) or body.rstrip().endswith(('"', "”", "»"))
        nouns = _SPEAKER_NOUNS.search(body)
        if not matches and not quoted and not nouns:
            continue
        if not matches and not quoted and any(_NEGATED.search(body, 0, m.start()) for m in _CUE.finditer(body)):
            continue  # "official sources have not disclosed who ...": nothing is attributed
        # The kind a sentence reads as comes from its most specific cue.
        # A participle ("while condemning ..., calls on") names a side remark, not what is done.
        hint = _finite_kind(matches)
        spans, pronoun = _candidates(text, sentence, outside)
        first = (outside or matches)[0] if matches else nouns
        cue = (
            Span(sentence.start + first.start(), sentence.start + first.end())
            if first
            else Span(sentence.start, sentence.start)
        )
        frame = Frame(sentence, cue, hint, [Span(a, b) for a, b in spans[:6]], pronoun, bool(outside))
        frame.commentary = bool(_COMMENTARY.search(body))
        frame.names_culprit = bool(
            _NAMES_CULPRIT.search(body)
            or (not body.isupper() and (_NAMED_DOER.search(body) or _NAMED_ATTACKER.search(body)))
        )
        frame.armed_doer = not body.isupper() and bool(_ARMED_DOER.search(body))
        frames.append(frame)
        second = (
            _second_clause(text, sentence, outside, frame)
            or _relayed_claim(text, sentence, outside, frame)
            or _relative_denial(text, sentence, frame)
            or _denial_then_account(text, sentence, frame)
        )
        if second is not None:
            frames.append(second)
    for n, frame in enumerate(frames):
        body = text[frame.sentence.start : frame.sentence.end]
        if not frame.speakers and not frame.pronoun and re.search(r"[\"“”«»]", body):
            opened = frames[n - 1] if n else None
            if (
                opened is not None
                and opened.speakers
                and opened.sentence.number == frame.sentence.number - 1
                and leaves_quote_open(text[opened.sentence.start : opened.sentence.end].rstrip())
            ):
                # 'X said: "The lives were threatened. To save them, he fired."': the quotation
                # the sentence before opened and left open is X's
                frame.speakers = list(opened.speakers)
                continue
            if _closes_earlier_quote(body):
                # '... ALAS SAID, "A ROCKET FELL ON A HOUSE. [...] THERE WAS A LOT OF FIRE."': the
                # quotation an earlier sentence opened is that speaker's, not the next speaker's
                opener = next(
                    (f for f in reversed(frames[max(0, n - 3) : n])
                     if leaves_quote_open(text[f.sentence.start : f.sentence.end].rstrip())),
                    None,
                )  # fmt: skip
                if opener is not None and frame.sentence.number - opener.sentence.number <= 3:
                    frame.speakers, frame.pronoun = list(opener.speakers), opener.pronoun and not opener.speakers
                continue
            later = next((f for f in frames[n + 1 : n + 4] if f.speakers or f.pronoun), None)
            if (
                opened is not None
                and opened.speakers
                and opened.sentence.number == frame.sentence.number - 1
                and not leaves_quote_open(body.rstrip())
                and _same_paragraph(text, opened.sentence, frame.sentence)
                and (later is None or not _same_paragraph(text, frame.sentence, later.sentence))
            ):
                # '"These attacks are our right," Saree said. "We have the right to strike back."':
                # a whole quotation after an attributed one in its paragraph is the same speaker's
                # more words; a speaker named in a later paragraph never owns it
                frame.speakers, frame.pronoun = list(opened.speakers), opened.pronoun
                continue
            if later is not None and later.pronoun and not later.speakers:
                # '"The explosion was very powerful. The whole building has collapsed," he said':
                # whoever "he" is, the previous speaker
                if later.sentence.number - frame.sentence.number <= 3:
                    frame.pronoun = True
                    if leaves_quote_open(body.rstrip()):
                        frame.lender = later.sentence
                continue
            if later is not None and later.sentence.number - frame.sentence.number <= 3:
                frame.speakers = list(later.speakers)
                if leaves_quote_open(body.rstrip()):
                    frame.lender = later.sentence
    return frames


# What a denial names as the thing it denies, with whose it is: "denied a Honduran radio
# station's report", "disputing police reports", "rejected claims by the army", "an attack
# official sources had attributed to them". The owner made a claim the denial contests, in the
# denial's own sentence.
_DENIED_NOUN = (
    r"(?:reports?|claims?|accounts?|accusations?|allegations?|assertions?|statements?|figures?|tolls?|version"
    r"|charges?|informes?|versi[óo]n|acusaci[óo]n(?:es)?|afirmaci[óo]n(?:es)?|cifras?|rapports?|accusations?"
    r"|affirmations?|bilans?)"
)
_OWNER = r"(?P<owner>(?:[^\W\d][\w.'’-]*\s+){0,5}?[^\W\d][\w.-]*)"
_DENIED_REPORT = [
    # "X's report", "X’s claims"
    re.compile(rf"\b(?:the\s+|a\s+|an\s+)?{_OWNER}['’]s?\s+(?:\w+\s+)?{_DENIED_NOUN}\b", re.IGNORECASE),
    # "reports by X", "claims from X", "informes de X"
    re.compile(
        rf"\b{_DENIED_NOUN}\s+(?:by|from|of|made by|issued by|de|del|de la|des|du)\s+(?:the\s+|la\s+|el\s+|les\s+)?"
        rf"(?P<owner>[^,;:.\"“”«»()]{{2,60}}?)(?=\s+(?:that|of|about|on|over|according|as|who|which|que|qui|sur|comme|como)\b|[,;:.\"“”«»()]|$)",
        re.IGNORECASE,
    ),
    # "police reports", "Taliban claims", "army figures"
    re.compile(rf"(?P<owner>\b[^\W\d][\w.-]*(?:\s+[^\W\d][\w.-]*)?)\s+{_DENIED_NOUN}\b", re.IGNORECASE),
    # "an attack official sources had attributed to them", "which the army blamed on them"
    re.compile(
        r"\b(?:which|that|an?\s+\w+|que)\s+(?P<owner>(?:[^\W\d][\w.'’-]*\s+){1,6}?)(?:had\s+|has\s+|have\s+)?"
        r"(?:attributed|blamed|pinned|imputed|atribuy\w+|imput\w+)\s+(?:to|on)\s+(?:them|him|her|it|the\s+\w+)\b",
        re.IGNORECASE,
    ),
]
_OBJECT_PATTERNS = 3  # the first three name the cue's object; the last may come later
_OBJECT_GAP = re.compile(r"\s*(?:[^\W\d][\w'’-]*\s+){0,3}", re.IGNORECASE)
# Words before a denied noun that do not own it ("denied the reports", "denied these claims").
_NOT_OWNER = re.compile(
    r"^(?:the|a|an|these|those|such|this|that|all|any|some|recent|earlier|initial|media|news|press|false"
    r"|unfounded|baseless|previous|first|latest|new|other|his|her|their|its|our|your|my|reports?|claims?"
    r"|la|el|los|las|les|le|des|de|ces|denied|denies|deny|denying|rejected|rejects|rejecting|disputed"
    r"|disputes|disputing|dismissed|dismisses|refuted|contradicted|contradicts|contradicting)$",
    re.IGNORECASE,
)


# News media, whose reports a denial may name ("a local radio station's report").
_NEWS_MEDIA = re.compile(r"(?i)\b(?:radio|stations?|newspapers?|television|channels?|broadcasters?|outlets?|media)\b")


def denied_report(text: str, sentence: Sentence, cue: Span) -> tuple[Span, bool] | None:
    """Whose report a denial denies, when its sentence says so after the cue (the owner's span),
    and whether the noun names a toll ("figures", "toll") rather than a report or accusation."""
    after = cue.end if sentence.start <= cue.start < sentence.end else sentence.start
    for n, pattern in enumerate(_DENIED_REPORT):
        match = pattern.search(text, after, sentence.end)
        if match is None:
            continue
        if n < _OBJECT_PATTERNS and not _OBJECT_GAP.fullmatch(text[after : match.start()]):
            continue  # the noun must be what is denied, right after the cue: not "denied the
            # accusation, which was backed by a statement from the Platform"
        words = match["owner"].split()
        # "told VOA the militants' claim": the owner begins after the last article
        articles = [k for k, w in enumerate(words[:-1]) if w.casefold() in ("the", "a", "an")]
        words = words[articles[-1] + 1 :] if articles else words
        while words and _NOT_OWNER.match(words[0]):
            words = words[1:]
        if not words or any(_NOT_OWNER.match(w) for w in words[-1:]):
            continue
        start = match.start("owner") + match["owner"].index(words[0])
        trimmed = _trim(text, start, start + len(" ".join(words)))
        if trimmed is None or _PRONOUNS.match(text[trimmed[0] : trimmed[1]]):
            continue
        owner = text[trimmed[0] : trimmed[1]]
        if not _could_speak(owner) and not _NEWS_MEDIA.search(owner):
            continue  # "denied reports of protests in the capital": what was reported, not who
        toll = bool(re.search(r"figures?|tolls?|cifras?|bilans?", match.group(0), re.IGNORECASE))
        return Span(*trimmed), toll
    bare = _BARE_REPORTS.match(text, after, sentence.end)
    if bare is not None:
        # "denying reports that they massacred over 400 people": the reports made the claim denied
        return Span(bare.start("owner"), bare.end("owner")), False
    return None


# Reports with no owner named, right after the denial's cue: "denying reports that", "denied media reports of".
# Reports named by no owner: the words a bare-reports owner span holds.
BARE_REPORTS = r"(?:(?:media|news|press)\s+)?reports"
_BARE_REPORTS = re.compile(rf"\s+(?:the\s+)?(?P<owner>{BARE_REPORTS})\s+(?:that|of)\b", re.IGNORECASE)


# Claims of one kind credited to a list of speakers: "Statements of condemnation have come from
# the OIC head, Pope Francis and a spokesperson for the president", "Similar attributions of
# responsibility were made by Saba and al-Eryani".
_LISTED = re.compile(
    r"\b(?P<noun>statements?|expressions?|messages?|words?|attributions?|calls?|condemnations?|condolences"
    r"|tributes?|accusations?|denials?)\s+(?:of\s+(?P<what>[^\W\d][\w\s]{0,30}?)\s+)?(?:have\s+|has\s+|had\s+)?"
    r"(?:also\s+)?(?:come|came|poured\s+in|been\s+(?:made|issued|voiced|expressed|received)"
    r"|(?:were|was)\s+(?:also\s+)?(?:made|issued|voiced|expressed|received))\s+(?:from|by)\s+(?P<list>[^.;:]+)",
    re.IGNORECASE,
)
_LISTED_KINDS: list[tuple[str, ClaimKind]] = [
    (r"condemn|denounc", ClaimKind.CONDEMNATION),
    (r"condolence|sympath|tribute|solidarity|support", ClaimKind.OTHER),
    (r"attribution|accusation|blame", ClaimKind.ACCUSATION),
    (r"denial", ClaimKind.DENIAL),
    (r"call|appeal", ClaimKind.APPEAL),
]


def _listed_speakers(text: str, sentence: Sentence) -> Frame | None:
    """The frame of a sentence crediting claims of one kind to a list of speakers, each a
    speaker of their own claim."""
    match = _LISTED.search(text, sentence.start, sentence.end)
    if match is None:
        return None
    words = f"{match['noun']} {match['what'] or ''}".casefold()
    kind = next((k for pattern, k in _LISTED_KINDS if re.search(pattern, words)), None)
    members: list[Span] = []
    at = match.start("list")
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", match["list"]):
        start = text.index(part, at) if part else at
        at = start + len(part)
        span = _trim(text, start, start + len(part))
        if span is not None and _could_speak(text[span[0] : span[1]]):
            members.append(Span(*span))
    if not members:
        return None
    cue = Span(match.start("noun"), match.end("noun"))
    return Frame(sentence, cue, kind, members, cued=True, listed=True)


# Commentary: a reaction posted or commented ("wrote on Twitter", "commented", "deeply regrets"),
# or the view of someone who comments for a living (an analyst, a professor, a broadcaster). A
# claim of kind "other" when no word names another kind.
_COMMENTARY = re.compile(
    r"\b(?:comment(?:ed|s)|tweet(?:ed|s)|wrote on (?:Twitter|Facebook|social media)|posted on (?:Twitter|Facebook"
    r"|social media)|analysts?|professor|commentators?|pundits?|broadcaster|columnist|questions remain"
    # regret and apology for what was done ("deeply regrets this disastrous mistake")
    r"|regrets?|regretted|apologi[sz](?:ed|es|e)|apologies"
    # naming a thing in quoted words of one's own: 'called the admission a "political maneuver"'
    r"|call(?:ed|s|ing)(?= (?:[\w'’-]+ ){1,4}[\"“«]))\b",
    re.IGNORECASE,
)
# Saying who did it, in an attributed sentence: "the crash was likely Iran's doing", "the rebels were
# behind the attack", "the Abu Sayyaf Group are the suspected perpetrators" (not "who is responsible").
_NAMES_CULPRIT = re.compile(
    r"(?<!\bwho )\b(?:was|were|is|are)\s+(?:(?:likely|probably|possibly|allegedly|clearly|also|directly|personally"
    r"|heavily)\s+|[\"“]\w+[\"”]\s+)?"
    r"(?:behind|to blame|the work of|[\w-]+['’]s doing|the suspected (?:perpetrators?|culprits?)|involved in"
    # who stands behind those who did it: "were sent by the government", "are backed by Iran",
    # "were linked to the network"
    r"|(?:sent|backed|funded|armed|sponsored|linked|tied|directed|ordered|orchestrated|perpetrated|carried out"
    r"|committed|staged|engineered|masterminded|instigated) (?:by|to)"
    # a scheme with its author: 'the attack was "a crude maneuver by the army"'
    r"|[\"“]?(?:a|an)\s+(?:\w+\s+){0,2}(?:maneuver|manoeuvre|provocation|plot|ploy|conspiracy|set-?up) (?:by|of)"
    # responsible for an act, not for "planning and dealing with groups"
    r"|responsible for (?:the |this |that |these |those |its |their )?(?:\w+ )?(?:attacks?|bombings?|killings?"
    r"|deaths?|murders?|explosions?|blasts?|shootings?|massacres?|assaults?|kidnappings?|crash|downing|strikes?))\b"
    # the only one able to do it: "only this organisation appeared capable of the double bombing"
    r"|\bonly\s+(?:\w+\s+){1,3}(?:appeared\s+|seemed\s+|was\s+|is\s+)?capable of (?:the |this |such )?(?:\w+ )?"
    r"(?:attacks?|bombings?|killings?|massacres?|assaults?|strikes?)\b"
    # Spanish and French: "las tropas posiblemente son responsables de la muerte de un soldado"
    r"|\b(?:es|son|fue|fueron|sería|serían|est|sont|était|étaient|serait|seraient)\s+(?:\w+mente\s+|\w+ment\s+)?"
    r"responsables?\s+(?:de|del|des|du)\s+(?:la\s+|las\s+|los\s+|el\s+|l['’]|les\s+)?(?:muertes?|ataques?|atentados?"
    r"|asesinatos?|matanzas?|secuestros?|morts?|attaques?|attentats?|massacres?|assassinats?|enlèvements?)\b"
    # who gave the order: "believe the crown prince ordered Khashoggi's killing"
    r"|\bordered (?:the |an? |his |her |their |[\w-]+['’]s )?(?:\w+ )?(?:killings?|murders?|attacks?|assassinations?"
    r"|bombings?|massacres?|strikes?|shootings?|executions?)\b",
    re.IGNORECASE,
)


def _same_paragraph(text: str, first: Sentence, second: Sentence) -> bool:
    """Whether no line break lies between two sentences."""
    return "\n" not in text[first.end : second.start]
