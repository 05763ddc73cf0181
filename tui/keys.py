"""Every key of the TUI in one table; the bindings, the footer, ``?``, the palette and the README read it.

A ``Key`` names its keys (Textual key names, comma-separated), the action, what it does and where it
works. The widgets and screens take their BINDINGS from here (``bindings(where)``), so a key added
to the table works, shows in ``?`` and lands in the README's generated key list at once. Keys that a
Textual widget binds itself (Tab, PgUp, the palette) are in the table too, marked ``TEXTUAL``, so
``?`` is complete; a test checks that Textual still binds each of them.

Nothing here imports a screen or the app: the screens import this module, never the other way.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

APP = "Everywhere"
VIEWS = "In every view"
FLEET = "Fleet"
TABLES = "Problems and Reports"
MOVE = "Moving (tree and tables)"
TREE = "Tree"
TEXTUAL = "Built into Textual"
SECTIONS = (APP, VIEWS, FLEET, TABLES, MOVE, TREE, TEXTUAL)
"""Where a key works, in the order ``?`` and the README list them."""


@dataclass(frozen=True, slots=True)
class Key:
    """One line of the key table."""

    keys: str
    """Textual key names, comma-separated: ``j,down``."""
    action: str
    does: str
    """What it does, as ``?`` and the README say it."""
    where: str
    footer: str = ""
    """The footer's short label; empty keeps the key out of the footer."""
    priority: bool = False
    """Checked before the focused widget (Ctrl+C quits even from an input)."""


KEYS: tuple[Key, ...] = (
    Key("q", "quit", "quit", APP, "Quit"),
    Key("ctrl+c", "quit", "quit at once (no second key)", APP, priority=True),
    Key("question_mark", "help", "this list of keys", APP, "Keys"),
    Key("1", "switch_mode('fleet')", "Fleet: the tree, the detail, the rollup and checks", APP, "Fleet"),
    Key("2", "switch_mode('problems')", "Problems: every diagnostic", APP, "Problems"),
    Key("3", "switch_mode('reports')", "Reports: each reported figure against the inventory", APP, "Reports"),
    Key("colon", "jump", "jump to an id (a data center, deployment, report...) in the tree", APP, "Jump"),
    Key(
        "e",
        "edit",
        "open $VISUAL/$EDITOR at the selection's file and line (+LINE ./FILE, never a shell), then reload",
        APP,
        "Edit",
    ),
    Key("r", "reload", "reload (changed files also reload by themselves)", APP, "Reload"),
    Key("a", "as_of", "set the as-of date; everything recomputes, the selection stays", APP, "As-of"),
    Key("d", "diff", "diff against a git revision (empty leaves diff mode)", APP, "Diff"),
    Key("slash", "filter", "filter this view as you type (the tree, or the table's rows)", VIEWS, "Filter"),
    Key("escape", "clear_filter", "clear the filter (the selection stays)", VIEWS),
    Key("y", "copy_id", "copy the selection's id to the clipboard (OSC 52)", VIEWS, "Copy"),
    Key("Y", "copy_location", "copy the selection's file:line", VIEWS),
    Key(
        "t",
        "timeline",
        "the selected scope over time: power, GPUs and reported figures (as gpufleet chart)",
        FLEET,
        "Timeline",
    ),
    Key("n", "next_match", "next filter match", FLEET),
    Key("N", "previous_match", "previous filter match", FLEET),
    Key("s", "sort_next", "sort by the next column", TABLES, "Sort"),
    Key("S", "sort_reverse", "reverse the sort", TABLES),
    Key("f", "cycle_level", "show only one severity (Problems) or status (Reports); again for the next", TABLES),
    Key("enter", "jump_to_row", "show the row's entity in the tree", TABLES),
    Key("j,down", "cursor_down", "down", MOVE),
    Key("k,up", "cursor_up", "up", MOVE),
    Key("g,home", "first", "first line", MOVE),
    Key("G,end", "last", "last line", MOVE),
    Key("left", "collapse_or_parent", "collapse, or go to the parent", TREE),
    Key("right", "expand_node", "expand", TREE),
    Key("enter", "select_cursor", "in the tree: open or close the node", TEXTUAL),
    Key("pageup,pagedown", "page_up", "a page up, a page down", TEXTUAL),
    Key("tab,shift+tab", "app.focus_next", "next, previous pane", TEXTUAL),
    Key("ctrl+p", "command_palette", "command palette: every action by name", TEXTUAL),
)

DISPLAY = {
    "question_mark": "?",
    "slash": "/",
    "colon": ":",
    "escape": "Esc",
    "enter": "Enter",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "home": "Home",
    "end": "End",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "ctrl+c": "Ctrl+C",
    "ctrl+p": "Ctrl+P",
}
"""How a Textual key name reads in ``?`` and the README (a letter reads as itself)."""


def key_display(keys: str) -> str:
    """``j,down`` -> ``j ↓``."""
    return " ".join(DISPLAY.get(k, k) for k in keys.split(","))


def bindings(where: str) -> list[BindingType]:
    """The Textual bindings of one section (the TEXTUAL section has none: Textual binds those)."""
    assert where != TEXTUAL
    found: list[BindingType] = [
        Binding(k.keys, k.action, k.footer or k.does, show=bool(k.footer), priority=k.priority)
        for k in KEYS
        if k.where == where
    ]
    return found


def help_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, what they do)]) for ``?``, every key of the table."""
    return [(where, [(key_display(k.keys), k.does) for k in KEYS if k.where == where]) for where in SECTIONS]


def readme_keys() -> str:
    """The README's key table (a generated block, checked by ``python -m tui.readme --check``)."""
    rows = ["| where | key | does |", "|---|---|---|"]
    for where, keys in help_sections():
        for shown, does in keys:
            cell = " ".join(f"`{part}`" for part in shown.split(" "))
            rows.append(f"| {where} | {cell} | {does} |")
    return "\n".join(rows) + "\n"
