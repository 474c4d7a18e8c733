"""The NMODL front end: .mod text to a checked, fully located syntax tree.

>>> from braincell.dsl import parse, check, print_module
>>> module = parse("NEURON { SUFFIX leak }\\nPARAMETER { g = 0.001 (S/cm2) }\\n")
>>> [d.code for d in check(module)]
[]
>>> print(print_module(module), end="")
NEURON {
    SUFFIX leak
}
<BLANKLINE>
PARAMETER {
    g = 0.001 (S/cm2)
}
"""

from __future__ import annotations

from . import ast
from .check import METHODS_FOR_BLOCK, check
from .diagnostics import (
    NO_SPAN,
    Diagnostic,
    MechanismError,
    MechanismSyntaxError,
    Severity,
    SourceSpan,
    diagnostics_to_json,
    render_diagnostics,
)
from .front import check_file, check_source
from .parse import decode_source, parse, parse_file
from .printer import format, print_expr, print_module
from .symbols import (
    BUILTIN_FUNCTIONS,
    SPECIAL_VARIABLES,
    Symbol,
    SymbolKind,
    SymbolTable,
    build_symbols,
)

__all__ = [
    "ast",
    "parse",
    "parse_file",
    "decode_source",
    "print_module",
    "print_expr",
    "format",
    "check",
    "check_file",
    "check_source",
    "Diagnostic",
    "Severity",
    "SourceSpan",
    "NO_SPAN",
    "MechanismError",
    "MechanismSyntaxError",
    "render_diagnostics",
    "diagnostics_to_json",
    "Symbol",
    "SymbolKind",
    "SymbolTable",
    "build_symbols",
    "BUILTIN_FUNCTIONS",
    "SPECIAL_VARIABLES",
    "METHODS_FOR_BLOCK",
]
