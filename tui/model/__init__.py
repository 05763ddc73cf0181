"""The TUI's headless model: what the screens show and why, computed from the engine's Verdict.

No Textual and no rich here (a test checks): the session (load, as-of date, diff revision), the
view of one verdict (tree shape, figures per scope, problems per node), reloads and diff marks.
"""
