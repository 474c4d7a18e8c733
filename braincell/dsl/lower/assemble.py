"""Pass 4: the blocks of a mechanism as programs: INITIAL, BREAKPOINT (currents), the
SOLVEs (advance), the state derivatives, NET_RECEIVE and its INITIAL."""

from __future__ import annotations

import sympy

from .. import ast as A
from . import watch
from ._report import Abort, Reporter
from .inline import Executor, Temps
from .interface import Interface
from .ir import MechanismIR, Program, VarDecl, arg
from .shareexp import share_exponentials
from .solve import derivative_program, solve


def _guarded(report: Reporter, build, default):
    try:
        return build()
    except Abort:
        return default


def initial_program(iface: Interface, report: Reporter, temps: Temps, on_table) -> Program:
    def on_solve(ex, st):
        if isinstance(iface.blocks.get(st.block), A.ProcedureBlock):
            ex.inline(iface.blocks[st.block], [])
            return
        if isinstance(iface.blocks.get(st.block), (A.LinearBlock, A.NonlinearBlock)):
            solve(ex, st)
            return
        if not st.steadystate:
            report.fatal("E513", "in INITIAL, SOLVE is supported only with STEADYSTATE "
                         "(write the initial values explicitly)", st.span)
        solve(ex, st, steadystate=True)

    ex = Executor(iface, report, temps, "initial", on_solve=on_solve, on_table=on_table)
    if iface.initial is not None:
        ex.block(iface.initial.body)
    names = [s.name for s in iface.states] + list(ex.written)
    names += [p.name for p in iface.parameters if p.name.split("[")[0] in iface.written_params]
    names = list(dict.fromkeys(names))
    results = tuple((n, ex.read(n, A.NO_SPAN)) for n in names)
    return Program(tuple(ex.items), results)


def _breakpoint_solves(iface: Interface) -> list[A.Solve]:
    if iface.breakpoint is None:
        return []
    return [n for n in A.walk(iface.breakpoint.body) if isinstance(n, A.Solve)]


def breakpoint_program(iface: Interface, report: Reporter, temps: Temps, on_table) -> Program:
    ex = Executor(iface, report, temps, "step", on_solve=lambda e, st: None, on_table=on_table)
    if iface.breakpoint is not None:
        ex.block(iface.breakpoint.body)
    results = list(ex.program().results)
    written = {n for n, _ in results}
    results += [(c, sympy.Integer(0)) for c in iface.currents if c not in written]
    return Program(tuple(ex.items), tuple(results))


def advance_program(iface: Interface, report: Reporter, temps: Temps, on_table):
    ex = Executor(iface, report, temps, "step", on_table=on_table)
    solves = tuple(solve(ex, st) for st in _breakpoint_solves(iface))
    return ex.program(), solves


def derivative_of(iface: Interface, report: Reporter, temps: Temps, on_table) -> Program | None:
    blocks = [iface.blocks[st.block] for st in _breakpoint_solves(iface)
              if isinstance(iface.blocks.get(st.block), (A.DerivativeBlock, A.KineticBlock))]
    if not blocks:
        return None
    ex = Executor(iface, report, temps, "step", on_table=on_table)
    return derivative_program(ex, blocks)


def net_receive_programs(iface: Interface, report: Reporter, temps: Temps, on_table):
    block = iface.net_receive
    if block is None:
        return None, (), None
    args = tuple(p.name for p in block.params)
    conditions = watch.items(block)
    index = {id(item): w for w, item in enumerate(conditions)}

    def run(mode: str, statements):
        ex = Executor(iface, report, temps, mode, on_table=on_table)
        ex.scopes = [[{a: arg(a) for a in args}]]
        ex.on_watch = lambda e, item: watch.arm(e, item, index[id(item)])
        if mode == "net_receive_init":
            ex.on_watch = _watch_in_initial
        for st in statements:
            if mode == "net_receive_init":
                ex.block(st.body)
            else:
                ex.stmt(st)
        final = ex.scopes[-1][0]
        results = ex.program().results + tuple((f"arg.{a}", final[a]) for a in args)
        if conditions:
            results += watch.results(ex.arms, len(conditions))
        return Program(tuple(ex.items), results)

    for n in A.walk(block.body):
        if isinstance(n, A.ForNetcons):
            report.fatal("E506", "FOR_NETCONS in NET_RECEIVE is not supported yet", n.span)
    main = run("net_receive", [s for s in block.body.statements if not isinstance(s, A.InitialStmt)])
    inits = [s for s in block.body.statements if isinstance(s, A.InitialStmt)]
    init = run("net_receive_init", inits) if inits else None
    return main, args, init


def _watch_in_initial(ex, item) -> None:
    ex.report.fatal("E506", "WATCH in the INITIAL block of NET_RECEIVE: NEURON 9 cannot "
                    "compile it either (nrnivmodl fails on '_watch_rm'); arm it from a "
                    "self-event instead: INITIAL { net_send(0, 1) } and WATCH in the flag-1 "
                    "handler", item.span)


def assemble(iface: Interface, report: Reporter, *, tables: bool = False, file: str = "",
             on_table=None) -> MechanismIR:
    temps = Temps()
    empty = Program()
    initial = _guarded(report, lambda: initial_program(iface, report, temps, on_table), empty)
    bp = _guarded(report, lambda: breakpoint_program(iface, report, temps, on_table), empty)
    advance, solves = _guarded(report, lambda: advance_program(iface, report, temps, on_table),
                               (empty, ()))
    derivative = _guarded(report, lambda: derivative_of(iface, report, temps, on_table), None)
    nr, nr_args, nr_init = _guarded(
        report, lambda: net_receive_programs(iface, report, temps, on_table), (None, (), None))
    checks = None
    if nr is not None:
        checks = _guarded(report, lambda: watch.check_program(iface, report, temps,
                                                              iface.net_receive), None)
    initial, bp, advance = (share_exponentials(p, temps) for p in (initial, bp, advance))
    if derivative is not None:
        derivative = share_exponentials(derivative, temps)
    states = list(iface.states)  # the engine runs every SOLVE (advance), states or not
    assigned = list(iface.assigned)
    assigned += [VarDecl(p.name, p.unit) for p in iface.parameters
                 if p.name.split("[")[0] in iface.written_params]
    return MechanismIR(
        name=iface.name, kind=iface.kind, parameters=iface.parameters, states=tuple(states),
        assigned=tuple(assigned), ions=iface.ions,
        nonspecific_currents=iface.nonspecific_currents,
        electrode_currents=iface.electrode_currents, solves=solves, initial=initial,
        breakpoint=bp, advance=advance, derivative=derivative, net_receive=nr,
        net_receive_args=nr_args, net_receive_init=nr_init, watch=checks,
        watch_flags=watch.flags(iface.net_receive), uses_random=temps.sites > 0,
        title=iface.title, file=file, tables=tables, diagnostics=tuple(report.warnings),
    )
