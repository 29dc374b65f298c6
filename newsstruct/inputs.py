"""Check an article before any model time is spent on it."""

from __future__ import annotations

import re

from newsstruct.errors import EmptyTextError, NotTextError

# Control characters other than tab, newline, carriage return and form feed: common in binary
# data, nearly absent from text. A few stray ones are tolerated (copy-paste debris).
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r\f"} | {"\x7f"}
_MAX_CONTROL_RATIO = 0.01
# A web page rather than an article's text: it opens as HTML, or markup outweighs the words.
_PAGE_START = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.I)
_TAG = re.compile(r"<[a-zA-Z!/][^<>]{0,500}>")
_MAX_MARKUP_RATIO = 0.3


def coerce_text(data: str | bytes | bytearray) -> str:
    """Return the article as ``str``, or raise a typed :class:`~newsstruct.errors.InputError`."""
    if isinstance(data, (bytes, bytearray)):
        if b"\x00" in data:
            raise NotTextError("input contains NUL bytes: it looks like binary data, not text")
        try:
            text = bytes(data).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise NotTextError(
                f"input is not valid UTF-8 text (byte {exc.start}: {exc.reason}); decode it first"
            ) from None
    elif isinstance(data, str):
        text = data
    else:
        raise NotTextError(f"expected text (str or bytes), got {type(data).__name__}")
    if not text.strip():
        raise EmptyTextError("the article is empty or contains only whitespace")
    if "\x00" in text:
        raise NotTextError("text contains NUL characters: it looks like binary data")
    controls = sum(1 for ch in text if ch in _CONTROL)
    if controls > max(2, _MAX_CONTROL_RATIO * len(text)):
        raise NotTextError(f"text contains {controls} control characters in {len(text)}: it looks like binary data")
    markup = sum(len(m.group()) for m in _TAG.finditer(text))
    if _PAGE_START.match(text) or (markup > 200 and markup > _MAX_MARKUP_RATIO * len(text)):
        raise NotTextError(
            "the input looks like an HTML page, not an article's text: extract the article's text first "
            "(e.g. with trafilatura or readability); evidence offsets refer to the text you pass"
        )
    return text
