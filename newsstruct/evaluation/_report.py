"""Write an evaluation run as JSON, Markdown and one self-contained HTML page; compare two runs.

Everything here works on the run's JSON form, so a saved run can be re-rendered or compared
without the model.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

SECTIONS = ("incidents", "figures", "claims")


def _row(name: str, c: dict[str, Any]) -> str:
    return f"| {name} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | {c['tp']} | {c['fp']} | {c['fn']} |"


def to_markdown(run: dict[str, Any]) -> str:
    meta, micro = run["meta"], run["micro"]
    secs = run["seconds_per_article"]
    lines = [
        f"# Evaluation: {meta['model']} on {', '.join(meta['splits'])} ({meta['articles']} articles)",
        "",
        f"Date {meta['date']} · prompt `{meta['prompt_version']}` · schema {meta['schema_version']} · "
        f"retries {meta['retries']} · seconds per article: median {secs['median']}, mean {secs['mean']}, "
        f"max {secs['max']}",
        "",
        "## Sections (micro)",
        "",
        "| section | P | R | F1 | TP | FP | FN |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [_row(s, micro[s]) for s in SECTIONS if s in micro]
    lines += ["", "Macro F1 (mean over articles): "
              + ", ".join(f"{k} {v:.3f}" for k, v in run["macro_f1"].items()), ""]  # fmt: skip
    if run.get("links"):
        lines += ["## Links (micro, over found items)", "", "| link | P | R | F1 | right | FP | FN |",
                  "|---|---|---|---|---|---|---|"]  # fmt: skip
        lines += [_row(name, c) for name, c in run["links"].items()] + [""]
    if run.get("strict"):
        lines += ["## Strict (figures and claims only inside aligned incidents: the first scorer)", "",
                  "| section | P | R | F1 | TP | FP | FN |", "|---|---|---|---|---|---|---|"]  # fmt: skip
        lines += [_row(name, c) for name, c in run["strict"].items()] + [""]
    lines += ["## Fields (micro)", "", "| field | P | R | F1 | correct | FP | FN |", "|---|---|---|---|---|---|---|"]
    lines += [_row(name, c) for name, c in micro.items() if "." in name]
    lines += ["", "## Articles", ""]
    for art in run["articles"]:
        f1s = ", ".join(f"{s} {art['sections'][s]['f1']:.2f}" for s in SECTIONS)
        lines.append(f"### {art['id']} — {f1s}" + (f" — error: {art['error']}" if art["error"] else ""))
        lines += [f"- {e}" for e in art["explanations"]] or ["- no differences"]
        lines.append("")
    return "\n".join(lines)


_CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:72rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}
td:first-child,th:first-child{text-align:left}details{margin:.3rem 0}summary{cursor:pointer}
.low{background:#fde2e2}.high{background:#e2f5e2}code{background:#f4f4f4;padding:0 .2rem}"""


def _cells(c: dict[str, Any]) -> str:
    tone = "high" if c["f1"] >= 0.8 else "low" if c["f1"] < 0.5 else ""
    return (f"<td>{c['precision']:.3f}</td><td>{c['recall']:.3f}</td><td class='{tone}'>{c['f1']:.3f}</td>"
            f"<td>{c['tp']}</td><td>{c['fp']}</td><td>{c['fn']}</td>")  # fmt: skip


