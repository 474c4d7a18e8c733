"""Python twins of the validation .mod files in mod/ (until .mod lowering lands)."""

from __future__ import annotations

from dataclasses import dataclass

import jax.numpy as jnp

from braincell._constants import FARADAY
from braincell.mech import IonUse, Mechanism, Param, Var


@dataclass(frozen=True)
class CaDecay(Mechanism):
    """mod/cadecay.mod: cai' = -10000 ica / (2 F depth) - (cai - cainf) / taur (cnexp)."""

    name: str = "cadecay"
    parameters: tuple = (Param("depth", 0.1, "um"), Param("taur", 200.0, "ms"),
                         Param("cainf", 1e-4, "mM"))
    states: tuple = (Var("cai", "mM"),)
    ions: tuple = (IonUse("ca", read=("ica", "cai"), write=("cai",)),)

    def init(self, p, env):
        return {"cai": p["cainf"] + 0.0 * env.v}

    def breakpoint(self, p, s, env):
        return {}

    def _influx(self, p, env):
        return -10000.0 * env.ions["ica"] / (2 * FARADAY * p["depth"])

    def advance(self, p, s, env):
        target = p["cainf"] + self._influx(p, env) * p["taur"]
        return {"cai": s["cai"] + (1.0 - jnp.exp(-env.dt / p["taur"])) * (target - s["cai"])}

    def derivative(self, p, s, env):
        return {"cai": self._influx(p, env) - (s["cai"] - p["cainf"]) / p["taur"]}


@dataclass(frozen=True)
class CaLeak(Mechanism):
    """mod/caleak.mod: ica = g (v - eca)."""

    name: str = "caleak"
    parameters: tuple = (Param("g", 1e-4, "S/cm2"),)
    ions: tuple = (IonUse("ca", read=("eca",), write=("ica",)),)

    def init(self, p, env):
        return {}

    def breakpoint(self, p, s, env):
        return {"ica": p["g"] * (env.v - env.ions["eca"])}


MECHANISMS = {m.name: m for m in (CaDecay(), CaLeak())}


@dataclass(frozen=True)
class ExpSynTwin(Mechanism):
    """NEURON's ExpSyn written against the event contract (g' = -g/tau; an event adds its
    weight to g)."""

    name: str = "ExpSyn"
    kind: str = "point"
    parameters: tuple = (Param("tau", 0.1, "ms"), Param("e", 0.0, "mV"))
    states: tuple = (Var("g", "uS"),)
    nonspecific_currents: tuple = ("i",)
    net_receive_args: tuple = ("weight",)
    has_net_receive: bool = True

    def init(self, p, env):
        return {"g": 0.0 * env.v}

    def initial(self, p, env):
        return self.init(p, env), {}

    def breakpoint(self, p, s, env):
        return {"i": s["g"] * (env.v - p["e"])}

    def advance(self, p, s, env):
        return {"g": s["g"] + (1.0 - jnp.exp(-env.dt / p["tau"])) * (0.0 - s["g"])}

    def net_receive(self, p, s, args, env, flag):
        return {"g": s["g"] + args["weight"]}, dict(args), {}

    def net_receive_init(self, p, s, args, env):
        return {}, dict(args)
