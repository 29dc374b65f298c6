"""Extraction results on disk, in one SQLite file shared by ``parse``, ``batch`` and ``eval``.

An entry is keyed by (model, prompt version, schema version, sha256 of the text, and the endpoint
and options that change answers): a new prompt, a new schema, another model or another server
never reuses an old answer, and the same article is never paid for twice. What is stored is
the report (or, for evaluation runs, the error that was scored) and the seconds it took: never
the text itself or any API key (the endpoint only inside the key's hash). The file uses SQLite's WAL
journal, so a run killed mid-write leaves the cache readable, and several processes may share it.
A cache that cannot be opened is a :class:`~newsstruct.errors.CacheError`; a read or write that
fails once open (locked too long, read-only, disk full) never fails an article: ``parse`` goes
on without the cache and says so in a warning.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from newsstruct.config import load_settings
from newsstruct.engine._prompts import prompt_version as current_prompt_version
from newsstruct.errors import CacheError
from newsstruct.schema import SCHEMA_VERSION, Report

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    prompt_version TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    entry TEXT NOT NULL,
    created REAL NOT NULL
)
"""


_OPEN_PATIENCE = 60.0  # seconds a new cache may stay locked by other processes opening it


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def default_cache_path() -> Path:
    """``NEWSSTRUCT_RESULTS_CACHE``, else ``results.sqlite`` in the cache directory
    (``NEWSSTRUCT_CACHE_DIR``, else ~/.cache/newsstruct)."""
    return load_settings().results_cache_path


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ResultCache:
    """Reports keyed by model, prompt version, schema version and text hash.

    ``path`` is a SQLite file, or a folder that gets ``results.sqlite``. Safe to share between
    threads (one connection behind a lock) and between processes (SQLite locking, WAL)."""

    def __init__(self, path: Path | str | None = None, *, prompt_version: str | None = None) -> None:
        target = Path(path) if path is not None else default_cache_path()
        if target.suffix not in (".sqlite", ".db", ".sqlite3"):
            target = target / "results.sqlite"
        self.path = target
        self.prompt_version = prompt_version or current_prompt_version()
        self._lock = threading.Lock()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(target, timeout=30, check_same_thread=False, isolation_level=None)
            self._prepare()
        except (sqlite3.Error, OSError) as exc:
            raise CacheError(
                f"the results cache {target} cannot be used ({exc}); move it away, or run with --no-cache"
            ) from exc

    def _prepare(self) -> None:
        """Switch to WAL and create the table, retrying while another process does the same.
        Two processes opening a new file at once both hold a shared lock and both ask for the
        exclusive one the journal switch needs: SQLite answers one of them "database is locked"
        at once, without waiting (waiting would deadlock), so the busy timeout never helps."""
        deadline = time.monotonic() + _OPEN_PATIENCE
        delay = 0.01
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.execute(_SCHEMA)
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def __repr__(self) -> str:
        return f"ResultCache({str(self.path)!r}, prompt_version={self.prompt_version!r})"

    def key(self, model: str, text: str, variant: str = "") -> str:
        """``variant`` names what else changes the answer: the endpoint, non-default options."""
        parts = [model, self.prompt_version, SCHEMA_VERSION, text_hash(text)] + ([variant] if variant else [])
        return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()

    def get(self, model: str, text: str, variant: str = "") -> dict[str, Any] | None:
        """The stored entry ``{"report": dict | None, "error": str | None, "seconds": float}``."""
        with self._lock:
            row = self._db.execute(
                "SELECT entry FROM results WHERE key = ?", (self.key(model, text, variant),)
            ).fetchone()
        if row is None:
            return None
        try:
            entry: dict[str, Any] = json.loads(row[0])
        except json.JSONDecodeError:
            return None  # unreadable: treated as absent and overwritten by the next put
        return entry

    def stored(self, model: str, text: str, prompt_version: str) -> dict[str, Any] | None:
        """The newest entry an earlier extraction version left for ``text``, whatever report schema
        it was written with (for re-scoring a stored run; :meth:`get` serves only this version)."""
        with self._lock:
            row = self._db.execute(
                "SELECT entry FROM results WHERE model = ? AND prompt_version = ? AND text_sha256 = ? "
                "ORDER BY created DESC LIMIT 1",
                (model, prompt_version, text_hash(text)),
            ).fetchone()
        try:
            return json.loads(row[0]) if row is not None else None
        except json.JSONDecodeError:
            return None

    def put(self, model: str, text: str, entry: dict[str, Any], variant: str = "") -> None:
        row = (
            self.key(model, text, variant),
            model,
            self.prompt_version,
            SCHEMA_VERSION,
            text_hash(text),
            json.dumps(entry, ensure_ascii=False),
            time.time(),
        )
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?)", row)

    def report(self, model: str, text: str, variant: str = "") -> Report | None:
        """A stored successful report, or None (errors are never served as results)."""
        entry = self.get(model, text, variant)
        if entry is None or not entry.get("report"):
            return None
        try:
            return Report.model_validate(entry["report"])
        except ValueError:
            return None

    def put_report(self, model: str, text: str, report: Report, variant: str = "") -> None:
        entry = {"report": json.loads(report.model_dump_json()), "error": None, "seconds": report.seconds}
        self.put(model, text, entry, variant)

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM results").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_cache(cache: ResultCache | Path | str | bool | None) -> ResultCache | None:
    """``None``/``False``: no cache; ``True``: the default file; a path: that file; or the cache itself."""
    if cache is None or cache is False:
        return None
    if isinstance(cache, ResultCache):
        return cache
    return ResultCache(None if cache is True else cache)
