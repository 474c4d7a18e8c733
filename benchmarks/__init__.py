"""braincell's benchmark suite: ``python -m benchmarks run [--only W1,W2] [--peers] [--json P]``.

Each (workload, system) pair runs in a fresh subprocess (``python -m benchmarks.worker``), so
compile time and peak RSS are measured cleanly. See docs/performance.md for the numbers.
"""
