"""The ``braincell`` command line.

Exit codes, shared by every sub-command:

* 0 -- success (warnings allowed);
* 1 -- a user error (a bad spec, a bad .mod file): one clear message, never a traceback;
* 2 -- a usage error (unknown option, missing argument), reported by click;
* 3 -- an internal error, i.e. a bug in braincell.
"""

from __future__ import annotations

import click

from ._app import main, run_guarded  # noqa: F401  (re-exported entry points)
from ._simulate import simulate

main.add_command(simulate)

try:  # the NMODL front-end commands (check, compile-mech, fmt)
    from ._nmodl import check, compile_mech, fmt
except ImportError:  # pragma: no cover - only while the front end is being built
    pass
else:
    main.add_command(check)
    main.add_command(compile_mech)
    main.add_command(fmt)

__all__ = ["main", "run_guarded", "click"]
