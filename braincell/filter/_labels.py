"""A label dictionary: names for regions and locsets, resolved lazily by ``(region "name")``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from braincell.filter._errors import RegionError
from braincell.filter._locset import Locset
from braincell.filter._parse import parse_expression
from braincell.filter._region import Region


class LabelDict(Mapping):
    """``LabelDict({"proximal": distance_le(50.0), "tips": terminals})``; values may also be
    s-expression strings. Names refer to each other with ``(region "x")``/``(locset "x")``."""

    def __init__(self, labels: Mapping[str, Region | Locset | str] | None = None):
        self._items: dict[str, Region | Locset] = {}
        for name, value in (labels or {}).items():
            self[name] = value

    def __setitem__(self, name: str, value: Region | Locset | str) -> None:
        if isinstance(value, str):
            value = parse_expression(value)
        if not isinstance(value, (Region, Locset)):
            raise RegionError(f"label {name!r}: expected a Region or Locset, got {value!r}")
        self._items[name] = value

    def __getitem__(self, name: str):
        return self._items[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def region(self, name: str) -> Region:
        v = self._items.get(name)
        if not isinstance(v, Region):
            raise RegionError(f"{name!r} is not a region label; regions: {self.regions()}")
        return v

    def locset(self, name: str) -> Locset:
        v = self._items.get(name)
        if not isinstance(v, Locset):
            raise RegionError(f"{name!r} is not a locset label; locsets: {self.locsets()}")
        return v

    def regions(self) -> list[str]:
        return [k for k, v in self._items.items() if isinstance(v, Region)]

    def locsets(self) -> list[str]:
        return [k for k, v in self._items.items() if isinstance(v, Locset)]

    def __str__(self) -> str:
        lines = [
            f"(region-def {k!r} {v})" if isinstance(v, Region) else f"(locset-def {k!r} {v})"
            for k, v in self._items.items()
        ]
        return "\n".join(lines)
