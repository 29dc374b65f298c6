"""Flat tables from reports: what event-dataset tools load, one row per item.

``newsstruct export RESULTS... --to DIR --format csv|parquet`` reads one or several batch output
files (from ``newsstruct batch``, either engine; one per shard) and writes one table per kind of
row:

* ``articles``  one row per input line: its metadata, model, attempts and tokens, or its error;
* ``incidents``, ``figures``, ``claims``  one row per item, with the article id, the first evidence
  span's text and character offsets (``evidence_spans``: every span, as JSON ``[[start, end,
  text], …]``), a figure's phrase and a claim's quote with their offsets, and the
  cross-references (a figure's incident and claim, a claim's incident and the claim it contests);
* ``acled`` and ``ucdp``  the codebook views (:mod:`newsstruct.outputs._views`), beside the raw figures.

List values (places, actors, outcomes) are joined with ``"; "`` so CSV and Parquet hold the same
columns. Parquet keeps each column's type, empty integers included; CSV has no types, so a reader
guesses them (pandas reads an integer column with empty cells, such as ``min``, as floats). A CSV
text cell that a spreadsheet would run as a formula (starting with ``= + - @``, a tab or a
carriage return) is written after an apostrophe, so it stays text; Parquet keeps every value. CSV
needs nothing beyond the standard library; Parquet needs ``pyarrow`` (the ``tables`` extra), and
says so with :class:`~newsstruct.errors.MissingExtraError` when missing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from newsstruct.errors import InputError, MissingExtraError
from newsstruct.outputs._views import acled_view, ucdp_view
from newsstruct.schema import CasualtyFigure, Claim, Evidence, Incident, Mention, Report

TableFormat = Literal["csv", "parquet"]

# Column names and types, in order: the contract of every table in both formats.
_EVIDENCE = [("evidence_text", "str"), ("evidence_start", "int"), ("evidence_end", "int"), ("evidence_spans", "str")]
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("article_id", "str"), ("ok", "bool"), ("metadata", "str"), ("model", "str"), ("attempts", "int"),
        ("prompt_tokens", "int"), ("completion_tokens", "int"), ("seconds", "float"), ("incidents", "int"),
        ("figures", "int"), ("claims", "int"), ("warnings", "int"), ("error_type", "str"),
        ("error_message", "str"), ("retryable", "bool"),
    ],
    "incidents": [
        ("article_id", "str"), ("incident_id", "str"), ("type", "str"), ("summary", "str"), ("date", "str"),
        ("date_end", "str"), ("date_phrase", "str"), ("date_precision", "str"), ("places", "str"),
        ("country", "str"), ("perpetrators", "str"), ("perpetrator_kinds", "str"), ("targets", "str"),
        ("target_kinds", "str"), ("physical_targets", "str"), ("weapons", "str"), ("background", "bool"),
        ("disputed", "bool"), *_EVIDENCE,
    ],
    "figures": [
        ("article_id", "str"), ("figure_id", "str"), ("incident_id", "str"), ("group", "str"),
        ("outcomes", "str"), ("min", "int"), ("max", "int"), ("approximate", "bool"), ("phrase", "str"),
        ("phrase_start", "int"), ("phrase_end", "int"), ("source", "str"), ("claim_id", "str"), *_EVIDENCE,
    ],
    "claims": [
        ("article_id", "str"), ("claim_id", "str"), ("incident_id", "str"), ("kind", "str"),
        ("speaker_name", "str"), ("speaker_role", "str"), ("speaker_organisation", "str"),
        ("speaker_anonymous", "bool"), ("channel", "str"), ("content", "str"), ("quote", "str"),
        ("quote_start", "int"), ("quote_end", "int"), ("contests", "str"), *_EVIDENCE,
    ],
    "acled": [
        ("article_id", "str"), ("incident_id", "str"), ("event_date", "str"), ("date_end", "str"),
        ("date_precision", "str"), ("type", "str"), ("actor1", "str"), ("actor2", "str"), ("country", "str"),
        ("location", "str"), ("fatalities", "int"), ("fatalities_figure", "str"), ("disputed", "bool"),
        ("figure_ids", "str"), ("notes", "str"),
    ],
    "ucdp": [
        ("article_id", "str"), ("incident_id", "str"), ("date_start", "str"), ("date_end", "str"),
        ("date_precision", "str"), ("type", "str"), ("country", "str"), ("location", "str"),
        ("background", "bool"), ("disputed", "bool"), ("deaths_low", "int"), ("deaths_best", "int"),
        ("deaths_high", "int"), ("sources", "int"), ("figure_ids", "str"), ("basis", "str"),
    ],
}  # fmt: skip

Row = dict[str, Any]


@dataclass
class ResultLine:
    """One line of a batch output file: a report or an error, with the input's metadata."""

    id: str
    metadata: dict[str, Any]
    report: Report | None = None
    error: dict[str, Any] | None = None


