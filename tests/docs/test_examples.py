"""Every ```python block of the user docs runs (blocks of one page share a namespace)."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = ["first-steps.md", "integration.md", "python-channels.md", "cells.md"]


@pytest.mark.parametrize("page", PAGES)
def test_page_examples_run(page, tmp_path, monkeypatch, capsys):
    blocks = re.findall(r"```python\n(.*?)```", (DOCS / page).read_text(), re.S)
    assert blocks, f"{page} has no python example"
    monkeypatch.chdir(tmp_path)
    module = types.ModuleType(f"docs_{page.replace('-', '_').removesuffix('.md')}")
    monkeypatch.setitem(sys.modules, module.__name__, module)  # dataclasses need it
    for block in blocks:
        exec(compile(block, page, "exec"), module.__dict__)  # noqa: S102 - our own docs
    assert capsys.readouterr().out  # every page prints what it shows
