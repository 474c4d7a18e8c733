"""Runtime: the layout of a discretized cell, its JAX state, and the step primitives."""

from ._layout import Geometry, Group, IonLayout, Layout, build_layout
from ._state import CellParams, CellState, IonState
from ._system import System

__all__ = [
    "Geometry", "Group", "IonLayout", "Layout", "build_layout",
    "CellParams", "CellState", "IonState", "System",
]
