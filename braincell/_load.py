"""``braincell.load_mod``: an NMODL file (or text) to a :class:`~braincell.mech.Mechanism`."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from .dsl.front import check_file, check_source
from .dsl.lower import lower
from .dsl.lower.codegen import generate
from .mech._lowered import LoweredMechanism

__all__ = ["load_mod", "lower_to_mechanism"]


class MechanismWarning(UserWarning):
    """Lowering changed or ignored something (a top-level VERBATIM, a cnexp equation that
    is not linear and so is solved by derivimplicit...); the message is located."""


def _is_text(x) -> bool:
    return isinstance(x, str) and ("\n" in x or "{" in x)


def lower_to_mechanism(result, *, tables: bool = False) -> LoweredMechanism:
    """A checked front-end result (:func:`braincell.dsl.check_file`) as a mechanism."""
    module = result.raise_for_errors()
    ir = lower(module, result.source, tables=tables)
    source = generate(ir)
    solves = tuple((s.block, s.kind, s.method) for s in ir.solves)
    for diagnostic in ir.diagnostics:  # what lowering changed or ignored, said once
        warnings.warn(diagnostic.render(result.source), MechanismWarning, stacklevel=3)
    return LoweredMechanism.from_source(source, file=result.file, solve_methods=solves,
                                        tables=tables, diagnostics=ir.diagnostics)


def load_mod(path_or_text: str | os.PathLike, *, tables: bool = False) -> LoweredMechanism:
    """Lower an NMODL mechanism to a differentiable JAX mechanism.

    ``path_or_text`` is a path to a .mod file or the text of one. ``tables=True`` makes
    functions with a TABLE statement use NEURON's linear interpolation (NEURON's default,
    ``usetable = 1``); by default they are evaluated exactly (``usetable = 0``).

    A file braincell cannot lower raises :class:`braincell.dsl.MechanismError`, whose
    message lists every problem as ``file:line:col: error[E###]: ...`` with the source line.

    >>> hh = braincell.load_mod("hh.mod")                       # doctest: +SKIP
    >>> cell.paint(hh(gnabar=0.2))                              # doctest: +SKIP
    """
    if _is_text(path_or_text):
        result = check_source(path_or_text)
    else:
        result = check_file(Path(path_or_text))
    return lower_to_mechanism(result, tables=tables)
