"""``braincell check``, ``compile-mech`` and ``fmt``, driven through click's test runner."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "dsl"))
from nmodl_samples import HH  # noqa: E402

from braincell.cli._nmodl import check, compile_mech, fmt  # noqa: E402

BAD = "NEURON {\n    SUFFIX\n}\n"
UNKNOWN = "NEURON { SUFFIX t }\nPARAMETER { gbar = 1 }\nBREAKPOINT { LOCAL y\n y = gbr }\n"
WARNS = "NEURON { SUFFIX t }\nPARAMETER { a = 1 }\nINITIAL { a = 2 }\n"


@pytest.fixture()
def files(tmp_path):
    paths = {}
    for name, text in {"hh": HH, "bad": BAD, "unknown": UNKNOWN, "warns": WARNS}.items():
        paths[name] = tmp_path / f"{name}.mod"
        paths[name].write_text(text)
    return paths


def run(command, *args):
    return CliRunner().invoke(command, [str(a) for a in args])


def test_check_clean_file(files):
    result = run(check, files["hh"])
    assert result.exit_code == 0
    assert result.output.strip() == f"{files['hh']}: ok"


def test_check_warnings_exit_zero(files):
    result = run(check, files["warns"])
    assert result.exit_code == 0
    assert "warning[W401]" in result.output and "1 warning" in result.output


def test_check_syntax_error_exit_one_without_traceback(files):
    result = run(check, files["bad"], files["hh"])
    assert result.exit_code == 1
    assert f"{files['bad']}:3:1: error[E001]: unexpected '}}'; expected a name" in result.output
    assert "   | ^" in result.output
    assert f"{files['hh']}: ok" in result.output
    assert "Traceback" not in result.output


def test_check_semantic_error(files):
    result = run(check, files["unknown"])
    assert result.exit_code == 1
    assert "error[E201]: unknown name 'gbr'; did you mean 'gbar'?" in result.output


def test_check_json(files):
    result = run(check, files["unknown"], files["hh"], "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert [r["ok"] for r in payload] == [False, True]
    (d,) = payload[0]["diagnostics"]
    assert (d["code"], d["severity"], d["span"]["line"], d["span"]["column"]) == ("E201", "error", 4, 6)


def test_check_missing_file_is_a_user_error(tmp_path):
    result = run(check, tmp_path / "nope.mod")
    assert result.exit_code == 1
    assert "error[E000]: cannot read" in result.output


def test_usage_errors_exit_two(files):
    assert run(check).exit_code == 2
    assert run(check, files["hh"], "--format", "xml").exit_code == 2
    assert run(compile_mech, files["hh"], "--emit", "c").exit_code == 2


def test_compile_mech_writes_json(files, tmp_path):
    result = run(compile_mech, files["hh"], "-o", tmp_path / "out", "--emit", "json")
    assert result.exit_code == 0, result.output
    written = list((tmp_path / "out").glob("*.json"))
    assert len(written) == 1
    assert '"gnabar"' in written[0].read_text()


def test_compile_mech_reports_front_end_errors(files):
    result = run(compile_mech, files["bad"])
    assert result.exit_code == 1
    assert "error[E001]" in result.output


def test_fmt_prints_canonical_form(files):
    result = run(fmt, files["hh"])
    assert result.exit_code == 0
    assert result.output.startswith("TITLE hh.mod   squid sodium, potassium, and leak channels\n")
    assert "    gna = gnabar * m * m * m * h\n" in result.output


def test_fmt_check(files, tmp_path):
    assert run(fmt, files["hh"], "--check").exit_code == 1
    canonical = tmp_path / "canonical.mod"
    canonical.write_text(run(fmt, files["hh"]).output)
    assert run(fmt, canonical, "--check").exit_code == 0


def test_fmt_syntax_error(files):
    result = run(fmt, files["bad"])
    assert result.exit_code == 1
    # the located form, file:line:col: error[E###]: message, with no extra prefix
    assert result.output.startswith(str(files["bad"]) + ":")
    assert "error[E001]" in result.output.splitlines()[0]


def test_commands_are_registered():
    cli = pytest.importorskip("braincell.cli")
    assert {"check", "compile-mech", "fmt"} <= set(cli.main.commands)
