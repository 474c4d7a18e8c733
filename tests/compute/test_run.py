"""The chunked time loop: any chunking gives the same traces, bit for bit; the progress bar;
nested checkpointing gives the same gradient."""

from __future__ import annotations

import io
import math
import time

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import braincell
from braincell._compute._run import chunking
from braincell.errors import SpecError


def _hh_cell():
    cell = braincell.SingleCompartment(20, 20).paint(braincell.mech.hh)
    cell.place(braincell.mech.IClamp(del_=2, dur=30, amp=0.2), label="stim")
    return cell


def _ball_and_stick():
    morph = braincell.morph.Morphology([braincell.morph.Section("soma", 20, 20),
                                        braincell.morph.Section("dend", 200, 1, parent="soma")])
    cell = braincell.Cell(morph, policy=braincell.cv.FixedPerSection(7), Ra=100.0)
    cell.paint("all", braincell.mech.hh)
    cell.place("soma(0.5)", braincell.mech.IClamp(del_=1, dur=20, amp=0.3), "stim")
    return cell


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("n_records", [1, 2, 7, 256, 257, 4001, 40_001, 400_001])
def test_chunking_covers_the_run_with_little_padding(n_records):
    chunks, steps = chunking(n_records)
    assert chunks * steps >= n_records
    assert chunks * steps - n_records < chunks  # padding: under one step per chunk
    assert chunks == min(n_records, 2) or 32 <= chunks <= 64
    for bound in (1, 3, 100):
        chunks, steps = chunking(n_records, bound)
        assert steps <= bound or chunks == 2
        assert chunks * steps >= n_records
        assert chunks * steps - n_records < chunks
        assert chunks == max(min(n_records, 2), math.ceil(n_records / bound))


@pytest.mark.parametrize(("make", "where"), [(_hh_cell, ""), (_ball_and_stick, "@dend(0.5)")])
def test_any_chunking_gives_the_same_traces(make, where):
    record = [f"v{where}", f"hh.m{where}", f"ina{where}", "stim.i"]
    sim = make().simulation(40.0, 0.025, record)
    assert sim.chunks[0] > 1  # 1,601 records: chunked by default
    reference = np.asarray(sim.run_jit())
    assert reference.shape == (sim.n_steps + 1, 4)
    for chunk_steps in (1, 7, 100, 5000):
        other = sim.replace(chunk_steps=chunk_steps)
        np.testing.assert_array_equal(np.asarray(other.run_jit()), reference)
    np.testing.assert_array_equal(sim.run_checked(progress=False), reference)
    np.testing.assert_array_equal(sim.run_checked(progress=_Terminal()), reference)


def test_vmapped_chunked_runs():
    sim = _hh_cell().simulation(30.0, 0.025, ["v"])
    gs = jnp.linspace(0.04, 0.2, 1000)  # W3's batch, where one chunk once rounded apart

    def batch(s):
        return np.asarray(jax.jit(jax.vmap(lambda g: s.run(s.params.set("hh", gnabar=g))))(gs))

    traces = batch(sim)
    for chunk_steps in (50, 5000):
        np.testing.assert_array_equal(batch(sim.replace(chunk_steps=chunk_steps)), traces)
    for k in (0, 7):  # another program (gnabar a constant): equal up to rounding
        single = sim.run_jit(sim.params.set("hh", gnabar=gs[k]))
        np.testing.assert_allclose(traces[k], np.asarray(single), rtol=0, atol=1e-9)


def test_progress_bar_on_a_terminal():
    sim = _hh_cell().simulation(50.0, 0.025, ["v"])
    out = _Terminal()
    sim.run_checked(progress=out)
    text = out.getvalue()
    assert text.count("\r") >= 2 and text.endswith("\n")
    last = text.rstrip("\n").split("\r")[-1]
    assert last.startswith("simulating 100% |") and "50/50 ms" in last


def test_progress_bar_on_a_log_and_off():
    sim = _hh_cell().simulation(50.0, 0.025, ["v"])
    log = io.StringIO()
    sim.run_checked(progress=log)
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue()
    assert 2 <= len(lines) <= 11 and lines[-1].startswith("simulating 100%")
    # off by default when stderr is not a terminal (pytest captures it), and on request
    assert braincell.SingleCompartment().paint(braincell.mech.hh).run(5.0) is not None
    quiet = io.StringIO()
    sim.run_checked(progress=False)
    assert quiet.getvalue() == ""
    with pytest.raises(TypeError, match="progress must be"):
        sim.run_checked(progress="yes")


