"""Event delivery for NET_RECEIVE, as NEURON's fixed step does it.

At the start of the step from ``t`` every event due by ``t + dt/2`` is delivered, earliest
first (so an event due at a recorded time ``t_k`` shows in the trace at ``t_{k+1}``, as in
NEURON). Events come from spike lists on connections (``NetCon.event``), from ``net_send``
self-events and from ``net_event`` spikes of a source, delivered after the connection's
delay. Pending events live in a fixed-size queue in the state, so the whole run stays one
compiled program; a queue that would overflow makes the run fail with a clear error.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from ..errors import SpecError
from ..mech import Env

MAX_DELIVERIES_PER_STEP = 10_000
DELIVERY_KEYS = 0xFFFFFFFF
"""The step's key folded with this tag, then with the delivery's number, is the key of one
NET_RECEIVE delivery (the groups' keys are the step's key folded with the group index)."""


@jax.tree_util.register_dataclass
@dataclass(frozen=True)
class EventState:
    """Pending events (``q_*``, one slot each), the next external event, every
    connection's NET_RECEIVE arguments (per receiver, name -> one value per connection),
    and each receiver's WATCH conditions, shape ``(conditions, instances)``: armed, and
    true when last tested (``w_above``). A queued event from WATCH condition ``w`` has
    ``q_conn == -2 - w``; other self-events have -1."""

    q_t: jax.Array
    q_slot: jax.Array
    q_inst: jax.Array
    q_conn: jax.Array
    q_flag: jax.Array
    q_valid: jax.Array
    q_seq: jax.Array
    seq: jax.Array
    ext_ptr: jax.Array
    overflow: jax.Array
    args: tuple[dict[str, jax.Array], ...]
    w_active: tuple[jax.Array, ...] = ()
    w_above: tuple[jax.Array, ...] = ()

    def replace(self, **changes) -> EventState:
        return dataclasses.replace(self, **changes)


class EventTables:
    """Static description of who receives what, built once from the layout (numpy)."""

    def __init__(self, layout):
        groups = layout.groups
        self.receivers = tuple(i for i, g in enumerate(groups)
                               if getattr(g.mech, "has_net_receive", False))
        slot_of_group = {g: r for r, g in enumerate(self.receivers)}
        for i, g in enumerate(groups):
            if g.connections and i not in slot_of_group:
                raise SpecError(f"{g.label!r} ({g.mech.name}) has connections but no "
                                f"NET_RECEIVE block to receive them")
        conn_slot, conn_inst, conn_local, conn_delay, conn_src = [], [], [], [], []
        self.arg_names = tuple(tuple(groups[g].mech.net_receive_args) for g in self.receivers)
        args0 = [[] for _ in self.receivers]
        ext = []
        for r, g in enumerate(self.receivers):
            group = groups[g]
            for c in group.connections:
                if len(c.weights) > len(self.arg_names[r]):
                    raise SpecError(f"{group.label!r}: {len(c.weights)} weights given, but "
                                    f"NET_RECEIVE takes {len(self.arg_names[r])} arguments")
                for inst in range(group.size):  # one NetCon per instance of the label
                    gid = len(conn_slot)
                    conn_slot.append(r)
                    conn_inst.append(inst)
                    conn_local.append(len(args0[r]))
                    conn_delay.append(c.delay)
                    conn_src.append(c.source)
                    row = list(c.weights) + [0.0] * (len(self.arg_names[r]) - len(c.weights))
                    args0[r].append(row)
                    ext += [(t, gid) for t in c.events]
        self.args0 = tuple(np.asarray(rows, float).reshape(len(rows), len(names))
                           for rows, names in zip(args0, self.arg_names))
        ext.sort(key=lambda e: e[0])
        self.ext_t = np.array([e[0] for e in ext] + [np.inf])
        self.ext_conn = np.array([e[1] for e in ext] + [0], dtype=np.int64)
        # one trailing dummy connection keeps the tables non-empty (it is never delivered)
        self.conn_slot = np.array(conn_slot + [0], dtype=np.int64)
        self.conn_inst = np.array(conn_inst + [0], dtype=np.int64)
        self.conn_local = np.array(conn_local + [-1], dtype=np.int64)
        # outgoing connections of each (source receiver slot, instance), padded with -1
        self.out = []
        for g in self.receivers:
            label = groups[g].label
            rows = [[k for k in range(len(conn_src)) if conn_src[k] == label]
                    for _ in range(groups[g].size)]
            width = max([len(x) for x in rows] + [1])
            table = np.full((groups[g].size, width), -1, dtype=np.int64)
            for i, x in enumerate(rows):
                table[i, :len(x)] = x
            self.out.append(table)
        known = {groups[g].label for g in self.receivers}
        for src in conn_src:
            if src is not None and src not in known:
                raise SpecError(f"connection source {src!r} is not a placed mechanism with "
                                f"NET_RECEIVE; have: {', '.join(sorted(known)) or '(none)'}")
        self.conn_delay = np.array(conn_delay + [0.0], dtype=float)
        sizes = sum(groups[g].size for g in self.receivers)
        self.watch_flags = tuple(tuple(getattr(groups[g].mech, "watch_flags", ()))
                                 for g in self.receivers)
        watches = sum(len(f) * groups[g].size for f, g in zip(self.watch_flags, self.receivers))
        self.capacity = max(32, 4 * sizes + 2 * len(conn_src) + watches)

    @property
    def active(self) -> bool:
        return bool(self.receivers)


def empty_queue(tables: EventTables, dtype) -> EventState:
    q = tables.capacity
    return EventState(
        q_t=jnp.full((q,), jnp.inf, dtype), q_slot=jnp.zeros((q,), jnp.int32),
        q_inst=jnp.zeros((q,), jnp.int32), q_conn=jnp.full((q,), -1, jnp.int32),
        q_flag=jnp.zeros((q,), dtype), q_valid=jnp.zeros((q,), bool),
        q_seq=jnp.zeros((q,), jnp.int32), seq=jnp.zeros((), jnp.int32),
        ext_ptr=jnp.zeros((), jnp.int32), overflow=jnp.zeros((), bool),
        args=tuple({name: jnp.asarray(a0[:, k], dtype) for k, name in enumerate(names)}
                   for a0, names in zip(tables.args0, tables.arg_names)),
        w_active=tuple(jnp.zeros((len(f), len(tables.out[r])), bool)
                       for r, f in enumerate(tables.watch_flags)),
        w_above=tuple(jnp.zeros((len(f), len(tables.out[r])), bool)
                      for r, f in enumerate(tables.watch_flags)))


def push(ev: EventState, t, slot, inst, conn, flag, valid) -> EventState:
    """Insert one event where ``valid`` (scalars); sets ``overflow`` if the queue is full."""
    free = jnp.argmin(ev.q_valid)
    room = ~ev.q_valid[free]
    ok = valid & room

    def put(arr, value):
        value = jnp.asarray(value).astype(arr.dtype)
        return arr.at[free].set(jnp.where(ok, value, arr[free]))

    return ev.replace(
        q_t=put(ev.q_t, t), q_slot=put(ev.q_slot, slot), q_inst=put(ev.q_inst, inst),
        q_conn=put(ev.q_conn, conn), q_flag=put(ev.q_flag, flag),
        q_valid=put(ev.q_valid, True), q_seq=put(ev.q_seq, ev.seq),
        seq=ev.seq + ok.astype(jnp.int32), overflow=ev.overflow | (valid & ~room))


def push_many(ev: EventState, t, slot, inst, conn, flag, valid) -> EventState:
    """Insert the events where ``valid`` (arrays of one length), in their order, into free
    slots; sets ``overflow`` if there are not enough."""
    n, capacity = valid.shape[0], ev.q_valid.shape[0]
    free = jnp.nonzero(~ev.q_valid, size=n, fill_value=capacity)[0]
    rank = jnp.cumsum(valid.astype(jnp.int32)) - 1
    where = jnp.where(valid, free[jnp.clip(rank, 0, n - 1)], capacity)

    def put(arr, values):
        values = jnp.broadcast_to(jnp.asarray(values).astype(arr.dtype), (n,))
        return arr.at[where].set(values, mode="drop")

    return ev.replace(
        q_t=put(ev.q_t, t), q_slot=put(ev.q_slot, slot), q_inst=put(ev.q_inst, inst),
        q_conn=put(ev.q_conn, conn), q_flag=put(ev.q_flag, flag),
        q_valid=put(ev.q_valid, True), q_seq=put(ev.q_seq, ev.seq + rank),
        seq=ev.seq + jnp.sum(valid).astype(ev.seq.dtype),
        overflow=ev.overflow | jnp.any(valid & (where >= capacity)))


def check_watches(system, params, state, t, dt):
    """NEURON's test of the armed WATCH conditions at the start of a step (``check_thresh``
    before ``deliver_net_events``): a condition that is now true (value > 0) and was not
    queues its self-event at ``t``; one that is not true any more is reset."""
    tables = system.events
    ev = state.events
    active, above = list(ev.w_active), list(ev.w_above)
    for r, flags in enumerate(tables.watch_flags):
        if not flags:
            continue
        g = tables.receivers[r]
        mech = system.layout.groups[g].mech
        env = system.env(g, params, state, t, dt)
        values = mech.watch_values(system.group_params(params, g), state.vars[g], env)
        true = jnp.broadcast_to(values, active[r].shape) > 0.0
        fire = active[r] & true & ~above[r]
        above[r] = jnp.where(active[r], true, above[r])
        count, size = active[r].shape
        ev = push_many(ev, t, r, jnp.tile(jnp.arange(size), count),
                       jnp.repeat(-2 - jnp.arange(count), size),
                       jnp.repeat(jnp.asarray(flags), size), fire.reshape(-1))
    return state.replace(events=ev.replace(w_above=tuple(above)))


def deliver(system, params, state, t, dt):
    """Test the WATCH conditions, then deliver every event due by ``t + dt/2`` (earliest
    first, ties in insertion order)."""
    tables = system.events
    if any(tables.watch_flags):
        state = check_watches(system, params, state, t, dt)
    bound = t + 0.5 * dt
    ext_t = jnp.asarray(tables.ext_t)
    ext_conn = jnp.asarray(tables.ext_conn)
    conn_slot = jnp.asarray(tables.conn_slot)
    conn_inst = jnp.asarray(tables.conn_inst)
    conn_local = jnp.asarray(tables.conn_local)

    def earliest_queued(ev):
        qt = jnp.where(ev.q_valid, ev.q_t, jnp.inf)
        tmin = jnp.min(qt)
        tie = jnp.where(qt == tmin, ev.q_seq, jnp.iinfo(jnp.int32).max)
        return jnp.argmin(tie), tmin

    def cond(carry):
        st, count = carry
        ev = st.events
        _, qmin = earliest_queued(ev)
        return (jnp.minimum(ext_t[ev.ext_ptr], qmin) <= bound) & (count < MAX_DELIVERIES_PER_STEP)

    def body(carry):
        st, count = carry
        ev = st.events
        iq, qmin = earliest_queued(ev)
        te_ext = ext_t[ev.ext_ptr]
        use_ext = te_ext <= qmin
        gid = ext_conn[ev.ext_ptr]
        te = jnp.where(use_ext, te_ext, qmin)
        slot = jnp.where(use_ext, conn_slot[gid], ev.q_slot[iq])
        inst = jnp.where(use_ext, conn_inst[gid], ev.q_inst[iq])
        conn = jnp.where(use_ext, conn_local[gid], ev.q_conn[iq])
        flag = jnp.where(use_ext, 0.0, ev.q_flag[iq])
        ev = ev.replace(q_valid=ev.q_valid.at[iq].set(ev.q_valid[iq] & use_ext),
                        ext_ptr=ev.ext_ptr + use_ext.astype(jnp.int32))
        st = st.replace(events=ev)
        branches = [lambda op, r=r: _receive(system, params, op, r)
                    for r in range(len(tables.receivers))]
        st = lax.switch(slot, branches, (st, inst, conn, flag, te, dt, count))
        return st, count + 1

    state, _ = lax.while_loop(cond, body, (state, jnp.zeros((), jnp.int32)))
    return state


def _receive(system, params, operand, r):
    """One event into receiver slot ``r``'s instance ``inst`` via connection ``conn``."""
    st, inst, conn, flag, te, dt, count = operand
    tables = system.events
    g = tables.receivers[r]
    group = system.layout.groups[g]
    mech = group.mech
    node = jnp.asarray(group.nodes)[inst]
    p_i = {k: v[inst] for k, v in params.mech[g].items()}
    s_i = {k: v[inst] for k, v in st.vars[g].items()}
    ev = st.events
    has_conn = conn >= 0
    c = jnp.maximum(conn, 0)
    args_i = {k: jnp.where(has_conn, v[c], 0.0) if v.shape[0] else jnp.zeros((), v.dtype)
              for k, v in ev.args[r].items()}
    ions = {name: getattr(st.ions[ion], field)[node]
            for name, ion, field in system._reads[g]}
    key = None if getattr(st, "key", None) is None else jax.random.fold_in(
        jax.random.fold_in(st.key, DELIVERY_KEYS), count)
    env = Env(v=st.v[node], t=te, dt=jnp.asarray(dt), celsius=params.celsius,
              diam=system.diam[node], area=system.area[node], ions=ions, key=key)
    s_new, args_new, sends = mech.net_receive(p_i, s_i, args_i, env, flag)
    vars_g = dict(st.vars[g])
    for k, v in s_new.items():
        vars_g[k] = vars_g[k].at[inst].set(v)
    args = list(ev.args)
    args[r] = {k: v.at[c].set(jnp.where(has_conn, args_new.get(k, v[c]), v[c]))
               if v.shape[0] else v for k, v in ev.args[r].items()}
    ev = ev.replace(args=tuple(args))
    if tables.watch_flags[r]:
        ev = _arm_watches(ev, sends, r, inst)
    # a self-event sent from a WATCH event has no connection (NEURON: no weight vector)
    ev = _schedule(tables, ev, sends, r, inst, jnp.where(conn >= 0, conn, -1), te)
    all_vars = tuple(vars_g if i == g else v for i, v in enumerate(st.vars))
    return st.replace(vars=all_vars, events=ev)


