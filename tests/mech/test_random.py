"""Random numbers in .mod files (docs/importing-neuron.md, braincell.dsl.lower.randoms):
the distributions of the draws, their independence, runs that are deterministic for a seed,
differ between seeds, do not depend on the chunking of the time loop and batch over seeds,
and a NetStim with noise."""

from __future__ import annotations

from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import braincell
from braincell._load import MechanismWarning
from braincell.dsl import MechanismError
from braincell.dsl.lower import lower_source
from braincell.mech import Env

MECHANISMS = Path(__file__).resolve().parents[2] / "mechanisms"

NOISY = """
NEURON {
    SUFFIX noisy
    NONSPECIFIC_CURRENT i
    RANGE sd, u, e, z, k, r, n1, n2, d
    RANDOM rv
}
PARAMETER { sd = 0.01 (mA/cm2) }
ASSIGNED { v (mV) i (mA/cm2) u e z k r n1 n2 d }
BREAKPOINT {
    u = scop_random()
    e = exprand(3)
    z = normrand(1, 2)
    k = poisrand(4)
    r = random_negexp(rv, 0.5)
    n1 = random_normal(rv)
    n2 = random_uniform(rv, -1, 3)
    d = random_dpick(rv)
    i = sd*normrand(0, 1)
}
"""

N = 200_000


@pytest.fixture(scope="module")
def noisy():
    return braincell.load_mod(NOISY)


def _env(n, key=None, v=-65.0):
    return Env(v=jnp.full(n, v), t=jnp.asarray(0.0), dt=jnp.asarray(0.025),
               celsius=jnp.asarray(6.3), diam=jnp.ones(n), area=jnp.full(n, 100.0), key=key)


@pytest.fixture(scope="module")
def draws(noisy):
    p = {k: jnp.full(N, v) for k, v in noisy.defaults.items()}
    env = _env(N, jax.random.key(7))
    out = noisy.breakpoint(p, {}, env)
    again = noisy.breakpoint(p, {}, env.at_voltage(env.v + 0.001))
    return {k: np.asarray(v) for k, v in out.items()}, {k: np.asarray(v) for k, v in again.items()}


# (name, mean, variance, fourth central moment) of each distribution
MOMENTS = [
    ("u", 0.5, 1 / 12, 1 / 80),
    ("d", 0.5, 1 / 12, 1 / 80),
    ("e", 3.0, 9.0, 9 * 81.0),
    ("z", 1.0, 4.0, 3 * 16.0),
    ("k", 4.0, 4.0, 4 * (1 + 3 * 4)),
    ("r", 0.5, 0.25, 9 * 0.0625),
    ("n1", 0.0, 1.0, 3.0),
    ("n2", 1.0, 16 / 12, 16**2 / 80),
    ("i", 0.0, 1e-4, 3e-8),
]


@pytest.mark.parametrize(("name", "mean", "var", "mu4"), MOMENTS)
def test_draws_have_the_stated_mean_and_variance(draws, name, mean, var, mu4):
    x = draws[0][name]
    # five standard errors of the sample mean and of the sample variance
    assert abs(x.mean() - mean) <= 5 * np.sqrt(var / N), (x.mean(), mean)
    assert abs(x.var() - var) <= 5 * np.sqrt((mu4 - var**2) / N), (x.var(), var)


def test_draws_ranges_and_independence(draws):
    out, again = draws
    assert out["u"].min() >= 0 and out["u"].max() < 1
    assert out["n2"].min() >= -1 and out["n2"].max() < 3
    assert out["e"].min() >= 0 and np.all(out["k"] == np.round(out["k"]))
    # call sites and instances draw independent numbers
    for a, b in [(out["u"], out["d"]), (out["n1"], out["z"]), (out["z"][:-1], out["z"][1:])]:
        assert abs(np.corrcoef(a, b)[0, 1]) < 5 / np.sqrt(N)
    # both evaluations of BREAKPOINT in a step see the same draws: dI/dv is not noise
    for name in out:
        np.testing.assert_array_equal(out[name], again[name])


def test_a_draw_needs_a_key(noisy):
    p = {k: jnp.full(2, v) for k, v in noisy.defaults.items()}
    with pytest.raises(ValueError, match="no random key reached it"):
        noisy.breakpoint(p, {}, _env(2))


@pytest.mark.parametrize(("body", "code", "message"), [
    ("x = random_negexp(y)", "E505", "must be a variable declared RANDOM"),
    ("x = rv + 1", "E505", "the RANDOM variable 'rv' has no value"),
    ("x = normrand(1)", "E204", "takes 2 arguments"),
    ("FROM j = 0 TO n { a[j] = scop_random() }", "E510", "scop_random() cannot be in a FROM"),
    ("nrn_random_play()", "E515", "nrn_random_play() is not supported"),
])
def test_random_errors_are_located(body, code, message):
    text = ("NEURON { SUFFIX bad RANDOM rv RANGE n }\nASSIGNED { x y n a[3] }\n"
            f"BREAKPOINT {{\n{body}\n}}\n")
    with pytest.raises(MechanismError) as info:
        lower_source(text, file="bad.mod")
    found = [d for d in info.value.diagnostics if d.code == code]
    assert found and message in found[0].message, [str(d) for d in info.value.diagnostics]
    assert found[0].span.line == 4


