"""``gpufleet diff OLD [NEW] [[--] PATH]``: what a change does to the fleet, not to the YAML.

OLD and NEW are directories or git revisions (NEW defaults to the working tree). Options may come
before, between or after the operands; everything after ``--`` is the PATH. The diff goes to
stdout; notes about the sides (an empty side, a side that does not validate) go to stderr.
Exit codes: 0 done (no difference, or differences without --exit-code), 1 differences with
--exit-code, 2 cannot run.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inventory.base.errors import UsageError
from inventory.base.text import terminal_safe
from inventory.cli import common
from inventory.cli.common import Where, add_color_option, add_exclude_option, locate, resolve_format, use_color
from inventory.diff.inputs import Side, errors_of, load_sides, resolve_sides
from inventory.model.units import as_of_day
from inventory.output import diagnostics as report
from inventory.output import formats

if TYPE_CHECKING:
    from inventory.output.diff_text import SideInfo
from inventory.output.diff_markdown import BUDGET

USAGE = "gpufleet diff [options] OLD [NEW] [[--] PATH]"
OPERANDS_HELP = "two directories or git revisions (NEW: the working tree), then the inventory's folder"
DESCRIPTION = """\
Compare two versions of the inventory entity by entity: what was added, removed, changed or
renamed, how the fleet's and the regions' figures move, and which checks start or stop failing.

OLD and NEW are each a directory or a git revision (HEAD~1, main, a tag, a sha), read straight
from git objects without a checkout. With OLD only, OLD is compared with the working tree. PATH is
the inventory's folder inside each side (default: the current directory's; with a revision and a
directory of the same repository, that directory's folder).
"""
EPILOG = """\
examples:
  gpufleet diff HEAD -- seeds/coreweave         uncommitted edits (the working tree against HEAD)
  gpufleet diff origin/main HEAD --format markdown -- seeds/coreweave
  gpufleet diff --exit-code old-export/ new-export/
  gpufleet diff HEAD~1 HEAD --from 2025 --to 2027 --every quarter -- seeds/coreweave
                                                what a change does to each quarter's figures

exit codes: 0 done (no difference, or differences without --exit-code), 1 differences with
--exit-code, 2 cannot run (unknown revision, missing directory, not a git repository)
"""


def _as_of(text: str) -> Any:
    try:
        return as_of_day(text)
    except (ValueError, TypeError) as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _declare(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """The options, declared on the visible parser (with defaults) and on the operand re-parser."""

    def default(value: object) -> dict[str, Any]:
        return {"default": value} if defaults else {}

    parser.add_argument(
        "--format",
        choices=formats.choices("diff"),
        help=f"output format (default: the config's, else text): {formats.help_text('diff')}",
        **default(None),
    )
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when the fleet differs, like git diff --exit-code",
        **default(False),
    )
    parser.add_argument(
        "--as-of",
        type=_as_of,
        metavar="DATE",
        help="roll both sides up at DATE (default: each side at its own Fleet as_of)",
        **default(None),
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="also list entities only moved to another file", **default(False)
    )
    parser.add_argument(
        "--max-changes",
        type=_positive,
        metavar="N",
        help="markdown: list at most N entity changes (the rest are counted; text and JSON list every one)",
        **default(None),
    )
    parser.add_argument(
        "--budget",
        type=_positive,
        metavar="CHARS",
        help=f"markdown: keep the comment under CHARS characters (default: {BUDGET:,}; GitHub refuses over 65,536)",
        **default(BUDGET),
    )
    add_color_option(parser)
    add_exclude_option(parser)
    common.add_series_options(parser, defaults=defaults)
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache (also: GPUFLEET_NO_CACHE=1)",
        **default(False),
    )
    if not defaults:
        parser.set_defaults(color=argparse.SUPPRESS)


def add_parser(sub: Any) -> None:
    parser = sub.add_parser(
        "diff",
        usage=USAGE,
        help="what a change does to the fleet: entities, rollups, checks (directories or git revisions)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _declare(parser, defaults=True)
    parser.add_argument(
        "operands",
        nargs=argparse.REMAINDER,
        metavar="OLD [NEW] [[--] PATH]",
        help=OPERANDS_HELP,
    )
    parser.set_defaults(run=run)


def split_operands(args: argparse.Namespace) -> tuple[list[str], str | None]:
    """The operands before ``--`` and the PATH after it, with options among the operands applied to ``args``.

    Why: argparse cannot mix positionals and options freely (``OLD --format json -- PATH``), so the
    command takes the rest of its line as is and reads it again here with the same options.

    Raises:
        UsageError: a bad option, or more than one PATH after ``--``.
    """
    rest: list[str] = list(args.operands)
    after: list[str] = []
    if "--" in rest:
        cut = rest.index("--")
        rest, after = rest[:cut], rest[cut + 1 :]
    inner = argparse.ArgumentParser(
        prog="gpufleet diff",
        usage=USAGE,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        argument_default=argparse.SUPPRESS,
    )
    _declare(inner, defaults=False)
    inner.add_argument("before", nargs="*", metavar="OLD [NEW] [[--] PATH]", help=OPERANDS_HELP)
    try:
        parsed = inner.parse_intermixed_args(rest)
    except SystemExit as exc:  # argparse already printed the usage and the problem
        raise _Exit(int(exc.code or 0)) from None
    for key, value in vars(parsed).items():
        if key != "before":
            setattr(args, key, value)
    if len(after) > 1:
        raise UsageError(f"one PATH after --, got {len(after)}: {' '.join(after)} (options go before --)")
    return list(getattr(parsed, "before", [])), after[0] if after else None


class _Exit(Exception):
    """argparse finished the command (after --help, or a bad option): exit with this code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _info(side: Side, counts: tuple[int, int]) -> SideInfo:
    from inventory.output.diff_text import SideInfo

    spec = side.spec
    return SideInfo(spec.label, spec.kind, spec.where, spec.commit, side.files, *counts, prefix=spec.prefix)


