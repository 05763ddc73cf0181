"""The ``gpufleet`` command: argument parsing, exit codes, and the one place errors become codes.

Each verb lives in ``inventory/cli/<verb>.py`` with ``add_parser(subparsers)`` and
``run(args) -> int``; this module wires them up. stdout is data, stderr is talk.
Exit codes: 0 ok, 1 findings (or differences), 2 cannot run, 3 internal error (a bug: one line on
stderr, the traceback saved to a file, see ``crash``), 130 interrupted, 141 stdout closed before
anything was judged (``gpufleet --help | true``). ``main`` is the safety net: whatever happens
inside, it returns one of these and never lets a traceback reach the user.
"""

from __future__ import annotations

import argparse
import enum
import importlib
import os
import sys
from collections.abc import Sequence

from inventory import __version__
from inventory.base.diagnostics import suggest
from inventory.base.errors import InventoryError
from inventory.cli import crash, replay, streams
from inventory.output import formats

COMMANDS = (
    "validate",
    "rollup",
    "reconcile",
    "diff",
    "chart",
    "schema",
    "generate",
    "tui",
    "completion",
    "lsp",
    "cache",
)
"""Verbs, in the order --help lists them; each is a module in inventory/cli/."""
_HELP = frozenset(("-h", "--help", "--version"))


class ExitCode(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3
    INTERRUPTED = 130
    PIPE_CLOSED = 141


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given ``argv`` naming a verb, only that verb's module is imported (the others
    are placeholders argparse can name in an error), so a run pays for one verb's imports."""
    parser = argparse.ArgumentParser(
        prog="gpufleet",
        description="Keep a GPU cloud's fleet as data: validate, roll up, reconcile, diff, browse.",
        epilog="exit codes: 0 ok, 1 findings or differences, 2 cannot run (bad flag, missing path)",
    )
    parser.add_argument("--version", action="version", version=f"gpufleet {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = _verb(argv)
    for name in COMMANDS:
        if wanted is None or name == wanted:
            importlib.import_module(f"inventory.cli.{name}").add_parser(sub)
            if name in replay.CACHED and name != "diff":  # diff declares it among its operands' options
                sub.choices[name].add_argument(
                    "--no-cache", action="store_true", help="neither read nor write the cache (GPUFLEET_NO_CACHE=1)"
                )
        else:
            sub.add_parser(name)
    return parser


def _verb(argv: Sequence[str] | None) -> str | None:
    """The verb ``argv`` runs when it is one (and no top-level --help/--version comes first)."""
    for arg in argv or ():
        if arg in _HELP:
            return None
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv``; an unknown option is refused by its verb's parser, with a suggestion."""
    args, extra = parser.parse_known_args(argv)
    if extra:
        verb = _subparsers(parser)[args.command]
        options = [o for action in verb._actions for o in action.option_strings]
        hint = suggest(extra[0].split("=", 1)[0], options)
        verb.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    return args


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _refused_document(argv: list[str]) -> None:
    """After argparse refused the command line: the document a JSON (or SARIF) format promises, on stdout."""
    command = next((a for a in argv if a in COMMANDS), None)
    name = None
    for i, arg in enumerate(argv):
        if arg == "--format" and i + 1 < len(argv):
            name = argv[i + 1]
        elif arg.startswith("--format="):
            name = arg.split("=", 1)[1]
    if command is None or name is None:
        return
    document = formats.render_error(command, name, "the command line was refused (the reason is on stderr)")
    if document is not None:
        sys.stdout.write(document)


def _prefetch(argv: Sequence[str]) -> None:
    from inventory.read import prefetch  # not on a run the cache answers

    prefetch.start(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``gpufleet argv``; always returns an exit code (see the module's docstring), never raises."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        with streams.guarded() as outcome:
            try:
                code = _run(arguments)
            finally:
                _cancel_prefetch()
            return _settle(code, outcome)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except Exception as exc:  # the net under the net: a failure while reporting or cleaning up
        if _interrupted(exc):
            return ExitCode.INTERRUPTED
        try:
            return _internal(exc, arguments)
        except Exception:
            return ExitCode.INTERNAL


def _run(arguments: list[str]) -> int | None:
    """The verb's exit code; None when the run ended before judging anything (--help, --version)."""
    try:
        completing = "_ARGCOMPLETE" in os.environ  # the shell asks for completions (see `gpufleet completion`)
        parser = build_parser(None if completing else arguments)  # light: only the verb's own module
        if completing:
            import argcomplete  # only here: a normal run never pays for it

            argcomplete.autocomplete(parser)  # prints the completions and exits when the shell asked
        try:
            args = parse(parser, arguments)
        except SystemExit as exc:  # argparse: --help/--version exit 0, a bad flag exits 2
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else ExitCode.USAGE)
            if code == ExitCode.USAGE:
                _refused_document(arguments)
            return None if code == 0 else code
        try:
            # The prefetching child reads big inventories while the engine imports; not for an answer the cache has.
            return int(replay.run(args, start=lambda: _prefetch(arguments)))
        except InventoryError as exc:
            print(f"gpufleet: error: {exc}", file=sys.stderr)
            document = formats.render_error(args.command, getattr(args, "format", None) or "", str(exc))
            if document is not None:  # a program reading stdout still gets its format, with status error
                sys.stdout.write(document)
            return ExitCode.USAGE
    except InventoryError as exc:  # before a verb runs (prefetch, the parser)
        print(f"gpufleet: error: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        if _interrupted(exc):  # a Ctrl-C inside class creation or an import arrives wrapped
            raise KeyboardInterrupt from None
        return _failure(exc, arguments)


def _cancel_prefetch() -> None:
    prefetch = sys.modules.get("inventory.read.prefetch")  # imported only when a child may have been started
    if prefetch is not None:
        prefetch.cancel()


def _failure(exc: Exception, arguments: list[str]) -> int:
    if isinstance(exc, MemoryError):
        print("gpufleet: error: out of memory", file=sys.stderr)
    return _internal(exc, arguments)


def _interrupted(exc: BaseException) -> bool:
    """True when a KeyboardInterrupt is the cause (or context) of ``exc``, at any depth."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _internal(exc: BaseException, arguments: list[str]) -> int:
    for line in crash.report(exc, arguments):
        print(line, file=sys.stderr)
    return ExitCode.INTERNAL


def _settle(code: int | None, outcome: streams.Outcome) -> int:
    """The exit code once the output is flushed: a failed write (ENOSPC, EIO) is 2, a closed stdout
    keeps what the run earned (141 when it judged nothing)."""
    sys.stdout.flush()
    for stream in (outcome.stdout, outcome.stderr):
        if stream.failure is not None:
            reason = stream.failure.strerror or type(stream.failure).__name__
            print(f"gpufleet: error: cannot write to {stream.name}: {reason}", file=sys.stderr)
            return ExitCode.USAGE if code != ExitCode.INTERNAL else ExitCode.INTERNAL
    if code is None:
        return ExitCode.PIPE_CLOSED if outcome.stdout.broken else ExitCode.OK
    return code
