"""Fuzzing: mutated .mod texts must parse or fail with a located MechanismError, fast.

Seeds are the hand-written samples plus, when the public corpus is already cached, a few
of its small files (never downloaded here, so this stays offline). Mutations delete,
duplicate and swap tokens and lines, truncate, insert random bytes and nest deeply.
"""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nmodl_samples import ALL

from braincell.dsl import MechanismError, check, parse, print_module

SEEDS = list(ALL.values())


def _cached_corpus_seeds(limit: int = 6, max_bytes: int = 4000) -> list[str]:
    try:
        from corpus import corpus_dir
    except ImportError:  # pragma: no cover - tests/ not on the path
        return []
    folder = corpus_dir()
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.rglob("*.mod") if p.stat().st_size <= max_bytes)
    return [p.read_bytes().decode("latin-1") for p in files[:limit]]


SEEDS += _cached_corpus_seeds()
_TOKEN = re.compile(r"\s+|[A-Za-z_][A-Za-z0-9_]*'*|\d*\.?\d+(?:[eE][-+]?\d+)?|.", re.S)
PIECES = ["{", "}", "(", ")", "~", "<->", "'", ":", "?", "COMMENT\n", "ENDCOMMENT\n",
          "VERBATIM\n", "ENDVERBATIM\n", "LOCAL x\n", "SOLVE s METHOD cnexp\n", "TITLE t\n",
          "^", "-", "\r", "\t", "\x00", "\xe9", "1e", ".5.", "<", ">", "=", "==", "\"", "@"]


def _check_outcome(text: str) -> None:
    start = time.perf_counter()
    try:
        module = parse(text, file="fuzz.mod")
    except MechanismError as exc:
        assert exc.diagnostics
        for d in exc.diagnostics:
            assert d.span.file == "fuzz.mod" and d.span.line >= 1 and d.span.column >= 1
        str(exc)  # rendering must not fail either
    else:
        assert parse(print_module(module)) == module
        check(module, text)
    assert time.perf_counter() - start < 5.0


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(
            ["delete_token", "duplicate_token", "swap_tokens", "delete_line", "duplicate_line",
             "swap_lines", "truncate", "insert_piece", "insert_bytes", "nest"]
        ))
        text = _mutate(draw, kind, text)
    return text


def _mutate(draw, kind: str, text: str) -> str:
    if kind.endswith("line") or kind == "swap_lines":
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if kind == "delete_line":
            del lines[i]
        elif kind == "duplicate_line":
            lines.insert(i, lines[i])
        else:
            lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)
    if kind == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    at = draw(st.integers(0, len(text)))
    if kind == "insert_piece":
        return text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
    if kind == "insert_bytes":
        junk = draw(st.binary(min_size=1, max_size=8)).decode("latin-1")
        return text[:at] + junk + text[at:]
    if kind == "nest":
        depth = draw(st.integers(1, 400))
        opener, closer = draw(st.sampled_from([("(", ")"), ("{", "}"), ("-(", ")"), ("if (1) {", "}")]))
        return text[:at] + opener * depth + "x" + closer * depth + text[at:]
    tokens = _TOKEN.findall(text)
    if not tokens:
        return text
    i = draw(st.integers(0, len(tokens) - 1))
    j = draw(st.integers(0, len(tokens) - 1))
    if kind == "delete_token":
        del tokens[i]
    elif kind == "duplicate_token":
        tokens.insert(i, tokens[i])
    else:
        tokens[i], tokens[j] = tokens[j], tokens[i]
    return "".join(tokens)


@settings(max_examples=2000, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_files_parse_or_fail_located(text):
    _check_outcome(text)


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=300))
def test_random_text(text):
    _check_outcome(text)


@pytest.mark.parametrize("text", [
    "BREAKPOINT { x = " + "(" * 500_000 + "1" + ")" * 500_000 + " }",
    "BREAKPOINT { x = " + "+".join(["a"] * 500_000) + " }",
    "BREAKPOINT { x = " + "+\n".join(["a"] * 300_000) + " }",
    "BREAKPOINT { x = " + "-" * 1_000_000 + "1 }",
    "BREAKPOINT " + "{" * 500_000 + "}" * 500_000,
    "BREAKPOINT {\n" + "x = a + b*c\n" * 90_000 + "}\n",
    "BREAKPOINT { x = " + "^".join(["a"] * 300_000) + " }",
    "VERBATIM\n" + "{" * 1_000_000 + "\nENDVERBATIM\n",
    ":" + "x" * 1_000_000 + "\n",
], ids=["parens", "sum", "sum-lines", "negations", "blocks", "statements", "powers",
        "verbatim", "comment"])
def test_megabyte_inputs(text):
    _check_outcome(text)
