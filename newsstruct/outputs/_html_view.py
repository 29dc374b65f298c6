"""One self-contained HTML page showing where every extracted value comes from.

The article is shown verbatim with each evidence span highlighted by kind (incident, casualty
figure, claim), and inside it each grounded value (a figure's phrase, a place, a name, a quote)
marked with its field and how it matched. Spans overlap often (a sentence can report an incident,
give a figure and carry a claim), so the text is cut at every span boundary and each piece is
marked with all the items that cover it; the kinds combine visually (background, underline, inset
stripe). Panels list the incidents, figures and claims, each linking to its first span
(``#ev-<id>``); clicking a span selects its items in the panels. Contested claims are shown side
by side. The page has no external resources: styles and the small script are inline, and every
value is HTML-escaped."""

from __future__ import annotations

import html
from dataclasses import dataclass
from itertools import pairwise

from newsstruct.outputs._display import figure_range, visible_controls
from newsstruct.schema import Evidence, Mention, Report

KINDS = ("incident", "figure", "claim")

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{padding:12px 20px;background:#24292f;color:#fff}
header h1{font-size:18px;margin:0}
header p{margin:4px 0 0;color:#d0d7de}
main{display:grid;grid-template-columns:minmax(0,1.1fr) minmax(0,1fr);gap:20px;padding:20px}
#article{white-space:pre-wrap;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:16px;
  font:14px/1.65 ui-monospace,Menlo,Consolas,monospace}
mark{background:none;color:inherit;cursor:pointer;border-radius:2px}
mark.k-incident{background:#fff1b8}
mark.k-figure{box-shadow:inset 0 -0.5em 0 #a5d8ff}
mark.k-claim{border-bottom:3px solid #40a02b}
mark.sel{outline:2px solid #d9480f}
mark.val{font-weight:700;text-decoration:underline dotted #6e7781}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin-bottom:16px}
section h2{font-size:16px;margin:0 0 8px}
ol{margin:0;padding-left:0;list-style:none}
li.item{padding:6px 8px;border-left:4px solid transparent;margin-bottom:6px}
li.item.sel{background:#fff4e6;border-left-color:#d9480f}
li.incident{border-left-color:#f5c400}
li.figure{border-left-color:#4dabf7}
li.claim{border-left-color:#40a02b}
.id{font-weight:600;margin-right:6px}
.meta{color:#57606a;font-size:13px}
.flag{display:inline-block;font-size:11px;padding:0 6px;border-radius:8px;background:#eaeef2;margin-left:4px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin-bottom:10px}
.pair>div{border:1px solid #d0d7de;border-radius:6px;padding:8px}
.warning{color:#9a6700}
.legend span{display:inline-block;margin-right:10px;padding:0 6px}
"""

_SCRIPT = """
(function(){
  function select(ids){
    document.querySelectorAll('.sel').forEach(function(e){e.classList.remove('sel')});
    ids.forEach(function(id){
      var item=document.getElementById('item-'+id); if(item){item.classList.add('sel')}
      document.querySelectorAll('mark[data-items~="'+id+'"]').forEach(function(m){m.classList.add('sel')});
    });
  }
  document.querySelectorAll('mark[data-items]').forEach(function(m){
    m.addEventListener('click',function(){select(m.dataset.items.split(' '))});
  });
  document.querySelectorAll('a.evidence').forEach(function(a){
    a.addEventListener('click',function(){select([a.dataset.item])});
  });
  var broken=0;
  document.querySelectorAll('a[href^="#"]').forEach(function(a){
    if(!document.getElementById(a.getAttribute('href').slice(1))){broken++}
  });
  document.documentElement.dataset.brokenLinks=String(broken);
  document.documentElement.dataset.marks=String(document.querySelectorAll('mark[data-items]').length);
  document.documentElement.dataset.values=String(document.querySelectorAll('mark.val[data-items]').length);
})();
"""


def escape(value: str) -> str:
    """HTML-escaped, with direction controls shown rather than obeyed (:mod:`newsstruct.outputs._display`)."""
    return html.escape(visible_controls(value))


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str
    item: str
    value: str | None = None  # the field, for a value's mention inside the evidence


def _spans(report: Report) -> list[_Span]:
    spans: list[_Span] = []
    sections: list[tuple[str, list[tuple[str, list[Evidence], list[Mention]]]]] = [
        ("incident", [(i.id, i.evidence, i.mentions) for i in report.incidents]),
        ("figure", [(f.id, f.evidence, f.mentions) for f in report.figures]),
        ("claim", [(c.id, c.evidence, c.mentions) for c in report.claims]),
    ]
    for kind, items in sections:
        for item, evidence, mentions in items:
            spans += [_Span(ev.start, ev.end, kind, item) for ev in evidence if ev.end > ev.start]
            spans += [_Span(m.start, m.end, kind, item, f"{m.field} ({m.match})") for m in mentions if m.end > m.start]
    return spans


def highlighted_article(text: str, report: Report) -> str:
    """The article as HTML, every evidence span marked with the items and kinds it supports."""
    spans = _spans(report)
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    first_start: dict[str, int] = {}
    for span in sorted(spans, key=lambda s: s.start):
        first_start.setdefault(span.item, span.start)
    anchored: set[str] = set()
    out: list[str] = []
    for a, b in pairwise(cuts):
        for item, start in first_start.items():
            if start == a and item not in anchored:
                out.append(f'<a class="anchor" id="ev-{escape(item)}"></a>')
                anchored.add(item)
        covering = [s for s in spans if s.start <= a and s.end >= b]
        piece = escape(text[a:b])
        if not covering:
            out.append(piece)
            continue
        kinds = " ".join(f"k-{k}" for k in KINDS if any(s.kind == k and s.value is None for s in covering))
        items = " ".join(dict.fromkeys(s.item for s in covering))
        values = [f"{s.item} {s.value}" for s in covering if s.value is not None]
        if values:  # a value the item states: its phrase, a place, a name, a quote
            kinds += " val"
            title = escape(items + " · " + "; ".join(values))
            out.append(
                f'<mark class="{kinds}" data-items="{escape(items)}" data-values="{len(values)}" '
                f'title="{title}">{piece}</mark>'
            )
        else:
            out.append(f'<mark class="{kinds}" data-items="{escape(items)}" title="{escape(items)}">{piece}</mark>')
    return "".join(out)


def _link(item: str) -> str:
    return f'<a class="evidence" href="#ev-{escape(item)}" data-item="{escape(item)}">evidence</a>'


def _incidents(report: Report) -> str:
    rows = []
    for inc in report.incidents:
        flags = "".join(
            f'<span class="flag">{name}</span>' for name, on in (("background", inc.background),
                                                                  ("disputed", inc.disputed)) if on
        )  # fmt: skip
        where = ", ".join([*inc.location.places, *([inc.location.country] if inc.location.country else [])])
        who = ", ".join(a.name for a in inc.perpetrators) or "—"
        whom = ", ".join([*(a.name for a in inc.targets), *inc.physical_targets]) or "—"
        when = inc.date.value or ""
        if inc.date.phrase:
            when = f"{when} ({inc.date.phrase})" if when else inc.date.phrase
        rows.append(
            f'<li class="item incident" id="item-{escape(inc.id)}"><span class="id">{escape(inc.id)}</span>'
            f"<b>{escape(inc.type.value)}</b>{flags} {_link(inc.id)}<br>{escape(inc.summary)}<br>"
            f'<span class="meta">when: {escape(when or "—")} · where: {escape(where or "—")} · '
            f"by: {escape(who)} · against: {escape(whom)}"
            + (f" · weapons: {escape(', '.join(inc.weapons))}" if inc.weapons else "")
            + "</span></li>"
        )
    return "".join(rows) or "<li>none</li>"


def _figures(report: Report) -> str:
    rows = []
    for fig in report.figures:
        outcomes = "/".join(o.value for o in fig.outcomes)
        approx = " (approximate)" if fig.approximate else ""
        rows.append(
            f'<li class="item figure" id="item-{escape(fig.id)}"><span class="id">{escape(fig.id)}</span>'
            f"<b>{escape(figure_range(fig.min, fig.max))}</b>{approx} {escape(fig.group)} {escape(outcomes)} "
            f'{_link(fig.id)}<br><span class="meta">“{escape(fig.phrase)}” · per '
            f'{escape(fig.source or "the article")} · incident <a href="#item-{escape(fig.incident)}">'
            f"{escape(fig.incident)}</a></span></li>"
        )
    return "".join(rows) or "<li>none</li>"


def _speaker(report: Report, claim_id: str) -> str:
    claim = next(c for c in report.claims if c.id == claim_id)
    s = claim.speaker
    name = s.name or ("an anonymous source" if s.anonymous else "unnamed")
    extra = ", ".join(x for x in (s.role, s.organisation) if x)
    return escape(name + (f" ({extra})" if extra else ""))


def _claims(report: Report) -> str:
    rows = []
    for c in report.claims:
        quote = f"<br><q>{escape(c.quote)}</q>" if c.quote else ""
        meta = [f"via {escape(c.channel)}"] if c.channel else []
        meta += [f'incident <a href="#item-{escape(c.incident)}">{escape(c.incident)}</a>'] if c.incident else []
        meta += [f'contests <a href="#item-{escape(c.contests)}">{escape(c.contests)}</a>'] if c.contests else []
        rows.append(
            f'<li class="item claim" id="item-{escape(c.id)}"><span class="id">{escape(c.id)}</span>'
            f"<b>{escape(c.kind.value)}</b> by {_speaker(report, c.id)} {_link(c.id)}<br>{escape(c.content)}"
            f'{quote}<br><span class="meta">{" · ".join(meta)}</span></li>'
        )
    return "".join(rows) or "<li>none</li>"


def _contested(report: Report) -> str:
    by_id = {c.id: c for c in report.claims}
    pairs = []
    for c in report.claims:
        target = by_id.get(c.contests or "")
        if target is None:
            continue
        pairs.append(
            '<div class="pair">'
            f'<div><span class="id">{escape(target.id)}</span><b>{escape(target.kind.value)}</b> by '
            f"{_speaker(report, target.id)}<br>{escape(target.content)} {_link(target.id)}</div>"
            f'<div><span class="id">{escape(c.id)}</span><b>{escape(c.kind.value)}</b> by '
            f"{_speaker(report, c.id)}<br>{escape(c.content)} {_link(c.id)}</div></div>"
        )
    if not pairs:
        return ""
    return '<section id="contested"><h2>Contested claims</h2>' + "".join(pairs) + "</section>"


def render_html(report: Report, text: str, *, title: str = "newsstruct report") -> str:
    """The whole page for ``report`` extracted from ``text`` (the exact input string)."""
    problems = report.verify_offsets(text)
    if problems:
        raise ValueError("the report's evidence does not match this text: " + "; ".join(problems[:3]))
    g = report.grounding
    warnings = "".join(f'<li class="warning">{escape(w.code)}: {escape(w.message)}</li>' for w in report.warnings)
    return (
        "<!doctype html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_CSS}</style></head><body>'
        f"<header><h1>{escape(title)}</h1><p>{escape(report.summary)}</p></header><main>"
        '<div><div class="legend"><mark class="k-incident">incident</mark> '
        '<mark class="k-figure">casualty figure</mark> <mark class="k-claim">claim</mark> '
        '<mark class="val">value (phrase, name, quote)</mark></div>'
        f'<div id="article">{highlighted_article(text, report)}</div></div><div>'
        f'<section id="incidents"><h2>Incidents ({len(report.incidents)})</h2><ol>{_incidents(report)}</ol></section>'
        f'<section id="figures"><h2>Casualty figures ({len(report.figures)})</h2><ol>{_figures(report)}</ol></section>'
        f'<section id="claims"><h2>Claims ({len(report.claims)})</h2><ol>{_claims(report)}</ol></section>'
        f"{_contested(report)}"
        + (f'<section id="warnings"><h2>Warnings</h2><ol>{warnings}</ol></section>' if warnings else "")
        + f'<p class="meta">{escape(report.model or "")} · {report.attempts} attempt(s) · '
        f"{report.usage.prompt_tokens} prompt + {report.usage.completion_tokens} completion tokens · "
        f"values grounded {g.exact} exact, {g.normalized} normalised, {g.fuzzy} fuzzy · {g.repaired} repaired · "
        f"{g.dropped} dropped</p>"
        f"</div></main><script>{_SCRIPT}</script></body></html>\n"
    )
