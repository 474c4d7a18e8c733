"""The compatibility harness's own logic (tools/compat): offline except where marked."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tools.compat import (  # noqa: E402
    PROTOCOL,
    Row,
    compare,
    markdown,
    renamed_source,
    run_files,
    scan_text,
    spike_count,
    summary,
)
from tools.compat._braincell import Pending, has_load_mod  # noqa: E402
from tools.compat._braincell import run_protocol as braincell_protocol  # noqa: E402
from tools.compat._neuron import _first_error  # noqa: E402
from tools.compat._standard import compare_standard, pick_mechanism  # noqa: E402

LEAK = """: a leak
NEURON { SUFFIX leak NONSPECIFIC_CURRENT i RANGE g, e }
UNITS { (mV) = (millivolt) (mA) = (milliamp) }
PARAMETER { g = 0.001 (S/cm2) e = -70 (mV) }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = g*(v - e) }
"""

BROKEN = """NEURON { SUFFIX broken NONSPECIFIC_CURRENT i }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = gbar*(v - 1) }
"""

HH_LIKE = """COMMENT
SUFFIX notme
ENDCOMMENT
: SUFFIX notme_either
NEURON {
    SUFFIX hh   : the real one
    USEION na READ ena WRITE ina
    USEION k READ ek WRITE ik
    POINTER p
    RANGE gnabar
}
PROCEDURE rates(v) { TABLE minf FROM -100 TO 100 WITH 200 }
"""


# -- what a file declares -----------------------------------------------------------------

def test_scan_reads_the_neuron_block_not_comments():
    info = scan_text(HH_LIKE)
    assert (info.name, info.kind) == ("hh", "density")
    assert info.ions == ("na", "k")
    assert info.pointers == ("p",)
    assert info.has_table
    assert {"ena", "ina", "nai", "nao", "ek", "ik", "ki", "ko"} <= info.ion_variables


def test_scan_kinds_and_templates():
    assert scan_text("NEURON { POINT_PROCESS Syn }").kind == "point"
    assert scan_text("NEURON { ARTIFICIAL_CELL Gen }").kind == "artificial"
    assert scan_text("NEURON { SUFFIX {{ suffix }} }").template
    assert scan_text("PARAMETER { g = 1 }").problems == ("no NEURON block",)


def test_rename_touches_only_the_declaration():
    out = renamed_source(HH_LIKE, "hh", "hh_mod")
    assert "SUFFIX hh_mod   : the real one" in out
    assert "SUFFIX notme\n" in out and ": SUFFIX notme_either" in out
    assert scan_text(out).name == "hh_mod"
    with pytest.raises(ValueError, match="no declaration"):
        renamed_source(HH_LIKE, "pas", "pas_mod")


def test_first_error_skips_make_noise():
    output = ("Mod files: x.mod\n/tmp/a/b/x86_64/x.cpp:3:1: error: 'gbar' was not declared\n"
              "make: *** [x.o] Error 1\nNOTE: If you are encountering MOD file compilation errors\n")
    assert _first_error(output) == "x.cpp:3:1: error: 'gbar' was not declared"


# -- the comparison -------------------------------------------------------------------------

def test_spike_count_counts_upward_zero_crossings():
    v = np.array([-65, -10, 0, 20, -5, 10, 30, -70, 0.0])
    assert spike_count(v) == 3
    assert spike_count(np.full(10, 5.0)) == 0


def test_compare():
    a = np.linspace(-65, 40, 11)
    assert compare(a, a + 5e-4).match
    c = compare(a, a + 2e-3)
    assert not c.match and c.max_dv == pytest.approx(2e-3)
    assert compare(a, np.where(a > 0, np.nan, a)).max_dv == float("inf")
    with pytest.raises(ValueError, match="different lengths"):
        compare(a, a[:-1])


def test_protocol_numbers():
    assert PROTOCOL.steps == 4000
    assert "usetable" in PROTOCOL.describe() and "celsius 6.3" in PROTOCOL.describe()


def test_summary_and_markdown():
    rows = [
        Row("p==1", "a.mod", "a", "density", "match", 1e-9, 2, 2),
        Row("p==1", "b.mod", "b", "density", "differs", 0.5, 2, 3),
        Row("p==1", "c.mod", "c", "point", "unsupported", note="c.mod:3:1: error: x | y"),
        Row("p==1", "d.mod", "d", "density", "neuron-rejects", note="d.cpp: error"),
        Row("q==2", "e.mod", "e", "artificial", "not-applicable"),
        Row("q==2", "f.mod", "f", "density", "match", 0.0, 0, 0, stand_in=True),
    ]
    s = summary(rows)
    assert s["p==1"]["files"] == 4 and s["p==1"]["in_scope"] == 3
    assert s["p==1"]["neuron_compiles"] == 3
    assert s["p==1"]["match_percent"] == pytest.approx(100 / 3)
    assert s["all"]["match"] == 2 and s["all"]["stand_in"] == 1
    text = markdown(rows, command="python -m tools.compat", date="2024-01-01",
                    protocol=PROTOCOL, stand_in_mode=True)
    assert "\n# Compatibility with the public NMODL corpus\n" in text
    assert "`python -m tools.compat` on 2024-01-01" in text
    assert "Stand-in mode" in text
    assert "| `c.mod` | c | point | unsupported |  |  | c.mod:3:1: error: x \\| y |" in text
    assert "| 2 / 3 |" in text and "match (stand-in)" in text


def test_compare_standard_rules():
    neuron = {"parameters": [{"name": "gbar", "size": 1, "default": 0.1}],
              "assigned": [], "states": [{"name": "m", "size": 1}]}
    good = {"name": "x", "parameters": [{"name": "gbar", "default": 0.1, "kind": "range"},
                                        {"name": "q10", "default": 3, "kind": "global"}],
            "states": [{"name": "m"}, {"name": "cai"}]}
    assert compare_standard(neuron, good, frozenset({"cai"})) == []
    bad = {"parameters": [{"name": "gbar", "default": 0.2}, {"name": "q10", "default": 3}],
           "states": [{"name": "h"}]}
    problems = compare_standard(neuron, bad)
    assert any("q10" in p for p in problems)
    assert any("default 0.2" in p for p in problems)
    assert any("states" in p for p in problems)
    arrays = {"parameters": [{"name": "gbar", "default": 0.1}],
              "states": [{"name": "m"}, {"name": "ca[0]"}, {"name": "ca[1]"}]}
    neuron_arrays = dict(neuron, states=[{"name": "m", "size": 1}, {"name": "ca", "size": 2}])
    assert compare_standard(neuron_arrays, arrays) == []
    assert compare_standard(neuron, arrays) != []
    assert pick_mechanism([good], "other") is good
    assert pick_mechanism([good, bad], "other") is None


# -- the braincell side ---------------------------------------------------------------------

def test_braincell_side_without_load_mod_is_pending(tmp_path):
    if has_load_mod():
        pytest.skip("braincell.load_mod exists: nothing is pending")
    path = tmp_path / "leak.mod"
    path.write_text(LEAK)
    with pytest.raises(Pending, match="load_mod"):
        braincell_protocol(str(path), "leak", "leak", "density", PROTOCOL.to_dict())


def test_braincell_side_runs_the_protocol(tmp_path):
    """hh through the stand-in (or through load_mod once it exists): 4 spikes, as NEURON."""
    if has_load_mod():
        source = REPO_ROOT / "mechanisms" / "hh.mod"
        if not source.exists():
            pytest.skip("no mechanisms/hh.mod in this checkout")
        path = tmp_path / "hh_mod.mod"
        path.write_text(renamed_source(source.read_text(), "hh", "hh_mod"))
    else:
        path = tmp_path / "unused.mod"
    out = braincell_protocol(str(path), "hh", "hh_mod", "density", PROTOCOL.to_dict())
    v = np.asarray(out["v"])
    assert v.shape == (PROTOCOL.steps + 1,)
    assert v[0] == PROTOCOL.v_init
    assert spike_count(v) == 4
    assert out["stand_in"] is (not has_load_mod())


# -- end to end with NEURON -----------------------------------------------------------------

@pytest.mark.neuron
def test_run_files_end_to_end(tmp_path):
    pytest.importorskip("neuron")
    if shutil.which("nrnivmodl") is None:
        pytest.skip("nrnivmodl is not on PATH")
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "leak.mod").write_text(LEAK)
    (folder / "broken.mod").write_text(BROKEN)
    (folder / "gen.mod").write_text(
        "NEURON { ARTIFICIAL_CELL Gen }\nNET_RECEIVE(w) { net_event(t) }\n")
    entries = [("pkg==0", folder, folder / n) for n in ("leak.mod", "broken.mod", "gen.mod")]
    rows = run_files(entries, jobs=2, timeout=300, workdir=tmp_path / "work")
    leak, broken, gen = rows
    assert broken.status == "neuron-rejects" and "gbar" in broken.note, broken
    assert gen.status == "not-applicable"
    assert leak.spikes_neuron == 0
    if has_load_mod():
        assert leak.status in ("match", "differs", "unsupported"), leak
    else:
        assert leak.status == "pending" and "load_mod" in leak.note
    json.dumps([r.to_dict() for r in rows])


@pytest.mark.neuron
@pytest.mark.network
def test_command_line_writes_the_report(tmp_path):
    """``python -m tools.compat`` on one small package (lfpy: two point processes)."""
    pytest.importorskip("neuron")
    from tools.compat.__main__ import main
    from tools.compat._harness import corpus_files

    if not corpus_files(["lfpy"])["lfpy==2.3.7"][1]:
        pytest.skip("lfpy==2.3.7 cannot be downloaded (offline?) and is not cached")
    out, rows = tmp_path / "compat.md", tmp_path / "compat.json"
    assert main(["--out", str(out), "--json", str(rows), "--packages", "lfpy", "-q"]) == 0
    text = out.read_text()
    assert "Generated by `python -m tools.compat --out" in text and "## lfpy==2.3.7" in text
    data = json.loads(rows.read_text())
    assert {r["file"].rsplit("/", 1)[-1] for r in data["rows"]} == {"expsyni.mod", "sinsyn.mod"}
    assert all(r["spikes_neuron"] is not None for r in data["rows"])
