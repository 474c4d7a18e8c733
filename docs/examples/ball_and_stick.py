"""The multi-compartment tutorial's figure: voltage along a dendrite after a somatic spike.

Run from the repository root: ``python docs/examples/ball_and_stick.py`` (writes
docs/_static/ball_and_stick.png).
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import braincell  # noqa: E402
from braincell.morph import Morphology, Section  # noqa: E402

morph = Morphology([
    Section("soma", length_um=20, diam_um=20),
    Section("dend", length_um=1000, diam_um=1, parent="soma", parent_x=1.0),
])
policy = braincell.cv.by_region({braincell.filter.Branch("dend"): braincell.cv.FixedPerSection(100)},
                                default=braincell.cv.FixedPerSection(1))
cell = braincell.Cell(morph, policy=policy, Ra=100.0)
cell.paint("soma", braincell.mech.hh)
cell.paint("dend", braincell.mech.pas(e=-65.0))
cell.place("soma(0.5)", braincell.mech.IClamp(del_=5, dur=2, amp=1.0), label="stim")

xs = np.linspace(0, 1, 11)
record = ["v@soma(0.5)"] + [f"v@dend({x:g})" for x in xs]
result = cell.run(tstop=30, dt=0.025, record=record)
print("soma spikes at", result.spike_times("v@soma(0.5)"), "ms")
print("peak depolarisation along the dendrite (mV):",
      np.round([result[f"v@dend({x:g})"].max() + 65 for x in xs], 2))

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.6))
for x in xs[::2]:
    ax1.plot(result.t, result[f"v@dend({x:g})"], label=f"dend({x:g})", lw=1)
ax1.plot(result.t, result["v@soma(0.5)"], "k", label="soma", lw=1.5)
ax1.set(xlabel="t (ms)", ylabel="v (mV)", title="voltage at points along the dendrite")
ax1.legend(fontsize="small")
for t_ms in (6, 8, 10, 15, 25):
    k = int(round(t_ms / 0.025))
    ax2.plot(xs * 1000, [result[f"v@dend({x:g})"][k] for x in xs], "o-", label=f"t = {t_ms} ms")
ax2.set(xlabel="distance from soma (µm)", ylabel="v (mV)", title="voltage along the dendrite")
ax2.legend(fontsize="small")
fig.tight_layout()
out = Path(__file__).resolve().parents[1] / "_static" / "ball_and_stick.png"
fig.savefig(out, dpi=110)
print("wrote", out)
