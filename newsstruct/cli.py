"""The ``newsstruct`` command.

Exit codes: 0 success · 1 no valid report (extraction failed) · 2 bad usage or configuration ·
3 unusable input (missing file, empty, binary, too long) · 4 backend unavailable · 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from newsstruct.backends import Backend, resolve_backend
from newsstruct.engine import coerce_text, parse
from newsstruct.errors import (
    BackendError,
    ConfigurationError,
    ExtractionError,
    InputError,
    NewsstructError,
    OutputRefusedError,
    RunError,
)
from newsstruct.outputs import figure_range, visible_controls
from newsstruct.scale import DEFAULT_CONCURRENCY, BatchSummary
from newsstruct.schema import Report

# 0 all done; 1 some items (or the article) failed; 2 usage; 3 bad input; 4 backend unusable;
# 5 the output file was refused (it is the input, not a results file, or locked by another run);
# 6 the run itself stopped (output or cache unusable, disk full): a rerun resumes.
EXIT_OK, EXIT_EXTRACTION, EXIT_USAGE, EXIT_INPUT, EXIT_BACKEND, EXIT_OUTPUT, EXIT_RUN = 0, 1, 2, 3, 4, 5, 6
EXIT_INTERRUPTED = 130


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    if not path.is_file():
        raise InputError(f"no such file: {source}")
    return path.read_bytes()


def render_pretty(report: Report) -> str:
    """A readable summary of a report for the terminal; direction controls in the article's
    words are shown, not obeyed (:mod:`newsstruct.outputs._display`)."""
    lines = [report.summary, ""]
    for inc in report.incidents:
        flags = [f for f, on in (("background", inc.background), ("disputed", inc.disputed)) if on]
        when = inc.date.value or inc.date.phrase or "date unknown"
        where = ", ".join(inc.location.places + ([inc.location.country] if inc.location.country else []))
        lines.append(
            f"[{inc.id}] {inc.type.value}  {when}  {where or 'place unknown'}"
            + (f"  ({', '.join(flags)})" if flags else "")
        )
        lines.append(f"     {inc.summary}")
        for fig in (f for f in report.figures if f.incident == inc.id):
            outcome = "/".join(o.value for o in fig.outcomes)
            source = fig.source or "the article"
            lines.append(
                f"     {fig.id}: {figure_range(fig.min, fig.max)} {fig.group} {outcome}  ({fig.phrase!r}, per {source})"
            )
    if report.claims:
        lines.append("")
        lines.append("Claims:")
    for claim in report.claims:
        who = claim.speaker.name or claim.speaker.organisation or "unnamed"
        contest = f", contests {claim.contests}" if claim.contests else ""
        lines.append(
            f"  [{claim.id}] {claim.kind.value} by {who} (on {claim.incident or '-'}{contest}): {claim.content}"
        )
    for warning in report.warnings:
        lines.append(f"warning: {warning.code}: {warning.message}")
    lines.append("")
    g = report.grounding
    lines.append(
        f"{report.model} · {report.attempts} attempt(s) · {report.usage.prompt_tokens} prompt + "
        f"{report.usage.completion_tokens} completion tokens · {report.seconds} s"
    )
    lines.append(
        f"values grounded: {g.exact} exact, {g.normalized} normalised, {g.fuzzy} fuzzy · "
        f"{g.repaired} repaired on retry · {g.dropped} dropped"
    )
    return visible_controls("\n".join(lines))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsstruct", description=__doc__.split("\n")[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("parse", help="extract a report from one article (FILE, or - for stdin)")
    p.add_argument("file", help="article text file, or - to read standard input")
    p.add_argument("--pretty", action="store_true", help="print a readable summary instead of JSON")
    p.add_argument("--backend", choices=["embedded", "openai"], help="default: embedded (or NEWSSTRUCT_BACKEND)")
    p.add_argument("--model", help="model name for an endpoint, or a GGUF path for the embedded backend")
    p.add_argument("--base-url", help="OpenAI-compatible endpoint; the key comes from NEWSSTRUCT_API_KEY")
    p.add_argument("--retries", type=int, default=2, help="re-asks after invalid output (default 2)")
    p.add_argument("--timeout", type=float, help="seconds to wait for an endpoint's answer (default 600)")
    p.add_argument("--temperature", type=float, default=0.0)
    p.add_argument("--max-tokens", type=int, help="cap on the model's answer")
    p.add_argument("--html", metavar="OUT", help="also write a page with the article's evidence highlighted")
    p.add_argument("--deadline", type=float, metavar="SECONDS", help="most seconds the article may take")
    p.add_argument("--max-chars", type=int, help="refuse an article longer than this (default 1,000,000)")
    p.add_argument(
        "--strict", action="store_true", help="fail (exit 1) instead of dropping a value that cannot be grounded"
    )
    p.add_argument(
        "--cache", nargs="?", const=True, default=None, metavar="PATH",
        help="reuse and keep reports in the results cache (default file, or PATH)",
    )  # fmt: skip

    b = commands.add_parser("batch", help="extract every line of a JSONL file ({id, text, metadata}) into another")
    b.add_argument("input", help='JSONL, one {"id", "text", "metadata"?} per line')
    b.add_argument("output", help="JSONL of results; rerunning resumes (finished ids skipped, failed retried)")
    b.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY, help="extractions in flight (default 8)")
    b.add_argument("--backend", choices=["embedded", "openai"])
    b.add_argument("--model")
    b.add_argument("--base-url")
    b.add_argument("--retries", type=int, default=2)
    b.add_argument("--timeout", type=float, help="seconds to wait for an endpoint's answer (default 600)")
    b.add_argument("--strict", action="store_true")
    b.add_argument(
        "--deadline", type=float, metavar="SECONDS", help="most seconds one article may take (default: none)"
    )
    b.add_argument("--max-chars", type=int, help="refuse articles longer than this (default 1,000,000)")
    b.add_argument("--cache", metavar="PATH", help="results cache file (default: the shared one)")
    b.add_argument("--no-cache", action="store_true", help="do not read or write the results cache")
    b.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    b.add_argument("--engine", choices=["local", "ray"], default="local", help="in this process (default) or on Ray")
    b.add_argument("--address", help="Ray: join the cluster at ADDR (default: start a local Ray runtime)")
    b.add_argument("--workers", type=int, help="Ray: worker actors, each with --concurrency in flight (default 1)")
    b.add_argument(
        "--cpus-per-worker", type=float, help="Ray: CPUs per worker (an embedded model's threads; default 1)"
    )

    x = commands.add_parser("export", help="turn batch results into tables (incidents, figures, claims, ACLED, UCDP)")
    x.add_argument("results", nargs="+", help="JSONL written by newsstruct batch (several: one per shard)")
    x.add_argument("--to", required=True, metavar="DIR", help="folder for the tables (created if needed)")
    x.add_argument("--format", choices=["csv", "parquet"], default="csv", help="default csv; parquet needs pyarrow")

    e = commands.add_parser("eval", help="score a backend against gold seeds (or compare two saved runs)")
    e.add_argument("source", nargs="?", help="folder of *.gold.json, or a JSONL")
    e.add_argument("--split", choices=["dev", "test"], help="only this split")
    e.add_argument("--limit", type=int, help="only the first N samples")
    e.add_argument("--backend", choices=["embedded", "openai"])
    e.add_argument("--model")
    e.add_argument("--base-url")
    e.add_argument("--retries", type=int, default=2)
    e.add_argument(
        "--cache", help="results cache folder or file (default: the results cache, NEWSSTRUCT_RESULTS_CACHE)"
    )
    e.add_argument("--out", help="write run.json, report.md and report.html here")
    e.add_argument(
        "--prompt-version", metavar="VERSION",
        help="re-score the reports an earlier extraction version left in the cache (no model call)",
    )  # fmt: skip
    e.add_argument("--compare", nargs=2, metavar=("RUN_A", "RUN_B"), help="two run.json files (or their folders)")
    return parser


def _run_file(path: str) -> dict[str, Any]:
    p = Path(path)
    p = p / "run.json" if p.is_dir() else p
    if not p.is_file():
        raise InputError(f"no such run: {path}")
    data: dict[str, Any] = json.loads(p.read_text(encoding="utf-8"))
    return data


def _eval(args: argparse.Namespace) -> int:
    from newsstruct.evaluation import compare, evaluate, load_samples, to_markdown, write_run

    if args.compare:
        print(compare(_run_file(args.compare[0]), _run_file(args.compare[1])))
        return EXIT_OK
    if args.source is None:
        raise InputError("newsstruct eval needs a folder of *.gold.json or a JSONL of samples")
    source = Path(args.source)
    if not source.exists():
        raise InputError(f"no such file or folder: {source}")
    samples = load_samples(source, split=args.split)[: args.limit]
    if not samples:
        raise InputError(f"no samples in {source}" + (f" for split {args.split}" if args.split else ""))

    def progress(n: int, total: int, sample: object, seconds: float) -> None:
        print(f"[{n}/{total}] {getattr(sample, 'id', '?')}: {seconds:.1f} s", file=sys.stderr, flush=True)

    run = evaluate(samples, backend=args.backend, model=args.model, base_url=args.base_url,
                   cache_dir=Path(args.cache) if args.cache else None, retries=args.retries, progress=progress,
                   prompt_version=args.prompt_version).as_dict()  # fmt: skip
    if args.out:
        for path in write_run(run, Path(args.out)):
            print(f"wrote {path}", file=sys.stderr)
    print(to_markdown(run))
    return EXIT_OK


def _backend(args: argparse.Namespace) -> Backend:
    """The backend the options name; an endpoint timeout applies to the OpenAI-compatible one."""
    backend = resolve_backend(args.backend, model=args.model, base_url=args.base_url)
    if args.timeout is not None:
        from newsstruct.backends import OpenAIBackend  # loads openai only for an endpoint

        if not isinstance(backend, OpenAIBackend):
            raise ConfigurationError(
                "--timeout applies to an OpenAI-compatible endpoint (--base-url or --backend openai)"
            )
        backend = resolve_backend(args.backend, model=args.model, base_url=args.base_url, timeout=args.timeout)
    return backend


def _batch(args: argparse.Namespace) -> int:
    from newsstruct.scale import run_batch

    ray_only = {"--address": args.address, "--workers": args.workers, "--cpus-per-worker": args.cpus_per_worker}
    if args.engine == "ray":
        return _summarise(_ray_batch(args))
    named = [flag for flag, value in ray_only.items() if value is not None]
    if named:
        raise ConfigurationError(f"{', '.join(named)} apply to --engine ray")
    summary = run_batch(Path(args.input), Path(args.output), backend=_backend(args), **_run_options(args))
    return _summarise(summary)


def _run_options(args: argparse.Namespace) -> dict[str, Any]:
    """The options every batch engine takes alike."""
    return {
        "concurrency": args.concurrency,
        "progress": not args.no_progress,
        "retries": args.retries,
        "strict": args.strict,
        "cache": False if args.no_cache else (args.cache or True),
        "deadline": args.deadline,
        "max_chars": args.max_chars,
    }


def _ray_batch(args: argparse.Namespace) -> BatchSummary:
    from newsstruct.scale import run_ray_batch

    # the workers choose their backend themselves, from these names
    return run_ray_batch(
        Path(args.input),
        Path(args.output),
        address=args.address,
        workers=1 if args.workers is None else args.workers,
        cpus_per_worker=1.0 if args.cpus_per_worker is None else args.cpus_per_worker,
        backend=args.backend,
        model=args.model,
        base_url=args.base_url,
        timeout=args.timeout,
        **_run_options(args),
    )


def _summarise(summary: BatchSummary) -> int:
    print(
        f"batch: {summary.total} items · {summary.skipped} already done · {summary.done} extracted · "
        f"{summary.failed} failed ({summary.invalid} unreadable input lines) · {summary.seconds:.1f} s",
        file=sys.stderr,
    )
    for item_id, reason in list(summary.failures.items())[:10]:
        print(f"  {item_id}: {reason[:200]}", file=sys.stderr)
    return EXIT_OK if summary.failed == 0 else EXIT_EXTRACTION


def _export(args: argparse.Namespace) -> int:
    from newsstruct.outputs import export

    counts = export([Path(r) for r in args.results], Path(args.to), format=args.format)
    listed = " · ".join(f"{name} {rows}" for name, rows in counts.items())
    print(f"export: {args.format} tables in {args.to}: {listed} rows", file=sys.stderr)
    return EXIT_OK


def _error(message: str, code: int) -> int:
    print(f"newsstruct: error: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # instructor logs every failed attempt at ERROR; the CLI reports failures itself.
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    try:
        if args.command == "eval":
            return _eval(args)
        if args.command == "batch":
            return _batch(args)
        if args.command == "export":
            return _export(args)
        text = coerce_text(_read(args.file), max_chars=args.max_chars)
        report = parse(
            text,
            backend=_backend(args),
            retries=args.retries,
            temperature=args.temperature,
            max_tokens=args.max_tokens,
            strict=args.strict,
            cache=args.cache,
            deadline=args.deadline,
            max_chars=args.max_chars,
        )
    except KeyboardInterrupt:
        return _error("interrupted", EXIT_INTERRUPTED)
    except OutputRefusedError as exc:
        return _error(str(exc), EXIT_OUTPUT)
    except RunError as exc:
        return _error(str(exc), EXIT_RUN)
    except InputError as exc:
        return _error(str(exc), EXIT_INPUT)
    except ConfigurationError as exc:
        return _error(str(exc), EXIT_USAGE)
    except BackendError as exc:
        return _error(str(exc), EXIT_BACKEND)
    except ExtractionError as exc:
        print(json.dumps(exc.details(), ensure_ascii=False, indent=2), file=sys.stderr)
        return _error(str(exc), EXIT_EXTRACTION)
    except NewsstructError as exc:  # a new subclass must still end cleanly
        return _error(str(exc), EXIT_EXTRACTION)
    if args.html:
        from newsstruct.outputs import render_html

        try:
            Path(args.html).write_text(render_html(report, text, title=Path(args.file).name), encoding="utf-8")
        except OSError as exc:
            return _error(f"cannot write {args.html}: {exc}", EXIT_INPUT)
    if args.pretty:
        print(render_pretty(report))
    else:
        print(report.model_dump_json(indent=2))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
