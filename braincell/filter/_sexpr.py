"""A tiny s-expression reader and printer for region and locset expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from braincell.filter._errors import ExpressionSyntaxError

_TOKEN = re.compile(
    r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<str>"(?:[^"\\]|\\.)*")'
    r"|(?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w\-.\[]))|(?P<sym>[^\s()\"]+))"
)


@dataclass(frozen=True)
class Symbol:
    name: str
    pos: int


@dataclass(frozen=True)
class Str:
    value: str
    pos: int


@dataclass(frozen=True)
class Num:
    value: int | float
    pos: int


@dataclass(frozen=True)
class SList:
    items: tuple
    pos: int


def read(text: str):
    """Parse one s-expression; raises ExpressionSyntaxError with a caret on bad input."""
    pos = 0
    stack: list[tuple[int, list]] = []
    result = None
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        if result is not None and not stack:
            raise ExpressionSyntaxError("unexpected text after the expression", text, pos)
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionSyntaxError("unexpected character", text, pos)
        start = m.start(m.lastgroup)
        pos = m.end()
        kind = m.lastgroup
        if kind == "open":
            stack.append((start, []))
            continue
        if kind == "close":
            if not stack:
                raise ExpressionSyntaxError("unbalanced ')'", text, start)
            p0, items = stack.pop()
            node = SList(tuple(items), p0)
        elif kind == "str":
            node = Str(m.group("str")[1:-1].replace('\\"', '"').replace("\\\\", "\\"), start)
        elif kind == "num":
            s = m.group("num")
            node = Num(int(s) if re.fullmatch(r"[-+]?\d+", s) else float(s), start)
        else:
            node = Symbol(m.group("sym"), start)
        if stack:
            stack[-1][1].append(node)
        else:
            result = node
    if stack:
        raise ExpressionSyntaxError("missing ')'", text, stack[-1][0])
    if result is None:
        raise ExpressionSyntaxError("empty expression", text, 0)
    return result


def fmt_num(v: float | int) -> str:
    """Numbers print so they read back identically (repr of float, plain int)."""
    if isinstance(v, bool):
        raise TypeError("bool is not a number here")
    if isinstance(v, int):
        return str(v)
    return repr(float(v))


def fmt_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
