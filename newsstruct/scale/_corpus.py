"""Articles from a Parquet file, for ``newsstruct batch`` (either engine).

Corpora built with dataframe tools are often Parquet: columns ``id`` and ``text``, and
optionally ``metadata`` (a struct, a map with text keys or a JSON string; timestamps, dates and
decimals inside it become text, as JSON has no type for them). Each row becomes the same input
item a JSONL line does (:func:`newsstruct.scale._batch_input.scan_jsonl`), with the same rules: a row without
a text string (or with metadata that cannot be read) is kept as a problem and reported as an
error row, a row without an id is named by its position (``row-N``), and repeated ids are
refused before any work starts. A ``metadata`` column of another type (a number, a list) is
refused before any work starts too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsstruct.errors import InputError, MissingExtraError
from newsstruct.scale._batch_input import InputItem


def _plain(value: Any) -> Any:
    """A JSON value for what ``json`` has no type for: dates and times as ISO text, numpy arrays
    and scalars as lists and numbers, bytes as text, anything else (decimals…) as its ``str``."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def metadata_dict(value: Any) -> dict[str, Any]:
    """An input item's metadata as a JSON object, from a dict (a Parquet struct), (key, value)
    pairs (a Parquet map) or a JSON string (a string that is not a JSON object is kept under
    ``"metadata"``); nothing gives ``{}``. Values JSON has no type for (timestamps, dates,
    decimals, numpy values) become JSON values (:func:`_plain`). Any other shape (a number, a
    list that is not pairs, keys that are not text) raises :class:`InputError`."""
    if value is None:
        return {}
    if isinstance(value, str):
        if not value.strip():
            return {}
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return {"metadata": value}
        return parsed if isinstance(parsed, dict) else {"metadata": parsed}
    if not isinstance(value, dict) and hasattr(value, "tolist"):
        value = value.tolist()  # a numpy array of (key, value) pairs, as Ray's numpy batches hold a map
    if isinstance(value, (list, tuple)):
        if not all(isinstance(p, (list, tuple)) and len(p) == 2 and isinstance(p[0], str) for p in value):
            raise InputError("metadata must be an object, a map with text keys or a JSON string; got a list")
        value = dict(value)
    if not isinstance(value, dict):
        raise InputError(f"metadata must be an object, a map or a JSON string; got {type(value).__name__}")
    try:
        plain: dict[str, Any] = json.loads(json.dumps(value, default=_plain, ensure_ascii=False))
    except Exception as exc:  # a value's own conversion may raise anything
        raise InputError(f"metadata cannot be written as JSON: {type(exc).__name__}: {exc}") from None
    return plain


def _check_metadata_column(path: Path, kind: Any) -> None:
    """A ``metadata`` column must be able to hold objects: a struct, a map with text keys, text."""
    import pyarrow as pa

    usable = (
        pa.types.is_struct(kind)
        or pa.types.is_null(kind)
        or pa.types.is_string(kind)
        or pa.types.is_large_string(kind)
        or (pa.types.is_map(kind) and (pa.types.is_string(kind.key_type) or pa.types.is_large_string(kind.key_type)))
    )
    if not usable:
        raise InputError(
            f'{path}: the "metadata" column is {kind}; expected a struct, a map with text keys or JSON text'
        )


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
    if "metadata" in names:
        _check_metadata_column(path, handle.schema_arrow.field("metadata").type)
    columns = [c for c in ("id", "text", "metadata") if c in names]
    for batch in handle.iter_batches(columns=columns, batch_size=4096):
        yield from batch.to_pylist()


def read_parquet_input(path: Path) -> list[InputItem]:
    """The rows of a Parquet corpus as batch input items."""
    items: list[InputItem] = []
    for n, row in enumerate(_rows(path), start=1):
        item_id = str(row["id"]) if row.get("id") is not None else f"row-{n}"
        text = row.get("text")
        try:
            metadata = metadata_dict(row.get("metadata"))
        except InputError as exc:
            items.append(InputItem(item_id, None, {}, f"row {n}: {exc}"))
            continue
        if not isinstance(text, str):
            items.append(InputItem(item_id, None, metadata, f'row {n} has no "text" string'))
        else:
            items.append(InputItem(item_id, text, metadata))
    return items  # ids are checked for repeats by the caller, batch.read_input, as for JSONL


__all__ = ["metadata_dict", "read_parquet_input"]
