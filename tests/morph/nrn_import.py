"""Load a morphology file with NEURON's Import3d and describe the result for comparison."""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np


def import3d(h, path, kind):
    """Sections NEURON creates for ``path``: {name: (parent name, parent_x, points (n, 4))}."""
    h.load_file("stdrun.hoc")
    h.load_file("import3d.hoc")
    before = {s.name() for s in h.allsec()}
    if kind == "swc":
        reader = h.Import3d_SWC_read()
    else:
        reader = h.Import3d_Neurolucida3()
    reader.quiet = 1
    reader.input(str(path))
    gui = h.Import3d_GUI(reader, False)
    gui.instantiate(None)
    out = {}
    for sec in h.allsec():
        name = sec.name()
        if name in before:
            continue
        ps = sec.parentseg()
        pts = np.array(
            [[sec.x3d(i), sec.y3d(i), sec.z3d(i), sec.diam3d(i)] for i in range(sec.n3d())]
        )
        out[name] = dict(
            parent=None if ps is None else ps.sec.name(),
            parent_x=None if ps is None else ps.x,
            points=pts,
            sec=sec,
        )
    return out


def delete_imported(h, ref):
    """Delete the sections ``import3d`` created (and only those)."""
    for entry in ref.values():
        h.delete_section(sec=entry["sec"])


def fetch_l5pc(cache_dir: Path) -> Path | None:
    """The L5PC morphology from the bluepyopt sdist (cached); None when offline."""
    target = cache_dir / "l5pc" / "C060114A7.asc"
    if target.exists():
        return target
    sdists = cache_dir / "sdist"
    sdists.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", "bluepyopt",
           "bluepyopt", "-d", str(sdists), "-q"]  # fmt: skip
    if not list(sdists.glob("bluepyopt-*.tar.gz")):
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=300)
        except (subprocess.SubprocessError, OSError):
            return None
    for tgz in sorted(sdists.glob("bluepyopt-*.tar.gz")):
        with tarfile.open(tgz) as tar:
            for member in tar.getmembers():
                if member.name.endswith("examples/l5pc/morphology/C060114A7.asc"):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(tar.extractfile(member).read())
                    return target
    return None
