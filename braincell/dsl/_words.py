"""Say grammar terminals in words, for syntax-error messages."""

from __future__ import annotations

from collections.abc import Iterable

from lark import Token

from ._grammar import METHODS

__all__ = ["describe_expected", "describe_token", "terminal_words"]

_SPECIAL = {
    "NAME": "a name",
    "PRIME": "a derivative such as m'",
    "INTEGER": "an integer",
    "REAL": "a number",
    "STRING": 'a string such as "text"',
    "UNIT": "a unit such as (mV)",
    "METHOD_NAME": "a method name (" + ", ".join(METHODS) + ")",
    "ONTOLOGY_ID": "an ontology id such as CHEBI:29101",
    "COMMENT_BLOCK": "COMMENT",
    "VERBATIM_BLOCK": "VERBATIM",
    "TITLE": "TITLE",
    "TILDE": "'~'",
    "REACTION_TILDE": "'~' (a reaction)",
    "EQUATION_TILDE": "'~' (an equation)",
    "TILDE_PLUS": "'~+'",
    "REACT1": "'<->'",
    "$END": "end of file",
    "_IF_L": "'if'",
    "_IF_U": "'IF'",
    "_ELSE_L": "'else'",
    "_ELSE_U": "'ELSE'",
    "_WHILE_L": "'while'",
    "_WHILE_U": "'WHILE'",
}

_PUNCTUATION = {
    "OR": "||", "AND": "&&", "LE": "<=", "GE": ">=", "EQ": "==", "NE": "!=", "LT": "<",
    "GT": ">", "NOT": "!", "PLUS": "+", "MINUS": "-", "STAR": "*", "SLASH": "/", "CARET": "^",
    "_EQUALS": "=", "_COMMA": ",", "_LPAR": "(", "_RPAR": ")", "_LBRACE": "{", "_RBRACE": "}",
    "_LBRACKET": "[", "_RBRACKET": "]",
}

_OPERATORS = {"OR", "AND", "LE", "GE", "EQ", "NE", "LT", "GT", "PLUS", "MINUS", "STAR", "SLASH", "CARET"}

_TOP_LEVEL = {
    "_NEURON", "_PARAMETER", "_STATE", "_ASSIGNED", "_UNITS", "_CONSTANT", "_INDEPENDENT",
    "_INITIAL", "_BREAKPOINT", "_DERIVATIVE", "_KINETIC", "_LINEAR", "_NONLINEAR",
    "_PROCEDURE", "_FUNCTION", "_FUNCTION_TABLE", "_NET_RECEIVE", "_BEFORE", "_AFTER",
    "_CONSTRUCTOR", "_DESTRUCTOR", "TITLE", "_INCLUDE", "_DEFINE",
}

_STATEMENTS = {
    "_SOLVE", "_TABLE", "_IF_L", "_IF_U", "_WHILE_L", "_WHILE_U", "_FROM", "_WATCH",
    "_FOR_NETCONS", "_PROTECT", "_CONSERVE", "_COMPARTMENT", "_LONGITUDINAL_DIFFUSION",
    "_LAG", "_CONDUCTANCE", "_MUTEXLOCK", "_MUTEXUNLOCK", "REACTION_TILDE", "EQUATION_TILDE",
}


def terminal_words(name: str) -> str:
    """One terminal in words: ``_LBRACE`` is ``'{'``, ``_SUFFIX`` is ``'SUFFIX'``."""
    if name in _SPECIAL:
        return _SPECIAL[name]
    if name in _PUNCTUATION:
        return f"'{_PUNCTUATION[name]}'"
    return f"'{name.lstrip('_')}'"


def describe_expected(expected: Iterable[str]) -> str:
    """A short list of what the grammar allowed, grouping long lists into categories."""
    names = set(expected) - {"TILDE"}
    groups: list[str] = []
    if len(names & _TOP_LEVEL) >= 5:
        groups.append("a block (NEURON, PARAMETER, STATE, ASSIGNED, INITIAL, BREAKPOINT, ...)")
        names -= _TOP_LEVEL | {"COMMENT_BLOCK", "VERBATIM_BLOCK", "_UNITSON", "_UNITSOFF", "_LOCAL"}
    if len(names & _STATEMENTS) >= 5:
        groups.append("a statement")
        names -= _STATEMENTS | {"NAME", "PRIME", "COMMENT_BLOCK", "VERBATIM_BLOCK", "_LOCAL",
                                "_INITIAL", "_UNITSON", "_UNITSOFF", "_LBRACE", "TILDE_PLUS"}
    if len(names & _OPERATORS) >= 4:
        groups.append("an operator")
        names -= _OPERATORS
    words = groups + sorted(terminal_words(n) for n in names)
    if not words:
        return "something else"
    if len(words) == 1:
        return words[0]
    if len(words) > 10:
        words = words[:10] + ["..."]
    return "one of: " + ", ".join(words)


def describe_token(tok: Token) -> str:
    """The token that was found, in words: ``name 'gnabr'``, ``'}'``, ``keyword 'SOLVE'``."""
    kind = tok.type
    if kind == "NAME":
        return f"name '{tok.value}'"
    if kind in ("INTEGER", "REAL"):
        return f"number {tok.value}"
    if kind == "UNIT":
        return f"unit {tok.value}"
    if kind in _PUNCTUATION:
        return f"'{_PUNCTUATION[kind]}'"
    if kind in ("COMMENT_BLOCK", "VERBATIM_BLOCK", "TITLE"):
        return f"{terminal_words(kind)} block"
    if kind.startswith("_") or kind.isupper() and tok.value.isalpha():
        return f"keyword '{tok.value}'"
    return f"'{tok.value}'"
