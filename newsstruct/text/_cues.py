"""Cues read straight from the text: which sentences attribute something to someone or write of
violence, the quotation a sentence holds, the channel it names, and the content words of a phrase.

These are deterministic and cheap, so the model is not asked for them: the claims step may only
cite sentences with an attribution cue (and is skipped when there are none), a claim's quotation
is the quoted stretch of its sentence, and its channel the medium the sentence names. An empty
incident list for an article with an event word is asked about once more.
"""

from __future__ import annotations

import re

# Words that attribute a statement to a speaker (reporting verbs, sources, documents), and the
# first person, which in news copy is a speaker's own words (speeches, interviews, communiques).
_CUES = re.compile(
    r"\b(?:said|says|say|saying|told|tells|stated|states|stating|reported|reports|reporting|announced|announces|"
    r"announcing|declared|declares|claimed|claims|claiming|claim|denied|denies|deny|denying|denial|accused|accuses|"
    r"accusing|accusation|blamed|blames|blaming|alleged|alleges|confirmed|confirms|admitted|admits|acknowledged|"
    r"acknowledges|added|adds|explained|noted|notes|warned|warns|urged|urges|call on|call for|called on|called for|"
    r"calls on|calls for|estimated|estimates|figures|"
    r"condemned|condemns|denounced|denounces|demanded|demands|asserted|insisted|indicated|affirmed|maintained|"
    r"revealed|disclosed|pointed out|emphasized|emphasised|stressed|threatened|appealed|asked|quoted|quoting|"
    r"according to|sources?|spokesm[ae]n|spokeswom[ae]n|spokesperson|communiques?|communiqué|statements?|"
    r"press release|news conference|press conference|interview|responsibility|bulletin|broadcast|"
    r"we|our|us|i|my"
    # French and Spanish reporting verbs, sources and documents, and the first person
    r"|déclaré|dit|affirmé|indiqué|annoncé|précisé|ajouté|expliqué|nié|démenti|dément|accusé|accuse|revendiqué"
    r"|revendique|condamné|appelé|selon|porte-parole|communiqué|nous|notre|nos|je"
    r"|dijo|dijeron|afirmó|aseguró|declaró|informó|indicó|señaló|añadió|negó|niega|acusó|acusa|reivindicó"
    r"|anunció|condenó|pidió|según|portavoz|fuentes?|comunicado|nosotros|nuestr[oa]s?|yo|dice|dicen|decir"
    r"|commented|comments|identified|cited|cites)\b",
    re.IGNORECASE,
)

# A quotation mark pair around at least two words (for the cue test; see quotation()).
_QUOTED = re.compile(r"[\"“«]\s*([^\"“”«»]+?\s+[^\"“”«»]+?)\s*[\"”»]")

# Channels: "told" and a capitalised name (at most three words) or reporters; a statement,
# communique, interview or conference; radio, television and the like.
_FUNCTION = r"(?!(?i:that|the|this|it|he|she|they|we|a|an|to|of|in|on|at|and)\b)"
_NAME = rf"(?i:the\s+)?{_FUNCTION}[A-Z][\w.&'-]*(?:\s+{_FUNCTION}[A-Z][\w.&'-]*){{0,2}}"
_CHANNEL = re.compile(
    rf"\b(?:(?i:told)\s+(?:{_NAME}|(?i:reporters|journalists|the press))"
    r"|(?i:in\s+an?\s+(?:statement|communiqu[eé]|interview|press\s+release|letter|bulletin|broadcast))"
    r"|(?i:(?:at|during)\s+an?\s+(?:news|press)\s+conference)"
    r"|(?i:(?:on|over|by)\s+(?:the\s+)?(?:radio|television|telephone|twitter|facebook|telegram))"
    r"|(?i:in\s+a\s+(?:telephone\s+call|phone\s+call|post|video|tweet)))\b"
)


# Words that report an event of violence, coercion or unrest.
_EVENTS = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|murder(?:ed|s)?|assassinat\w*|attack(?:ed|s)?|bomb(?:ed|ing|s)?|explo(?:ded|sion)\w*|"
    r"dynamit\w*|shot|shoot\w*|gunfire|kidnap\w*|abduct\w*|hostages?|arrest(?:ed|s)?|detain(?:ed)?|clash(?:ed|es)?|"
    r"fighting|ambush\w*|massacre\w*|wounded|injur(?:ed|ies)|burn(?:ed|t)|arson|riot\w*|protest\w*|raid(?:ed|s)?|"
    r"shell(?:ed|ing)|assault\w*|strafe\w*|offensive)\b",
    re.IGNORECASE,
)


def event_word(sentence: str) -> str | None:
    """The first word of ``sentence`` that reports violence, coercion or unrest, if any."""
    match = _EVENTS.search(sentence)
    return match.group(0) if match else None


def has_attribution(sentence: str) -> bool:
    """Whether the sentence attributes something to a speaker or a source."""
    return _CUES.search(sentence) is not None or _QUOTED.search(sentence) is not None


def _inside_quote_at(text: str, position: int) -> bool:
    """Whether ``position`` lies inside a quotation opened earlier in its paragraph."""
    paragraph = text.rfind("\n\n", 0, position)
    before = text[paragraph + 1 if paragraph >= 0 else 0 : position]
    opened = max(before.rfind("“"), before.rfind("«"))
    closed = max(before.rfind("”"), before.rfind("»"))
    return before.count('"') % 2 == 1 or opened > closed


def quotation(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The offsets of the longest quoted passage of at least two words inside ``text[start:end]``,
    without its marks and trailing punctuation. A quotation running over several sentences
    counts in each of them for the part it covers there."""
    inside = _inside_quote_at(text, start)
    best: tuple[int, int] | None = None
    piece = start
    for k in range(start, end + 1):
        mark = k < end and text[k] in '"“”«»'
        if not mark and k < end:
            continue
        if inside:
            a, b = piece, k
            while a < b and text[a].isspace():
                a += 1
            while b > a and (text[b - 1].isspace() or text[b - 1] in ",.;:"):
                b -= 1
            if len(text[a:b].split()) >= 2 and (best is None or b - a > best[1] - best[0]):
                best = (a, b)
        if mark:
            inside = text[k] in "“«" or (text[k] == '"' and not inside)
            piece = k + 1
    return best


def channel(sentence: str) -> str | None:
    """The medium the sentence names ("told AFP", "in a statement", "on the radio"), if any."""
    match = _CHANNEL.search(sentence)
    return " ".join(match.group(0).split()) if match else None
