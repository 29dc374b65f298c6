"""Text finders: the rules that read the article without a model.

Sentences (``_sentences``), numbers of people (``_quantities``), outcome words (``_outcomes``),
dates (``_dates``), reporting cues (``_cues``), where a string is in the text (``_grounding``),
the article's language (``_language``) and all-capital wire text read in lower case (``_recase``).
Every value found is a span of the text, so everything the engine reports is grounded.
"""

from newsstruct.text._cues import channel, quotation
from newsstruct.text._dates import dateline, resolve
from newsstruct.text._grounding import TextIndex
from newsstruct.text._language import Language, language_of
from newsstruct.text._outcomes import outcomes_near, verb_before
from newsstruct.text._quantities import Quantity, candidates, interpret
from newsstruct.text._recase import lowered
from newsstruct.text._sentences import Sentence, split_sentences

__all__ = [
    "Language",
    "Quantity",
    "Sentence",
    "TextIndex",
    "candidates",
    "channel",
    "dateline",
    "interpret",
    "language_of",
    "lowered",
    "outcomes_near",
    "quotation",
    "resolve",
    "split_sentences",
    "verb_before",
]
