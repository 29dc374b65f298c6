"""The evidence page: built from the seed's gold report, then loaded in a real headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from command import run_cli as _run
from fake_llm import FakeLLM
from paths import SEED
from scripted import answers
from stub_server import StubServer

import newsstruct
from newsstruct.evaluation._gold import load_record
from newsstruct.outputs import render_html
from newsstruct.outputs._html_view import highlighted_article
from newsstruct.schema import Report

ROOT = Path(__file__).resolve().parents[2]


class _Page(HTMLParser):
    """Ids, in-page links and marks of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.marks: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "mark" and "data-items" in a:
            self.marks.append(a)


@pytest.fixture
def gold() -> tuple[Report, str]:
    record, text = load_record(ROOT / "seeds" / "000_13ddadb092460672.gold.json")
    return record.target, text


def _page(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_every_item_has_a_span_and_every_link_resolves(gold: tuple[Report, str]) -> None:
    report, text = gold
    page = _page(render_html(report, text))
    items = [*report.incidents, *report.figures, *report.claims]
    assert {f"ev-{i.id}" for i in items} <= page.ids and {f"item-{i.id}" for i in items} <= page.ids
    assert page.links and all(target in page.ids for target in page.links)
    covered = {item for mark in page.marks for item in mark["data-items"].split()}
    assert covered == {i.id for i in items}
    assert 'id="contested"' in render_html(report, text)  # the seed has a denial contesting an accusation


def test_overlapping_spans_carry_every_kind(gold: tuple[Report, str]) -> None:
    report, text = gold
    marks = _page(highlighted_article(text, report)).marks
    both = [m for m in marks if "k-incident" in m["class"] and "k-claim" in m["class"] and "k-figure" in m["class"]]
    assert both, "the seed's sentence 2 reports I2, figure F2 and claim C1 at once"


def test_article_text_survives_verbatim_and_escaped(gold: tuple[Report, str]) -> None:
    report, _ = gold
    text = "<b>&</b> " * 3 + "a \u201ccurly\u201d caf\u00e9"
    report = Report(summary="<script>alert(1)</script>")
    html = render_html(report, text)
    assert "<script>alert(1)</script>" not in html and "&lt;b&gt;&amp;&lt;/b&gt;" in html
    assert "\u201ccurly\u201d caf\u00e9" in html


def test_mismatched_text_is_refused(gold: tuple[Report, str]) -> None:
    report, text = gold
    with pytest.raises(ValueError, match="evidence does not match"):
        render_html(report, text.replace("French", "Gallic"))


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (scripts/install.sh dev installs it)")
        pytest.skip("chromium is not installed")
    return found


def test_page_in_headless_chromium(tmp_path: Path) -> None:
    chromium = _chromium()
    text = SEED.read_text(encoding="utf-8")
    report = newsstruct.parse(text, client=FakeLLM([], default=answers()).client(), model="fake-model")
    page = tmp_path / "seed.html"
    page.write_text(render_html(report, text, title="seed article"), encoding="utf-8")
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # The page's script ran in the browser: it counted the marks and found no dangling link.
    assert 'data-broken-links="0"' in dom.stdout
    marks = _page(dom.stdout).marks
    assert marks and f'data-marks="{len(marks)}"' in dom.stdout
    # Every grounded value (phrase, place, name, quote) is marked inside its evidence.
    values = [m for m in marks if "val" in m["class"].split()]
    assert len(values) >= sum(len(i.mentions) for i in [*report.incidents, *report.figures, *report.claims]) // 2
    assert f'data-values="{len(values)}"' in dom.stdout
    assert any("F2 phrase (exact)" in m["title"] for m in values)
    shot = tmp_path / "html_view_seed.png"
    done = subprocess.run(
        [*flags, f"--screenshot={shot}", "--window-size=1400,1600", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and shot.stat().st_size > 20_000, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_direction_controls_are_shown_in_the_browser_not_obeyed(tmp_path: Path) -> None:
    chromium = _chromium()
    text = "Title\n\nPolice said \u202egnissim\u202c four people were killed in Kabul on Monday."
    report = newsstruct.parse(text, client=FakeLLM([], default=answers()).client(), model="fake-model")
    page = tmp_path / "bidi.html"
    page.write_text(render_html(report, text), encoding="utf-8")
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # what the browser holds: the override shown as a visible marker, never the control itself
    assert "\u202e" not in dom.stdout and "⟨U+202E⟩gnissim⟨U+202C⟩" in dom.stdout
    assert 'data-broken-links="0"' in dom.stdout and _page(dom.stdout).marks


def test_cli_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    with StubServer([], default=answers()) as server:
        done = _run(["parse", str(SEED), "--html", str(out)], server.base_url)
    assert done.returncode == 0, done.stderr.decode()
    page = _page(out.read_text(encoding="utf-8"))
    assert {"ev-I1", "item-F2", "item-C2"} <= page.ids and all(t in page.ids for t in page.links)
