"""The benchmark runner end to end on its 10 ms smoke workload (W0): one JSON row per system
with the public keys, and braincell's trace on NEURON's where NEURON is installed."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import numpy as np

from tests.conftest import REPO_ROOT

PUBLIC_KEYS = {"workload", "system", "build_s", "compile_s", "run_s", "peak_rss_mb",
               "comp_steps_per_s", "spikes"}


def _runner():
    sys.path.insert(0, str(REPO_ROOT))
    from benchmarks import __main__ as runner

    return runner


def test_runner_writes_rows_with_the_public_keys(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "run", "--only", "W0", "--json",
                           str(out)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = json.loads(out.read_text())
    assert [r["system"] for r in rows] == ["braincell"]  # peers only with --peers
    row = rows[0]
    assert PUBLIC_KEYS <= set(row), sorted(PUBLIC_KEYS - set(row))
    assert row["workload"] == "W0"
    assert row["run_s"] > 0 and row["comp_steps_per_s"] == 400 / row["run_s"]
    assert row["spikes"] == 1
    if importlib.util.find_spec("neuron") is not None:
        assert row["max_dv_mV"] <= 1e-6
        assert row["vs_neuron"] > 0
    assert "W0" in proc.stdout.splitlines()[1]


def test_agreement_uses_the_samples_both_traces_have():
    runner = _runner()
    ref = np.array([0.0, 1.0, 2.0, 3.0])
    assert runner.max_dv(np.array([0.0, 1.5, 2.0]), ref) == 0.5  # Arbor: no point at tstop
    assert runner.max_dv(np.zeros(0), ref) is None                # W4: no trace


def test_peer_interpreter_is_chosen_by_the_environment(monkeypatch):
    runner = _runner()
    monkeypatch.setenv(runner.PEER_PYTHON_ENV, "/opt/peers/bin/python")
    assert runner.peer_python() == "/opt/peers/bin/python"
    monkeypatch.delenv(runner.PEER_PYTHON_ENV)
    expected = runner.PEER_VENV / "bin" / "python"
    assert runner.peer_python() == (str(expected) if expected.exists() else sys.executable)
