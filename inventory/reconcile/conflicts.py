"""figure-conflict without comparing every pair: one finding a figure, found in n log n.

Two figures for the same scope, metric and date conflict when no value satisfies both. Comparing
every pair made 2,000 mutually conflicting Reports cost 50 s, 2.6 GB and 2 million lines. Here the
figures of one (scope, metric) are swept in the order they are written; each date span keeps two
Fenwick trees (over the upper and over the lower bounds seen so far), so a figure learns in
O(log n) how many figures written before it lie wholly below or wholly above what it allows, and
which one is the most extreme. A figure that conflicts with earlier ones gets ONE finding, naming
the most extreme and counting the rest; a figure that conflicts only with later ones shares the
finding of the later figure that names it (so its status is ``conflict`` too). Output and memory
grow linearly with the figures.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from inventory.reconcile.figures import SAME_DATE_SPAN, Bounds, ReportedFigure

Key = tuple[Decimal, int]
Span = tuple[dt.date, dt.date]


NAMED = 3
"""A finding names at most this many other figures (the most extreme ones) and counts the rest."""


class Found(Protocol):
    def __call__(self, later: ReportedFigure, named: list[ReportedFigure], more: int) -> object: ...


class _Fenwick:
    """Counts of inserted keys, by rank; ``below(r)`` counts ranks < r."""

    def __init__(self, size: int) -> None:
        self.tree = [0] * (size + 1)

    def add(self, rank: int) -> None:
        i = rank + 1
        while i < len(self.tree):
            self.tree[i] += 1
            i += i & -i

    def below(self, rank: int) -> int:
        total, i = 0, rank
        while i > 0:
            total += self.tree[i]
            i -= i & -i
        return total


class _Span:
    """The figures of one date span seen so far: their upper and (negated) lower bounds."""

    def __init__(self, highs: list[Key], lows: list[Key]) -> None:
        self.highs, self.lows = sorted(set(highs)), sorted(set(lows))
        self.high_tree, self.low_tree = _Fenwick(len(self.highs)), _Fenwick(len(self.lows))
        self.lowest_highs: list[tuple[Key, int]] = []
        """The NAMED lowest upper bounds seen, with their figures; ``highest_lows`` likewise."""
        self.highest_lows: list[tuple[Key, int]] = []
        self.seen: list[int] = []
        """Up to NAMED figures inserted, and how many (``count``)."""
        self.count, self.empty_count = 0, 0
        self.empties: list[int] = []
        """Up to NAMED figures that allow no value at all (``<0``): they conflict with any figure."""

    def insert(self, index: int, high: Key | None, low: Key, empty: bool) -> None:
        self.count += 1
        if len(self.seen) < NAMED:
            self.seen.append(index)
        if empty:  # kept out of the trees: it would count as both wholly below and wholly above
            self.empty_count += 1
            if len(self.empties) < NAMED:
                self.empties.append(index)
            return
        if high is not None:
            self.high_tree.add(bisect.bisect_left(self.highs, high))
            _keep(self.lowest_highs, (high, index))
        self.low_tree.add(bisect.bisect_left(self.lows, low))
        _keep(self.highest_lows, (low, index))

    def conflicting(self, bounds: Bounds) -> tuple[int, list[int]]:
        """How many inserted figures no value of ``bounds`` satisfies, and up to NAMED of them, most extreme first."""
        if _empty(bounds):  # allows no value: every figure conflicts with it
            return self.count, list(self.seen)
        count, named = self.empty_count, []
        below = (bounds.low, 2 if bounds.low_open else 1)  # an upper bound under this: wholly below
        n = bisect.bisect_left(self.highs, below)
        if n:
            count += self.high_tree.below(n)
            named += [i for key, i in self.lowest_highs if key < below]
        if bounds.high is not None:
            above = (-bounds.high, 2 if bounds.high_open else 1)
            m = bisect.bisect_left(self.lows, above)
            if m:
                count += self.low_tree.below(m)
                named += [i for key, i in self.highest_lows if key < above]
        return count, (named + self.empties)[:NAMED]


def _keep(extremes: list[tuple[Key, int]], item: tuple[Key, int]) -> None:
    """Keep the NAMED smallest keys (with their figures), sorted."""
    if len(extremes) < NAMED or item < extremes[-1]:
        bisect.insort(extremes, item)
        del extremes[NAMED:]


def _empty(bounds: Bounds) -> bool:
    """No value satisfies ``bounds`` (``<0``: less than nothing)."""
    if bounds.high is None:
        return False
    return bounds.high < bounds.low or (bounds.high == bounds.low and (bounds.low_open or bounds.high_open))


def _keys(bounds: Bounds) -> tuple[Key | None, Key]:
    high = None if bounds.high is None else (bounds.high, 0 if bounds.high_open else 1)
    return high, (-bounds.low, 0 if bounds.low_open else 1)


def _compatible(spans: list[Span]) -> dict[int, list[int]]:
    """For each span (by index), the spans that mean the same date (itself included): equal spans
    are one bucket; two different spans are the same date only when both are short and overlap."""
    out: dict[int, list[int]] = {i: [i] for i in range(len(spans))}
    short = sorted((i for i, (a, b) in enumerate(spans) if (b - a).days < SAME_DATE_SPAN), key=lambda i: spans[i])
    for n, i in enumerate(short):
        for j in short[n + 1 :]:
            if spans[j][0] > spans[i][1]:
                break
            out[i].append(j)
            out[j].append(i)
    return out


def conflicts(
    figures: Sequence[ReportedFigure], tolerance: Decimal, found: Found
) -> dict[int, list[tuple[object, list[int]]]]:
    """For each figure in a conflict: the findings it takes part in, each with the figures it names.

    A figure gets its own finding when it conflicts with figures written before it (``found(later,
    named, more)`` builds it, naming up to NAMED and counting ``more``), and shares the findings of
    up to NAMED later figures that name it; a figure in conflict that no finding names shares the
    finding of a later figure it conflicts with. At most NAMED + 1 findings a figure: linear.
    """
    groups: dict[tuple[object, str, object], list[int]] = defaultdict(list)
    for i, f in enumerate(figures):  # critical-IT and gross (or unstated) power need not agree: apart
        groups[(f.scope, f.metric, f.basis)].append(i)
    out: dict[int, list[tuple[object, list[int]]]] = {}
    for indexes in groups.values():
        if len(indexes) > 1:
            order = sorted(indexes, key=lambda i: (figures[i].file, figures[i].line, figures[i].col))
            _sweep(figures, order, tolerance, found, out)
    return out


def _sweep(
    figures: Sequence[ReportedFigure],
    order: list[int],
    tolerance: Decimal,
    found: Found,
    out: dict[int, list[tuple[object, list[int]]]],
) -> None:
    """Forward: each figure against those written before it (its own finding). Backward: a figure
    left without any, against those written after it (it shares the finding of the one it meets)."""
    bounds = {i: figures[i].bounds(tolerance) for i in order}
    keys = {i: _keys(bounds[i]) for i in order}
    position = {i: n for n, i in enumerate(order)}
    span_of: dict[Span, int] = {}
    members: list[list[int]] = []
    for i in order:
        span = (figures[i].as_of.first, figures[i].as_of.last)
        if span not in span_of:
            span_of[span] = len(members)
            members.append([])
        members[span_of[span]].append(i)
    compatible = _compatible(list(span_of))

    def meet(sequence: list[int], wanted: set[int] | None) -> dict[int, tuple[int, list[int]]]:
        trees = [
            _Span([k for i in m if (k := keys[i][0]) is not None and not _empty(bounds[i])], [keys[i][1] for i in m])
            for m in members
        ]
        met: dict[int, tuple[int, list[int]]] = {}
        for i in sequence:
            span = span_of[(figures[i].as_of.first, figures[i].as_of.last)]
            if wanted is None or i in wanted:
                count, named = 0, []
                for s in compatible[span]:
                    n, some = trees[s].conflicting(bounds[i])
                    count += n
                    named += some
                if count:
                    met[i] = (count, named[:NAMED])
            trees[span].insert(i, *keys[i], _empty(bounds[i]))
        return met

    own: dict[int, object] = {}
    for i, (count, named) in meet(order, None).items():
        finding = own[i] = found(figures[i], [figures[j] for j in named], count - 1)
        out.setdefault(i, []).insert(0, (finding, sorted(named, key=position.__getitem__)))
        for j in named:  # the figures it names share it (a few each: linear)
            shared = out.setdefault(j, [])
            if len(shared) < NAMED + 1:
                shared.append((finding, [i]))
    alone = {i for i in order if i not in out}
    if alone:
        for i, (_, named) in meet(order[::-1], alone).items():
            later = named[0]  # written after i and in conflict with it: it has a finding of its own
            if later in own:
                out[i] = [(own[later], [later])]
