"""NEURON's TABLE interpolation, for ``tables=True`` (NEURON's default ``usetable = 1``).

For ``TABLE names FROM lo TO hi WITH n`` in a FUNCTION or PROCEDURE of one argument x,
nocmodl tabulates the block at ``x_i = lo + i (hi - lo)/n`` and replaces a call by

    xi = (x - lo)/dx;  xi <= 0: t[0];  xi >= n: t[n];
    else i = (int) xi, t[i] + (xi - i) (t[i+1] - t[i]).

braincell evaluates the block at the two grid points around x instead of storing the table
(the same numbers, since the table is rebuilt whenever a DEPEND value changes), so the
tables follow parameters per instance and stay differentiable in them. With the default
``tables=False`` TABLE statements are ignored and everything is evaluated exactly.
"""

from __future__ import annotations

import sympy

from .. import ast as A
from ._report import Reporter


def _table_of(block) -> A.Table | None:
    return next((s for s in block.body.statements if isinstance(s, A.Table)), None)


def table_hook(report: Reporter):
    """The ``on_table`` callback of the executor (see :class:`.inline.Executor`)."""

    def on_table(ex, block, values, node):
        table = _table_of(block)
        if table is None or len(values) != 1:
            return None
        lo, hi = ex.expr(table.start), ex.expr(table.stop)
        if not (lo.is_Number and hi.is_Number and table.steps.isdigit()):
            report.warning("W503", f"the TABLE of {block.name} has bounds that are not "
                           "constants; it is evaluated exactly", table.span)
            return None
        n = int(table.steps)
        lo, hi = float(lo), float(hi)
        dx = (hi - lo) / n
        mfac = 1.0 / dx
        x = values[0]
        xi = ex.bind(sympy.Float(mfac) * (x - sympy.Float(lo)))
        i = ex.bind(sympy.Max(sympy.Min(sympy.floor(xi), n - 1), 0))
        theta = ex.bind(xi - i)
        names = table.names if isinstance(block, A.ProcedureBlock) else (block.name,)

        def sample(at):
            before = ex._snapshot()
            result = ex.inline(block, [ex.bind(sympy.Float(lo) + at * sympy.Float(dx))])
            out = {n: (result if n == block.name and isinstance(block, A.FunctionBlock)
                       else ex.globals.get(n, sympy.Integer(0))) for n in names}
            ex._restore(before)
            return out

        low, high = sample(i), sample(i + 1)
        final = {}
        for name in names:
            a, b = low[name], high[name]
            final[name] = ex.bind(sympy.Piecewise(
                (a, sympy.Le(xi, 0, evaluate=False)), (b, sympy.Ge(xi, n, evaluate=False)),
                (a + theta * (b - a), True), evaluate=False))
        if isinstance(block, A.FunctionBlock):
            return final[block.name]
        for name in names:
            ex.write(name, final[name], node.span)
        return sympy.Integer(0)

    return on_table
