"""gpufleet's terminal UI (Textual). Imports inventory; inventory never imports this package."""
