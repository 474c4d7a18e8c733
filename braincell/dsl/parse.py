"""Parse NMODL text into a :class:`~braincell.dsl.ast.Module`.

Lark's exceptions stop here: every problem comes out as a located
:class:`~braincell.dsl.diagnostics.MechanismSyntaxError` whose message says, in words, what
was found and what NEURON's grammar expected instead.
"""

from __future__ import annotations

import copy
import re
import sys
from contextlib import contextmanager
from os import PathLike
from pathlib import Path

from lark import Token, Tree
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from . import ast as A
from ._build import AstBuilder
from ._grammar import RESERVED, LimitError, get_parser
from ._words import describe_expected, describe_token
from .diagnostics import Diagnostic, MechanismError, MechanismSyntaxError, Severity, SourceSpan

__all__ = ["parse", "parse_file", "decode_source", "MAX_NESTING"]

MAX_NESTING = 200
"""Deepest nesting of blocks and parenthesised expressions accepted."""

MAX_CHAIN = 2000
"""Longest chain of operators (``a + b + ...``) accepted in one expression."""

_ARBOR_ONLY = {
    "WHITE_NOISE": "WHITE_NOISE blocks are",
    "POST_EVENT": "POST_EVENT blocks are",
    "VOLTAGE_PROCESS": "VOLTAGE_PROCESS mechanisms are",
    "JUNCTION_PROCESS": "JUNCTION_PROCESS mechanisms are",
    "CONCENTRATION_PROCESS": "CONCENTRATION_PROCESS mechanisms are",
    "stochastic": "METHOD stochastic is",
}


def decode_source(data: bytes) -> str:
    """Decode .mod bytes (UTF-8, else Latin-1) and normalise line ends the way NEURON does:
    ``\\r\\n`` and a bare ``\\r`` end a line; ``^Z`` and ``^D`` end the file."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for eof in ("\x1a", "\x04"):
        cut = text.find(eof)
        if cut >= 0:
            text = text[:cut]
    return text


def parse_file(path: str | PathLike[str]) -> A.Module:
    """Read and parse a .mod file. A missing file is a :class:`MechanismError` too."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        diagnostic = Diagnostic(Severity.ERROR, "E000", f"cannot read {p}: {reason}")
        raise MechanismError([diagnostic]) from None
    return parse(decode_source(data), file=str(path))


def parse(text: str | bytes, file: str = "<string>") -> A.Module:
    """Parse NMODL source text. Raises :class:`MechanismSyntaxError` with a located message."""
    source = decode_source(text) if isinstance(text, bytes) else normalise_newlines(text)
    try:
        tree = get_parser().parse(source)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, source, file) from None
    except LimitError as exc:
        raise _error(exc.code, exc.message, _token_span(exc.token, file), source) from None
    _check_tree_depth(tree, source, file)
    with _recursion_room():
        try:
            module = AstBuilder(file, source).transform(tree)
        except VisitError as exc:
            if isinstance(exc.orig_exc, MechanismError):
                raise exc.orig_exc from None
            raise exc.orig_exc from exc
    _check_chain_length(module, source, file)
    return module


# ---------------------------------------------------------------------- limits
@contextmanager
def _recursion_room(minimum: int = 6000):
    old = sys.getrecursionlimit()
    if old < minimum:
        sys.setrecursionlimit(minimum)
    try:
        yield
    finally:
        if old < minimum:
            sys.setrecursionlimit(old)


def _check_tree_depth(tree: Tree, source: str, file: str) -> None:
    stack: list[tuple[Tree, int]] = [(tree, 1)]
    while stack:
        node, level = stack.pop()
        if level > MAX_NESTING:
            meta = node.meta
            span = SourceSpan(file, meta.line, meta.column, meta.end_line, meta.end_column)
            raise _error(
                "E006",
                f"nested too deeply (more than {MAX_NESTING} levels of blocks, parentheses "
                "or operators); split the expression with LOCAL variables",
                span, source,
            )
        stack.extend((child, level + 1) for child in node.children if isinstance(child, Tree))


def _check_chain_length(module: A.Module, source: str, file: str) -> None:
    levels, deepest = A.depth(module)
    if levels > MAX_CHAIN:
        raise _error(
            "E006",
            f"expression too long (more than {MAX_CHAIN} chained operators); split it with "
            "LOCAL variables",
            deepest.span, source,
        )


# ---------------------------------------------------------------------- error conversion
def _error(code: str, message: str, span: SourceSpan, source: str, notes=()) -> MechanismSyntaxError:
    diagnostic = Diagnostic(Severity.ERROR, code, message, span, tuple(notes))
    return MechanismSyntaxError([diagnostic], source)


def _token_span(tok: Token, file: str) -> SourceSpan:
    line = tok.line or 1
    column = tok.column or 1
    end_line = tok.end_line or line
    end_column = tok.end_column or column + max(len(tok.value), 1)
    return SourceSpan(file, line, column, end_line, end_column)


