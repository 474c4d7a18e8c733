"""``braincell check``, ``braincell compile-mech`` and ``braincell fmt``: the NMODL front end
on the command line.

``check FILE.mod... [--format text|json]`` prints every diagnostic and exits 1 when any
file has an error (warnings alone exit 0). ``fmt FILE.mod [--check]`` prints the canonical
form, or with ``--check`` exits 1 when the file is not already canonical.
``compile-mech FILE.mod... [-o DIR] [--emit python|json|ir]`` lowers each file and writes
``DIR/<mechanism>.py`` (a standalone module over jax.numpy), ``.json`` (the interface:
parameters, states, ions, currents, solve methods) or ``.ir`` (the lowered equations);
it exits 1 when any file has an error (the others are still written).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ._app import EXIT_USER_ERROR, run_guarded

_FILES = click.argument(
    "files", metavar="FILE.mod...", nargs=-1, required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)


def _check_all(files: tuple[Path, ...]):
    from ..dsl import check_file

    return [check_file(path) for path in files]


def _text_report(results) -> str:
    from ..dsl import render_diagnostics

    lines = []
    for result in results:
        if result.diagnostics:
            lines.append(render_diagnostics(result.diagnostics, {result.file: result.source}))
        errors = len(result.errors)
        warnings = len(result.diagnostics) - errors
        status = "ok" if errors == 0 else f"{errors} error{'s' * (errors != 1)}"
        tail = f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
        lines.append(f"{result.file}: {status}{tail}")
    return "\n".join(lines)


@click.command()
@_FILES
@click.option("--format", "fmt_", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print the diagnostics.")
def check(files: tuple[Path, ...], fmt_: str) -> None:
    """Parse and check .mod files; exit 1 if any has an error."""

    def body() -> None:
        from ..dsl import diagnostics_to_json

        results = _check_all(files)
        if fmt_ == "json":
            payload = [
                {"file": r.file, "ok": r.ok, "diagnostics": diagnostics_to_json(r.diagnostics)}
                for r in results
            ]
            click.echo(json.dumps(payload, indent=2))
        else:
            click.echo(_text_report(results))
        if any(not r.ok for r in results):
            raise click.exceptions.Exit(EXIT_USER_ERROR)

    run_guarded(body)


@click.command(name="compile-mech")
@_FILES
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="Folder for the compiled output.")
@click.option("--emit", type=click.Choice(["python", "json", "ir"]), default="python",
              show_default=True, help="What to write: Python/JAX code, JSON, or the IR.")
@click.option("--tables", is_flag=True,
              help="Use NEURON's TABLE interpolation (default: exact rate functions).")
def compile_mech(files: tuple[Path, ...], out_dir: Path, emit: str, tables: bool) -> None:
    """Lower .mod files to JAX mechanisms; exit 1 if any has an error."""

    def body() -> None:
        from ..dsl import MechanismError, render_diagnostics
        from ..dsl.lower import lower
        from ..dsl.lower.codegen import generate
        from ..dsl.lower.dump import ir_text, summary

        failed = False
        results = _check_all(files)
        for result in results:
            if not result.ok:
                click.echo(_text_report([result]), err=True)
                failed = True
                continue
            try:
                ir = lower(result.module, result.source, tables=tables)
            except MechanismError as exc:
                click.echo(render_diagnostics(exc.diagnostics, {result.file: result.source}),
                           err=True)
                click.echo(f"{result.file}: {len(exc.diagnostics)} error"
                           f"{'s' * (len(exc.diagnostics) != 1)}", err=True)
                failed = True
                continue
            if ir.diagnostics:
                click.echo(render_diagnostics(ir.diagnostics, {result.file: result.source}),
                           err=True)
            if emit == "python":
                text, suffix = generate(ir), ".py"
            elif emit == "json":
                text, suffix = json.dumps(summary(ir), indent=2) + "\n", ".json"
            else:
                text, suffix = ir_text(ir), ".ir"
            out_dir.mkdir(parents=True, exist_ok=True)
            target = out_dir / f"{ir.name}{suffix}"
            target.write_text(text)
            click.echo(f"{result.file}: wrote {target}")
        if failed:
            raise click.exceptions.Exit(EXIT_USER_ERROR)

    run_guarded(body)


@click.command()
@click.argument("file", metavar="FILE.mod", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", "check_only", is_flag=True,
              help="Print nothing; exit 1 if the file is not in canonical form.")
def fmt(file: Path, check_only: bool) -> None:
    """Print a .mod file in canonical form (':' comments are not kept)."""

    def body() -> None:
        from ..dsl import decode_source, parse, print_module
        from ..dsl.diagnostics import Diagnostic, MechanismError, Severity

        try:
            data = file.read_bytes()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise MechanismError([Diagnostic(Severity.ERROR, "E000", f"cannot read {file}: {reason}")]) from None
        source = decode_source(data)
        canonical = print_module(parse(source, file=str(file)))
        if not check_only:
            click.echo(canonical, nl=False)
        elif canonical != source:
            click.echo(f"{file}: not in canonical form (run `braincell fmt {file}`)", err=True)
            raise click.exceptions.Exit(EXIT_USER_ERROR)

    run_guarded(body)
