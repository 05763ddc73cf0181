"""Running ``gpufleet`` as an unprivileged user, for the permission cases (the tests run as root).

``run_as_nobody(argv, cwd)`` forks, drops to uid/gid 65534 when root (else stays the current user),
runs ``main(argv)`` in the child and returns its (exit code, stdout, stderr). A fork, not a new
process: the interpreter may live where that user cannot read it. ``shared_dir()`` is a folder
that user can enter (pytest's tmp_path is root's alone).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

NOBODY = 65534


def shared_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="gpufleet-nobody-", dir="/tmp"))
    folder.chmod(0o755)
    return folder


def run_as_nobody(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    from inventory.cli.main import main

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            os.close(read)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            os.chdir(cwd)
            os.environ["XDG_CACHE_HOME"] = str(cwd / ".cache")
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(argv)
            view = memoryview(json.dumps([status, out.getvalue(), err.getvalue()]).encode())
            while view:
                view = view[os.write(write, view) :]
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the unprivileged child failed"
    code, out, err = json.loads(payload)
    return int(code), str(out), str(err)
