"""The package's shape: one front door, sub-packages without cycles, private modules kept private."""

from __future__ import annotations

import ast
import importlib
from collections import defaultdict
from pathlib import Path

import newsstruct

PACKAGE = Path(newsstruct.__file__).parent
SUBPACKAGES = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))

# The front door, pinned: a name added or removed here is a change to the public API.
FRONT_DOOR = [
    "AcledRow",
    "Actor",
    "Backend",
    "BackendError",
    "BackendTimeoutError",
    "BackendUnavailableError",
    "CacheError",
    "CasualtyFigure",
    "Claim",
    "ConfigurationError",
    "ContextOverflowError",
    "DeadlineError",
    "EmbeddedBackend",
    "EmptyTextError",
    "EventDate",
    "Evidence",
    "ExtractionError",
    "GroundingError",
    "GroundingSummary",
    "Incident",
    "InputError",
    "Location",
    "Mention",
    "MissingExtraError",
    "ModelFileError",
    "NewsstructError",
    "NotTextError",
    "OpenAIBackend",
    "OutputLockedError",
    "OutputRefusedError",
    "OutputTruncatedError",
    "ParseBatch",
    "RateLimitError",
    "Report",
    "Result",
    "RunError",
    "Speaker",
    "TextTooLargeError",
    "UcdpRow",
    "Warning",
    "__version__",
    "acled_view",
    "parse",
    "parse_async",
    "parse_many",
    "parse_many_async",
    "ucdp_view",
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, list[tuple[str, str]]]:
    """Every module of the package → the (module, name) pairs it imports from the package."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        pairs = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("newsstruct"):
                pairs += [(node.module, alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                pairs += [(alias.name, "") for alias in node.names if alias.name.startswith("newsstruct")]
        found[_module_name(path)] = pairs
    return found


def _sorted(names: list[str]) -> list[str]:
    """Constants, then classes, then the rest, each alphabetically (as the linter sorts __all__)."""
    return sorted(names, key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n))


def _area(module: str) -> str:
    """The sub-package a module belongs to, or the module itself for the top-level ones."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "newsstruct"


def test_the_front_door_exports_a_sorted_pinned_list() -> None:
    assert newsstruct.__all__ == _sorted(newsstruct.__all__) == FRONT_DOOR
    for name in newsstruct.__all__:
        assert getattr(newsstruct, name) is not None


def test_every_subpackage_exports_a_sorted_all_of_names_it_has() -> None:
    assert set(SUBPACKAGES) == {"backends", "engine", "evaluation", "outputs", "scale", "text"}
    for sub in SUBPACKAGES:
        module = importlib.import_module(f"newsstruct.{sub}")
        assert module.__all__ == _sorted(module.__all__), sub
        assert all(hasattr(module, name) for name in module.__all__), sub
        # the modules inside are private: the package's __all__ is what others use
        assert all(p.name.startswith("_") for p in (PACKAGE / sub).glob("*.py")), sub


def test_no_private_name_or_module_is_imported_across_a_subpackage_boundary() -> None:
    crossings = []
    for importer, pairs in _imports().items():
        for module, name in pairs:
            if _area(module) == _area(importer) and _area(module) != "newsstruct":
                continue  # inside one sub-package its private modules are its own
            private_module = any(part.startswith("_") for part in module.split(".")[1:])
            if private_module or (name.startswith("_") and name != "__version__"):
                crossings.append(f"{importer} imports {name} from {module}")
    assert crossings == []


def test_the_subpackages_import_each_other_without_a_cycle() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for importer, pairs in _imports().items():
        for module, _ in pairs:
            a, b = _area(importer), _area(module)
            if a != b and a in SUBPACKAGES and b in SUBPACKAGES:
                graph[a].add(b)
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            assert state.get(nxt) != "open", " -> ".join([*path, node, nxt])
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = "done"

    for sub in SUBPACKAGES:
        if sub not in state:
            visit(sub, [])
    # the layers: text, backends and outputs need none of the others; the engine builds on the
    # first two; scale and evaluation on the engine
    assert graph["text"] == graph["backends"] == graph["outputs"] == set()
    assert graph["engine"] <= {"text", "backends"}
    assert graph["scale"] | graph["evaluation"] <= {"engine", "backends", "text"}


def test_the_package_holds_no_evaluation_suite_and_no_test_support() -> None:
    """The MUC-4 suite and its data readers live in the repository's evals/, not in the wheel."""
    assert not (PACKAGE / "muc4").exists()
    names = {p.stem for p in PACKAGE.rglob("*.py")}
    assert not names & {"muc4", "suite", "fake_llm", "stub_server"}
