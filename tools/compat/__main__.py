"""``python -m tools.compat [--out docs/compatibility.md] [--json PATH]``: run the corpus."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import sys
import time
from pathlib import Path

from ._harness import ACCEPTANCE_PACKAGES, run_corpus
from ._protocol import PROTOCOL
from ._report import markdown, summary, summary_text


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("braincell", "neuron", "jax"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            pass
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.compat",
        description="Simulate every corpus .mod file in NEURON and braincell and compare.")
    parser.add_argument("--out", type=Path, default=Path("docs/compatibility.md"),
                        help="the Markdown report to write (default: %(default)s)")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON")
    parser.add_argument("--packages", nargs="+", default=list(ACCEPTANCE_PACKAGES),
                        choices=list(ACCEPTANCE_PACKAGES), metavar="NAME",
                        help="packages to include (default: all of %(default)s)")
    parser.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="worker processes (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="seconds per file and simulator (default: %(default)s; compiling "
                             "LFPy's expsyni.mod, 2000 array elements held one by one, takes "
                             "XLA 2 minutes on an idle core and more on a busy machine)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the NEURON builds here (default: a temp dir, removed)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)

    from ._braincell import has_load_mod

    stand_in_mode = not has_load_mod()
    start = time.monotonic()
    progress = (lambda s: None) if args.quiet else (lambda s: print(s, file=sys.stderr, flush=True))
    rows, missing = run_corpus(args.packages, protocol=PROTOCOL, jobs=args.jobs,
                               timeout=args.timeout, workdir=args.workdir, progress=progress)
    shown = ["python", "-m", "tools.compat"] + [
        a for a in (argv if argv is not None else sys.argv[1:])]
    command = " ".join(shlex.quote(a) for a in shown)
    date = datetime.date.today().isoformat()
    text = markdown(rows, command=command, date=date, protocol=PROTOCOL,
                    stand_in_mode=stand_in_mode, missing=missing, versions=_versions())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({
            "command": command, "date": date, "protocol": PROTOCOL.to_dict(),
            "stand_in_mode": stand_in_mode, "missing": missing, "summary": summary(rows),
            "rows": [r.to_dict() for r in rows]}, indent=1, default=str))
    print(summary_text(rows, stand_in_mode))
    print(f"wrote {args.out} ({len(rows)} files, {time.monotonic() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