def to_html(run: dict[str, Any]) -> str:
    meta, micro, secs = run["meta"], run["micro"], run["seconds_per_article"]
    esc = html.escape
    head = "<tr><th>{}</th><th>P</th><th>R</th><th>F1</th><th>TP</th><th>FP</th><th>FN</th></tr>"
    sections = "".join(f"<tr><td>{s}</td>{_cells(micro[s])}</tr>" for s in SECTIONS if s in micro)
    fields = "".join(f"<tr><td>{esc(n)}</td>{_cells(c)}</tr>" for n, c in micro.items() if "." in n)
    links = "".join(f"<tr><td>{esc(n)}</td>{_cells(c)}</tr>" for n, c in run.get("links", {}).items())
    strict = "".join(f"<tr><td>{esc(n)}</td>{_cells(c)}</tr>" for n, c in run.get("strict", {}).items())
    articles = []
    for art in run["articles"]:
        f1s = " · ".join(f"{s} {art['sections'][s]['f1']:.2f}" for s in SECTIONS)
        items = "".join(f"<li>{esc(e)}</li>" for e in art["explanations"]) or "<li>no differences</li>"
        error = f" <b>error:</b> {esc(art['error'])}" if art["error"] else ""
        articles.append(f"<details id='{esc(art['id'])}'><summary><code>{esc(art['id'])}</code> {f1s}{error}"
                        f"</summary><ul>{items}</ul></details>")  # fmt: skip
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>newsstruct eval: {esc(meta["model"])}</title><style>{_CSS}</style></head><body>
<h1>Evaluation: {esc(meta["model"])}</h1>
<p>{esc(", ".join(meta["splits"]))} · {meta["articles"]} articles · {esc(meta["date"])} · prompt
<code>{esc(meta["prompt_version"])}</code> · schema {esc(str(meta["schema_version"]))} · seconds per article:
median {secs["median"]}, mean {secs["mean"]}, max {secs["max"]}</p>
<h2>Sections (micro)</h2><table>{head.format("section")}{sections}</table>
<p>Macro F1: {esc(", ".join(f"{k} {v:.3f}" for k, v in run["macro_f1"].items()))}</p>
<h2>Links (micro, over found items)</h2><table>{head.format("link")}{links}</table>
<h2>Strict (figures and claims only inside aligned incidents)</h2><table>{head.format("section")}{strict}</table>
<h2>Fields (micro)</h2><table>{head.format("field")}{fields}</table>
<h2>Articles</h2>{"".join(articles)}
</body></html>
"""


def write_run(run: dict[str, Any], folder: Path) -> list[Path]:
    """``run.json``, ``report.md`` and ``report.html`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "run.json", folder / "report.md", folder / "report.html"]
    paths[0].write_text(json.dumps(run, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(to_markdown(run) + "\n", encoding="utf-8")
    paths[2].write_text(to_html(run), encoding="utf-8")
    return paths


def _f1(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def rows(run: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every scored row of a run by one name: sections, fields, ``link …`` and ``strict …``.

    Runs scored before finding and linking were separated (no ``scorer`` in their meta) matched
    figures and claims only inside aligned incidents: those rows are their strict rows."""
    micro = dict(run["micro"])
    named: dict[str, dict[str, Any]] = {}
    if "scorer" not in run["meta"]:
        for section in ("figures", "claims"):
            if section in micro:
                named[f"strict {section}"] = micro.pop(section)
    named = {**micro, **{f"link {k}": v for k, v in run.get("links", {}).items()}, **named}
    named.update({f"strict {k}": v for k, v in run.get("strict", {}).items()})
    return named


def compare(a: dict[str, Any], b: dict[str, Any]) -> str:
    """Markdown table of every row's F1 in run A, run B and the delta."""
    name_a = f"{a['meta']['model']} ({a['meta']['prompt_version']})"
    name_b = f"{b['meta']['model']} ({b['meta']['prompt_version']})"
    lines = [
        f"# {name_a} → {name_b}",
        "",
        "| metric | A F1 | B F1 | Δ |",
        "|---|---|---|---|",
    ]
    rows_a, rows_b = rows(a), rows(b)
    for name in dict.fromkeys([*rows_a, *rows_b]):
        fa = rows_a.get(name, {}).get("f1")
        fb = rows_b.get(name, {}).get("f1")
        delta = f"{fb - fa:+.3f}" if fa is not None and fb is not None else "n/a"
        lines.append(f"| {name} | {_f1(fa)} | {_f1(fb)} | {delta} |")
    sa, sb = a["seconds_per_article"]["median"], b["seconds_per_article"]["median"]
    lines += ["", f"Median seconds per article: {sa} → {sb}"]
    return "\n".join(lines)
