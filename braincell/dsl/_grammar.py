"""Load the Lark grammar (``grammar/nmodl.lark``) once, and the post-lexer it needs.

The parser is LALR with Lark's contextual lexer. Building it takes about half a second, so
it is built lazily, kept for the life of the process, and the analysed tables are also
cached on disk (Lark's own cache, keyed by a hash of the grammar and Lark's version) so a
new process loads in a few tens of milliseconds.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import lark
from lark import Lark, Token

from .._resources import cache_dir, data_dir

__all__ = ["get_parser", "build_parser", "grammar_path", "RESERVED", "METHODS", "TildeContext"]


METHODS = (
    "cnexp", "derivimplicit", "euler", "runge", "sparse", "newton", "simeq",
    "after_cvode", "cvode_t", "cvode_t_v",
)
"""Numerical methods NEURON 9's translator knows (they are reserved words)."""

RESERVED = frozenset(
    """
    VERBATIM ENDVERBATIM COMMENT ENDCOMMENT TITLE CONSTANT PARAMETER INDEPENDENT ASSIGNED
    INITIAL DERIVATIVE EQUATION BREAKPOINT CONDUCTANCE SOLVE STATE LINEAR NONLINEAR DISCRETE
    FUNCTION FUNCTION_TABLE PROCEDURE INT DEL DEL2 LOCAL METHOD STEADYSTATE STEP WITH FROM TO
    BY if else while IF ELSE WHILE START DEFINE KINETIC CONSERVE VS LAG SWEEP COMPARTMENT
    LONGITUDINAL_DIFFUSION SOLVEFOR UNITS UNITSON UNITSOFF TABLE DEPEND NEURON SUFFIX
    POINT_PROCESS ARTIFICIAL_CELL NONSPECIFIC_CURRENT ELECTRODE_CURRENT RANGE USEION READ
    WRITE VALENCE CHARGE GLOBAL POINTER BBCOREPOINTER EXTERNAL INCLUDE CONSTRUCTOR DESTRUCTOR
    NET_RECEIVE BEFORE AFTER WATCH FOR_NETCONS THREADSAFE PROTECT MUTEXLOCK MUTEXUNLOCK
    REPRESENTS RANDOM
    """.split()
) | frozenset(METHODS)
"""Words NEURON 9 will not take as a name (checked against nocmodl 9.0.2)."""

_BLOCK_KEYWORDS = frozenset(
    {
        "_INITIAL", "_BREAKPOINT", "_DERIVATIVE", "_KINETIC", "_LINEAR", "_NONLINEAR",
        "_PROCEDURE", "_FUNCTION", "_NET_RECEIVE", "_BEFORE", "_AFTER", "_CONSTRUCTOR",
        "_DESTRUCTOR", "_NEURON", "_PARAMETER", "_STATE", "_ASSIGNED", "_UNITS",
        "_CONSTANT", "_INDEPENDENT",
    }
)


MAX_TOKENS = 40_000
"""Most tokens in one file (the largest public .mod files have about 5,000)."""

MAX_RUN = 5_000
"""Most tokens in one expression (counted between '=', braces and keywords)."""


_RUN_BREAKERS = frozenset({"_EQUALS", "_LBRACE", "_RBRACE", "TILDE", "TILDE_PLUS"})


class LimitError(Exception):
    """Input beyond braincell's size limits (raised by the post-lexer, located later)."""

    def __init__(self, token: Token, code: str, message: str) -> None:
        super().__init__(message)
        self.token, self.code, self.message = token, code, message


class TildeContext:
    """Post-lexer: tell reactions from equations, and mark reserved words used as names.

    NEURON's lexer returns a different token for ``~`` depending on the block it is in:
    a reaction in KINETIC blocks, an equation elsewhere. We do the same by watching which
    top-level block keyword opened the current brace level.
    """

    always_accept = ("TILDE",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        depth = 0
        kinetic = False
        total = run = 0
        for tok in stream:
            kind = tok.type
            total += 1
            keyword = kind != "NAME" and tok.value[:1].isalpha()
            run = 0 if keyword or kind in _RUN_BREAKERS else run + 1
            if run > MAX_RUN:
                raise LimitError(tok, "E006", f"expression too long (more than {MAX_RUN:,} tokens); "
                                 "split it with LOCAL variables")
            if total > MAX_TOKENS:
                raise LimitError(tok, "E009", f"file too large (more than {MAX_TOKENS:,} tokens); "
                                 "split the mechanism into several files")
            if kind == "_LBRACE":
                depth += 1
            elif kind == "_RBRACE":
                depth = max(depth - 1, 0)
                if depth == 0:
                    kinetic = False
            elif depth == 0 and kind in _BLOCK_KEYWORDS:
                kinetic = kind == "_KINETIC"
            elif kind == "TILDE":
                tok = Token.new_borrow_pos(
                    "REACTION_TILDE" if kinetic else "EQUATION_TILDE", tok.value, tok
                )
            elif kind == "NAME" and tok.value in RESERVED:
                # no rule takes this type: the parser reports it with what it expected
                tok = Token.new_borrow_pos("RESERVED_WORD", tok.value, tok)
            yield tok


def grammar_path() -> Path:
    return data_dir("grammar") / "nmodl.lark"


def build_parser(*, strict: bool = False, cache: bool = True) -> Lark:
    """Build a new parser. ``strict=True`` (used by the tests) makes Lark refuse any
    shift/reduce conflict or terminal collision; it needs the ``interegular`` package."""
    text = grammar_path().read_text(encoding="utf-8")
    options: dict[str, object] = dict(
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        maybe_placeholders=True,
        postlex=TildeContext(),
        strict=strict,
    )
    if cache and not strict:
        cache_file = _cache_file(text)
        if cache_file is not None:
            options["cache"] = str(cache_file)
    return Lark(text, **options)


def _cache_file(grammar_text: str) -> Path | None:
    key = hashlib.sha256(f"{lark.__version__}\n{grammar_text}".encode()).hexdigest()[:20]
    folder = cache_dir("grammar")
    return None if folder is None else folder / f"nmodl-{key}.lark-cache"


_lock = threading.Lock()
_parser: Lark | None = None


def get_parser() -> Lark:
    """The shared parser, built on first use."""
    global _parser
    if _parser is None:
        with _lock:
            if _parser is None:
                try:
                    _parser = build_parser()
                except Exception:  # noqa: BLE001 - a damaged cache file: rebuild without it
                    _parser = build_parser(cache=False)
    return _parser
