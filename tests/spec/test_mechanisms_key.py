"""The run spec's ``mechanisms`` key: user .mod files and folders, precedence, conflicts."""

from __future__ import annotations

import numpy as np
import pytest

import braincell
import braincell.spec

LEAK = """NEURON { SUFFIX leak NONSPECIFIC_CURRENT i RANGE g, e }
PARAMETER { g = 0.001 (S/cm2) e = -70 (mV) }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = g * (v - e) }
"""


def _spec(mech: str, **extra):
    return {
        "morphology": {"sections": [{"name": "soma", "length": 20, "diam": 20}]},
        "tstop": 5.0,
        "paint": [{"region": "soma", "mechanism": mech}],
        "record": ["v@soma(0.5)"],
        **extra,
    }


def test_user_mod_file_is_loaded(tmp_path):
    (tmp_path / "leak.mod").write_text(LEAK)
    result = braincell.spec.run_spec(_spec("leak", mechanisms=["leak.mod"]), base_dir=tmp_path)
    assert result["v@soma(0.5)"][-1] < -65.0  # relaxes towards e = -70


def test_user_file_replacing_a_builtin_warns(tmp_path):
    (tmp_path / "mods").mkdir()
    (tmp_path / "mods" / "pas.mod").write_text(LEAK.replace("SUFFIX leak", "SUFFIX pas"))
    with pytest.warns(UserWarning, match="'pas' from .*pas.mod replaces the built-in 'pas'"):
        result = braincell.spec.run_spec(_spec("pas", mechanisms=["mods"]), base_dir=tmp_path)
    ref = braincell.spec.run_spec(_spec("pas"))
    np.testing.assert_allclose(result["v@soma(0.5)"], ref["v@soma(0.5)"], atol=1e-10)


def test_two_files_defining_one_name_is_an_error(tmp_path):
    (tmp_path / "a.mod").write_text(LEAK)
    (tmp_path / "b.mod").write_text(LEAK)
    with pytest.raises(braincell.SpecError, match="'leak' is defined twice: .*a.mod and .*b.mod"):
        braincell.spec.run_spec(_spec("leak", mechanisms=["a.mod", "b.mod"]), base_dir=tmp_path)


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(braincell.SpecError, match=r"mechanisms\[0\]: no such file or folder"):
        braincell.spec.run_spec(_spec("leak", mechanisms=["nope.mod"]), base_dir=tmp_path)


def test_catalogue_mechanisms_are_builtins():
    result = braincell.spec.run_spec({
        **_spec("nat"), "paint": [{"region": "soma", "mechanism": "nat"},
                                  {"region": "soma", "mechanism": "kdr"}],
    })
    assert np.isfinite(result["v@soma(0.5)"]).all()
