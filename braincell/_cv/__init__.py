"""Discretization: CV policies and NEURON-identical node geometry (areas, ri, NODEA/NODEB)."""

from braincell._cv._errors import DiscretizationError
from braincell._cv._geometry import NodeGeometry, discretize, segment_index
from braincell._cv._policy import (
    Composed,
    CVPolicy,
    DLambda,
    FixedPerSection,
    MaxExtent,
    Restricted,
    Single,
    by_region,
    lambda_f,
)

__all__ = [
    "CVPolicy",
    "Composed",
    "DLambda",
    "DiscretizationError",
    "FixedPerSection",
    "MaxExtent",
    "NodeGeometry",
    "Restricted",
    "Single",
    "by_region",
    "discretize",
    "lambda_f",
    "segment_index",
]
