"""Articles from a Parquet file, for ``newsstruct batch`` (either engine).

Corpora built with dataframe tools are often Parquet: columns ``id`` and ``text``, and
optionally ``metadata`` (a struct, a map or a JSON string). Each row becomes the same input item
a JSONL line does (:func:`newsstruct.batch.read_input`), with the same rules: a row without a
text string is kept as a problem and reported as an error row, a row without an id is named by
its position (``row-N``), and repeated ids are refused before any work starts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsstruct.errors import InputError, MissingExtraError

if TYPE_CHECKING:
    from newsstruct.batch import _Input


def _metadata(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, list):  # a Parquet map arrives as (key, value) pairs
        return {str(k): v for k, v in value if isinstance(k, str)} if all(len(p) == 2 for p in value) else {}
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return {"metadata": value}
        return parsed if isinstance(parsed, dict) else {"metadata": parsed}
    return {}


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError("Parquet input", extra="tables", missing="pyarrow") from None
    try:
        handle = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise InputError(f"{path} is not a readable Parquet file: {exc}") from None
    names = set(handle.schema_arrow.names)
    if "text" not in names:
        raise InputError(f'{path} has no "text" column (columns: {", ".join(sorted(names))})')
    columns = [c for c in ("id", "text", "metadata") if c in names]
    for batch in handle.iter_batches(columns=columns, batch_size=4096):
        yield from batch.to_pylist()


def read_parquet_input(path: Path) -> list[_Input]:
    """The rows of a Parquet corpus as batch input items."""
    from newsstruct.batch import _Input

    items: list[_Input] = []
    for n, row in enumerate(_rows(path), start=1):
        item_id = str(row["id"]) if row.get("id") is not None else f"row-{n}"
        metadata = _metadata(row.get("metadata"))
        text = row.get("text")
        if not isinstance(text, str):
            items.append(_Input(item_id, None, metadata, f'row {n} has no "text" string'))
        else:
            items.append(_Input(item_id, text, metadata))
    seen: set[str] = set()
    repeated = sorted({i.id for i in items if i.id in seen or seen.add(i.id)})  # type: ignore[func-returns-value]
    if repeated:
        raise InputError(f"{path}: ids must be unique; repeated: {', '.join(repeated[:10])}")
    return items


__all__ = ["read_parquet_input"]
