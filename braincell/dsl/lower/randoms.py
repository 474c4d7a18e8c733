"""Random numbers: scoplib's ``scop_random``, ``normrand``, ``exprand``, ``poisrand`` and the
``random_*`` functions of NEURON 9's ``RANDOM`` variables, as draws from JAX's PRNG.

A call becomes a :class:`draw` of a standard variate -- ``draw(kind, site, *params)`` -- bound
to a temporary and scaled with sympy (``normrand(m, s)`` is ``m + s*draw(NORMAL, site)``).
``site`` numbers the call sites of a mechanism, so the printed code folds it into the key
the engine gives the block (``env.key``) and every call site draws its own numbers, one per
instance. The same key and site always give the same numbers: the two evaluations of
BREAKPOINT in a step (at v + 0.001 and at v) see the same draw, so dI/dv is not noise.

The numbers cannot equal NEURON's (its generators are mcell_ran4 and Random123, ours is JAX's
threefry); the distributions are the same:

====================================  ============================================
call                                  distribution
====================================  ============================================
``scop_random()``                     uniform on [0, 1)
``exprand(mean)``                     exponential with mean ``mean``
``normrand(mean, sd)``                normal
``poisrand(mean)``                    Poisson with mean ``mean``
``random_uniform(r[, a, b])``         uniform on [0, 1) (on [a, b))
``random_dpick(r)``                   uniform on [0, 1)
``random_negexp(r[, mean])``          exponential with mean 1 (``mean``)
``random_normal(r[, mean, sd])``      standard normal (normal)
``random_ipick(r)``                   an integer uniform on [0, 2^32 - 1]
====================================  ============================================

Seeding calls (``random_setseq``, ``random_setids``, ``set_seed``, ``setseed``) do nothing:
the numbers come from the run's seed (W504).
"""

from __future__ import annotations

import sympy

from .. import ast as A

UNIFORM, NORMAL, EXPONENTIAL, POISSON, BITS = range(5)
KINDS = ("uniform", "normal", "exponential", "poisson", "bits")


class draw(sympy.Function):  # noqa: N801 - printed as the runtime helper _draw
    """``draw(kind, site, *params)``: one standard variate per instance (see the module
    docstring); its derivative with respect to anything is 0."""

    is_number = False  # not a constant: sympy must not try to evaluate it
    is_real = True

    def fdiff(self, argindex=1):
        return sympy.Integer(0)


SCOPLIB = {"scop_random": 0, "exprand": 1, "normrand": 2, "poisrand": 1}
"""scoplib's functions and their argument counts."""
STREAM = {"random_uniform": (0, 2), "random_dpick": (0,), "random_negexp": (0, 1),
          "random_normal": (0, 2), "random_ipick": (0,)}
"""``random_*`` draws on a RANDOM variable: the counts of arguments after the variable."""
SEEDING = {"random_setseq", "random_setids", "set_seed", "setseed"}
NAMES = frozenset(SCOPLIB) | frozenset(STREAM) | SEEDING


def lower_call(ex, node: A.Call):
    """The value of random call ``node`` in executor ``ex``."""
    name = node.func
    args = [a for a in node.args if not isinstance(a, A.String)]
    if name in STREAM or name in ("random_setseq", "random_setids"):
        stream = args[0] if args else None
        if not (isinstance(stream, A.Name) and stream.id in ex.iface.randoms):
            ex.report.fatal("E505", f"the first argument of {name}() must be a variable "
                            "declared RANDOM in the NEURON block", node.span)
        args = args[1:]
    if name in SEEDING:
        ex.report.warning("W504", f"{name}() is ignored: braincell's random numbers come "
                          "from the run's seed (seed=... in Python, 'seed:' in a run spec)",
                          node.span)
        return sympy.Integer(0)
    counts = (SCOPLIB[name],) if name in SCOPLIB else STREAM[name]
    if len(args) not in counts:
        ex.report.fatal("E204", f"{name}() takes {' or '.join(map(str, counts))} "
                        "arguments" + (" after the RANDOM variable" if name in STREAM else ""),
                        node.span)
    ex.no_loop(f"{name}()", node.span)
    values = [ex.bind(ex.expr(a)) for a in args]

    def variate(kind, *params):
        site = sympy.Integer(ex.temps.site())
        return ex.bind(draw(sympy.Integer(kind), site, *params))

    if name in ("scop_random", "random_dpick") or (name == "random_uniform" and not values):
        return variate(UNIFORM)
    if name == "random_uniform":
        low, high = values
        return low + (high - low) * variate(UNIFORM)
    if name == "exprand":
        return values[0] * variate(EXPONENTIAL)
    if name == "random_negexp":
        return variate(EXPONENTIAL) * (values[0] if values else 1)
    if name in ("normrand", "random_normal") and values:
        mean, sd = values
        return mean + sd * variate(NORMAL)
    if name == "random_normal":
        return variate(NORMAL)
    if name == "poisrand":
        return variate(POISSON, values[0])
    return variate(BITS)  # random_ipick
