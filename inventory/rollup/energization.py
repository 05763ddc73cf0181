"""Planned and actual energization of a power block: when it was due, when it came, whether it slipped.

API (stable; the pipeline view builds on it):
    energization(block, day, site_since=None) -> Energization
    Energization: .planned (the first plan), .latest_plan, .actual, .expected, .due, .slipped, .state
A block's ``planned:`` lists the dates it was planned to be energized, oldest plan first;
``energized_on`` is when it was energized (or, still in the future, is expected to be). A slip is
the difference, as data: a block energized after its first plan, re-planned later, or whose plan
has passed without energization. Pure.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from inventory.model.kinds import PowerAllocation
from inventory.model.units import PartialDate
from inventory.rollup.lifecycle import Presence, presence, start_within_site


class EnergizationState(enum.StrEnum):
    """Where a block stands on a day."""

    ENERGIZED = "energized"
    """Certainly energized by the day."""
    MAYBE = "maybe"
    """Its energization date straddles the day (``2025-Q4`` on 2025-11-15)."""
    DUE = "due"
    """Not energized yet; due at a future date (its expected date or its latest plan)."""
    OVERDUE = "overdue"
    """Not energized, and every plan's date has passed (or no date is known at all)."""


@dataclass(frozen=True, slots=True)
class Energization:
    """A block's energization on one day: planned, actual, and whether it slipped."""

    planned: PartialDate | None
    """The first plan's date (what it was first due at); None when no plan is recorded."""
    latest_plan: PartialDate | None
    """The latest plan's date (the same as ``planned`` with one plan)."""
    actual: PartialDate | None
    """``energized_on`` (bounded by the site's since) once it may have been reached by the day; else None."""
    expected: PartialDate | None
    """``energized_on`` while it is still in the future on the day; else None."""
    state: EnergizationState
    day: dt.date
    """The day it is judged at."""
    slipped: bool | None
    """True when energization came, or is now due, certainly later than first planned, or a plan has
    passed without it; False when it is on plan; None when no plan is recorded (nothing to slip from)."""

    @property
    def due(self) -> PartialDate | None:
        """When it is due, for a block not yet energized: its expected date, else its latest plan
        (a plan already passed, for an overdue block)."""
        if self.state in (EnergizationState.ENERGIZED, EnergizationState.MAYBE):
            return None
        return self.expected or self.latest_plan

    @property
    def slip_days(self) -> int | None:
        """Days from the first plan's last day to the actual (or due) date's last day, when later; for
        an overdue block, to the day it is judged at (at least). None without a plan."""
        if self.planned is None:
            return None
        if self.state is EnergizationState.OVERDUE:
            return max(0, (self.day - self.planned.last).days)
        later = self.actual or self.due
        assert later is not None  # energized, maybe or due: a date is known
        return max(0, (later.last - self.planned.last).days)


def energization(block: PowerAllocation, day: dt.date, site_since: PartialDate | None = None) -> Energization:
    """Planned date, actual date and slipped? of ``block`` on ``day``.

    Args:
        block: the power allocation.
        day: the day to judge at (a plan whose last day is before it has passed).
        site_since: its site's ``since``: nothing is energized before its site first receives power.

    Returns:
        The Energization; ``slipped`` is None for a block with no ``planned:`` dates.
    """
    plans = [p.date for p in block.planned]
    planned = plans[0] if plans else None
    latest = plans[-1] if plans else None
    start = start_within_site(block.energized_on, site_since) if block.energized_on is not None else None
    state_now = presence(start, None, day) if start is not None else None
    actual = start if state_now in (Presence.IN, Presence.MAYBE) else None
    expected = start if state_now is Presence.OUT else None
    if state_now is Presence.IN:
        state = EnergizationState.ENERGIZED
    elif state_now is Presence.MAYBE:
        state = EnergizationState.MAYBE
    elif expected is not None or (latest is not None and latest.last >= day):
        state = EnergizationState.DUE
    else:
        state = EnergizationState.OVERDUE
    slipped: bool | None = None
    if planned is not None:
        later = actual or expected
        if later is not None:
            slipped = planned.certainly_before(later)
        else:
            replanned = latest is not None and planned.certainly_before(latest)
            slipped = planned.last < day or replanned
    return Energization(planned, latest, actual, expected, state, day, slipped)
