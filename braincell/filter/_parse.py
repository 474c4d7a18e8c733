"""Read region and locset s-expressions back into Python objects (``parse(str(r)) == r``)."""

from __future__ import annotations

from braincell.filter import _locset as L
from braincell.filter import _region as R
from braincell.filter._errors import ExpressionSyntaxError
from braincell.filter._sexpr import Num, SList, Str, Symbol, read

_REGION_HEADS = {
    "all", "nil", "tag", "branch", "section", "segment", "distance-le", "distance-ge",
    "proximal-interval", "distal-interval", "radius-le", "radius-ge", "region", "join",
    "intersect", "difference",
}  # fmt: skip
_LOCSET_HEADS = {
    "location", "root", "terminal", "on-branches", "uniform", "nearest", "locset", "sum",
    "intersect-locs", "difference-locs",
}  # fmt: skip


def parse_region(text: str) -> R.Region:
    """Parse a region expression such as ``(join (tag 1) (distance-le 50.0 (root)))``."""
    node = read(text)
    out = _build(node, text)
    if not isinstance(out, R.Region):
        raise ExpressionSyntaxError("this is a locset, not a region", text, node.pos)
    return out


def parse_locset(text: str) -> L.Locset:
    """Parse a locset expression such as ``(uniform (tag 3) 10 0)``."""
    node = read(text)
    out = _build(node, text)
    if not isinstance(out, L.Locset):
        raise ExpressionSyntaxError("this is a region, not a locset", text, node.pos)
    return out


def parse_expression(text: str):
    """Parse either kind."""
    return _build(read(text), text)


def _build(node, text):
    if not isinstance(node, SList) or not node.items or not isinstance(node.items[0], Symbol):
        raise ExpressionSyntaxError(
            "expected an expression like (tag 3) or (location 0 0.5)", text, node.pos
        )
    head = node.items[0].name
    args = node.items[1:]

    def num(k, integer=False):
        if k >= len(args) or not isinstance(args[k], Num):
            pos = args[k].pos if k < len(args) else node.pos
            raise ExpressionSyntaxError(
                f"({head} ...): argument {k + 1} must be a number", text, pos
            )
        v = args[k].value
        if integer and not isinstance(v, int):
            raise ExpressionSyntaxError(
                f"({head} ...): argument {k + 1} must be an integer", text, args[k].pos
            )
        return v if integer else float(v)

    def string(k):
        if k >= len(args) or not isinstance(args[k], Str):
            pos = args[k].pos if k < len(args) else node.pos
            raise ExpressionSyntaxError(
                f'({head} ...): argument {k + 1} must be a "string"', text, pos
            )
        return args[k].value

    def branch(k):
        if k < len(args) and isinstance(args[k], Str):
            return args[k].value
        return num(k, integer=True)

    def sub(k, kind):
        if k >= len(args):
            raise ExpressionSyntaxError(f"({head} ...): missing argument {k + 1}", text, node.pos)
        out = _build(args[k], text)
        if not isinstance(out, kind):
            what = "region" if kind is R.Region else "locset"
            raise ExpressionSyntaxError(
                f"({head} ...): argument {k + 1} must be a {what}", text, args[k].pos
            )
        return out

    def arity(n):
        if len(args) != n:
            raise ExpressionSyntaxError(
                f"({head} ...) takes {n} argument(s), got {len(args)}", text, node.pos
            )

    builders = {
        "all": lambda: (arity(0), R.All())[1],
        "nil": lambda: (arity(0), R.Nil())[1],
        "tag": lambda: (arity(1), R.Tag(num(0, True)))[1],
        "branch": lambda: (arity(1), R.Branch(num(0, True)))[1],
        "section": lambda: (arity(1), R.Branch(string(0)))[1],
        "segment": lambda: (arity(3), R.Segment(branch(0), num(1), num(2)))[1],
        "distance-le": lambda: (arity(2), R.Distance("le", num(0), sub(1, L.Locset)))[1],
        "distance-ge": lambda: (arity(2), R.Distance("ge", num(0), sub(1, L.Locset)))[1],
        "proximal-interval": lambda: (arity(2), R.ProximalInterval(sub(0, L.Locset), num(1)))[1],
        "distal-interval": lambda: (arity(2), R.DistalInterval(sub(0, L.Locset), num(1)))[1],
        "radius-le": lambda: (arity(1), R.Radius("le", num(0)))[1],
        "radius-ge": lambda: (arity(1), R.Radius("ge", num(0)))[1],
        "region": lambda: (arity(1), R.Named(string(0)))[1],
        "join": lambda: (arity(2), R.Join(sub(0, R.Region), sub(1, R.Region)))[1],
        "intersect": lambda: (arity(2), R.Intersect(sub(0, R.Region), sub(1, R.Region)))[1],
        "difference": lambda: (arity(2), R.Difference(sub(0, R.Region), sub(1, R.Region)))[1],
        "location": lambda: (arity(2), L.Location(branch(0), num(1)))[1],
        "root": lambda: (arity(0), L.Root())[1],
        "terminal": lambda: (arity(0), L.Terminals())[1],
        "on-branches": lambda: (arity(1), L.OnBranches(num(0)))[1],
        "uniform": lambda: (arity(3), L.Uniform(sub(0, R.Region), num(1, True), num(2, True)))[1],
        "nearest": lambda: (arity(3), L.Nearest(num(0), num(1), num(2)))[1],
        "locset": lambda: (arity(1), L.NamedLocset(string(0)))[1],
        "sum": lambda: (arity(2), L.LsJoin(sub(0, L.Locset), sub(1, L.Locset)))[1],
        "intersect-locs": lambda: (arity(2), L.LsIntersect(sub(0, L.Locset), sub(1, L.Locset)))[1],
        "difference-locs": lambda: (arity(2), L.LsDifference(sub(0, L.Locset), sub(1, L.Locset)))[
            1
        ],
    }
    if head not in builders:
        known = ", ".join(sorted(_REGION_HEADS | _LOCSET_HEADS))
        raise ExpressionSyntaxError(
            f"unknown expression ({head} ...); known: {known}", text, node.items[0].pos
        )
    return builders[head]()
