"""The figure of docs/writing-mod.md: the kd channel's rates and the spikes it shapes.

    python docs/examples/writing_mod.py      # writes docs/_static/writing-mod-kd.png
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import jax.numpy as jnp
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import braincell  # noqa: E402
from braincell.mech import Env  # noqa: E402

HERE = Path(__file__).resolve().parent
DOC = (HERE.parent / "writing-mod.md").read_text()
KD = DOC.split('Path("kd.mod").write_text("""', 1)[1].split('""")', 1)[0]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kd.mod"
        path.write_text(KD)
        kd = braincell.load_mod(path)
    v = jnp.linspace(-100.0, 50.0, 601)
    env = Env(v=v, t=jnp.asarray(0.0), dt=jnp.asarray(0.025), celsius=jnp.asarray(6.3),
              diam=jnp.ones_like(v), area=jnp.ones_like(v), ions={"ek": -77.0 + 0 * v})
    init = kd.init(kd.defaults, env)
    cell = braincell.SingleCompartment(20, 20)
    cell.paint(braincell.mech.hh(gkbar=0.0)).paint(kd)
    cell.place(braincell.mech.IClamp(del_=5, dur=40, amp=0.2), label="stim")
    result = cell.run(tstop=50, record=["v", "kd.n"])

    fig, axes = plt.subplots(1, 3, figsize=(11, 3), constrained_layout=True)
    axes[0].plot(v, init["ninf"])
    axes[0].set(xlabel="v (mV)", ylabel="ninf", title="steady state")
    axes[1].plot(v, init["ntau"])
    axes[1].set(xlabel="v (mV)", ylabel="ntau (ms)", title="time constant")
    axes[2].plot(result.t, result["v"], label="v (mV)")
    axes[2].plot(result.t, 100 * result["kd.n"] - 100, label="100 n - 100")
    axes[2].set(xlabel="t (ms)", title="hh sodium + kd")
    axes[2].legend(fontsize=8)
    out = HERE.parent / "_static" / "writing-mod-kd.png"
    fig.savefig(out, dpi=110)
    print("wrote", out)


if __name__ == "__main__":
    main()
