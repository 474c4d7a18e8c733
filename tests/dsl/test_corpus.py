"""Every .mod file of the public packages parses, round-trips and checks clean.

Downloads the packages once (``tests/corpus.py``); skipped when offline. Run with ``-s`` to
see the summary table.
"""

from __future__ import annotations

import collections
import time

import pytest
from corpus import PACKAGES, is_template, nocmodl_accepts, nocmodl_path, require

from braincell.dsl import MechanismError, check, decode_source, parse, print_module

pytestmark = pytest.mark.network

_ARBOR_CODES = {"E007", "E008", "E010"}  # Arbor-only syntax, each message says so


def _run(package):
    stats = collections.Counter()
    codes = collections.Counter()
    failures = []
    for path in require(package):
        if is_template(path):
            stats["templates skipped"] += 1
            continue
        stats["files"] += 1
        source = decode_source(path.read_bytes())
        try:
            module = parse(source, file=str(path))
        except MechanismError as exc:
            codes.update(d.code for d in exc.diagnostics)
            failures.append((path, exc))
            continue
        stats["parsed"] += 1
        if parse(print_module(module)) == module:
            stats["round-tripped"] += 1
        diagnostics = check(module, source)
        codes.update(d.code for d in diagnostics)
        errors = [d for d in diagnostics if d.is_error]
        if errors:
            failures.append((path, errors))
    return stats, codes, failures


def _summary(name, stats, codes):
    by_code = ", ".join(f"{c}: {n}" for c, n in sorted(codes.items())) or "none"
    print(f"\n{name}: files {stats['files']}, parsed {stats['parsed']}, "
          f"round-tripped {stats['round-tripped']}; diagnostics by code: {by_code}")


@pytest.mark.parametrize("package", [p for p in PACKAGES if p.name != "arbor"], ids=lambda p: p.name)
def test_neuron_corpus(package):
    stats, codes, failures = _run(package)
    _summary(package.spec, stats, codes)
    assert not failures, [f"{p}: {e}" for p, e in failures]
    assert stats["parsed"] == stats["round-tripped"] == stats["files"] > 0


def test_arbor_corpus(tmp_path):
    package = next(p for p in PACKAGES if p.name == "arbor")
    stats, codes, failures = _run(package)
    _summary(package.spec, stats, codes)
    assert stats["parsed"] == stats["round-tripped"]
    syntax = [(p, e) for p, e in failures if isinstance(e, MechanismError)]
    for path, exc in syntax:  # files we reject use Arbor-only syntax, and the error says so
        assert {d.code for d in exc.diagnostics} <= _ARBOR_CODES, f"{path}: {exc}"
        assert exc.span.line >= 1
    if nocmodl_path() is None:
        return
    for path, problem in failures:  # NEURON must reject whatever we reject
        assert not nocmodl_accepts(path, tmp_path), f"NEURON accepts {path} but: {problem}"


def test_largest_file_parses_fast():
    files = [p for package in PACKAGES for p in require(package) if not is_template(p)]
    largest = max(files, key=lambda p: p.stat().st_size)
    source = decode_source(largest.read_bytes())
    parse(source)
    best = min(_timed(source) for _ in range(3))
    print(f"\nlargest corpus file {largest.name} ({largest.stat().st_size} bytes): {best * 1000:.1f} ms")
    assert best <= 0.2


def _timed(source):
    start = time.perf_counter()
    parse(source)
    return time.perf_counter() - start
