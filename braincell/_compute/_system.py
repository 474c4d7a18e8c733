"""The primitives every integrator is built from, over arrays of nodes.

NEURON's fixed step is, in order: refresh ions (zero their currents; Nernst where a
concentration is written), evaluate the membrane currents with dI/dv by a finite difference
(:meth:`System.currents`), solve the implicit cable equation for the voltage change
(:meth:`System.voltage_change`), update v, then advance the mechanism states with the new v
(:meth:`System.advance`). A solver in :mod:`braincell.quad` arranges these pieces.

A density mechanism on at least half of the nodes (in node order) is evaluated at *every*
node: its parameters are spread onto the nodes once per run (:meth:`System.prepare`), its
variables live in per-node arrays, and its currents are masked where it is absent. The
step then reads ``v`` and the ions without gathers, and sums currents without scatters;
XLA's CPU gathers are scalar code, and a gather feeding an ``exp`` keeps the ``exp`` from
vectorising, so this is 3-5 times faster than gathering the member nodes. The absent nodes
compute with the first instance's parameters and a unit geometry, and nothing they compute
reaches the voltage, the ions or a record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np

from .._config import float_dtype
from .._constants import DV_FD, RA
from ..ion import nernst
from ..mech import Env
from ._events import EventTables, empty_queue, initial_events
from ._layout import Group, Layout
from ._state import AxialTerms, CellParams, CellState, IonState
from ._take import StaticTake


def _ion_variable(name: str, ion: str) -> str | None:
    """Which IonState field a NEURON ion variable name refers to."""
    table = {f"e{ion}": "e", f"{ion}i": "ci", f"{ion}o": "co", f"i{ion}": "i"}
    return table.get(name)


@dataclass(frozen=True, eq=False)
class DensePlan:
    """How a density group is laid over all ``n`` nodes: ``src[node]`` is the instance
    whose parameters a node uses (instance 0 where the mechanism is absent), ``mask`` marks
    the member nodes (None when every node is one), ``diam``/``area`` are the geometry the
    mechanism sees (1 where it is absent)."""

    src: np.ndarray
    mask: np.ndarray | None
    diam: np.ndarray
    area: np.ndarray


def _dense_plan(group: Group, diam: np.ndarray, area: np.ndarray) -> DensePlan | None:
    n, nodes = len(area), np.asarray(group.nodes)
    if (group.mech.kind != "density" or nodes.size == 0 or 2 * nodes.size < n
            or np.any(np.diff(nodes) <= 0)):
        return None
    src = np.zeros(n, dtype=np.int64)
    src[nodes] = np.arange(nodes.size)
    mask = np.zeros(n, dtype=bool)
    mask[nodes] = True
    return DensePlan(src, None if mask.all() else mask, np.where(mask, diam, 1.0),
                     np.where(mask, area, 1.0))


class System:
    """A cell's equations, ready for a solver. Built once; all methods are pure and traceable.

    ``tree_solve(d, rhs, a, b) -> x`` solves the tree matrix with diagonal ``d`` and
    off-diagonals ``a``/``b`` (:func:`braincell._compute._tree.solve`); it is needed only
    when the cell has more than one node.

    The axial coefficients ``a``/``b`` are computed from the parameters (``params.Ra``, one
    resistivity per CV) once per run, in :meth:`prepare`; at the resistivities the cell was
    built with they are the build's values bit for bit (:meth:`axial_terms`).
    """

    def __init__(self, layout: Layout, tree_solve: Callable | None = None):
        geo = layout.geometry
        self.layout = layout
        self.n = geo.n
        self.area = jnp.asarray(geo.area_um2)
        self.diam = jnp.asarray(geo.diam_um)
        self.has_membrane = jnp.asarray(geo.area_um2 > 0)
        self.parent = np.asarray(geo.parent)
        self.a = np.asarray(geo.a)  # at the resistivities geo.Ra_ohm_cm
        self.b = np.asarray(geo.b)
        self.Ra = None if geo.Ra_ohm_cm is None else np.asarray(geo.Ra_ohm_cm, dtype=float)
        self.tree_solve = tree_solve
        if self.n > 1 and tree_solve is None:
            raise ValueError("a System with several nodes needs a tree solver")
        self._dense = tuple(_dense_plan(g, np.asarray(geo.diam_um), np.asarray(geo.area_um2))
                            for g in layout.groups)
        self._scale = tuple(self._point_scale(g, geo.node_area_um2) for g in layout.groups)
        self._reads = tuple(self._ion_reads(g) for g in layout.groups)
        # gathers onto and from the nodes of sparse groups, differentiable without scatter
        inverse = (self._inverse_index(g.nodes) for g in layout.groups)
        self._to_nodes = tuple(None if inv is None else StaticTake.build(inv, g.size)
                               for g, inv in zip(layout.groups, inverse))
        self._from_nodes = tuple(StaticTake.build(g.nodes, self.n) for g in layout.groups)
        self._build_axial_tables()
        if self.n > 1:
            self._build_resistance_tables(geo)
        tables = EventTables(layout)
        self.events = tables if tables.active else None
        # artificial cells have no membrane: no BREAKPOINT, no currents, no SOLVE
        self._membrane = tuple(g.mech.kind != "artificial" for g in layout.groups)
        # some mechanism draws random numbers: the state carries a key (CellState.key)
        self.random = any(getattr(g.mech, "uses_random", False) for g in layout.groups)

    # -- static helpers ---------------------------------------------------------------
    @staticmethod
    def _point_scale(group: Group, node_area: np.ndarray):
        if group.mech.kind == "point":
            return jnp.asarray(1e2 / node_area[group.nodes])
        return None

    def _inverse_index(self, nodes: np.ndarray):
        """For instances on distinct nodes: per node, the instance there (or a pointer to an
        appended zero), so summing onto nodes is a gather, not a scatter-add."""
        if len(np.unique(nodes)) != len(nodes):
            return None
        inverse = np.full(self.n, len(nodes), dtype=np.int64)
        inverse[nodes] = np.arange(len(nodes))
        return inverse

    def is_dense(self, index: int) -> bool:
        """Whether group ``index`` is evaluated at every node (see the module docstring)."""
        return self._dense[index] is not None

    def var_position(self, index: int, instance: int) -> int:
        """Where instance ``instance`` of group ``index`` sits in its variable arrays."""
        if self._dense[index] is None:
            return instance
        return int(self.layout.groups[index].nodes[instance])

    def member_mask(self, index: int) -> np.ndarray | None:
        """For a dense group, the positions of its variable arrays that are instances (None:
        all of them)."""
        plan = self._dense[index]
        return None if plan is None else plan.mask

    def group_params(self, params: CellParams, index: int) -> dict:
        """Group ``index``'s parameters as its variables are laid out (spread onto the
        nodes for a dense group, unless :meth:`prepare` did it already)."""
        return self._spread(index, params.mech[index])

    def _spread(self, index: int, values: dict) -> dict:
        """Per-instance ``values`` of group ``index`` as its variables are laid out."""
        plan = self._dense[index]
        if plan is None or plan.mask is None:
            return values
        return {k: v if jnp.ndim(v) == 0 or jnp.shape(v)[0] == self.n
                else jnp.asarray(v)[plan.src] for k, v in values.items()}

    def prepare(self, params: CellParams) -> CellParams:
        """``params`` with every dense group's values spread onto the nodes and the axial
        coefficients computed from ``Ra``, done once before a run rather than once per
        step."""
        mech = tuple(self.group_params(params, i) for i in range(len(self.layout.groups)))
        axial = self.axial_terms(params) if self.n > 1 else None
        return params.replace(mech=mech, axial=axial)

    def to_nodes(self, index: int, values):
        """Per-node sum of one group's per-instance ``values`` (zero where it is absent)."""
        plan = self._dense[index]
        if plan is not None:
            values = jnp.broadcast_to(jnp.asarray(values, float_dtype()), (self.n,))
            return values if plan.mask is None else jnp.where(plan.mask, values, 0.0)
        size = self.layout.groups[index].size
        values = jnp.broadcast_to(jnp.asarray(values, float_dtype()), (size,))
        if self._to_nodes[index] is None:  # several instances on one node: a real sum
            return jnp.zeros(self.n, values.dtype).at[self.layout.groups[index].nodes].add(values)
        return self._to_nodes[index](values)

    def _build_axial_tables(self) -> None:
        """Static tables for the axial terms, as :class:`StaticTake` gathers (whose
        gradients are gathers too, so that XLA compiles a gradient's backward loop whole, as
        it does the forward one): the parent of each node (the root points at itself), each
        node's first child, and the other children of branch points (a row per branch
        point, padded with ``n``, an appended zero) with each node's row."""
        parent = np.where(self.parent >= 0, self.parent, np.arange(self.n))
        self._parent_or_self = parent
        self._parent_take = StaticTake.build(parent, self.n)
        children = [[] for _ in range(self.n)]
        for c in range(1, self.n):
            if self.parent[c] >= 0:
                children[self.parent[c]].append(c)
        self._first_child = StaticTake.build([k[0] if k else self.n for k in children], self.n)
        # the other children of branch points: one row per branch point, then each node's row
        rows = [k[1:] for k in children if len(k) > 1]
        width = max([len(r) for r in rows] + [1])
        table = np.full((len(rows), width), self.n, dtype=np.int64)
        for r, kids in enumerate(rows):
            table[r, : len(kids)] = kids
        row_of = np.full(self.n, len(rows), dtype=np.int64)
        row_of[[p for p, k in enumerate(children) if len(k) > 1]] = np.arange(len(rows))
        self._extra_width = width
        self._extra_children = StaticTake.build(table, self.n) if rows else None
        self._extra_rows = StaticTake.build(row_of, len(rows)) if rows else None

    def _build_resistance_tables(self, geo) -> None:
        """The two halves of each node's resistance to its parent (in the parent's CV, in
        its own) and their sum, for :meth:`axial_terms`. The root, which has none, gets a
        unit own half so that its (unused) scale is finite."""
        half = np.array(geo.ri_half_MOhm, dtype=float)
        half[0] = 0.0, 1.0
        self._ri_parent_half = half[:, 0]
        self._ri_own_half = half[:, 1]
        self._ri_sum = half[:, 0] + half[:, 1]

    def axial_terms(self, params: CellParams) -> AxialTerms:
        """NEURON's ``a``/``b`` for the resistivities ``params.Ra`` (one per node: the CV's).

        The resistance between a node and its parent is the sum of two half segments, one
        in the parent's CV and one in the node's own; each scales with its CV's ``Ra``, and
        ``a``/``b`` scale with the inverse of their sum. At the build's resistivities the
        scale is exactly 1, so ``a``/``b`` are the build's values bit for bit.
        """
        ratio = params.Ra / self.Ra
        resistance = (self._ri_parent_half * ratio[self._parent_or_self]
                      + self._ri_own_half * ratio)
        scale = self._ri_sum / resistance
        a, b = self.a * scale, self.b * scale
        return AxialTerms(a=a, b=b, children_a=self._sum_children(a))

    def _axial_terms(self, params: CellParams) -> AxialTerms:
        return params.axial if params.axial is not None else self.axial_terms(params)

    def _sum_children(self, per_child):
        """``out[p] = sum of per_child[c] over the children c of p`` (per_child[root] = 0)."""
        out = self._first_child(per_child)
        if self._extra_children is not None:
            extra = self._extra_children(per_child).reshape(-1, self._extra_width).sum(1)
            out = out + self._extra_rows(extra)
        return out

    def _ion_reads(self, group: Group) -> tuple[tuple[str, str, str], ...]:
        out = []
        for use in group.mech.ions:
            for name in dict.fromkeys(use.read + use.write):
                field = _ion_variable(name, use.ion)
                if field is not None:
                    out.append((name, use.ion, field))
        return tuple(out)

    # -- parameters ------------------------------------------------------------------------
    def default_params(self, *, celsius: float, v_init: float, cm) -> CellParams:
        groups = self.layout.groups
        mech = tuple({k: jnp.asarray(v, dtype=float_dtype()) for k, v in g.params.items()}
                     for g in groups)
        ion0 = {name: {"ci0": jnp.asarray(il.ion.ci0), "co0": jnp.asarray(il.ion.co0),
                       "e0": jnp.asarray(il.ion.e0)}
                for name, il in self.layout.ions.items()}
        ra = self.Ra if self.Ra is not None else np.full(self.n, RA)
        return CellParams(mech=mech, cm=jnp.broadcast_to(jnp.asarray(cm, float_dtype()), (self.n,)),
                          Ra=jnp.asarray(ra, float_dtype()),
                          celsius=jnp.asarray(celsius, float_dtype()),
                          v_init=jnp.asarray(v_init, float_dtype()),
                          ion0=ion0, initial=tuple({} for _ in groups),
                          labels=tuple(g.label for g in groups),
                          states=tuple(tuple(v.name for v in g.mech.states) for g in groups),
                          sizes=tuple(g.size for g in groups))

    # -- pieces ------------------------------------------------------------------------
    def env(self, index: int, params: CellParams, state: CellState, t, dt) -> Env:
        plan = self._dense[index]
        # the random key of group ``index`` (the state's key holds one per step)
        key = None if state.key is None else jax.random.fold_in(state.key, index)
        if plan is not None:
            ions = {name: getattr(state.ions[ion], field)
                    for name, ion, field in self._reads[index]}
            return Env(v=state.v, t=jnp.asarray(t), dt=jnp.asarray(dt), celsius=params.celsius,
                       diam=jnp.asarray(plan.diam), area=jnp.asarray(plan.area), ions=ions,
                       key=key)
        nodes = self.layout.groups[index].nodes
        take = self._from_nodes[index]
        ions = {name: take(getattr(state.ions[ion], field))
                for name, ion, field in self._reads[index]}
        return Env(v=take(state.v), t=jnp.asarray(t), dt=jnp.asarray(dt),
                   celsius=params.celsius, diam=self.diam[nodes], area=self.area[nodes],
                   ions=ions, key=key)

    def _current_sum(self, mech, out):
        total = 0.0
        for name in mech.current_names:
            sign = -1.0 if name in mech.electrode_currents else 1.0
            total = total + sign * out[name]
        return total

    def _initial_ion(self, params: CellParams, name: str) -> IonState:
        """Ion ``name`` as ``init`` starts it: ci0, co0 and e0 on every node, then Nernst
        where ``nernst_init`` asks."""
        p0 = params.ion0[name]
        zeros = jnp.zeros(self.n)
        st = IonState(zeros + p0["ci0"], zeros + p0["co0"], zeros + p0["e0"], zeros, zeros)
        return self._nernst(params, {name: st}, "nernst_init")[name]

    def _fixed_e(self, params: CellParams, name: str, st: IonState):
        """The reversal potential of ion ``name`` during a step: ``st.e``, or, where no
        Nernst update runs in steps (no concentration is written), the value ``init`` gave
        it, recomputed from the parameters (bit for bit the same; loop-invariant, so XLA
        computes it once per run). The step then does not read ``st.e``, so reverse mode
        keeps no copy of it per step (W4: two of six arrays)."""
        if self.layout.ions[name].nernst_step.any():
            return st.e
        return self._initial_ion(params, name).e

    def _nernst(self, params: CellParams, ions: dict[str, IonState], which: str):
        new = {}
        for name, st in ions.items():
            lay = self.layout.ions[name]
            mask = getattr(lay, which)
            if mask.any():
                e = nernst(st.ci, st.co, lay.ion.valence, params.celsius)
                st = IonState(st.ci, st.co, jnp.where(mask, e, st.e), st.i, st.didv)
            new[name] = st
        return new

    def _write_concentrations(self, index: int, vars_: dict, ions: dict) -> dict:
        group = self.layout.groups[index]
        for use in group.mech.ions:
            for name in use.writes_conc:
                st = ions[use.ion]
                field = _ion_variable(name, use.ion)
                plan = self._dense[index]
                if plan is None:
                    arr = getattr(st, field).at[group.nodes].set(vars_[name])
                elif plan.mask is None:
                    arr = jnp.broadcast_to(vars_[name], (self.n,))
                else:
                    arr = jnp.where(plan.mask, vars_[name], getattr(st, field))
                ions = {**ions, use.ion: IonState(**{**st.__dict__, field: arr})}
        return ions

    def _complete(self, index: int, vars_: dict, like) -> dict:
        mech = self.layout.groups[index].mech
        zeros = jnp.zeros_like(like)
        for var in (*mech.states, *mech.assigned):
            vars_.setdefault(var.name, zeros)
        return {k: jnp.broadcast_to(jnp.asarray(v, like.dtype), like.shape) for k, v in vars_.items()}

    # -- the stages ----------------------------------------------------------------------
    def init(self, params: CellParams, dt, key=None) -> CellState:
        """NEURON's ``finitialize(v_init)``: v, ions, INITIAL blocks, then one current
        evaluation at t = 0 so that currents and ASSIGNED values are defined at t = 0.
        ``key``: the ``jax.random`` key of the initialisation, where mechanisms draw random
        numbers (:attr:`random`)."""
        v = jnp.broadcast_to(params.v_init, (self.n,)).astype(float_dtype())
        ions = {name: self._initial_ion(params, name) for name in self.layout.ions}
        events = None if self.events is None else empty_queue(self.events, v.dtype)
        state = CellState(v=v, vars=(), ions=ions, events=events, key=key)
        all_vars, sent = [], []
        for index, group in enumerate(self.layout.groups):
            env = self.env(index, params, state, 0.0, dt)
            p = self.group_params(params, index)
            if self.events is not None and index in self.events.receivers:
                init_vars, sends = group.mech.initial(p, env)
                sent.append((index, sends))
            else:
                init_vars = group.mech.init(p, env)
            init_vars = dict(init_vars)
            for use in group.mech.ions:  # a written concentration starts at the ion's value
                for name in use.writes_conc:
                    init_vars.setdefault(name, env.ions[name])
            # STATEs given in params.initial (NaN: where INITIAL put them)
            for name, value in self._spread(index, params.initial[index]).items():
                default = jnp.broadcast_to(init_vars.get(name, 0.0), env.v.shape)
                init_vars[name] = jnp.where(jnp.isnan(value), default, value)
            vars_ = self._complete(index, init_vars, env.v)
            if self._membrane[index]:  # every variable a SOLVE writes lives in the state
                bp = jax.eval_shape(group.mech.breakpoint, p, vars_, env)
                written = jax.eval_shape(group.mech.advance, p,
                                         {**{k: env.v for k in bp}, **vars_}, env)
                for name in written:
                    vars_.setdefault(name, jnp.zeros_like(env.v))
            ions = self._write_concentrations(index, vars_, state.ions)
            state = state.replace(ions=self._nernst(params, ions, "nernst_step"))
            all_vars.append(vars_)
        state = state.replace(vars=tuple(all_vars))
        for index, sends in sent:
            state = initial_events(self, params, state, index, sends)
        state = self._net_receive_init(params, state, dt)
        state, _, _ = self.currents(params, state, 0.0, dt)
        return state

    def _net_receive_init(self, params: CellParams, state: CellState, dt) -> CellState:
        """NET_RECEIVE's INITIAL, once per connection (vectorised over connections)."""
        if self.events is None:
            return state
        tables, ev = self.events, state.events
        new_args = list(ev.args)
        all_vars = list(state.vars)
        for r, g in enumerate(tables.receivers):
            mine = (tables.conn_slot == r) & (tables.conn_local >= 0)  # not the dummy
            if not mine.any() or not hasattr(self.layout.groups[g].mech, "net_receive_init"):
                continue
            inst = tables.conn_inst[mine]
            env = self.env(g, params, state, 0.0, dt)
            env = Env(env.v[inst], env.t, env.dt, env.celsius, env.diam[inst], env.area[inst],
                      {k: v[inst] for k, v in env.ions.items()}, env.key)
            p = {k: v[inst] for k, v in params.mech[g].items()}
            s = {k: v[inst] for k, v in state.vars[g].items()}
            s_new, args_new = self.layout.groups[g].mech.net_receive_init(p, s, ev.args[r], env)
            new_args[r] = {k: jnp.broadcast_to(args_new.get(k, v), v.shape)
                           for k, v in ev.args[r].items()}
            all_vars[g] = {**state.vars[g], **{k: state.vars[g][k].at[inst].set(v)
                                               for k, v in s_new.items()}}
        ev = type(ev)(**{**ev.__dict__, "args": tuple(new_args)})
        return state.replace(vars=tuple(all_vars), events=ev)

    def currents(self, params: CellParams, state: CellState, t, dt):
        """Membrane current ``I`` (mA/cm²) and conductance ``G = dI/dv`` per node.

        Also refreshes the ions (currents zeroed, then summed; Nernst where a concentration
        is written) and stores every mechanism's BREAKPOINT outputs in the state.
        """
        ions = {name: IonState(st.ci, st.co, self._fixed_e(params, name, st),
                               jnp.zeros_like(st.i), jnp.zeros_like(st.i))
                for name, st in state.ions.items()}
        state = state.replace(ions=self._nernst(params, ions, "nernst_step"))
        total_i = jnp.zeros(self.n)
        total_g = jnp.zeros(self.n)
        new_vars = []
        for index, group in enumerate(self.layout.groups):
            mech, p, s = group.mech, self.group_params(params, index), state.vars[index]
            if not self._membrane[index]:
                new_vars.append(s)
                continue
            env = self.env(index, params, state, t, dt)
            out_hi = mech.breakpoint(p, s, env.at_voltage(env.v + DV_FD))
            out = mech.breakpoint(p, s, env)
            i0 = self._current_sum(mech, out)
            g = (self._current_sum(mech, out_hi) - i0) / DV_FD
            scale = self._scale[index]
            if scale is not None:
                i0, g = i0 * scale, g * scale
            total_i = total_i + self.to_nodes(index, i0)
            total_g = total_g + self.to_nodes(index, g)
            ions = dict(state.ions)
            for use in mech.ions:
                if use.writes_current:
                    st = ions[use.ion]
                    cur, cur_hi = out[use.current], out_hi[use.current]
                    didv = (cur_hi - cur) / DV_FD
                    if scale is not None:
                        cur, didv = cur * scale, didv * scale
                    ions[use.ion] = IonState(st.ci, st.co, st.e,
                                             st.i + self.to_nodes(index, cur),
                                             st.didv + self.to_nodes(index, didv))
            state = state.replace(ions=ions)
            new_vars.append({**s, **{k: jnp.broadcast_to(v, env.v.shape)
                                     for k, v in out.items()}})
        return state.replace(vars=tuple(new_vars)), total_i, total_g

    def axial(self, params: CellParams, v):
        """Axial current into each node from its neighbours (NEURON's sign convention)."""
        if self.n == 1:
            return jnp.zeros_like(v)
        ax = self._axial_terms(params)
        dv = self._parent_take(v) - v  # 0 at the root, whose a and b are 0 too
        return -ax.b * dv + self._sum_children(ax.a * dv)

    def voltage_change(self, params: CellParams, state: CellState, total_i, total_g, cj):
        """Solve ``(cm cj/1000 + G + axial) dv = -I + axial currents`` on the tree."""
        d = total_g + jnp.where(self.has_membrane, params.cm * (1e-3 * cj), 0.0)
        rhs = -total_i + self.axial(params, state.v)
        if self.n == 1:
            return rhs / d
        ax = self._axial_terms(params)
        d = d - ax.b - ax.children_a
        return self.tree_solve(d, rhs, ax.a, ax.b)

    def second_order_ion_currents(self, state: CellState, dv) -> CellState:
        """Crank-Nicolson: move the ion currents to the half step (``i += di/dv * dv``)."""
        ions = {name: IonState(st.ci, st.co, st.e, st.i + st.didv * dv, st.didv)
                for name, st in state.ions.items()}
        return state.replace(ions=ions)

    def advance(self, params: CellParams, state: CellState, t, dt) -> CellState:
        """Advance every mechanism's states by ``dt`` with the present (new) v at time t."""
        new_vars = []
        for index, group in enumerate(self.layout.groups):
            s = state.vars[index]
            if self._membrane[index]:  # every SOLVE, also of mechanisms without STATEs
                env = self.env(index, params, state, t, dt)
                s = {**s, **group.mech.advance(self.group_params(params, index), s, env)}
                if any(use.writes_conc for use in group.mech.ions):
                    # The reversal potential follows at the next current evaluation, as in
                    # NEURON (so a recorded e lags the recorded concentration by one step).
                    state = state.replace(ions=self._write_concentrations(index, s, state.ions))
            new_vars.append(s)
        return state.replace(vars=tuple(new_vars))

    def derivatives(self, params: CellParams, state: CellState, t):
        """``dv/dt`` (mV/ms) and ``d state/dt`` for every group, for explicit solvers."""
        state, total_i, _ = self.currents(params, state, t, 0.0)
        cap = jnp.where(self.has_membrane, params.cm * 1e-3, 1.0)
        dvdt = jnp.where(self.has_membrane, (-total_i + self.axial(params, state.v)) / cap,
                         0.0)
        dvars = []
        for index, group in enumerate(self.layout.groups):
            env = self.env(index, params, state, t, 0.0)
            dvars.append(dict(group.mech.derivative(self.group_params(params, index),
                                                    state.vars[index], env)))
        return state, dvdt, tuple(dvars)

    def sync_concentrations(self, state: CellState) -> CellState:
        ions = state.ions
        for index in range(len(self.layout.groups)):
            ions = self._write_concentrations(index, state.vars[index], ions)
        return state.replace(ions=ions)


jax.tree_util.register_static(System)
