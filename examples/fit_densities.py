"""Recover five channel densities of a branched cell from its voltage traces with optax.

The tutorial in docs/fitting.md walks through this script. Run it from the repository root::

    python examples/fit_densities.py                  # the tutorial's fit, prints a table
    python examples/fit_densities.py --plots docs/_static   # ... and redraws the two figures
    python examples/fit_densities.py --quick          # the reduced fit the test suite runs

It needs optax (``pip install "braincell[fit]"``) and, for the figures, matplotlib.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import optax

import braincell
from braincell.morph import Morphology, Section

# The densities to recover (S/cm²), the values that made the target, and the first guess.
TRUE = {"gnabar": 0.12, "gkbar": 0.036, "gl": 3e-4, "g_pas": 1e-4, "gbar_ka": 0.005}
GUESS = {"gnabar": 0.07, "gkbar": 0.06, "gl": 6e-4, "g_pas": 2e-4, "gbar_ka": 0.0025}


def build_cell(nseg: int = 4) -> braincell.Cell:
    """A soma with a dendritic trunk that forks into two thinner branches.

    The soma carries NEURON's hh; the dendrites a passive leak and the A-type potassium
    channel of the .mod catalogue (``mechanisms/ka.mod``). Two electrodes inject current: a
    depolarising step at the soma and a hyperpolarising one at the tip of a branch.
    """
    morph = Morphology([
        Section("soma", length_um=20, diam_um=20),
        Section("dend[0]", length_um=150, diam_um=2, parent="soma", parent_x=1.0),
        Section("dend[1]", length_um=150, diam_um=1, parent="dend[0]", parent_x=1.0),
        Section("dend[2]", length_um=150, diam_um=1, parent="dend[0]", parent_x=1.0),
    ])
    policy = braincell.cv.by_region(
        {braincell.filter.tag("dend"): braincell.cv.FixedPerSection(nseg)},
        default=braincell.cv.FixedPerSection(1))
    cell = braincell.Cell(morph, policy=policy, Ra=100.0)
    ka = braincell.Catalogue.builtin()["ka"]
    cell.paint("soma", braincell.mech.hh)
    cell.paint("dend", braincell.mech.pas(e=-65.0))
    cell.paint("dend", ka)
    cell.place("soma(0.5)", braincell.mech.IClamp(del_=2, dur=20, amp=0.3), label="soma_stim")
    cell.place("dend[1](1)", braincell.mech.IClamp(del_=5, dur=15, amp=-0.05),
               label="dend_stim")
    return cell


RECORD = ["v@soma(0.5)", "v@dend[1](1)"]


def with_densities(params, g):
    """Parameters with the densities ``g`` (a dict like TRUE; scalars or arrays)."""
    params = params.set("hh", gnabar=g["gnabar"], gkbar=g["gkbar"], gl=g["gl"])
    return params.set("pas", g=g["g_pas"]).set("ka", gbar=g["gbar_ka"])


def make_loss(sim, target):
    """The mean squared voltage error (mV²) of densities given by their logarithms."""

    def loss(log_g):
        g = jax.tree.map(jnp.exp, log_g)
        return jnp.mean((sim.run(with_densities(sim.params, g)) - target) ** 2)

    return loss


def fit(loss, log_g, adam_steps: int, lbfgs_steps: int, learning_rate: float = 0.05,
        tol: float = 1e-20):
    """Adam on the log-densities, then L-BFGS until the loss is below ``tol`` (mV²).
    Returns the result and the list of losses before each step."""
    history = []
    adam = optax.adam(learning_rate)

    @jax.jit
    def adam_step(log_g, state):
        value, grad = jax.value_and_grad(loss)(log_g)
        updates, state = adam.update(grad, state)
        return optax.apply_updates(log_g, updates), state, value

    state = adam.init(log_g)
    for _ in range(adam_steps):
        log_g, state, value = adam_step(log_g, state)
        history.append(float(value))

    lbfgs = optax.lbfgs()
    value_and_grad = optax.value_and_grad_from_state(loss)

    @jax.jit
    def lbfgs_step(log_g, state):
        value, grad = value_and_grad(log_g, state=state)
        updates, state = lbfgs.update(grad, state, log_g, value=value, grad=grad,
                                      value_fn=loss)
        return optax.apply_updates(log_g, updates), state, value

    # A fresh L-BFGS state holds a few weakly typed numbers; make them strong so that the
    # step compiles once, not twice.
    state = jax.tree.map(lambda a: jnp.asarray(a, a.dtype), lbfgs.init(log_g))
    for _ in range(lbfgs_steps):
        log_g, state, value = lbfgs_step(log_g, state)
        history.append(float(value))
        if value < tol:
            break
    return log_g, history


def run(tstop: float, nseg: int, adam_steps: int, lbfgs_steps: int):
    """Build, make the target with TRUE, fit from GUESS. Returns a dict of results."""
    cell = build_cell(nseg)
    sim = cell.simulation(tstop=tstop, dt=0.025, record=RECORD)
    target = sim.run_jit(with_densities(sim.params, TRUE))
    loss = make_loss(sim, target)
    # Strongly typed float64 arrays (a bare jnp.log(0.07) is "weakly typed"), so that the
    # jitted steps see the same types at every call and compile once.
    log_guess = {k: jnp.log(jnp.asarray(v, float)) for k, v in GUESS.items()}
    log_g, history = fit(loss, log_guess, adam_steps, lbfgs_steps)
    fitted = {k: float(jnp.exp(v)) for k, v in log_g.items()}
    after = np.asarray(sim.run_jit(with_densities(sim.params, fitted)))  # compiled once
    history.append(float(np.mean((after - np.asarray(target)) ** 2)))  # the final loss
    return {"sim": sim, "target": np.asarray(target), "history": np.array(history),
            "fitted": fitted, "after": after,
            "before": np.asarray(sim.run_jit(with_densities(sim.params, GUESS)))}


def plot(result, folder: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    history, n_adam = result["history"], result["n_adam"]
    fig, ax = plt.subplots(figsize=(5.5, 3.4))
    steps = np.arange(len(history))
    ax.semilogy(steps[: n_adam + 1], history[: n_adam + 1], label="Adam")
    ax.semilogy(steps[n_adam:], history[n_adam:], label="L-BFGS")
    ax.set(xlabel="step", ylabel="loss (mV²)", title="mean squared voltage error")
    ax.legend()
    fig.tight_layout()
    fig.savefig(folder / "fit_loss.png", dpi=100)

    t = result["sim"].t
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.4), sharey=True)
    for k, (ax, name) in enumerate(zip(axes, RECORD)):
        ax.plot(t, result["target"][:, k], "k", lw=2.5, label="target")
        ax.plot(t, result["before"][:, k], "C1", lw=1, label="first guess")
        ax.plot(t, result["after"][:, k], "C0--", lw=1.2, label="fitted")
        ax.set(xlabel="t (ms)", title=name)
    axes[0].set_ylabel("v (mV)")
    axes[0].legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(folder / "fit_traces.png", dpi=100)
    print("wrote", folder / "fit_loss.png", "and", folder / "fit_traces.png")


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the test suite's reduced fit")
    parser.add_argument("--plots", type=Path, help="folder for fit_loss.png, fit_traces.png")
    args = parser.parse_args(argv)
    setting = (dict(tstop=20.0, nseg=2, adam_steps=10, lbfgs_steps=100) if args.quick else
               dict(tstop=40.0, nseg=4, adam_steps=100, lbfgs_steps=100))
    start = time.perf_counter()
    result = run(**setting)
    result["n_adam"] = setting["adam_steps"]
    seconds = result["seconds"] = time.perf_counter() - start
    history = result["history"]
    n_adam = setting["adam_steps"]
    print(f"loss {history[0]:.4g} -> {history[n_adam]:.4g} mV² after {n_adam} Adam steps "
          f"-> {history[-1]:.4g} mV² after {len(history) - 1 - n_adam} L-BFGS steps "
          f"({history[0] / history[-1]:.3g}x lower), {seconds:.1f} s")
    print(f"{'density':>8} {'true':>10} {'guess':>10} {'fitted':>12} {'rel. error':>10}")
    for k, true in TRUE.items():
        fitted = result["fitted"][k]
        print(f"{k:>8} {true:10.4g} {GUESS[k]:10.4g} {fitted:12.6g} "
              f"{abs(fitted - true) / true:10.2e}")
    if args.plots:
        plot(result, args.plots)
    return result


if __name__ == "__main__":
    main()
