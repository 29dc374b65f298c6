"""Text made safe to show: bidirectional control characters are displayed, not obeyed.

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
