"""The generated module, the printer's guards, TABLE interpolation, load_mod, Catalogue
and ``braincell compile-mech``."""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from click.testing import CliRunner

import braincell
from braincell.cli import main as cli
from braincell.dsl.lower import lower_file
from braincell.dsl.lower.codegen import generate
from braincell.errors import SpecError
from braincell.mech import Env

REPO = Path(__file__).resolve().parents[2]
HH = REPO / "mechanisms" / "hh.mod"


def _env(v):
    v = jnp.asarray(v, dtype=float)
    return Env(v=v, t=jnp.asarray(0.0), dt=jnp.asarray(0.025), celsius=jnp.asarray(6.3),
               diam=jnp.ones_like(v), area=jnp.ones_like(v) * 100, ions={})


def test_generated_module_is_standalone(tmp_path):
    source = generate(lower_file(HH))
    assert "braincell" not in source.split('"""', 2)[2]  # only jax is imported
    path = tmp_path / "hh_lowered.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("hh_lowered", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = module.init({}, _env([-65.0]))
    np.testing.assert_allclose(out["m"], 0.052932485257249, rtol=1e-12)


def test_singular_point_has_finite_value_and_gradient():
    hh = braincell.load_mod(HH)
    # v = -40 is linoid's removable singularity for m, v = -55 for n
    f = lambda v: hh.init({}, _env(v))["m"].sum() + hh.init({}, _env(v))["n"].sum()  # noqa: E731
    g = jax.grad(f)(jnp.asarray([-40.0, -55.0, -40.0 + 1e-9]))
    assert np.all(np.isfinite(np.asarray(g)))
    np.testing.assert_allclose(g[0], g[2], rtol=1e-6)


def test_hand_written_and_lowered_hh_agree():
    lowered = braincell.load_mod(HH)
    v = jnp.linspace(-100, 50, 301)
    a = lowered.init({}, _env(v))
    b = braincell.mech.python_hh.init({}, _env(v))
    for gate in "mhn":
        np.testing.assert_allclose(a[gate], b[gate], rtol=1e-13, atol=1e-15)


def test_tables_interpolate_like_neuron():
    exact = braincell.load_mod(HH)
    table = braincell.load_mod(HH, tables=True)
    grid = jnp.asarray([-100.0, -37.0, 0.0, 99.0, 100.0])
    np.testing.assert_allclose(table.init({}, _env(grid))["m"], exact.init({}, _env(grid))["m"],
                               rtol=1e-13)
    mid = table.init({}, _env([-36.5]))["m"]
    ends = exact.init({}, _env([-37.0, -36.0]))["m"]
    np.testing.assert_allclose(mid, 0.5 * (ends[0] + ends[1]), rtol=1e-13)
    clamped = table.init({}, _env([-150.0, 150.0]))["m"]
    np.testing.assert_allclose(clamped, exact.init({}, _env([-100.0, 100.0]))["m"], rtol=1e-13)
    assert table.tables and not exact.tables


def test_load_mod_text_and_parameter_override():
    leak = braincell.load_mod("NEURON { SUFFIX leak NONSPECIFIC_CURRENT i RANGE g }\n"
                              "PARAMETER { g = 0.001 (S/cm2) e = -70 (mV) }\n"
                              "BREAKPOINT { i = g*(v - e) }\n")
    assert leak.name == "leak" and leak.defaults == {"g": 0.001, "e": -70.0}
    assert [p.kind for p in leak.parameters] == ["range", "global"]
    faster = leak(g=0.002)
    out = faster.breakpoint(faster.defaults, {}, _env([-60.0]))
    np.testing.assert_allclose(out["i"], 0.002 * 10.0)


def test_catalogue(tmp_path):
    cat = braincell.Catalogue.builtin()
    assert {"hh", "pas", "IClamp", "SEClamp", "ExpSyn", "bk", "cad"} <= set(cat)
    assert cat._cache == {}  # nothing lowered until asked
    assert cat["pas"].name == "pas" and set(cat._cache) == {"pas"}
    (tmp_path / "a.mod").write_text("NEURON { SUFFIX dup }\n")
    (tmp_path / "b.mod").write_text("COMMENT\nSUFFIX other\nENDCOMMENT\nNEURON { SUFFIX dup }\n")
    with pytest.raises(SpecError, match=r"'dup' is defined twice: in .*a\.mod and in .*b\.mod"):
        braincell.Catalogue.from_dir(tmp_path)
    with pytest.raises(KeyError, match="did you mean 'hh'"):
        cat["hhh"]


def test_compile_mech_emits(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["compile-mech", str(HH), str(REPO / "mechanisms" / "bk.mod"),
                                 "-o", str(tmp_path), "--emit", "json"])
    assert result.exit_code == 0, result.output
    info = json.loads((tmp_path / "hh.json").read_text())
    assert info["kind"] == "density" and info["solve"][0]["method"] == "cnexp"
    assert info["parameters"][0] == {"name": "gnabar", "default": 0.12, "unit": "S/cm2",
                                     "scope": "range", "limits": [0.0, 1e9]}
    assert info["ions"][0] == {"ion": "na", "read": ["ena"], "write": ["ina"], "valence": None}
    assert info["currents"] == {"ion": ["ina", "ik"], "nonspecific": ["il"], "electrode": []}
    assert json.loads((tmp_path / "bk.json").read_text())["solve"][0]["method"] == "sparse"
    for emit, suffix in (("python", ".py"), ("ir", ".ir")):
        result = runner.invoke(cli, ["compile-mech", str(HH), "-o", str(tmp_path), "--emit", emit])
        assert result.exit_code == 0 and (tmp_path / f"hh{suffix}").exists()


def test_compile_mech_reports_located_errors(tmp_path):
    bad = tmp_path / "bad.mod"
    bad.write_text("NEURON { SUFFIX bad POINTER p }\n")
    result = CliRunner().invoke(cli, ["compile-mech", str(bad), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{bad}:1:" in result.output and "error[E502]" in result.output
    assert not (tmp_path / "bad.py").exists()


def _largest_corpus_files(n=5):
    root = REPO / ".cache" / "test-data" / "nmodl-corpus"
    files = sorted(root.rglob("*.mod"), key=lambda p: p.stat().st_size, reverse=True) \
        if root.is_dir() else []
    if not files:
        pytest.skip("the NMODL corpus is not cached (see tests/corpus.py)")
    return files[:n]


def test_lowering_the_largest_corpus_files_is_fast():
    from braincell.dsl import MechanismError

    for path in _largest_corpus_files():
        start = time.perf_counter()
        try:
            lower_file(path)
        except MechanismError as exc:
            assert all(d.span.line > 0 for d in exc.diagnostics)  # located
        assert time.perf_counter() - start <= 2.0, path
