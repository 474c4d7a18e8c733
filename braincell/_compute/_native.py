"""The tree solve as a compiled CPU kernel (an XLA FFI custom call), built on first use.

On the CPU the Hines elimination is a chain of dependent divisions: the level schedule
and tree contraction of ``_tree.py`` pay XLA's loop and gather overheads on top of it,
while a plain loop in C++ does not (``python benchmarks/bench_tree.py``: 975-node L5PC
tree 2.8 µs against 8.9 µs by contraction; a 101-node chain 1.5 µs against 2.1 µs by
levels). ``hines_kernel.cc``, next to this file, is compiled once with the system's C++
compiler against the FFI headers that ship with jaxlib, into braincell's cache folder
(``_resources.cache_dir``: ``$BRAINCELL_CACHE_DIR/braincell/native``, else under
``$XDG_CACHE_HOME`` or ``~/.cache``), keyed by a hash of the source, the jaxlib version and
the compiler. Later processes load the cached library in milliseconds
(``BRAINCELL_CACHE_DIR=off``: built in a temporary folder for each process).

Where there is no compiler, or the build fails, or ``BRAINCELL_NATIVE=0`` is set, or the
platform is not the CPU (GPU runs the JAX schedules), ``_tree.solve`` uses the JAX
schedules; the answer is the same to rounding. ``native_status()`` says which is in use
and why.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np

from .._resources import cache_dir

_SOURCE = Path(__file__).with_name("hines_kernel.cc")
# the FFI target of each dtype and the kernel's symbol in the library
_TARGETS = {np.dtype(np.float64): ("braincell_hines_f64", "BraincellHinesF64"),
            np.dtype(np.float32): ("braincell_hines_f32", "BraincellHinesF32")}
_lock = threading.Lock()
_state: dict[str, object] = {}


def _compiler() -> str | None:
    return os.environ.get("CXX") or shutil.which("c++") or shutil.which("g++") \
        or shutil.which("clang++")


def _build() -> tuple[ctypes.CDLL | None, str]:
    if os.environ.get("BRAINCELL_NATIVE", "1") == "0":
        return None, "off (BRAINCELL_NATIVE=0)"
    if sys.platform not in ("linux", "darwin"):
        return None, f"not built on {sys.platform}"
    cxx = _compiler()
    if cxx is None:
        return None, "no C++ compiler found (set CXX)"
    folder = cache_dir("native")
    if folder is None:  # the disk cache is off: build for this process only
        folder = Path(tempfile.mkdtemp(prefix="braincell-native-"))
    import jaxlib

    source = _SOURCE.read_bytes()
    key = hashlib.sha256(source + f"\n{jaxlib.__version__}\n{cxx}\n".encode()).hexdigest()[:20]
    library = folder / f"hines-{key}.so"
    if not library.exists():
        include = jax.ffi.include_dir()
        tmp = folder / f".hines-{key}-{os.getpid()}.so"
        cmd = [cxx, "-O3", "-std=c++17", "-shared", "-fPIC", "-w", f"-I{include}",
               str(_SOURCE), "-o", str(tmp)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"compiling the kernel failed: {exc}"
        if done.returncode != 0:
            tmp.unlink(missing_ok=True)
            first = next((x for x in done.stderr.splitlines() if "error" in x), done.stderr[:200])
            return None, f"compiling the kernel failed: {first}"
        os.replace(tmp, library)  # atomic: a concurrent process sees all or nothing
    try:
        lib = ctypes.cdll.LoadLibrary(str(library))
        for target, symbol in _TARGETS.values():
            jax.ffi.register_ffi_target(target, jax.ffi.pycapsule(getattr(lib, symbol)),
                                        platform="cpu")
    except (OSError, AttributeError) as exc:
        return None, f"loading {library} failed: {exc}"
    return lib, f"compiled kernel {library}"


def native_status() -> str:
    """Whether the compiled tree-solve kernel is in use on the CPU, and why not if not."""
    available()
    return str(_state["status"])


def available() -> bool:
    """True once the kernel is built and registered (builds it on the first call)."""
    if "lib" not in _state:
        with _lock:
            if "lib" not in _state:
                lib, status = _build()
                _state["status"] = status
                _state["lib"] = lib
    return _state["lib"] is not None


def hines_solve(rooting: tuple[np.ndarray, ...], d, rhs, a, b):
    """The tree solve by the kernel (call only when ``available()``; CPU only).

    ``rooting`` is ``(parent, order, src, flip)``, int32 arrays from
    ``_tree._kernel_rooting``; ``a`` and ``b`` are those of the node-0 rooting."""
    dtype = np.dtype(jnp.result_type(rhs))
    target, _ = _TARGETS[dtype]
    out = jax.ffi.ffi_call(target, (jax.ShapeDtypeStruct(jnp.shape(rhs), dtype),) * 2,
                           vmap_method="broadcast_all")(
        *(jnp.asarray(x) for x in rooting), d, rhs, a, b)
    return out[0]