ResultsPaths = Path | str | Iterable[Path | str]


def read_results(paths: ResultsPaths) -> list[ResultLine]:
    """The whole lines of one or several batch output files (one per shard, say), in order. A
    torn last line is skipped. An id found twice keeps its report over an error line, else its
    last line, as a rerun's would."""
    lines: dict[str, ResultLine] = {}
    for source in [Path(paths)] if isinstance(paths, (Path, str)) else [Path(p) for p in paths]:
        for line in _read_file(source):
            kept = lines.get(line.id)
            if kept is None or kept.report is None or line.report is not None:
                lines[line.id] = line
    return list(lines.values())


def _read_file(source: Path) -> Iterator[ResultLine]:
    if not source.is_file():
        raise InputError(f"no such results file: {source}")
    with source.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, start=1):
            if not line.endswith("\n") or not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{source}: line {n} is not JSON: {exc.msg}") from None
            if not isinstance(row, dict) or row.get("id") is None or ("report" not in row and "error" not in row):
                raise InputError(f"{source}: line {n} is not a batch result (id with report or error)")
            try:
                report = Report.model_validate(row["report"]) if "report" in row else None
            except ValidationError as exc:
                raise InputError(f"{source}: line {n} holds no valid report: {_first_errors(exc)}") from None
            metadata = row.get("metadata") if isinstance(row.get("metadata"), dict) else {}
            yield ResultLine(str(row["id"]), metadata or {}, report, row.get("error"))


def _first_errors(error: ValidationError, *, limit: int = 3) -> str:
    """The first few problems of a validation error, on one line: ``figures.0.min: …``."""
    problems = [f"{'.'.join(str(p) for p in e['loc']) or 'report'}: {e['msg']}" for e in error.errors()[:limit]]
    more = error.error_count() - len(problems)
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")


def _join(values: Iterable[str | None]) -> str | None:
    return "; ".join(v for v in values if v) or None


def _evidence(spans: list[Evidence]) -> Row:
    """The first evidence span in three columns, and every span as JSON ``[[start, end, text], …]``."""
    return {
        "evidence_text": spans[0].text,
        "evidence_start": spans[0].start,
        "evidence_end": spans[0].end,
        "evidence_spans": json.dumps([[e.start, e.end, e.text] for e in spans], ensure_ascii=False),
    }


def _span(mentions: list[Mention], field: str, name: str) -> Row:
    found = next((m for m in mentions if m.field == field), None)
    return {f"{name}_start": found.start if found else None, f"{name}_end": found.end if found else None}


def incident_row(article_id: str | None, incident: Incident) -> Row:
    return {
        "article_id": article_id, "incident_id": incident.id, "type": incident.type.value,
        "summary": incident.summary, "date": incident.date.value, "date_end": incident.date.end,
        "date_phrase": incident.date.phrase, "date_precision": incident.date.precision,
        "places": _join(incident.location.places), "country": incident.location.country,
        "perpetrators": _join(a.name for a in incident.perpetrators),
        "perpetrator_kinds": _join(a.kind.value for a in incident.perpetrators),
        "targets": _join(a.name for a in incident.targets),
        "target_kinds": _join(a.kind.value for a in incident.targets),
        "physical_targets": _join(incident.physical_targets), "weapons": _join(incident.weapons),
        "background": incident.background, "disputed": incident.disputed, **_evidence(incident.evidence),
    }  # fmt: skip


def figure_row(article_id: str | None, figure: CasualtyFigure) -> Row:
    return {
        "article_id": article_id, "figure_id": figure.id, "incident_id": figure.incident, "group": figure.group,
        "outcomes": _join(o.value for o in figure.outcomes), "min": figure.min, "max": figure.max,
        "approximate": figure.approximate, "phrase": figure.phrase, **_span(figure.mentions, "phrase", "phrase"),
        "source": figure.source, "claim_id": figure.claim, **_evidence(figure.evidence),
    }  # fmt: skip


