"""The public-corpus compatibility harness (issue 4's acceptance).

Every NEURON-dialect .mod file of the corpus packages (``tests/corpus.py``) is compiled by
NEURON, simulated alone in a soma by NEURON and by braincell with one protocol
(:data:`PROTOCOL`), and compared: max|ΔV| and spike counts. ``python -m tools.compat`` runs
everything and writes docs/compatibility.md.

Modules: ``_modinfo`` (what a file declares), ``_protocol`` (the protocol and the comparison),
``_neuron`` / ``_braincell`` (each simulator's side), ``_worker`` (one unit of work in a fresh
process), ``_harness`` (the run), ``_report`` (the Markdown).
"""

from ._harness import ACCEPTANCE_PACKAGES, STATUSES, Row, corpus_files, run_corpus, run_files
from ._modinfo import ModInfo, renamed_source, scan, scan_text
from ._protocol import PROTOCOL, Comparison, Protocol, compare, spike_count
from ._report import markdown, summary, summary_text

__all__ = [
    "ACCEPTANCE_PACKAGES", "STATUSES", "Row", "corpus_files", "run_corpus", "run_files",
    "ModInfo", "scan", "scan_text", "renamed_source",
    "PROTOCOL", "Protocol", "Comparison", "compare", "spike_count",
    "markdown", "summary", "summary_text",
]
