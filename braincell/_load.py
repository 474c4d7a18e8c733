"""``braincell.load_mod``: an NMODL file (or text) to a :class:`~braincell.mech.Mechanism`.

The front end and the lowering (lark, sympy) are imported on first use, and what they
generate is cached (:mod:`braincell._modcache`): a file loaded before, with the same
lowering, costs milliseconds and imports neither.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from . import _modcache
from .mech._lowered import LoweredMechanism

__all__ = ["load_mod", "lower_to_mechanism"]


class MechanismWarning(UserWarning):
    """Lowering changed or ignored something (a top-level VERBATIM, a cnexp equation that
    is not linear and so is solved by derivimplicit...); the message is located."""


def _is_text(x) -> bool:
    return isinstance(x, str) and ("\n" in x or "{" in x)


def lower_to_mechanism(result, *, tables: bool = False) -> LoweredMechanism:
    """A checked front-end result (:func:`braincell.dsl.check_file`) as a mechanism."""
    from .dsl.lower import lower
    from .dsl.lower.codegen import generate

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
        data, file = path_or_text.encode("utf-8", "surrogatepass"), "<string>"
    else:
        file = str(Path(path_or_text))
        try:
            data = Path(path_or_text).read_bytes()
        except OSError:  # the front end reports it, located
            from .dsl.front import check_file

            return lower_to_mechanism(check_file(Path(path_or_text)), tables=tables)
    key = _modcache.key(data, file, tables)
    mech = _modcache.recall(key)
    if mech is not None:
        return mech
    entry = _modcache.load(key)
    if entry is not None:
        mech = LoweredMechanism.from_source(
            entry["source"], file=file, solve_methods=tuple(map(tuple, entry["solves"])),
            tables=tables)
    else:
        from .dsl.front import check_source

        text = path_or_text if file == "<string>" else data
        mech = lower_to_mechanism(check_source(text, file=file), tables=tables)
        if mech.diagnostics:  # it warned: lower (and warn) again next time
            return mech
        _modcache.store(key, mech.source, mech.solve_methods)
    _modcache.remember(key, mech)
    return mech
