"""The pipeline: power contracted but not yet energized at a date, by when it is due, with what slipped.

API (stable; ``rollup --pipeline`` and the TUI build on it):
    pipeline(inventory, as_of) -> Pipeline       every such block, and the sums by due period
    Pipeline: .as_of, .entries (PipelineEntry, by due date), .buckets (Bucket, in due order)
    PipelineEntry: .block, .state (DueState), .due, .bucket, .certain, .slipped, .energization

A block is in the pipeline when it is contracted (certainly or maybe) and not certainly energized
at ``as_of``, by the same lifecycle rules as the rollups (``active``, ``contracted``, its site open).
When it is due and whether it slipped come from ``energization`` (its ``planned:`` dates beside
``energized_on``): due at its expected date or latest plan; *slipped* when every plan has passed
and it is not energized; a block due later than first planned keeps ``slipped`` True.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal

from inventory.check.linking import Inventory
from inventory.model.kinds import DataCenter, PowerAllocation
from inventory.model.units import PartialDate
from inventory.rollup.energization import Energization, EnergizationState, energization
from inventory.rollup.scopes import Presence, ScopeKey, active, contracted, site_opened

NO_DATE = "no date"
SLIPPED = "slipped"


class DueState(enum.StrEnum):
    """Where a block of the pipeline stands at the date."""

    DUE = "due"
    """Its planned energization is ahead."""
    DUE_NOW = "due now"
    """Its planned energization is a span around the date: it may be energized already."""
    SLIPPED = "slipped"
    """Its planned energization is past and it is not energized."""
    UNSCHEDULED = "unscheduled"
    """No date says when it is energized (it may be already)."""


@dataclass(frozen=True, slots=True)
class PipelineEntry:
    """One block of the pipeline."""

    datacenter: str
    region: str | None
    block: PowerAllocation
    state: DueState
    due: PartialDate | None
    """The planned energization (None: unscheduled)."""
    certain: bool
    """Certainly contracted and certainly not energized at the date; otherwise its power is uncertain."""
    energization: Energization
    """Its planned and actual energization at the date (``rollup/energization.py``)."""

    @property
    def slipped(self) -> bool | None:
        """Later than first planned (or its plan passed): True; on plan: False; no plan recorded: None."""
        return self.energization.slipped

    @property
    def bucket(self) -> str:
        """The period it is due in: ``2026-Q3`` (a span within one quarter), the date's own text, or
        ``slipped`` / ``no date``."""
        if self.state is DueState.SLIPPED:
            return SLIPPED
        if self.due is None:
            return NO_DATE
        return quarter_of(self.due)


@dataclass(frozen=True, slots=True)
class Bucket:
    """The pipeline's power due in one period."""

    due: str
    """``2026-Q3``, a wider date's text (``2026-H2``), ``slipped`` or ``no date``."""
    itemized: Decimal
    """Watts certainly contracted and not energized."""
    uncertain: Decimal
    """Watts that may be (a partial or missing date)."""
    blocks: int


@dataclass(frozen=True, slots=True)
class Pipeline:
    as_of: dt.date
    entries: tuple[PipelineEntry, ...]
    """Slipped first, then by due date, unscheduled last; inventory order within."""

    def buckets(self, scope: ScopeKey | None = None) -> list[Bucket]:
        """The sums by due period, in due order, for the fleet or one region or data center."""
        sums: dict[str, list[Decimal]] = {}
        for e in self.entries:
            if scope is not None and not _in_scope(e, scope):
                continue
            entry = sums.setdefault(e.bucket, [Decimal(0), Decimal(0), Decimal(0)])
            entry[0 if e.certain else 1] += e.block.capacity.watts
            entry[2] += 1
        return [Bucket(due, a, b, int(n)) for due, (a, b, n) in sums.items()]


def _in_scope(entry: PipelineEntry, scope: ScopeKey) -> bool:
    kind, name = scope
    if kind == "region":
        return entry.region == name
    if kind == "datacenter":
        return entry.datacenter == name
    if kind == "unassigned":
        return entry.region is None
    return True


def quarter_of(day: PartialDate) -> str:
    """``2026-Q3`` when the date lies within one quarter, else its own text (``2026-H2``, ``2027``)."""
    q_first, q_last = (day.first.month - 1) // 3, (day.last.month - 1) // 3
    if day.first.year == day.last.year and q_first == q_last:
        return f"{day.first.year}-Q{q_first + 1}"
    return day.text


def _entry(dc: DataCenter, block: PowerAllocation, as_of: dt.date, regions: set[str]) -> PipelineEntry | None:
    is_contracted = contracted(block, dc.until, as_of)
    is_active = min(active(block, dc.until, as_of), site_opened(dc, as_of))
    if is_contracted is Presence.OUT or is_active is Presence.IN:
        return None
    found = energization(block, as_of, dc.since)
    due: PartialDate | None
    if found.state is EnergizationState.OVERDUE:
        due = found.latest_plan
        state = DueState.SLIPPED if due is not None else DueState.UNSCHEDULED
    elif found.state in (EnergizationState.MAYBE, EnergizationState.ENERGIZED):
        due, state = found.actual, DueState.DUE_NOW  # a date around the day (or the site not open yet)
    else:
        due, state = found.due, DueState.DUE
    certain = is_contracted is Presence.IN and is_active is Presence.OUT
    region = dc.region if dc.region in regions else None
    return PipelineEntry(dc.id, region, block, state, due, certain, found)


_ORDER = {DueState.SLIPPED: 0, DueState.DUE_NOW: 1, DueState.DUE: 1, DueState.UNSCHEDULED: 2}


def pipeline(inventory: Inventory, as_of: dt.date) -> Pipeline:
    """Every block contracted and not certainly energized at ``as_of``, by when it is due."""
    regions = set(inventory.regions)
    found = [
        e
        for dc in inventory.datacenters.values()
        for block in dc.power
        if (e := _entry(dc, block, as_of, regions)) is not None
    ]

    def order(e: PipelineEntry) -> tuple[int, dt.date, dt.date]:
        due = e.due
        return (_ORDER[e.state], due.first if due else dt.date.max, due.last if due else dt.date.max)

    return Pipeline(as_of, tuple(sorted(found, key=order)))
