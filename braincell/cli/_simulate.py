"""``braincell simulate SPEC --out traces.npz [--csv] [--plot fig.png]``."""

from __future__ import annotations

from pathlib import Path

import click

from ._app import run_guarded


@click.command()
@click.argument("spec_path", metavar="SPEC", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("traces.npz"), show_default=True,
              help="Where to write the traces (.npz: 't' plus one array per record entry).")
@click.option("--csv", "csv", is_flag=True, help="Also write the traces as CSV next to --out.")
@click.option("--plot", "plot", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a PNG plot of the traces.")
@click.option("--progress/--no-progress", "progress", default=True, show_default=True,
              help="Show a progress bar on stderr while simulating (redrawn in place on a "
                   "terminal, one line per tenth of the run otherwise).")
def simulate(spec_path: Path, out: Path, csv: bool, plot: Path | None, progress: bool) -> None:
    """Simulate a run spec (.json or .toml) and save its traces."""

    def body() -> None:
        from ..spec import load_spec, run_spec

        result = run_spec(load_spec(spec_path), base_dir=spec_path.resolve().parent,
                          progress=progress)
        n = len(result.t)
        click.echo(f"simulated {spec_path.name}: {n - 1} steps to t = {result.t[-1]:g} ms, "
                   f"{len(result)} traces")
        for name in result:
            if name == "v" or name.startswith("v@"):
                spikes = result.spike_times(name)
                shown = ", ".join(f"{s:.3f}" for s in spikes)
                click.echo(f"  {name}: {len(spikes)} spikes (ms): {shown or '-'}")
        out.parent.mkdir(parents=True, exist_ok=True)
        click.echo(f"wrote {result.save_npz(out)}")
        if csv:
            click.echo(f"wrote {result.save_csv(out.with_suffix('.csv'))}")
        if plot is not None:
            plot.parent.mkdir(parents=True, exist_ok=True)
            result.plot(path=plot, title=spec_path.name)
            click.echo(f"wrote {plot}")

    run_guarded(body)
