"""Library overhead and throughput against a local stub endpoint that answers instantly.

    python bench/overhead.py [--articles 200] [--latency 0 --latency 0.05]

Starts ``bench/stub_endpoint.py`` in its own process on 127.0.0.1, then times, over the same
articles (variants of the seed article, so nothing is cached):

- a plain sequential ``instructor`` loop: the same three step requests per article, the same
  messages and response models, one after another, nothing else;
- ``newsstruct.parse_many`` at concurrency 1, 8 and 32 (grounding, checks, assembly included).

Prints articles per second, milliseconds per article, newsstruct's overhead per article over
the plain loop (at concurrency 1), and each concurrency's throughput relative to the loop.
``--latency`` makes the stub wait before answering, as a remote model would.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path

import instructor
import openai

import newsstruct
from newsstruct.batch import parse_many
from newsstruct.draft import STEP_CONTEXT, claim_step_for, figure_step_for, incident_step_for
from newsstruct.grounding import TextIndex
from newsstruct.pipeline import claim_sentences, describe_incidents, figure_sentences
from newsstruct.prompting import load_prompts
from newsstruct.quantities import candidates
from newsstruct.sentences import numbered, split_sentences

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "seeds" / "000_13ddadb092460672.txt"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _articles(n: int) -> list[str]:
    seed = SEED.read_text(encoding="utf-8")
    return [seed + f"\n\nUpdate {k}: the situation in the region remains tense.\n" for k in range(n)]


def plain_instructor_loop(base_url: str, articles: list[str]) -> float:
    """Seconds for the same step requests through instructor, sequentially, nothing more."""
    client = instructor.from_openai(
        openai.OpenAI(base_url=base_url, api_key="sk-bench"), mode=instructor.Mode.JSON_SCHEMA
    )
    prompts = load_prompts()
    started = time.perf_counter()
    for text in articles:
        sentences = split_sentences(text)
        shown = numbered(text, sentences)
        count = len(sentences)
        first = client.chat.completions.create(
            model="stub", response_model=incident_step_for(count), messages=prompts.messages(shown, "incidents"),
            max_retries=0,
        )  # fmt: skip
        ids = [i.id for i in first.incidents]
        listing = describe_incidents(first.incidents)
        STEP_CONTEXT.set({"incident_ids": ids})  # what the figure and claim models validate against
        index = TextIndex(text)
        phrases = candidates(text)
        client.chat.completions.create(
            model="stub", response_model=figure_step_for(figure_sentences(index, sentences, phrases), ids, phrases),
            max_retries=0, messages=prompts.messages(shown, "figures", incidents=listing)
        )  # fmt: skip
        attributing = claim_sentences(index, sentences)
        client.chat.completions.create(
            model="stub", response_model=claim_step_for(attributing, ids), max_retries=0,
            messages=prompts.messages(shown, "claims", incidents=listing,
                                      sentences=", ".join(str(n) for n in attributing))
        )  # fmt: skip
    return time.perf_counter() - started


def newsstruct_many(base_url: str, articles: list[str], concurrency: int) -> float:
    backend = newsstruct.OpenAIBackend(model="stub", base_url=base_url, api_key="sk-bench")
    started = time.perf_counter()
    results = parse_many(articles, backend=backend, concurrency=concurrency, retries=0)
    seconds = time.perf_counter() - started
    failed = [r for r in results if not r.ok]
    if failed:
        raise SystemExit(f"{len(failed)} articles failed, e.g. {failed[0].error!r}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--latency", type=float, action="append", help="stub answer delay (s); repeatable")
    args = parser.parse_args()
    print("| stub latency | client | articles | seconds | articles/s | ms/article | overhead ms/article | vs loop |")
    print("|---|---|---|---|---|---|---|---|")
    for latency in args.latency or [0.0]:
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, str(HERE / "stub_endpoint.py"), "--port", str(port), "--latency", str(latency)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert server.stdout is not None and "listening" in server.stdout.readline()
            base_url = f"http://127.0.0.1:{port}/v1"
            articles = _articles(args.articles)
            plain_instructor_loop(base_url, articles[:5])  # warm up: imports, schema building, connections
            loop = plain_instructor_loop(base_url, articles)
            rows = [("instructor loop (sequential)", loop)]
            for concurrency in (1, 8, 32):
                rows.append(
                    (
                        f"newsstruct parse_many, concurrency {concurrency}",
                        newsstruct_many(base_url, articles, concurrency),
                    )
                )
            single = rows[1][1]
            for name, seconds in rows:
                per = seconds / len(articles) * 1000
                overhead = f"{(single - loop) / len(articles) * 1000:.2f}" if name.endswith("concurrency 1") else ""
                rate = len(articles) / seconds
                print(
                    f"| {latency * 1000:.0f} ms | {name} | {len(articles)} | {seconds:.2f} | {rate:.1f} "
                    f"| {per:.2f} | {overhead} | {loop / seconds:.1f}x |",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
