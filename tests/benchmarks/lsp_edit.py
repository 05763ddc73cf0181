"""The editor server's speed, as an editor sees it: the real server process over stdio, a minimal
JSON-RPC client, wall time from a message sent to the diagnostics received.

    python tests/benchmarks/lsp_edit.py open INVENTORY FILE        # process start -> FILE's first check published
    python tests/benchmarks/lsp_edit.py edit INVENTORY FILE N      # N edits of FILE, each -> its diagnostics

``edit`` alternates breaking a reference of FILE (its first ``sku: X`` or ``region: X`` becomes an
unknown id) and fixing it, and times each from the didChange sent to the publishDiagnostics for FILE
that shows the change (the server's debounce included). Prints one JSON object.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

PY = sys.executable
ROOT = Path(__file__).resolve().parents[2]
REFERENCE = re.compile(r"^(\s*-?\s*(?:sku|region|source): )([A-Za-z0-9][\w.-]*)$", re.MULTILINE)


class Client:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [PY, "-m", "inventory", "lsp"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.out: IO[bytes] = self.proc.stdin
        self.inp: IO[bytes] = self.proc.stdout
        self.next_id = 0

    def send(self, method: str, params: Any, *, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.out.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.out.flush()
        return ident

    def receive(self) -> dict[str, Any]:
        length = 0
        while True:
            line = self.inp.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        message: dict[str, Any] = json.loads(self.inp.read(length))
        return message

    def response(self, ident: int | None) -> dict[str, Any]:
        while True:
            message = self.receive()
            if message.get("id") == ident and "method" not in message:
                return message

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        while True:
            message = self.receive()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                found: list[dict[str, Any]] = message["params"]["diagnostics"]
                return found

    def initialize(self, folder: Path) -> None:
        params = {"processId": None, "rootUri": folder.as_uri(), "capabilities": {}, "workspaceFolders": None}
        self.response(self.send("initialize", params, request=True))
        self.send("initialized", {})

    def open(self, path: Path) -> str:
        uri = path.as_uri()
        item = {"uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}
        self.send("textDocument/didOpen", {"textDocument": item})
        return uri

    def close(self) -> None:
        self.response(self.send("shutdown", None, request=True))
        self.send("exit", None)
        self.proc.wait(timeout=30)


def bench_open(inventory: Path, file: Path) -> dict[str, Any]:
    start = time.perf_counter()
    client = Client()
    client.initialize(inventory)
    uri = client.open(file)
    client.diagnostics(uri)
    seconds = time.perf_counter() - start
    client.close()
    return {"seconds": seconds}


def bench_edit(inventory: Path, file: Path, edits: int) -> dict[str, Any]:
    client = Client()
    client.initialize(inventory)
    uri = client.open(file)
    first = client.diagnostics(uri)
    text = file.read_text(encoding="utf-8")
    m = REFERENCE.search(text)
    if m is None:
        raise SystemExit(f"{file}: no sku/region/source reference to break")
    line = text[: m.start(2)].count("\n")
    col = m.start(2) - (text.rfind("\n", 0, m.start(2)) + 1)
    good = m.group(2)
    bad = good + "-unknown"
    times = []
    current = good
    for version in range(2, edits + 2):
        new = bad if current == good else good
        change = {
            "range": {
                "start": {"line": line, "character": col},
                "end": {"line": line, "character": col + len(current)},
            },
            "text": new,
        }
        start = time.perf_counter()
        client.send(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
        while True:
            found = client.diagnostics(uri)
            broken = any(str(d.get("code", "")).startswith("unknown-") for d in found)
            if broken == (new == bad):
                break
        times.append(time.perf_counter() - start)
        current = new
    client.close()
    return {"seconds": times, "first_diagnostics": len(first)}


def main(argv: list[str]) -> int:
    what, inventory, file = argv[0], Path(argv[1]).absolute(), Path(argv[2]).absolute()
    result = bench_open(inventory, file) if what == "open" else bench_edit(inventory, file, int(argv[3]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
