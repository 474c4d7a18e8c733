"""One unit of work in its own process (:func:`call` starts it; :func:`main` is its entry).

REQUEST is a JSON file ``{"side": ..., ...}``; the JSON written to RESULT is
``{"ok": true, ...}`` or ``{"ok": false, "error": "braincell"|"simulation"|"pending"|"exception",
"message": first line, "detail": full text}``. A worker that dies or hangs writes nothing;
the caller (:func:`call`) turns that into an ``exception`` result.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
_ENTRY = "import sys; from tools.compat._worker import main; raise SystemExit(main(sys.argv[1:]))"


def _handle(request: dict) -> dict:
    side = request["side"]
    if side == "builtins":
        from ._neuron import builtin_names

        return {"names": builtin_names()}
    if side == "neuron":
        from ._neuron import run_protocol

        return run_protocol(request["library"], request["name"], request["kind"],
                            request["protocol"])
    if side == "standard":
        from ._neuron import mechanism_standard

        return mechanism_standard(request["library"], request["name"], request["kind"])
    if side == "braincell":
        from ._braincell import run_protocol

        return run_protocol(request["path"], request["original"], request["name"],
                            request["kind"], request["protocol"])
    raise ValueError(f"unknown side {side!r}")


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "(no message)")


def _where(exc: BaseException) -> str:
    """`` (at braincell/x.py:12)``: the innermost frame inside this repository."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if Path(f.filename).resolve().is_relative_to(REPO_ROOT)]
    if not frames:
        return ""
    frame = frames[-1]
    return f" (at {Path(frame.filename).resolve().relative_to(REPO_ROOT)}:{frame.lineno})"


def main(argv: list[str]) -> int:
    request = json.loads(Path(argv[0]).read_text())
    try:
        result = {"ok": True, **_handle(request)}
    except Exception as exc:  # reported, never raised: the harness records it per file
        from ._braincell import Pending

        try:
            from braincell.errors import BraincellError, SimulationError
        except ImportError:  # pragma: no cover - braincell is part of this repository
            BraincellError = SimulationError = ()  # noqa: N806
        if isinstance(exc, Pending):
            kind = "pending"
        elif isinstance(exc, SimulationError):
            kind = "simulation"
        elif isinstance(exc, BraincellError):
            kind = "braincell"
        else:
            kind = "exception"
        text = str(exc) or type(exc).__name__
        message = _first_line(text)
        if kind == "exception":
            message = f"{type(exc).__name__}: {message}{_where(exc)}"
        result = {"ok": False, "error": kind, "message": message, "detail": text,
                  "traceback": traceback.format_exc()}
    Path(argv[1]).write_text(json.dumps(result))
    return 0


def worker_env() -> dict:
    """The environment of a worker: the repository importable, one thread, CPU JAX, float64."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.setdefault("JAX_PLATFORMS", "cpu")
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=false "
                                "intra_op_parallelism_threads=1")
    env.pop("BRAINCELL_FLOAT32", None)
    return env


def call(request: dict, timeout: float) -> dict:
    """Run ``request`` in a fresh Python process (cwd: an empty temp dir, so NEURON loads no
    stray ``x86_64`` folder); never raises for the worker's own failures."""
    with tempfile.TemporaryDirectory(prefix="braincell-compat-") as tmp:
        req, res = Path(tmp) / "request.json", Path(tmp) / "result.json"
        req.write_text(json.dumps(request))
        try:
            proc = subprocess.run([sys.executable, "-c", _ENTRY, str(req), str(res)],
                                  cwd=tmp, env=worker_env(), capture_output=True, text=True,
                                  errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"ok": False, "error": "exception",
                    "message": f"timed out after {timeout:g} s", "detail": ""}
        if res.exists():
            return json.loads(res.read_text())
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"ok": False, "error": "exception",
                "message": f"worker died (exit status {proc.returncode}): "
                           + (" | ".join(tail) or "no output"),
                "detail": proc.stderr}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
