"""What is shown to people: text made safe to show, and casualty numbers written as read.

Bidirectional control characters are displayed, not obeyed.

An article may carry Unicode's invisible direction controls (RIGHT-TO-LEFT OVERRIDE and its
kin). Obeyed by a browser or a terminal, they reorder what follows them, so a quote or a speaker
shown in the HTML view or the pretty output could read differently from the text it came from.
Shown as ``⟨U+202E⟩``, they stay visible evidence of what the text holds. Offsets are always
those of the text itself: only what is displayed changes.
"""

from __future__ import annotations

import re

#: ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")


def visible_controls(text: str) -> str:
    """``text`` with every bidirectional control replaced by a visible ``⟨U+XXXX⟩``."""
    return _BIDI.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


__all__ = ["BIDI_CONTROLS", "visible_controls"]


def figure_range(low: int | None, high: int | None) -> str:
    """A casualty figure's number as people read it: "4", "10–12", "3 or more", "up to 5"."""
    if low is None and high is None:
        return "unspecified"
    if high is None:
        return f"{low} or more"
    if low is None:
        return f"up to {high}"
    return str(low) if low == high else f"{low}–{high}"
