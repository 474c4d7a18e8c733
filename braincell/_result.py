"""RunResult: the time axis plus named traces, with plotting and saving."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import SpecError
from .mech._mechanism import did_you_mean


@dataclass(frozen=True, eq=False)
class RunResult(Mapping):
    """``t`` (ms) and one trace per recorded name, keyed exactly as the name was written.

    It is a read-only mapping: ``result["v@soma(0.5)"]``, ``list(result)``.
    """

    t: np.ndarray
    traces: Mapping[str, np.ndarray]

    def __getitem__(self, name: str) -> np.ndarray:
        if name == "t":
            return self.t
        if name not in self.traces:
            raise KeyError(f"no trace {name!r}{did_you_mean(name, self.traces)}; "
                           f"recorded: {', '.join(self.traces)}")
        return self.traces[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.traces)

    def __len__(self) -> int:
        return len(self.traces)

    def to_numpy(self) -> dict[str, np.ndarray]:
        """``{"t": ..., name: ...}`` as plain numpy arrays."""
        return {"t": np.asarray(self.t), **{k: np.asarray(v) for k, v in self.traces.items()}}

    def spike_times(self, name: str | None = None, threshold: float = 0.0) -> np.ndarray:
        """Times (ms) where trace ``name`` (default: the first voltage trace) crosses
        ``threshold`` upwards, linearly interpolated between samples."""
        if name is None:
            name = next((k for k in self.traces if k == "v" or k.startswith("v@")), None)
            if name is None:
                raise SpecError("no voltage trace was recorded; name the trace to use")
        y = np.asarray(self[name])
        up = np.nonzero((y[:-1] < threshold) & (y[1:] >= threshold))[0]
        frac = (threshold - y[up]) / (y[up + 1] - y[up])
        return self.t[up] + frac * (self.t[up + 1] - self.t[up])

    def save_npz(self, path: str | Path) -> Path:
        path = Path(path)
        np.savez_compressed(path, **self.to_numpy())
        return path

    def save_csv(self, path: str | Path) -> Path:
        path = Path(path)
        data = self.to_numpy()
        with path.open("w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(list(data))
            for row in zip(*data.values()):
                writer.writerow([repr(float(x)) for x in row])
        return path

    def plot(self, names: Sequence[str] | None = None, path: str | Path | None = None,
             title: str | None = None):
        """Plot traces against time (one panel per unit family); save to ``path`` if given.

        Returns the matplotlib figure.
        """
        import matplotlib

        if path is not None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        names = list(self.traces) if names is None else list(names)
        volt = [n for n in names if n == "v" or n.startswith("v@")]
        other = [n for n in names if n not in volt]
        panels = [p for p in (volt, other) if p]
        fig, axes = plt.subplots(len(panels), 1, sharex=True, squeeze=False,
                                 figsize=(7, 2.6 * len(panels) + 0.6))
        for ax, group in zip(axes[:, 0], panels):
            for n in group:
                ax.plot(self.t, self[n], label=n, lw=1)
            ax.set_ylabel("mV" if group is volt else "value")
            ax.legend(loc="upper right", fontsize="small")
        axes[-1, 0].set_xlabel("t (ms)")
        if title:
            fig.suptitle(title)
        fig.tight_layout()
        if path is not None:
            fig.savefig(path, dpi=120)
            plt.close(fig)
        return fig
