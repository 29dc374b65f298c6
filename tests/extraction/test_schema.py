"""The public report schema."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from newsstruct.schema import Report


def _evidence(text: str = "x", start: int = 0) -> list[dict[str, object]]:
    return [{"text": text, "start": start, "end": start + len(text)}]


def _report(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "incidents": [{"id": "I1", "type": "attack", "summary": "s", "evidence": _evidence()}],
        "figures": [
            {
                "id": "F1",
                "incident": "I1",
                "group": "people",
                "outcomes": ["killed"],
                "min": 4,
                "max": 4,
                "phrase": "four",
                "evidence": _evidence(),
            }
        ],
        "claims": [
            {
                "id": "C1",
                "speaker": {"name": "A"},
                "kind": "accusation",
                "incident": "I1",
                "content": "c",
                "evidence": _evidence(),
            },
            {
                "id": "C2",
                "speaker": {"name": "B"},
                "kind": "denial",
                "incident": "I1",
                "content": "d",
                "contests": "C1",
                "evidence": _evidence(),
            },
        ],
    }
    base.update(changes)
    return base


def test_valid_report_round_trips() -> None:
    report = Report.model_validate(_report())
    assert Report.model_validate_json(report.model_dump_json()) == report


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("figures", 0, "incident"), "I7", "unknown incident"),
        (("claims", 1, "contests"), "C9", "contests unknown claim"),
        (("claims", 1, "contests"), "C2", "contests itself"),
        (("claims", 0, "incident"), "I2", "unknown incident"),
        (("claims", 1, "id"), "C1", "duplicate claim id"),
    ],
)
def test_cross_references_must_resolve(path: tuple[object, ...], value: str, message: str) -> None:
    data = _report()
    target: object = data
    for key in path[:-1]:
        target = target[key]  # type: ignore[index]
    target[path[-1]] = value  # type: ignore[index]
    with pytest.raises(ValidationError, match=message):
        Report.model_validate(data)


def test_evidence_offsets_must_span_the_text() -> None:
    data = _report()
    data["incidents"][0]["evidence"] = [{"text": "abc", "start": 0, "end": 5}]  # type: ignore[index]
    with pytest.raises(ValidationError, match="do not span"):
        Report.model_validate(data)


def test_min_above_max_is_rejected() -> None:
    data = _report()
    data["figures"][0]["min"] = 9  # type: ignore[index]
    with pytest.raises(ValidationError, match="greater than max"):
        Report.model_validate(data)


def test_verify_offsets_reports_spans_that_do_not_match_text() -> None:
    report = Report.model_validate(_report())
    assert report.verify_offsets("xyz") == []
    assert report.verify_offsets("abc") != []


def _walk(node: object):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)
