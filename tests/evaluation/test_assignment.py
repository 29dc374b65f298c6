from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from newsstruct.evaluation import max_weight_matching


def _best(weights: list[list[float]]) -> float:
    rows, cols = len(weights), len(weights[0])
    if rows <= cols:
        return max(
            sum(weights[r][c] for r, c in zip(range(rows), perm, strict=True))
            for perm in itertools.permutations(range(cols), rows)
        )
    return max(
        sum(weights[r][c] for c, r in zip(range(cols), perm, strict=True))
        for perm in itertools.permutations(range(rows), cols)
    )


def test_picks_the_optimal_not_the_greedy_assignment() -> None:
    weights = [[0.9, 0.8], [0.85, 0.1]]  # greedy takes (0,0) and is left with 0.1
    assert max_weight_matching(weights) == [(0, 1), (1, 0)]


def test_empty_and_rectangular() -> None:
    assert max_weight_matching([]) == []
    pairs = max_weight_matching([[0.1, 0.9, 0.3]])
    assert pairs == [(0, 1)]
    pairs = max_weight_matching([[0.1], [0.9], [0.3]])
    assert pairs == [(1, 0)]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 10_000))
def test_total_equals_brute_force(rows: int, cols: int, seed: int) -> None:
    rng = random.Random(seed)
    weights = [[round(rng.random(), 3) for _ in range(cols)] for _ in range(rows)]
    pairs = max_weight_matching(weights)
    assert len(pairs) == min(rows, cols)
    assert len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs})
    assert abs(sum(weights[r][c] for r, c in pairs) - _best(weights)) < 1e-9
