"""Readable forms of a :class:`~.ir.MechanismIR`: a JSON summary and the equations as text
(``braincell compile-mech --emit json|ir``)."""

from __future__ import annotations

from .ir import Assign, Loop, MechanismIR, Newton, Program, Send, SparseSolve


def summary(ir: MechanismIR) -> dict:
    """The interface of the mechanism as plain JSON-able data."""
    ion_currents = [f"i{d.ion}" for d in ir.ions if f"i{d.ion}" in d.write]
    return {
        "name": ir.name,
        "kind": ir.kind,
        "file": ir.file,
        "title": ir.title,
        "parameters": [
            {"name": p.name, "default": p.default, "unit": p.unit, "scope": p.scope,
             "limits": list(p.limits) if p.limits else None}
            for p in ir.parameters
        ],
        "states": [{"name": v.name, "unit": v.unit} for v in ir.states],
        "assigned": [{"name": v.name, "unit": v.unit} for v in ir.assigned],
        "ions": [{"ion": d.ion, "read": list(d.read), "write": list(d.write),
                  "valence": d.valence} for d in ir.ions],
        "currents": {"ion": ion_currents, "nonspecific": list(ir.nonspecific_currents),
                     "electrode": list(ir.electrode_currents)},
        "solve": [{"block": s.block, "kind": s.kind, "method": s.method,
                   "requested": s.requested} for s in ir.solves],
        "net_receive": ({"args": list(ir.net_receive_args),
                         "initial": ir.net_receive_init is not None,
                         "watch_flags": list(ir.watch_flags)}
                        if ir.net_receive is not None else None),
        "random": ir.uses_random,
        "tables": ir.tables,
        "warnings": [d.to_dict() for d in ir.diagnostics],
    }


def _program(prog: Program, indent: str = "    ") -> list[str]:
    lines = []
    for item in prog.items:
        if isinstance(item, Assign):
            guard = "" if item.guard is True or str(item.guard) == "True" else f"    [if {item.guard}]"
            lines.append(f"{indent}{item.target} = {item.value}{guard}")
        elif isinstance(item, Newton):
            unknowns = ", ".join(map(str, item.unknowns))
            lines.append(f"{indent}solve for {unknowns} (Newton, {item.iterations} iteration(s)) "
                         "from "
                         f"{', '.join(map(str, item.guess))}:")
            lines += _program(item.residual, indent + "    ")
            lines.append(f"{indent}  -> {', '.join(map(str, item.targets))}")
        elif isinstance(item, SparseSolve):
            how = ("one Newton step" if item.linear
                   else "Newton steps to sum|dx| <= 1e-6, clamped at 0")
            what = "steady state" if item.steadystate else "sparse"
            lines.append(f"{indent}{what}: solve for {', '.join(map(str, item.unknowns))} "
                         f"({how}) from {', '.join(map(str, item.start))}, old values "
                         f"{', '.join(map(str, item.olds))}; residuals r_i, matrix m_i_j:")
            lines += _program(item.system, indent + "    ")
            lines.append(f"{indent}  -> {', '.join(map(str, item.targets))}")
        elif isinstance(item, Loop):
            cmp = "<=" if item.step > 0 else ">="
            lines.append(f"{indent}loop {item.index} = {item.start}, {item.index} + {item.step} "
                         f"while {item.index} {cmp} {item.stop} (at most {item.trips} times), "
                         f"carrying {', '.join(map(str, item.carried))} from "
                         f"{', '.join(map(str, item.init))}:")
            lines += _program(item.body, indent + "    ")
            lines.append(f"{indent}  -> {', '.join(map(str, item.targets))}")
        elif isinstance(item, Send):
            what = "net_send" if item.kind == "send" else "net_event"
            lines.append(f"{indent}{what}({item.delay}, {item.flag})    [if {item.guard}]")
        else:
            lines.append(f"{indent}{item}")
    for name, value in prog.results:
        lines.append(f"{indent}{name} := {value}")
    return lines


def ir_text(ir: MechanismIR) -> str:
    """Every block of the mechanism as lowered equations."""
    out = [f"mechanism {ir.name} ({ir.kind}) from {ir.file}"]
    blocks = [("INITIAL", ir.initial), ("BREAKPOINT (currents)", ir.breakpoint),
              ("SOLVE (advance)", ir.advance), ("DERIVATIVE", ir.derivative),
              ("NET_RECEIVE", ir.net_receive), ("NET_RECEIVE INITIAL", ir.net_receive_init),
              ("WATCH conditions (> 0: true)", ir.watch)]
    for title, prog in blocks:
        if prog is None:
            continue
        out.append("")
        out.append(f"{title}:")
        out += _program(prog)
    return "\n".join(out) + "\n"
