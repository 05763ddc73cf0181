"""gpufleet: a GPU cloud's fleet kept as data. This package is the core: no Textual, no rich."""

from __future__ import annotations

__version__ = "0.1.0"
