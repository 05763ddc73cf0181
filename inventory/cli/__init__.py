from inventory.cli.main import main

__all__ = ["main"]