def _arm_watches(ev, sends, r, inst):
    """The WATCH statements one delivery ran (``_nrn_watch_activate``): if any ran, the
    instance's conditions are disarmed and their queued events dropped, then those that ran
    are armed, each as true or false according to its value then."""
    arm = jnp.atleast_1d(sends["watch_arm"])
    ran = jnp.any(arm)
    active, above = list(ev.w_active), list(ev.w_above)
    active[r] = active[r].at[:, inst].set(jnp.where(ran, arm, active[r][:, inst]))
    above[r] = above[r].at[:, inst].set(
        jnp.where(arm, jnp.atleast_1d(sends["watch_above"]), above[r][:, inst]))
    mine = (ev.q_slot == r) & (ev.q_inst == inst) & (ev.q_conn <= -2)
    return ev.replace(q_valid=ev.q_valid & ~(mine & ran), w_active=tuple(active),
                      w_above=tuple(above))


def _schedule(tables, ev, sends, r, inst, conn, te):
    """Queue the ``net_send`` self-events and the ``net_event`` spikes of one delivery."""
    delays = jnp.atleast_1d(sends.get("delay", jnp.zeros((0,))))
    for k in range(delays.shape[0]):
        ev = push(ev, te + delays[k], r, inst, conn, jnp.atleast_1d(sends["flag"])[k],
                  jnp.atleast_1d(sends["valid"])[k])
    times = jnp.atleast_1d(sends.get("event_t", jnp.zeros((0,))))
    out = jnp.asarray(tables.out[r])
    for e in range(times.shape[0]):
        fired = jnp.atleast_1d(sends["event_valid"])[e]
        for j in range(out.shape[1]):
            gid = out[inst, j]
            real = gid >= 0
            gid = jnp.maximum(gid, 0)
            ev = push(ev, times[e] + jnp.asarray(tables.conn_delay)[gid],
                      jnp.asarray(tables.conn_slot)[gid], jnp.asarray(tables.conn_inst)[gid],
                      jnp.asarray(tables.conn_local)[gid], 0.0, fired & real)
    return ev


def initial_events(system, params, state, index, sends):
    """Queue the events an INITIAL block sent (``sends`` arrays of shape (K, instances))."""
    tables = system.events
    r = tables.receivers.index(index)
    ev = state.events
    size = system.layout.groups[index].size
    if "delay" in sends:
        for k in range(sends["delay"].shape[0]):
            for inst in range(size):
                ev = push(ev, jnp.broadcast_to(sends["delay"][k], (size,))[inst], r, inst, -1,
                          jnp.broadcast_to(sends["flag"][k], (size,))[inst],
                          jnp.broadcast_to(sends["valid"][k], (size,))[inst])
    return state.replace(events=ev)


def check_overflow(ev: EventState) -> None:
    if bool(np.any(np.asarray(ev.overflow))):
        raise SpecError("the event queue overflowed (too many pending events at once)")