def claim_row(article_id: str | None, claim: Claim) -> Row:
    return {
        "article_id": article_id, "claim_id": claim.id, "incident_id": claim.incident, "kind": claim.kind.value,
        "speaker_name": claim.speaker.name, "speaker_role": claim.speaker.role,
        "speaker_organisation": claim.speaker.organisation, "speaker_anonymous": claim.speaker.anonymous,
        "channel": claim.channel, "content": claim.content, "quote": claim.quote,
        **_span(claim.mentions, "quote", "quote"), "contests": claim.contests, **_evidence(claim.evidence),
    }  # fmt: skip


def article_row(line: ResultLine) -> Row:
    report, error = line.report, line.error or {}
    return {
        "article_id": line.id, "ok": report is not None, "metadata": json.dumps(line.metadata, ensure_ascii=False),
        "model": report.model if report else None, "attempts": report.attempts if report else error.get("attempts"),
        "prompt_tokens": report.usage.prompt_tokens if report else None,
        "completion_tokens": report.usage.completion_tokens if report else None,
        "seconds": report.seconds if report else None, "incidents": len(report.incidents) if report else None,
        "figures": len(report.figures) if report else None, "claims": len(report.claims) if report else None,
        "warnings": len(report.warnings) if report else None, "error_type": error.get("type"),
        "error_message": error.get("message"), "retryable": error.get("retryable"),
    }  # fmt: skip


def build_tables(lines: Iterable[ResultLine]) -> dict[str, list[Row]]:
    """Every table, as lists of rows, from batch result lines."""
    lines = list(lines)
    reports = {line.id: line.report for line in lines if line.report is not None}
    tables: dict[str, list[Row]] = {name: [] for name in COLUMNS}
    tables["articles"] = [article_row(line) for line in lines]
    for article_id, report in reports.items():
        tables["incidents"] += [incident_row(article_id, i) for i in report.incidents]
        tables["figures"] += [figure_row(article_id, f) for f in report.figures]
        tables["claims"] += [claim_row(article_id, c) for c in report.claims]
    tables["acled"] = [row.as_dict() for row in acled_view(reports)]
    tables["ucdp"] = [row.as_dict() for row in ucdp_view(reports)]
    return tables


# A text cell a spreadsheet would run as a formula (OWASP, "CSV Injection"): "=HYPERLINK(...)" in
# an article's quote must stay text. Such a cell gets a leading apostrophe, which spreadsheets
# show as nothing; numbers, booleans and Parquet are left as they are.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(value: str) -> str:
    """``value``, or ``value`` after an apostrophe when it starts as a formula would."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cells(row: Row, columns: list[tuple[str, str]]) -> Iterator[str]:
    for name, kind in columns:
        value = row.get(name)
        text = "" if value is None else str(value)
        yield spreadsheet_safe(text) if kind == "str" else text


def _write_csv(path: Path, rows: list[Row], columns: list[tuple[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _ in columns])
        writer.writerows(list(_cells(row, columns)) for row in rows)


def _write_parquet(path: Path, rows: list[Row], columns: list[tuple[str, str]]) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError("Parquet export", extra="tables", missing="pyarrow") from None
    kinds = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "float": pa.float64()}
    schema = pa.schema([(name, kinds[kind]) for name, kind in columns])
    table = pa.Table.from_pylist([{name: row.get(name) for name, _ in columns} for row in rows], schema=schema)
    pq.write_table(table, path)


def write_tables(tables: dict[str, list[Row]], directory: Path | str, *, format: TableFormat = "csv") -> list[Path]:
    """Write each table as ``DIR/NAME.csv`` or ``DIR/NAME.parquet`` (each replaced whole)."""
    if format not in ("csv", "parquet"):
        raise InputError(f"format must be csv or parquet, got {format!r}")
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        path = target / f"{name}.{format}"
        tmp = path.with_name(path.name + ".tmp")
        (_write_csv if format == "csv" else _write_parquet)(tmp, rows, COLUMNS[name])
        tmp.replace(path)
        written.append(path)
    return written


def export(results: ResultsPaths, directory: Path | str, *, format: TableFormat = "csv") -> dict[str, int]:
    """Read one or several batch output files and write their tables; the rows of each table."""
    tables = build_tables(read_results(results))
    write_tables(tables, directory, format=format)
    return {name: len(rows) for name, rows in tables.items()}


__all__ = [
    "COLUMNS",
    "ResultLine",
    "ResultsPaths",
    "build_tables",
    "export",
    "read_results",
    "spreadsheet_safe",
    "write_tables",
]
