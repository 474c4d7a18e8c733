"""The grammar itself: conflict-free under Lark's strict mode, cached, quick to load."""

from __future__ import annotations

import time

import pytest
from nmodl_samples import ALL

from braincell.dsl import parse
from braincell.dsl._grammar import build_parser, get_parser, grammar_path


def test_grammar_file_is_found():
    assert grammar_path().name == "nmodl.lark" and grammar_path().is_file()


def test_strict_build_has_no_conflicts_or_collisions():
    pytest.importorskip("interegular", reason="Lark's strict mode needs interegular")
    strict = build_parser(strict=True)
    for source in ALL.values():
        assert strict.parse(source) is not None


def test_parser_is_built_once():
    assert get_parser() is get_parser()


def test_cached_load_is_fast(tmp_path, monkeypatch):
    monkeypatch.setenv("BRAINCELL_CACHE_DIR", str(tmp_path))
    build_parser()  # writes the cache
    start = time.perf_counter()
    build_parser()
    assert time.perf_counter() - start <= 0.5


def test_parse_speed():
    source = ALL["hh"] * 1  # about 3 KB
    parse(source)
    start = time.perf_counter()
    parse(source)
    assert time.perf_counter() - start <= 0.2
