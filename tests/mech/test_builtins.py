"""NEURON's built-ins come from the catalogue's .mod files, lazily and cached; the Python hh
stays as the worked example and agrees with the lowered one."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest

import braincell
from braincell import _modcache
from braincell.mech import LoweredMechanism


@pytest.mark.parametrize("name", ["hh", "pas", "IClamp"])
def test_builtins_are_lowered_from_the_catalogue(name):
    mech = getattr(braincell.mech, name)
    assert isinstance(mech, LoweredMechanism)
    assert mech.file.endswith(f"{name}.mod")
    assert braincell.mech.builtin(name) is mech
    assert braincell.mech.builtins()[name] is mech


def test_public_names_and_parameters_are_neurons():
    assert braincell.mech.hh.defaults == {"gnabar": 0.12, "gkbar": 0.036, "gl": 0.0003,
                                          "el": -54.3}
    assert braincell.mech.pas.defaults == {"g": 0.001, "e": -70.0}
    assert braincell.mech.IClamp(del_=2).defaults == {"del": 2.0, "dur": 0.0, "amp": 0.0}
    for mech in (braincell.mech.hh, braincell.mech.python_hh):
        assert [v.name for v in mech.states] == ["m", "h", "n"]
        assert {"gna", "gk", "ina", "ik", "il"} <= set(mech.variable_names)
    assert "hh" in dir(braincell.mech) and "IClamp" in braincell.mech.__all__
    with pytest.raises(AttributeError, match="no attribute 'hhh'"):
        braincell.mech.hhh  # noqa: B018


def test_import_is_lazy():
    code = ("import sys, braincell; assert 'sympy' not in sys.modules; "
            "assert 'lark' not in sys.modules; assert 'hh' not in vars(braincell.mech)")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_python_hh_agrees_with_the_lowered_hh():
    def trace(mech):
        cell = braincell.SingleCompartment(20, 20).paint(mech)
        cell.place(braincell.mech.IClamp(del_=2, dur=30, amp=0.2), label="stim")
        result = cell.run(tstop=40, record=["v", "hh.m"])
        return np.stack([result["v"], result["hh.m"]])

    lowered, python = trace(braincell.mech.hh), trace(braincell.mech.python_hh)
    np.testing.assert_allclose(lowered, python, rtol=0, atol=1e-9)


LEAK = """NEURON { SUFFIX leak NONSPECIFIC_CURRENT i RANGE g }
PARAMETER { g = 0.001 (S/cm2) e = -70 (mV) }
BREAKPOINT { i = g*(v - e) }
"""


def test_lowering_is_cached_in_process_and_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("BRAINCELL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_modcache, "_memory", {})
    _modcache._folder.cache_clear()
    try:
        path = tmp_path / "leak.mod"
        path.write_text(LEAK)
        first = braincell.load_mod(path)
        assert braincell.load_mod(path) is first  # the same process: the same object
        stored = list((tmp_path / "cache" / "braincell" / "lowered").glob("*.json"))
        assert len(stored) == 1
        _modcache._memory.clear()  # a new process: from disk, not lowered again
        monkeypatch.setattr("braincell._load.lower_to_mechanism", _must_not_lower)
        again = braincell.load_mod(path)
        assert again is not first and again.source == first.source
        assert again.file == first.file and again.solve_methods == first.solve_methods
        path.write_text(LEAK.replace("-70", "-65"))  # a changed file is lowered anew
        monkeypatch.undo()
        monkeypatch.setenv("BRAINCELL_CACHE_DIR", str(tmp_path / "cache"))
        assert braincell.load_mod(path).defaults["e"] == -65.0
    finally:
        _modcache._folder.cache_clear()


def _must_not_lower(*args, **kwargs):
    raise AssertionError("lowered again although the disk cache holds the file")


def test_a_lowering_that_warns_is_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("BRAINCELL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_modcache, "_memory", {})
    _modcache._folder.cache_clear()
    text = LEAK.replace("BREAKPOINT", "VERBATIM\nint x;\nENDVERBATIM\nBREAKPOINT")
    try:
        for _ in range(2):  # warns each time
            with pytest.warns(UserWarning, match="VERBATIM"):
                braincell.load_mod(text)
        assert not list((tmp_path / "cache").rglob("*.json"))
    finally:
        _modcache._folder.cache_clear()


def test_damaged_cache_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("BRAINCELL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_modcache, "_memory", {})
    _modcache._folder.cache_clear()
    try:
        braincell.load_mod(LEAK)
        (entry,) = (tmp_path / "cache").rglob("*.json")
        entry.write_text("{not json")
        _modcache._memory.clear()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert braincell.load_mod(LEAK).name == "leak"
    finally:
        _modcache._folder.cache_clear()


def test_python_hh_gradient_agrees_with_the_lowered_hh():
    """The Python channel is differentiable like a lowered one (d loss / d gnabar)."""
    import jax
    import jax.numpy as jnp

    def grad(mech):
        cell = braincell.SingleCompartment(20, 20).paint(mech)
        cell.place(braincell.mech.IClamp(del_=1, dur=10, amp=0.2), label="stim")
        sim = cell.simulation(tstop=12.0, dt=0.025, record=["v"])
        base = sim.params.get("hh", "gnabar")

        def loss(g):
            return jnp.mean(sim.run(sim.params.set("hh", gnabar=g)) ** 2)

        return jax.grad(loss)(base)

    lowered, python = grad(braincell.mech.hh), grad(braincell.mech.python_hh)
    assert np.all(np.isfinite(np.asarray(python))) and abs(float(python[0])) > 1.0
    np.testing.assert_allclose(python, lowered, rtol=1e-8)
