"""Lifecycle: whether an entity is in service on a day, given dates that may be partial or absent.

API (stable; re-exported by rollups):
    presence(start, end, day) -> Presence (OUT, MAYBE, IN)     the one rule every entity follows
    active(block, site_until, day, site_since=None), contracted(block, site_until, day)   power blocks
    installed(deployment, site_until, day, site_since=None)    GPU deployments
    site_presence(dc, day), region_presence(since, until, best_site, day) data centers, regions
    earliest_end(*ends)                                         an entity ends with its site
    start_within_site(start, site_since), latest_start(*starts) ... and starts no earlier than it
A site's ``since`` and ``until`` bound what is at it: a block counts as active, and GPUs as
installed, only while the site is in service (contracted power counts from its contract: a
contract may precede the site). ``start_within_site(energized_on, dc.since)`` is the one start
date that gives the same presence as the pair, for callers that work from dates (series, pipelines).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools

from inventory.model.kinds import DataCenter, GpuDeployment, PowerAllocation
from inventory.model.units import PartialDate


class Presence(enum.IntEnum):
    """Whether an entity is in service on a day: certainly not, maybe, or certainly."""

    OUT = 0
    MAYBE = 1
    IN = 2


def presence(start: PartialDate | None, end: PartialDate | None, day: dt.date) -> Presence:
    """The lifecycle rule: is an entity that starts at ``start`` and ends at ``end`` in service on ``day``?

    A start counts once certainly reached (its last possible day is on or before ``day``); an end
    stops the count once it may have been reached (its first possible day is on or before ``day``)
    and certainly once its last possible day is. No start means unknown timing: MAYBE, never zero.

    Args:
        start: the first day in service (partial dates are spans), or None when unknown.
        end: the day it left service (not counted that day), or None when it has not.
        day: the as-of date.

    Returns:
        IN when certainly in service, OUT when certainly not, MAYBE otherwise.
    """
    if start is None:
        state = Presence.MAYBE
    elif start.last <= day:
        state = Presence.IN
    elif start.first > day:
        return Presence.OUT
    else:
        state = Presence.MAYBE
    if end is not None:
        if end.last <= day:
            return Presence.OUT
        if end.first <= day:
            return Presence.MAYBE
    return state


def earliest_end(*ends: PartialDate | None) -> PartialDate | None:
    """The earliest of several end dates (an allocation or a deployment ends with its site)."""
    known = [e for e in ends if e is not None]
    return min(known, key=lambda e: (e.first, e.last)) if known else None


UNKNOWN_START = PartialDate("unknown", dt.date.min, dt.date.max)
"""A start whose date is unknown, as a span: presence() makes it MAYBE on every day, like None."""


def latest_start(*starts: PartialDate | None) -> PartialDate | None:
    """The start of what starts only once all of ``starts`` are reached (None: unknown, may be any day).

    ``presence(latest_start(a, b), end, day)`` equals the lesser of ``presence(a, end, day)`` and
    ``presence(b, end, day)``: a block energized 2025-08-01 at a site ``since: 2026-01`` starts in
    2026-01. Returns None when every start is None.
    """
    known = [s if s is not None else UNKNOWN_START for s in starts]
    if all(s is UNKNOWN_START for s in known):
        return None
    first = max(s.first for s in known)
    last = max(s.last for s in known)
    for s in known:
        if (s.first, s.last) == (first, last):
            return s
    texts = " and ".join(str(s) for s in known if s is not UNKNOWN_START)
    return PartialDate(f"the later of {texts}", first, last)


def start_within_site(start: PartialDate | None, site_since: PartialDate | None) -> PartialDate | None:
    """The start of something at a site, no earlier than the site's ``since`` (None since: no bound).

    ``presence(start_within_site(block.energized_on, dc.since), end, day)`` equals
    ``active(block, dc.until, day, dc.since)`` but for the contract rule (unknown energization is
    OUT before the contract): the one start date to put on a timeline.
    """
    return start if site_since is None else latest_start(start, site_since)


def within_site(state: Presence, site_since: PartialDate | None, day: dt.date) -> Presence:
    """``state`` of something at a site, bounded by the site's ``since`` (nothing counts before it)."""
    if site_since is None or state is Presence.OUT:
        return state
    return min(state, presence(site_since, None, day))


def active(
    block: PowerAllocation, site_until: PartialDate | None, day: dt.date, site_since: PartialDate | None = None
) -> Presence:
    """Is ``block`` energized (and not ended) on ``day``? Unknown energization is MAYBE unless the
    block is certainly not contracted yet (it cannot be energized before its contract). Before its
    site's ``since`` (given as ``site_since``) it is not active, whatever its own date says."""
    end = earliest_end(block.ended_on, site_until)
    if block.energized_on is None and block.contracted_on is not None and block.contracted_on.first > day:
        return Presence.OUT
    return within_site(presence(block.energized_on, end, day), site_since, day)


def contracted(block: PowerAllocation, site_until: PartialDate | None, day: dt.date) -> Presence:
    """Is ``block`` contracted or energized (and not ended) on ``day``? An energized block is contracted."""
    end = earliest_end(block.ended_on, site_until)
    starts = [d for d in (block.contracted_on, block.energized_on) if d is not None]
    if not starts:
        return presence(None, end, day)
    return max(presence(s, end, day) for s in starts)


def site_presence(dc: DataCenter, day: dt.date) -> Presence:
    """A data center counts from ``since`` to ``until``; without ``since``, while one of its blocks is
    active or GPUs are installed there (GPUs in service mean the site receives power).

    A site with neither ``since`` nor a power block nor a GPU deployment has unknown timing: MAYBE.
    """
    if dc.since is not None or not (dc.power or dc.gpus):
        return presence(dc.since, dc.until, day)
    best = Presence.OUT
    for state in itertools.chain(
        (active(b, dc.until, day) for b in dc.power), (installed(g, dc.until, day) for g in dc.gpus)
    ):
        if state is Presence.IN:  # the most it can be: the rest need not be looked at
            return state
        best = max(best, state)
    return best


def installed(
    deployment: GpuDeployment, site_until: PartialDate | None, day: dt.date, site_since: PartialDate | None = None
) -> Presence:
    """Are the GPUs of ``deployment`` in service on ``day``? They arrive no earlier than their site
    (``site_since``) and leave with it."""
    state = presence(deployment.installed_on, earliest_end(deployment.retired_on, site_until), day)
    return within_site(state, site_since, day)


def region_presence(
    since: PartialDate | None, until: PartialDate | None, best_site: Presence, day: dt.date
) -> Presence:
    """A region counts from ``since``, or (without one) from its first data center in service."""
    if since is not None:
        return presence(since, until, day)
    return min(best_site, presence(None, until, day)) if until is not None else best_site