def link_base() -> str | None:
    """The repository's web address under GitHub Actions (``$GITHUB_SERVER_URL/$GITHUB_REPOSITORY``), else None."""
    server, repository = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    if not server or not repository:
        return None
    return f"{server.rstrip('/')}/{repository}"


def _tell(side: Side, *, color: bool) -> None:
    """Notes about one side on stderr: empty, links skipped, errors (the diff still covers the rest)."""
    name = f"{side.spec.role} ({terminal_safe(side.spec.where)})"
    for note in side.notes:
        print(f"gpufleet: note: {terminal_safe(note)}", file=sys.stderr)
    if side.files == 0:
        state = "does not exist there" if side.missing else "holds no YAML file"
        print(f"gpufleet: note: {name}: the inventory folder {state}; compared as an empty inventory", file=sys.stderr)
    errors = errors_of(side)
    if errors:
        n = len(errors)
        print(
            f"gpufleet: {name} does not validate ({n} error{'s' * (n != 1)}); the diff covers what could be read:",
            file=sys.stderr,
        )
        sys.stderr.write(report.render_text(errors, report.Checked(side.files), color=color))


def _root_path(operands: list[str], where: Where, cwd: Path) -> str | None:
    """PATH when none is given: the inventory root found from here (as git finds ``.git``), so that
    diff run from a sub-folder reads the whole inventory; None when there is none or when a side
    is a directory (its PATH is inside that directory, not here)."""
    if where.root is None or any((cwd / o).is_dir() for o in operands):
        return None
    paths = where.root.paths
    folder = paths[0] if len(paths) == 1 and paths[0].is_dir() else where.root.folder
    return os.path.relpath(folder, cwd)


def _as_of_default(where: Where) -> Any:
    text = where.configured("as_of", "diff")
    if text is None:
        return None
    try:
        return as_of_day(text)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"{where.root.config if where.root else 'config'}: as_of: {exc}") from None


def run(args: argparse.Namespace) -> int:
    try:
        operands, path = split_operands(args)
    except _Exit as exc:
        return exc.code
    cwd = Path.cwd()
    where = locate([path] if path else [], args.exclude)
    args.format = resolve_format(args.format, "diff", where.configured("format", "diff"))
    if path is None:
        path = _root_path(operands, where, cwd)
    old_spec, new_spec = resolve_sides(operands, path, cwd)
    as_of = args.as_of if args.as_of is not None else _as_of_default(where)
    from inventory.diff.compare import compare  # here: a diff answered from the cache never imports them
    from inventory.engine import Loader
    from inventory.output.diff_text import DiffView

    loader = Loader(cache=getattr(args, "cache_store", None))
    old, new = load_sides(old_spec, new_spec, cwd, exclude=where.exclude, loader=loader)
    for side in (old, new):
        _tell(side, color=use_color(args.color, sys.stderr))
    if old.verdict.cannot_run or new.verdict.cannot_run:
        print("gpufleet: error: a file could not be read; no diff", file=sys.stderr)
        return 2
    days = None
    if common.wants_series(args):
        has_fleet = new.verdict.inventory.fleet is not None
        request = common.series_request(args, (new if has_fleet else old).verdict.inventory, with_as_of=True)
        days = request.days
    diff = compare(old.verdict, new.verdict, as_of=as_of, days=days)
    if not diff.reconciled:
        print("gpufleet: note: reconciliation skipped, as in validate: a side has errors", file=sys.stderr)
    sides = (_info(old, diff.problem_counts("old")), _info(new, diff.problem_counts("new")))
    view = DiffView(diff, *sides, args.verbose, use_color(args.color), args.budget, args.max_changes, link_base())
    out = formats.render("diff", args.format, view)
    sys.stdout.write(out)
    return 1 if args.exit_code and diff.differs else 0
