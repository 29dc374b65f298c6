"""A batch output file that a run can only ever add to: one writer at a time, resume without loss,
lines made durable.

Before anything is written, :class:`ResultsFile` checks that the output is not the input, takes
an exclusive OS lock on ``OUT.lock`` (a second process is refused, not interleaved), and reads
the output: every whole line must be a results line (``{"id", "report" | "error", ...}``), else
the file is refused untouched — it is someone's data, not ours to rewrite.

Resuming keeps every line whose id the current input does not hold, and every successful line
whose text hash and model match the current item (that item is skipped). What the run will
replace — error lines, stale lines (the article's text or the model changed), repeated lines
of one id and a line torn by a kill — is appended to ``OUT.replaced.jsonl`` and fsynced before
the output is rewritten atomically, so no byte of earlier output is ever lost.

Lines are appended with one ``write`` each, fsynced at most ``sync_every`` seconds apart and at
close: a power loss loses at most that interval, never a line already synced.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsstruct.errors import OutputLockedError, OutputRefusedError, RunError

#: seconds between fsyncs of the output while a run writes it
SYNC_EVERY = 1.0


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Wanted:
    """What a finished line must match for its item to be skipped."""

    text_sha256: str | None  # None: the item has no text (its line is redone as an error row)
    model: str | None  # None: any model


@dataclass
class ResumePlan:
    finished: set[str]  # ids whose line is kept and which are not run again
    kept: int  # lines kept as they were (finished ones and those of ids not in this input)
    replaced: int  # lines moved to the replaced file (errors, stale, repeated, torn)


def _is_results_line(row: Any) -> bool:
    return isinstance(row, dict) and row.get("id") is not None and ("report" in row or "error" in row)


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class ResultsFile:
    """The output of one batch run, locked for the run's life. Use as a context manager."""

    def __init__(self, path: Path | str, *, input_path: Path | str | None = None, sync_every: float = SYNC_EVERY):
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.replaced_path = self.path.with_name(self.path.name + ".replaced.jsonl")
        self.sync_every = sync_every
        if input_path is not None:
            source = Path(input_path)
            for own in (self.path, self.lock_path, self.replaced_path):
                if _same_file(source, own):
                    raise OutputRefusedError(f"{own} is the input file: the output must be another file")
        self._lock_fd: int | None = None
        self._fd: int | None = None
        self._synced = time.monotonic()
        self._dirty = False
        self._lock()
        try:
            self._index = self._check()
        except BaseException:
            self.close()
            raise

    # -- the lock ----------------------------------------------------------------------------

    def _lock(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise RunError(f"cannot create the lock file {self.lock_path}: {exc.strerror or exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "another process"
            os.close(fd)
            raise OutputLockedError(
                f"{self.path} is being written by another newsstruct batch (pid {holder}); "
                "wait for it to finish or write to another file"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        self._lock_fd = fd

    # -- reading and resuming ------------------------------------------------------------------

    def _lines(self) -> Iterator[bytes]:
        """The output's lines as bytes, each with its newline; a torn last line without it."""
        try:
            with self.path.open("rb") as handle:
                yield from handle
        except FileNotFoundError:
            return
        except OSError as exc:
            raise RunError(f"cannot read {self.path}: {exc.strerror or exc}") from exc

    def _check(self) -> list[tuple[str, bool, str | None, str | None]]:
        """(id, has a report, text hash, model) of every whole line, or the file is refused: a
        line that is not a results line means the file is someone's data, not ours to rewrite."""
        index: list[tuple[str, bool, str | None, str | None]] = []
        for number, raw in enumerate(self._lines(), start=1):
            if not raw.endswith(b"\n"):
                break  # a torn last line: kept aside by resume
            if not raw.strip():
                index.append(("", False, None, None))
                continue
            try:
                row = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                row = None
            if not _is_results_line(row):
                raise OutputRefusedError(
                    f"{self.path} is not a newsstruct results file (line {number} is not a results line); "
                    "nothing was written — did you swap the input and the output?"
                )
            report = row.get("report")
            model = report.get("model") if isinstance(report, dict) else None
            index.append((str(row["id"]), isinstance(report, dict), row.get("text_sha256"), model))
        return index

    def resume(self, wanted: Mapping[str, Wanted]) -> ResumePlan:
        """Keep what an earlier run finished for these items (and every line of other ids), move
        what will be redone aside, and return which ids are finished."""
        latest: dict[str, int] = {}  # id -> its last line that finishes it
        for number, (item_id, ok, sha, model) in enumerate(self._index):
            want = wanted.get(item_id)
            if want is not None and ok and _matches(sha, model, want):
                latest[item_id] = number
        keep = [not item_id or item_id not in wanted or latest.get(item_id) == n
                for n, (item_id, _, _, _) in enumerate(self._index)]  # fmt: skip
        torn = self.path.exists() and self.path.stat().st_size > 0 and not self._ends_whole()
        if all(keep) and not torn:
            return ResumePlan(set(latest), len(keep), 0)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        kept = replaced = 0
        try:
            with tmp.open("wb") as out, self.replaced_path.open("ab") as aside:
                for number, raw in enumerate(self._lines()):
                    if number < len(keep) and keep[number]:
                        out.write(raw)
                        kept += 1
                    else:  # redone, stale, repeated, or torn by a kill: kept aside as it was
                        aside.write(raw if raw.endswith(b"\n") else raw + b"\n")
                        replaced += 1
                aside.flush()
                os.fsync(aside.fileno())  # what leaves the output is safe before the output changes
                out.flush()
                os.fsync(out.fileno())
            tmp.replace(self.path)
            _fsync_dir(self.path.parent)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise RunError(f"cannot rewrite {self.path}: {exc.strerror or exc}") from exc
        return ResumePlan(set(latest), kept, replaced)

    def _ends_whole(self) -> bool:
        with self.path.open("rb") as handle:
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"

    # -- writing -----------------------------------------------------------------------------

    def write(self, line: str) -> None:
        """Append one line (JSON text without its newline) with one write."""
        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            except OSError as exc:
                raise RunError(f"cannot open {self.path} for writing: {exc.strerror or exc}") from exc
        data = (line + "\n").encode("utf-8")
        written = 0
        try:
            while written < len(data):
                written += os.write(self._fd, data[written:])
        except OSError as exc:
            if written:  # a partial line would be read as torn; end it so the next line is whole
                try:
                    os.write(self._fd, b"\n")
                except OSError:
                    pass
            raise RunError(f"cannot write to {self.path}: {exc.strerror or exc}") from exc
        self._dirty = True
        if time.monotonic() - self._synced >= self.sync_every:
            self.sync()

    def sync(self) -> None:
        if self._fd is not None and self._dirty:
            try:
                os.fsync(self._fd)
            except OSError as exc:
                raise RunError(f"cannot sync {self.path}: {exc.strerror or exc}") from exc
            self._dirty = False
        self._synced = time.monotonic()

    def close(self) -> None:
        try:
            self.sync()
        finally:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            if self._lock_fd is not None:
                os.close(self._lock_fd)  # closing releases the lock
                self._lock_fd = None

    def __enter__(self) -> ResultsFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _matches(sha: str | None, model: str | None, want: Wanted) -> bool:
    """Whether a successful line is for this text and model (a line without a hash, from an
    older version, cannot be trusted: it is redone)."""
    if want.text_sha256 is None or sha != want.text_sha256:
        return False
    return want.model is None or model == want.model


__all__ = ["SYNC_EVERY", "ResultsFile", "ResumePlan", "Wanted", "text_sha256"]