def _reserved_word(tok: Token, expected: set[str], source: str, file: str) -> MechanismSyntaxError:
    span = _token_span(tok, file)
    word = tok.value
    if word in ("COMMENT", "VERBATIM"):
        end = re.compile(rf"\n[ \t]*END{word}(?![A-Za-z])")
        if end.search(source, tok.end_pos or 0) is None:
            return _error(
                "E004",
                f"{word} block is never closed: add a line that starts with END{word}",
                span, source,
            )
        return _error(
            "E001",
            f"a {word} block cannot appear here: NEURON allows {word} only between blocks "
            "and between statements",
            span, source,
        )
    if word in ("ENDCOMMENT", "ENDVERBATIM"):
        return _error("E001", f"{word} without a matching {word[3:]}", span, source)
    return _error(
        "E005",
        f"unexpected keyword '{word}'; expected {describe_expected(expected)}",
        span, source,
        [f"'{word}' is a reserved word of NMODL: it cannot be used as a name"],
    )


def _syntax_error(exc: UnexpectedInput, source: str, file: str) -> MechanismSyntaxError:
    if isinstance(exc, UnexpectedToken):
        return _unexpected_token(exc, source, file)
    if isinstance(exc, UnexpectedCharacters):
        return _unexpected_character(exc, source, file)
    if isinstance(exc, UnexpectedEOF):
        line = source.count("\n") + 1
        span = SourceSpan(file, line, 1, line, 1)
        return _error("E003", "unexpected end of file", span, source)
    span = SourceSpan(file, exc.line or 1, exc.column or 1, exc.line or 1, (exc.column or 1) + 1)
    return _error("E001", f"syntax error: {exc}", span, source)


def _accepted(exc: UnexpectedInput, fallback: set[str]) -> set[str]:
    """The terminals the parser could really take where it stopped.

    LALR merges the look-ahead sets of similar states, so ``exc.expected`` can list
    terminals that would fail a few reductions later; trying each one on a copy of the
    parser state gives the true list (only on this error path, so speed does not matter).
    """
    state = getattr(exc, "state", None)
    conf = getattr(state, "parse_conf", None)
    if conf is None:
        return fallback
    quiet = copy.copy(conf)
    quiet.callbacks = {}
    accepted = set()
    for name in conf.parse_table.states[state.position]:
        if not name.isupper():
            continue
        trial = state.copy(deepcopy_values=False)
        trial.parse_conf = quiet
        try:
            trial.feed_token(Token(name, ""))
        except UnexpectedInput:
            continue
        accepted.add(name)
    return accepted or fallback


def _unexpected_token(exc: UnexpectedToken, source: str, file: str) -> MechanismSyntaxError:
    tok = exc.token
    expected = _accepted(exc, set(exc.expected or ()))
    if tok.type == "NAME" and tok.value in RESERVED:
        return _reserved_word(tok, expected, source, file)
    if tok.type == "$END":
        line = source.count("\n") + 1
        column = len(source) - (source.rfind("\n") + 1) + 1
        span = SourceSpan(file, line, column, line, column + 1)
        return _error(
            "E003",
            f"unexpected end of file; expected {describe_expected(expected)}",
            span, source,
        )
    if tok.type == "RESERVED_WORD":
        return _reserved_word(tok, expected, source, file)
    span = _token_span(tok, file)
    arbor = _arbor_hint(tok, expected, source)
    if arbor is not None:
        return _error("E007", arbor, span, source)
    if tok.type == "GT" and source[: tok.start_pos or 0].rstrip().endswith("<-"):
        return _error(
            "E008", "a reaction ('~ A <-> B (kf, kb)') is allowed only in a KINETIC block",
            span, source,
        )
    message = f"unexpected {describe_token(tok)}; expected {describe_expected(expected)}"
    notes = []
    if tok.type == "UNIT" or (tok.type == "_LPAR" and "UNIT" in expected):
        notes.append("units go in parentheses right after a number or a declared name")
    return _error("E001", message, span, source, notes)


def _arbor_hint(tok: Token, expected: set[str], source: str) -> str | None:
    if tok.type == "NAME" and tok.value in _ARBOR_ONLY:
        return (
            f"{_ARBOR_ONLY[tok.value]} Arbor-only NMODL syntax; NEURON does not accept "
            f"'{tok.value}'"
        )
    before = source[: tok.start_pos or 0].rstrip()
    if tok.type == "NAME" and re.search(r"\b(VALENCE|CHARGE)$", before):
        return (
            f"VALENCE takes a number, not the name '{tok.value}' (a named valence is Arbor "
            "syntax)"
        )
    if tok.type == "_READ" and re.search(r"\bWRITE\b[^{}]*$", before):
        return "in USEION, READ must come before WRITE (WRITE ... READ is Arbor syntax)"
    return None


def _unexpected_character(exc: UnexpectedCharacters, source: str, file: str) -> MechanismSyntaxError:
    char = exc.char
    span = SourceSpan(file, exc.line, exc.column, exc.line, exc.column + 1)
    notes: list[str] = []
    if char == "%":
        notes.append("NMODL has no '%' operator; use fmod(a, b)")
    elif char == ";":
        notes.append("NMODL statements do not end with ';'")
    elif char == "\\":
        notes.append("NMODL has no line continuation; an expression may simply go on")
    elif ord(char) > 127:
        notes.append("NEURON accepts non-ASCII characters only inside comments")
    elif char == "_":
        notes.append("NMODL names start with a letter")
    allowed = _accepted(exc, set(exc.allowed or ()))
    if allowed:
        message = f"unexpected character {char!r}; expected {describe_expected(allowed)}"
    else:
        message = f"unexpected character {char!r}"
    return _error("E002", message, span, source, notes)
