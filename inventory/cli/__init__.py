"""The command line: ``main`` (in ``inventory.cli.main``) and ``entry``, the ``gpufleet`` script.

This package's own module imports nothing, so that a Ctrl-C during the imports (about 0.1 s before
``main`` runs) still ends in exit code 130 and no traceback.
"""

from __future__ import annotations


def entry() -> None:
    """The ``gpufleet`` console script: ``main()``, and 130 for an interrupt at any moment."""
    try:
        from inventory.cli.main import main

        code = main()
    except KeyboardInterrupt:
        code = 130
    raise SystemExit(code)


def __getattr__(name: str) -> object:
    """``from inventory.cli import main`` for a ``gpufleet`` script installed before ``entry`` existed."""
    if name == "main":

        def main() -> int:
            try:
                from inventory.cli.main import main as run

                return run()
            except KeyboardInterrupt:
                return 130

        return main
    raise AttributeError(name)
