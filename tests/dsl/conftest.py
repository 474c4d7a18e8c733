"""Make ``tests/`` importable (for ``from corpus import ...``) and warm the parser once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_TESTS = str(Path(__file__).resolve().parent.parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)


@pytest.fixture(scope="session", autouse=True)
def _warm_parser():
    from braincell.dsl._grammar import get_parser

    get_parser()
