"""Batch input lines, read lazily: ``{"id", "text", "metadata"?}`` per JSONL line.

A line that cannot be an item (invalid UTF-8, not JSON, not an object, no text string) becomes
an item with a ``problem``: it is that item's error row in the output, never the run's end. The
file is read line by line in binary, so a corpus of any size is never held in memory, and a bad
byte is confined to its own line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsstruct.errors import InputError


@dataclass
class InputItem:
    id: str
    text: str | None
    metadata: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None  # why the line is not an item; its output is an error row


def scan_jsonl(path: Path) -> Iterator[InputItem]:
    """The items of a JSONL file, one line at a time."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        for n, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InputItem(
                    f"line-{n}", None, {}, f"line {n} is not UTF-8 (byte {raw[exc.start]:#04x} at {exc.start})"
                )
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputItem(f"line-{n}", None, {}, f"line {n} is not JSON: {exc.msg}")
                continue
            if not isinstance(row, dict):
                yield InputItem(f"line-{n}", None, {}, f"line {n} is not a JSON object")
                continue
            item_id = str(row["id"]) if row.get("id") is not None else f"line-{n}"
            raw_metadata = row.get("metadata")
            metadata: dict[str, Any] = raw_metadata if isinstance(raw_metadata, dict) else {}
            text = row.get("text")
            if not isinstance(text, str):
                yield InputItem(item_id, None, metadata, f'line {n} has no "text" string')
                continue
            yield InputItem(item_id, text, metadata)


__all__ = ["InputItem", "scan_jsonl"]
