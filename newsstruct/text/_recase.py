"""All-capital text (wire copy such as MUC-4's) shown to the model in lower case.

A model reads shouted text worse and at about twice the tokens per word. The finders still read
the text as it is (offsets, spans and every value of the report come from the input itself); only
what the model is shown — the article, the sentence, the options — is lower-cased.
"""

from __future__ import annotations

_MIN_LETTERS = 40  # a headline alone is not wire copy
_SHOUTING = 0.9  # share of capital letters among letters


def lowered(text: str) -> str | None:
    """The lower-cased copy of an all-capital text, else None."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < _MIN_LETTERS or sum(c.isupper() for c in letters) < _SHOUTING * len(letters):
        return None
    return text.lower()
