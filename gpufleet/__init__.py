"""``python -m gpufleet``: the same command as the ``gpufleet`` script (the code lives in inventory/)."""

from inventory import __version__

__all__ = ["__version__"]
