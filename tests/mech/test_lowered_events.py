"""NET_RECEIVE, its INITIAL and INITIAL's net_send, lowered and called directly (the
engine's event delivery is not there yet)."""

from __future__ import annotations

from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import braincell
from braincell.mech import Env

MECHANISMS = Path(__file__).resolve().parents[2] / "mechanisms"


@pytest.fixture(scope="module")
def cat():
    return braincell.Catalogue.from_dir(MECHANISMS)


def _env(t=0.0, n=2):
    # NetStim draws (noise > 0) from the key; with noise = 0 the draw is not used
    return Env(v=jnp.full(n, -65.0), t=jnp.asarray(t), dt=jnp.asarray(0.025),
               celsius=jnp.asarray(6.3), diam=jnp.ones(n), area=jnp.full(n, 100.0),
               key=jax.random.key(0))


def _params(mech, n=2, **values):
    return {k: jnp.full(n, float(values.get(k, v))) for k, v in mech.defaults.items()}


def test_expsyn_adds_the_weight(cat):
    syn = cat["ExpSyn"]
    assert syn.kind == "point" and syn.net_receive_args == ("weight",)
    p, env = _params(syn), _env()
    s = syn.init(p, env)
    new, args, sends = syn.net_receive(p, s, {"weight": jnp.asarray([0.1, 0.2])}, env, 0.0)
    np.testing.assert_allclose(new["g"], [0.1, 0.2])
    np.testing.assert_allclose(args["weight"], [0.1, 0.2])
    assert sends["delay"].shape == (0, 2) and sends["event_t"].shape == (0, 2)


def test_exp2syn_initial_and_events(cat):
    syn = cat["Exp2Syn"]
    p, env = _params(syn, tau1=0.5, tau2=5.0), _env()
    s = syn.init(p, env)
    tp = (0.5 * 5.0) / (5.0 - 0.5) * np.log(5.0 / 0.5)
    factor = 1 / (-np.exp(-tp / 0.5) + np.exp(-tp / 5.0))
    np.testing.assert_allclose(s["factor"], factor, rtol=1e-14)
    new, _, _ = syn.net_receive(p, {**s}, {"weight": jnp.asarray([1.0, 2.0])}, env, 0.0)
    np.testing.assert_allclose(new["A"], [factor, 2 * factor], rtol=1e-14)
    # tau1 is clamped in INITIAL (a PARAMETER assigned there becomes per-instance state)
    s2 = syn.init(_params(syn, tau1=5.0, tau2=5.0), env)
    np.testing.assert_allclose(s2["tau1"], 0.9999 * 5.0)


def test_netstim_schedules_its_train(cat):
    ns = cat["NetStim"]
    p, env = _params(ns, start=5.0, number=2, interval=8.0), _env()
    s, sends = ns.initial(p, env)
    np.testing.assert_allclose(sends["delay"], [[5.0, 5.0]])
    np.testing.assert_allclose(sends["flag"], [[3.0, 3.0]])
    assert sends["valid"].all()

    def deliver(s, flag, t, w=0.0):
        new, _, out = ns.net_receive(p, s, {"w": jnp.full(2, w)}, _env(t), flag)
        return {**s, **new}, out

    s, out = deliver(s, 3.0, 5.0)  # the self-event armed in INITIAL
    k = np.nonzero(np.asarray(out["valid"][:, 0]))[0]
    assert len(k) == 1 and out["delay"][k[0], 0] == 0.0 and out["flag"][k[0], 0] == 1.0
    spikes = []
    for t in (5.0, 13.0, 21.0):
        s, out = deliver(s, 1.0, t)
        fired = np.asarray(out["event_valid"][:, 0])
        spikes += [float(out["event_t"][j, 0]) for j in np.nonzero(fired)[0]]
    assert spikes == [5.0, 13.0]  # number = 2: the third self-event does nothing
    np.testing.assert_allclose(s["ispike"], [2.0, 2.0])


def test_netstim_negative_weight_turns_it_off(cat):
    ns = cat["NetStim"]
    p, env = _params(ns, start=5.0), _env()
    s = ns.init(p, env)
    new, _, out = ns.net_receive(p, s, {"w": jnp.asarray([-1.0, 1.0])}, env, 0.0)
    np.testing.assert_allclose(new["on"], [0.0, 1.0])
    assert out["valid"].shape[1] == 2


def test_net_receive_initial_and_per_connection_state():
    mech = braincell.load_mod("""
NEURON { POINT_PROCESS Fac RANGE tau }
PARAMETER { tau = 10 }
STATE { g }
BREAKPOINT { SOLVE d METHOD cnexp }
DERIVATIVE d { g' = -g/tau }
NET_RECEIVE(weight, f, tlast) {
    INITIAL { f = 1  tlast = -1e9 }
    f = 1 + (f - 1)*exp(-(t - tlast)/tau)
    g = g + weight*f
    f = f + 0.5
    tlast = t
    if (g > 1) { net_send(2, 7) }
}
""")
    assert mech.net_receive_args == ("weight", "f", "tlast")
    p, env = {"tau": jnp.full(2, 10.0)}, _env(3.0)
    _, args = mech.net_receive_init(p, {}, {"weight": jnp.ones(2), "f": jnp.zeros(2),
                                            "tlast": jnp.zeros(2)}, env)
    np.testing.assert_allclose(args["f"], 1.0)
    new, args, sends = mech.net_receive(p, {"g": jnp.asarray([0.0, 0.5])}, args, env, 0.0)
    np.testing.assert_allclose(new["g"], [1.0, 1.5])
    np.testing.assert_allclose(args["f"], 1.5)
    np.testing.assert_allclose(args["tlast"], 3.0)
    np.testing.assert_array_equal(sends["valid"][0], [False, True])
    np.testing.assert_allclose(sends["flag"][0], 7.0)
