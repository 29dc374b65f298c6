"""Check an article before any model time is spent on it."""

from __future__ import annotations

import re

from newsstruct.config import load_settings
from newsstruct.errors import EmptyTextError, NotTextError, TextTooLargeError

# Control characters other than tab, newline, carriage return and form feed: common in binary
# data, nearly absent from text. A few stray ones are tolerated (copy-paste debris).
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r\f"} | {"\x7f"}
_MAX_CONTROL_RATIO = 0.01
# A web page rather than an article's text: it opens as HTML, or markup outweighs the words.
_PAGE_START = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.I)
_TAG = re.compile(r"<[a-zA-Z!/][^<>]{0,500}>")
_MAX_MARKUP_RATIO = 0.3


def coerce_text(data: str | bytes | bytearray, *, max_chars: int | None = None) -> str:
    """Return the article as ``str``, or raise a typed :class:`~newsstruct.errors.InputError`.
    ``max_chars`` caps its length (default: the settings' ``max_chars``)."""
    cap = load_settings().max_chars if max_chars is None else max_chars
    if isinstance(data, (bytes, bytearray)) and len(data) > 4 * cap:  # UTF-8: at most 4 bytes a character
        raise TextTooLargeError(f"the input is {len(data):,} bytes, more than any text of {cap:,} characters")
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
    if len(text) > cap:
        raise TextTooLargeError(
            f"the article is {len(text):,} characters, more than the cap of {cap:,} "
            "(max_chars, or NEWSSTRUCT_MAX_CHARS): split it, or raise the cap"
        )
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
