"""Lowering: a checked NMODL module to a :class:`~.ir.MechanismIR` of sympy programs, and
that to JAX source.

The passes, in order (each a function of frozen data; diagnostics go to one reporter):

1. :func:`.interface.interface` -- declarations, ions, currents, constants, UNITS factors;
2. :mod:`.inline` -- symbolic execution of each block: FUNCTION/PROCEDURE inlining, LOCALs,
   ``if`` to ``Piecewise``, unrolled FROM loops, arrays, NET_RECEIVE sends;
3. :mod:`.kinetic` and :mod:`.solve` -- SOLVE methods (cnexp, derivimplicit, euler,
   sparse, STEADYSTATE) as explicit updates or Newton solves;
4. :mod:`.table` -- with ``tables=True``, NEURON's TABLE interpolation;
5. :mod:`.assemble` -- the blocks as programs of a :class:`~.ir.MechanismIR`;
6. :mod:`.codegen` -- the IR printed as a Python module over ``jax.numpy``.

>>> from braincell.dsl.lower import lower_source
>>> ir = lower_source("NEURON { SUFFIX leak NONSPECIFIC_CURRENT i }\\n"
...                   "PARAMETER { g = 0.001 e = -70 }\\nBREAKPOINT { i = g*(v - e) }\\n")
>>> ir.breakpoint.result_map["i"]
(-p.e + env.v)*p.g
"""

from __future__ import annotations

from pathlib import Path

from ..front import check_file, check_source
from ._report import Reporter
from .assemble import assemble
from .interface import interface
from .ir import MechanismIR
from .table import table_hook

__all__ = ["lower", "lower_source", "lower_file", "MechanismIR", "PASSES"]

PASSES = ("interface", "inline", "kinetic", "solve", "table", "assemble", "codegen")


def lower(module, source: str | None = None, *, tables: bool = False) -> MechanismIR:
    """Lower a parsed, checked module; raise :class:`MechanismError` with every located
    error found."""
    report = Reporter()
    iface = interface(module, report)
    ir = assemble(iface, report, tables=tables, file=module.file,
                  on_table=table_hook(report) if tables else None)
    report.done(source)
    return ir


def lower_source(text: str | bytes, file: str = "<string>", *, tables: bool = False) -> MechanismIR:
    result = check_source(text, file=file)
    return lower(result.raise_for_errors(), result.source, tables=tables)


def lower_file(path, *, tables: bool = False) -> MechanismIR:
    result = check_file(Path(path))
    return lower(result.raise_for_errors(), result.source, tables=tables)