def test_cell_run_forwards_progress():
    out = _Terminal()
    result = _hh_cell().run(10.0, record=["v"], progress=out)
    assert result["v"].shape == (401,)
    assert "simulating 100%" in out.getvalue()


def test_nested_checkpointing_gives_the_same_gradient():
    sim = _ball_and_stick().simulation(20.0, 0.025, ["v@soma(0.5)"])
    target = jnp.asarray(np.asarray(sim.run_jit())[:, 0]) + 0.5
    base = sim.params.get("hh", "gnabar")

    def gradient(s):
        def loss(g):
            v = s.run(s.params.set("hh", gnabar=g))[:, 0]
            return jnp.mean((v - target) ** 2)
        compiled = jax.jit(jax.grad(loss)).lower(base).compile()
        return np.asarray(compiled(base)), compiled.memory_analysis().temp_size_in_bytes

    per_step, memory_step = gradient(sim)
    per_chunk, memory_chunk = gradient(sim.replace(checkpoint="chunk", chunk_steps=40))
    # the recomputed forward is compiled apart, so it may round differently
    np.testing.assert_allclose(per_chunk, per_step, rtol=1e-8, atol=1e-12)
    # 801 states kept by the step checkpoints, 21 + 40 by the nested ones
    assert memory_chunk < memory_step / 4, (memory_chunk, memory_step)


def test_bad_options_are_rejected():
    sim = _hh_cell().simulation(5.0)
    with pytest.raises(SpecError, match="chunk_steps must be a positive integer"):
        sim.replace(chunk_steps=0)
    with pytest.raises(SpecError, match="checkpoint must be 'step' or 'chunk'"):
        sim.replace(checkpoint="layer")


def test_compile_time_does_not_grow_with_steps():
    cell = _hh_cell()

    def compile_seconds(tstop):
        sim = cell.simulation(tstop, 0.025, ["v"])
        t0 = time.perf_counter()
        jax.jit(sim.run).lower(sim.params).compile()
        return time.perf_counter() - t0

    compile_seconds(5.0)  # warm up jax itself
    short = min(compile_seconds(10.0) for _ in range(2))
    long = min(compile_seconds(10_000.0) for _ in range(2))  # 400,000 steps
    assert long < 2 * short + 0.3, (short, long)


def _mixed_cell():
    """hh everywhere, calcium channels and their shell on the dendrite, pas on the soma."""
    catalogue = braincell.Catalogue.builtin()
    morph = braincell.morph.Morphology([braincell.morph.Section("soma", 20, 20),
                                        braincell.morph.Section("dend", 200, 1, parent="soma")])
    policy = braincell.cv.by_region(
        {braincell.filter.Branch("dend"): braincell.cv.FixedPerSection(12)},
        braincell.cv.FixedPerSection(1))
    cell = braincell.Cell(morph, policy=policy, Ra=100.0)
    cell.paint("all", braincell.mech.hh)
    cell.place("soma(0.5)", braincell.mech.IClamp(del_=1, dur=20, amp=0.3), "stim")
    for name in ("cal", "cad", "sk"):
        cell.paint("dend", catalogue.get(name))
    cell.paint("soma", braincell.mech.pas(g=2e-4, e=-65.0))
    return cell


def test_dense_groups_equal_gathered_groups(monkeypatch):
    """A density mechanism on most nodes runs at every node (no gathers, see _system.py);
    the traces and the gradient equal those of the gathered layout."""
    from braincell._compute import _system

    record = ["v@soma(0.5)", "v@dend(0.7)", "cai@dend(0.7)", "hh.m@dend(0.3)",
              "cad.drive@dend(0.7)", "ik@dend(0.1)", "pas.i@soma(0.5)"]
    dense = _mixed_cell().simulation(30.0, 0.025, record)
    groups = dense.system.layout.groups
    assert [dense.system.is_dense(i) for i in range(len(groups))] == \
        [g.label not in ("pas", "stim") for g in groups]
    monkeypatch.setattr(_system, "_dense_plan", lambda *args: None)
    gathered = _mixed_cell().simulation(30.0, 0.025, record)
    assert not any(gathered.system.is_dense(i) for i in range(len(groups)))

    np.testing.assert_allclose(dense.run_checked(progress=False),
                               gathered.run_checked(progress=False), rtol=0, atol=1e-10)

    def gradient(sim):
        def loss(g):
            return jnp.mean(sim.run(sim.params.set("hh", gnabar=g))[:, 0] ** 2)
        return np.asarray(jax.jit(jax.grad(loss))(sim.params.get("hh", "gnabar")))

    np.testing.assert_allclose(gradient(dense), gradient(gathered), rtol=1e-9, atol=1e-12)
