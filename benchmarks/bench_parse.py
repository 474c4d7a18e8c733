"""Time the NMODL front end: grammar load (cold, disk-cached, in-process) and parsing.

    python benchmarks/bench_parse.py [FILE.mod ...]

Without arguments it parses the largest .mod file of the public corpus when the test cache
holds it (``pytest tests/dsl/test_corpus.py`` downloads it), else the bundled samples.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "dsl")]


def _timed(fn, repeat: int = 1) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _largest_corpus_file() -> Path | None:
    try:
        from corpus import corpus_dir
    except Exception:  # noqa: BLE001 - the corpus helper needs pytest; optional here
        return None
    files = list(corpus_dir().rglob("*.mod")) if corpus_dir().is_dir() else []
    files = [f for f in files if b"{{" not in f.read_bytes()]
    return max(files, key=lambda p: p.stat().st_size) if files else None


def main(argv: list[str]) -> None:
    import os

    from braincell.dsl import _grammar, check, decode_source, parse, print_module

    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as cache:
        os.environ["BRAINCELL_CACHE_DIR"] = cache
        rows.append(("grammar load, cold (no disk cache)",
                     f"{_timed(lambda: _grammar.build_parser(cache=False)) * 1000:8.1f} ms"))
        _grammar.build_parser()  # writes the disk cache
        rows.append(("grammar load, disk-cached (new process)",
                     f"{_timed(_grammar.build_parser, 5) * 1000:8.1f} ms"))
    _grammar.get_parser()
    rows.append(("grammar load, in-process (get_parser)",
                 f"{_timed(_grammar.get_parser, 100) * 1e6:8.1f} us"))

    paths = [Path(a) for a in argv] or [p for p in [_largest_corpus_file()] if p]
    sources: dict[str, str] = {p.name: decode_source(p.read_bytes()) for p in paths}
    if not sources:
        from nmodl_samples import ALL

        sources = {f"sample:{k}": v for k, v in ALL.items()}
    for name, source in sources.items():
        parse(source)
        runs = [_timed(lambda s=source: parse(s)) for _ in range(10)]
        module = parse(source)
        rows.append((f"parse {name} ({len(source.encode())} bytes)",
                     f"{min(runs) * 1000:8.1f} ms (median {statistics.median(runs) * 1000:.1f})"))
        rows.append((f"check {name}", f"{_timed(lambda m=module, s=source: check(m, s), 5) * 1000:8.1f} ms"))
        rows.append((f"print {name}", f"{_timed(lambda m=module: print_module(m), 5) * 1000:8.1f} ms"))

    width = max(len(r[0]) for r in rows)
    print(f"{'what'.ljust(width)} | time")
    print(f"{'-' * width}-|-{'-' * 26}")
    for what, value in rows:
        print(f"{what.ljust(width)} | {value.strip()}")


if __name__ == "__main__":
    main(sys.argv[1:])
