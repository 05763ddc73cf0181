"""A synthetic fleet drawn from a seed: its sites and regions (plan.py), then its Reports and the
discrepancies planted in it (planted.py)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from inventory.generate.plan import GPUS_PER_SITE, FleetPlan, regions_for, sites_for
from inventory.generate.planted import plant


def plan_fleet(gpus: int, seed: int = 1, discrepancies: int = 0, kinds: Sequence[str] | None = None) -> FleetPlan:
    """Draw a fleet of exactly ``gpus`` GPUs (a multiple of 8) from ``seed``, with its Reports.

    Args:
        gpus: GPUs in the fleet, a multiple of 8.
        seed: the same seed gives the same fleet.
        discrepancies: how many mistakes to plant, each reported once by ``gpufleet validate``.
        kinds: which kinds of mistake (planted.DISCREPANCY_KINDS); default planted.DEFAULT_KINDS.

    Raises:
        UsageError: unknown kinds, kinds that cannot be reported in one run, or a fleet too small
            to hold ``discrepancies`` distinct mistakes.
    """
    rng = random.Random(seed)
    units = gpus // 8
    n_sites = max(1, min(units, max(min(4, gpus // 2000), round(gpus / GPUS_PER_SITE))))
    n_regions = max(1, -(-n_sites // 3))
    regions = regions_for(n_regions, rng)
    plan = FleetPlan(gpus, seed, regions, sites_for(n_sites, units, regions, rng))
    plant(plan, discrepancies, kinds, random.Random(f"plant:{seed}"))
    return plan
