"""Pass 1: the mechanism's interface from its declarations.

NEURON block, PARAMETER, STATE, ASSIGNED, CONSTANT, DEFINE, UNITS factors and top-level
LOCALs become an :class:`Interface`: what each global name is, the parameters with their
defaults, the persistent variables, the ions and currents, and the blocks that hold code.
Constructs braincell cannot run (POINTER, EXTERNAL, FUNCTION_TABLE...) are reported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType

from .. import ast as A
from ..symbols import SPECIAL_VARIABLES
from ._report import Reporter
from .ir import ENV_NAMES, IonDecl, ParamDecl, VarDecl
from .units import UnitError, unit_factor

_KINDS = {"SUFFIX": "density", "POINT_PROCESS": "point", "ARTIFICIAL_CELL": "artificial"}
_UNSUPPORTED_NAMES = {
    "POINTER": ("E502", "POINTER variables refer to memory outside the mechanism; braincell "
                "cannot follow them (pass the value as a PARAMETER instead)"),
    "BBCOREPOINTER": ("E502", "BBCOREPOINTER refers to C data that braincell cannot hold"),
    "EXTERNAL": ("E503", "EXTERNAL names come from other compiled mechanisms; braincell "
                 "lowers each mechanism on its own"),
}
_UNSUPPORTED_BLOCKS = {
    A.FunctionTableBlock: ("E504", "FUNCTION_TABLE takes its data from hoc at run time; "
                           "write the function in NMODL instead"),
    A.BeforeBlock: ("E513", "BEFORE blocks are not supported yet"),
    A.AfterBlock: ("E513", "AFTER blocks are not supported yet"),
    A.ConstructorBlock: ("E513", "CONSTRUCTOR blocks hold C code; they are not supported"),
    A.DestructorBlock: ("E513", "DESTRUCTOR blocks hold C code; they are not supported"),
}


@dataclass(frozen=True)
class Interface:
    name: str
    kind: str
    title: str
    parameters: tuple[ParamDecl, ...]
    states: tuple[VarDecl, ...]
    assigned: tuple[VarDecl, ...]
    ions: tuple[IonDecl, ...]
    nonspecific_currents: tuple[str, ...]
    electrode_currents: tuple[str, ...]
    constants: MappingProxyType  # name -> float (CONSTANT, DEFINE, UNITS factors)
    arrays: MappingProxyType  # name -> size
    callables: MappingProxyType  # name -> FunctionBlock | ProcedureBlock
    blocks: MappingProxyType  # name -> Derivative/Kinetic/Linear/Nonlinear/Procedure block
    initial: A.InitialBlock | None
    breakpoint: A.BreakpointBlock | None
    net_receive: A.NetReceiveBlock | None
    written_params: frozenset[str]
    randoms: frozenset[str] = frozenset()  # RANDOM variables (streams for random_*())

    @property
    def ion_vars(self) -> dict[str, str]:
        return {n: d.ion for d in self.ions for n in d.read + d.write}

    @property
    def currents(self) -> tuple[str, ...]:
        ion = tuple(f"i{d.ion}" for d in self.ions if f"i{d.ion}" in d.write)
        return ion + self.nonspecific_currents + self.electrode_currents

    def kind_of(self, name: str) -> str | None:
        """``param``, ``state``, ``assigned``, ``ion``, ``current``, ``env``, ``constant``."""
        return self._kinds.get(name)

    @cached_property
    def _kinds(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name in self.constants:
            out[name] = "constant"
        for name in ENV_NAMES:
            out[name] = "env"
        for name in self.currents:
            out[name] = "current"
        for kind, decls in (("param", self.parameters), ("assigned", self.assigned),
                            ("state", self.states)):
            for d in decls:
                out[d.name] = kind
        states = {s.name for s in self.states}
        for name in self.ion_vars:
            if name not in states:
                out[name] = "ion"
        return out


def _unit(u: A.Unit | None) -> str:
    return u.text if u is not None else ""


def _size(size: str | None, defines: dict[str, float], span, report: Reporter) -> int | None:
    if size is None:
        return None
    if size.isdigit():
        return int(size)
    if size in defines:
        return int(defines[size])
    report.error("E510", f"array size {size!r} is not a number or a DEFINEd constant", span)
    return None


def _as_nocmodl_writes(value: float) -> float:
    """A PARAMETER default as NEURON has it: nocmodl prints defaults into the C code with
    ``%g`` (6 significant digits), so ``0.123456789`` is 0.123457 in NEURON."""
    return float(f"{float(value):g}")


def _expand(name: str, size: int | None) -> list[str]:
    return [name] if size is None else [f"{name}[{k}]" for k in range(size)]


def interface(module: A.Module, report: Reporter) -> Interface:
    """Collect the declarations of ``module`` (errors go to ``report``)."""
    name, kind, title = "", "density", ""
    ions: list[IonDecl] = []
    nonspecific: list[str] = []
    electrode: list[str] = []
    globals_: set[str] = set()
    ranges: set[str] = set()
    randoms: set[str] = set()
    for item in module.items:
        if isinstance(item, A.Title):
            title = item.text
        if not isinstance(item, A.NeuronBlock):
            continue
        for st in item.statements:
            if isinstance(st, A.Suffix):
                name, kind = st.name, _KINDS[st.kind]
            elif isinstance(st, A.UseIon):
                valence = int(st.valence.value) if st.valence is not None else None
                for w in st.write:
                    if w == f"e{st.ion}":
                        report.error("E512", f"writing the reversal potential '{w}' is not "
                                     "supported yet (braincell computes it from the ion's "
                                     "concentrations)", st.span)
                ions.append(IonDecl(st.ion, tuple(st.read), tuple(st.write), valence))
            elif isinstance(st, A.NameList):
                if st.kind in _UNSUPPORTED_NAMES:
                    code, why = _UNSUPPORTED_NAMES[st.kind]
                    report.error(code, f"{st.kind} {', '.join(st.names)}: {why}", st.span)
                elif st.kind == "NONSPECIFIC_CURRENT":
                    nonspecific.extend(st.names)
                elif st.kind == "ELECTRODE_CURRENT":
                    electrode.extend(st.names)
                elif st.kind == "GLOBAL":
                    globals_.update(st.names)
                elif st.kind == "RANGE":
                    ranges.update(st.names)
                elif st.kind == "RANDOM":
                    randoms.update(st.names)
    if not name:
        report.error("E514", "the NEURON block has no SUFFIX, POINT_PROCESS or ARTIFICIAL_CELL; "
                     "a mechanism needs a name", module.span)

    constants: dict[str, float] = {}
    for item in module.items:
        if isinstance(item, A.Define):
            constants[item.name] = float(item.value)
    for item in module.items:
        if isinstance(item, A.UnitsBlock):
            for d in item.definitions:
                if isinstance(d, A.UnitFactor):
                    try:
                        constants[d.name] = unit_factor(
                            d.value.value if d.value is not None else None,
                            tuple(u.text for u in d.units), d.arrow)
                    except UnitError as exc:
                        report.error("E511", f"unknown unit '{exc}' in the factor "
                                     f"'{d.name}'; write its value as a number", d.span)
        elif isinstance(item, A.ConstantBlock):
            for c in item.constants:
                constants[c.name] = c.value.value

    ion_vars = {n for d in ions for n in d.read + d.write}
    special = set(SPECIAL_VARIABLES) | ion_vars
    currents = {f"i{d.ion}" for d in ions} | set(nonspecific) | set(electrode)
    parameters: list[ParamDecl] = []
    states: list[VarDecl] = []
    assigned: list[VarDecl] = []
    arrays: dict[str, int] = {}
    for item in module.items:
        if isinstance(item, A.ParameterBlock):
            for prm in item.parameters:
                # a PARAMETER PI is the mechanism's own (nocmodl #undefs the C header's PI)
                if (prm.name in special and prm.name not in ("PI", "pi")) \
                        or prm.name in constants:
                    continue
                size = _size(prm.size, constants, prm.span, report)
                if size is not None:
                    arrays[prm.name] = size
                default = _as_nocmodl_writes(prm.value.value) if prm.value is not None else 0.0
                scope = "range" if prm.name in ranges else "global"
                limits = ((prm.limits.low.value, prm.limits.high.value)
                          if prm.limits is not None else None)
                for n in _expand(prm.name, size):
                    parameters.append(ParamDecl(n, default, _unit(prm.unit), scope, limits))
        elif isinstance(item, A.StateBlock):
            for var in item.variables:
                size = _size(var.size, constants, var.span, report)
                if size is not None:
                    arrays[var.name] = size
                states.extend(VarDecl(n, _unit(var.unit)) for n in _expand(var.name, size))
        elif isinstance(item, A.AssignedBlock):
            for var in item.variables:
                if var.name in special or var.name in currents:
                    continue
                size = _size(var.size, constants, var.span, report)
                if size is not None:
                    arrays[var.name] = size
                assigned.extend(VarDecl(n, _unit(var.unit)) for n in _expand(var.name, size))
        elif isinstance(item, A.Local):
            for var in item.variables:
                size = _size(var.size, constants, var.span, report)
                if size is not None:
                    arrays[var.name] = size
                assigned.extend(VarDecl(n) for n in _expand(var.name, size))
        elif type(item) in _UNSUPPORTED_BLOCKS:
            code, why = _UNSUPPORTED_BLOCKS[type(item)]
            report.error(code, why, item.span)
        elif isinstance(item, A.Verbatim):
            report.warning("W501", "this top-level VERBATIM block (C code) is ignored; the "
                           "mechanism is lowered without it", item.span)

    callables = {it.name: it for it in module.items
                 if isinstance(it, (A.FunctionBlock, A.ProcedureBlock))}
    blocks = {it.name: it for it in module.items
              if isinstance(it, (A.DerivativeBlock, A.KineticBlock, A.LinearBlock,
                                 A.NonlinearBlock, A.ProcedureBlock))}
    first = {t: next((it for it in module.items if isinstance(it, t)), None)
             for t in (A.InitialBlock, A.BreakpointBlock, A.NetReceiveBlock)}
    param_names = {p.name.split("[")[0] for p in parameters}
    written = _written_names(module) & param_names
    return Interface(
        name=name, kind=kind, title=title, parameters=tuple(parameters), states=tuple(states),
        assigned=tuple(assigned), ions=tuple(ions), nonspecific_currents=tuple(nonspecific),
        electrode_currents=tuple(electrode), constants=MappingProxyType(constants),
        arrays=MappingProxyType(arrays), callables=MappingProxyType(callables),
        blocks=MappingProxyType(blocks), initial=first[A.InitialBlock],
        breakpoint=first[A.BreakpointBlock], net_receive=first[A.NetReceiveBlock],
        written_params=frozenset(written), randoms=frozenset(randoms),
    )


def _written_names(module: A.Module) -> set[str]:
    """Global names assigned anywhere (names that are LOCAL or arguments where they are
    assigned do not count)."""
    out: set[str] = set()
    for item in module.items:
        body = getattr(item, "body", None)
        if not isinstance(body, A.Block):
            continue
        shadow = {p.name for p in getattr(item, "params", ())}
        shadow |= {v.name for n in A.walk(body) if isinstance(n, A.Local) for v in n.variables}
        for n in A.walk(body):
            if isinstance(n, A.Assign):
                target = n.target.target if isinstance(n.target, A.Indexed) else n.target
                if isinstance(target, A.Name) and target.id not in shadow:
                    out.add(target.id)
    return out