def test_seeding_calls_are_ignored_with_a_warning():
    text = ("NEURON { SUFFIX seeded RANDOM rv RANGE x }\nASSIGNED { x }\n"
            "INITIAL { random_setseq(rv, 5) set_seed(3) x = random_normal(rv) }\n")
    with pytest.warns(MechanismWarning, match="W504"):
        mech = braincell.load_mod(text)
    assert mech.uses_random


# ----------------------------------------------------------------------------- runs
@pytest.fixture(scope="module")
def sim(noisy):
    cell = braincell.SingleCompartment(20.0, 20.0)
    cell.paint(braincell.mech.pas(g=3e-4, e=-65.0))
    cell.paint(noisy(sd=0.002))
    return cell.simulation(5.0, 0.025, record=["v", "noisy.z", "noisy.i"], seed=3)


def test_runs_are_deterministic_for_a_seed_and_differ_between_seeds(sim):
    a, b = np.asarray(sim.run_jit()), np.asarray(sim.run_jit(seed=3))
    np.testing.assert_array_equal(a, b)
    c = np.asarray(sim.run_jit(seed=4))
    assert not np.any(a[1:, 1] == c[1:, 1])  # every step draws anew
    assert np.std(a[:, 0]) > 0.05  # the noisy current moves v
    assert len(np.unique(a[:, 1])) == len(a)


def test_draws_do_not_depend_on_the_chunking(sim):
    chunked = sim.replace(chunk_steps=7)
    assert chunked.chunks != sim.chunks
    np.testing.assert_array_equal(np.asarray(chunked.run_jit()), np.asarray(sim.run_jit()))


def test_a_batch_over_seeds_is_independent_trials(sim):
    seeds = jnp.arange(3)
    batch = np.asarray(jax.jit(jax.vmap(lambda s: sim.run(seed=s)))(seeds))
    for k in range(3):
        np.testing.assert_allclose(batch[k], np.asarray(sim.run_jit(seed=k)), rtol=0,
                                   atol=1e-12)
    assert not np.allclose(batch[0, 1:, 1], batch[1, 1:, 1])


def test_seed_is_validated():
    with pytest.raises(braincell.SpecError, match="seed must be an integer"):
        braincell.SingleCompartment().paint(braincell.mech.pas).simulation(1.0, seed=1.5)


# ----------------------------------------------------------------------------- NetStim
def _intervals(mech, seed):
    """The drawn intervals of a noisy NetStim: ``event`` after each single spike."""
    cell = braincell.SingleCompartment(20.0, 20.0)
    cell.paint(braincell.mech.pas)
    cell.place(mech(interval=5.0, number=1e9, start=0.0, noise=1.0), "ns")
    out = cell.run(2000.0, 0.1, record=["ns.event", "ns.ispike"], seed=seed)
    step = np.diff(out["ns.ispike"])
    return out["ns.event"][1:][step == 1]


def _check_exponential(x, mean):
    assert len(x) > 300
    assert abs(x.mean() - mean) <= 5 * mean / np.sqrt(len(x))
    assert abs(x.std() - mean) <= 5 * mean * np.sqrt(8 / len(x))


def test_catalogue_netstim_with_noise():
    ns = braincell.Catalogue.from_dir(MECHANISMS)["NetStim"]
    assert ns.uses_random
    x = _intervals(ns, 0)
    _check_exponential(x, 5.0)
    np.testing.assert_array_equal(x, _intervals(ns, 0))


def test_neurons_netstim_lowers_and_draws():
    neuron = pytest.importorskip("neuron")
    path = Path(neuron.__file__).parent / ".data" / "share" / "modfile" / "netstim.mod"
    if not path.exists():
        pytest.skip(f"{path} is not in this neuron package")
    with pytest.warns(MechanismWarning, match="W504"):  # INITIAL's seed(0): random_setseq
        ns = braincell.load_mod(path)
    _check_exponential(_intervals(ns, 1), 5.0)


def test_run_spec_seed():
    from braincell.spec import validate

    spec = {"morphology": {"sections": [{"name": "soma", "length": 20, "diam": 20}]},
            "tstop": 1, "record": ["v@soma(0.5)"]}
    assert validate(spec).seed == 0
    assert validate({**spec, "seed": 5}).seed == 5
    for bad in (-1, 1.5, True, "3"):
        with pytest.raises(braincell.SpecError, match="seed: expected a whole number"):
            validate({**spec, "seed": bad})
