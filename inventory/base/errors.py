"""The exceptions gpufleet raises on purpose: a user error stops a command with exit code 2.

Problems in the inventory are never raised (they are Diagnostics). These are for when a command
cannot run at all: a missing path, an unknown git revision, a bad option value.
"""

from __future__ import annotations


class InventoryError(Exception):
    """Base of every error meant for the user: printed as a message, never as a traceback."""


class UsageError(InventoryError):
    """The command cannot run as asked (missing path, no YAML files, bad option value)."""
