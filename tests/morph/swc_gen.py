"""Random SWC files with the soma styles NEURON's Import3d treats specially."""

from __future__ import annotations

import numpy as np


def random_swc(seed: int, soma: str = "multi", n_trees: int = 4, n_points: int = 120) -> str:
    """``soma`` is 'multi' (5 contiguous points), 'three' (NeuroMorpho 3-point) or 'single'."""
    rng = np.random.default_rng(seed)
    rows = []

    def add(t, xyz, r, p):
        rows.append((len(rows) + 1, t, *np.round(xyz, 3), round(float(r), 3), p))
        return len(rows)

    r0 = 6.0
    if soma == "single":
        soma_ids = [add(1, np.zeros(3), r0, -1)]
    elif soma == "three":
        a = add(1, np.zeros(3), r0, -1)
        b = add(1, np.array([0.0, -r0, 0.0]), r0, a)
        c = add(1, np.array([0.0, r0, 0.0]), r0, a)
        soma_ids = [a, b, c]
    else:
        prev = -1
        soma_ids = []
        for k in range(5):
            prev = add(1, np.array([0.0, 3.0 * k - 6.0, 0.0]), r0 - abs(k - 2), prev)
            soma_ids.append(prev)
    for t in range(n_trees):
        typ = [2, 3, 3, 4][t % 4]
        if soma == "three":
            attach = soma_ids[0]
        else:
            attach = soma_ids[int(rng.integers(0, len(soma_ids)))]
        direction = rng.normal(size=3)
        direction /= np.linalg.norm(direction)
        tips = [(attach, direction * r0, direction, 1.5)]
        count = 0
        while tips and count < n_points:
            parent, pos, dirn, rad = tips.pop(0)
            seg_len = int(rng.integers(2, 8))
            for _ in range(seg_len):
                dirn = dirn + 0.3 * rng.normal(size=3)
                dirn /= np.linalg.norm(dirn)
                pos = pos + dirn * rng.uniform(1, 6)
                rad = max(0.2, rad * rng.uniform(0.9, 1.02))
                parent = add(typ, pos, rad, parent)
                count += 1
            if rng.uniform() < 0.7:
                tips.append((parent, pos, dirn + 0.5 * rng.normal(size=3), rad * 0.8))
                tips.append((parent, pos, dirn + 0.5 * rng.normal(size=3), rad * 0.7))
    lines = ["# random test morphology"]
    lines += [f"{i} {t} {x} {y} {z} {r} {p}" for i, t, x, y, z, r, p in rows]
    return "\n".join(lines) + "\n"
