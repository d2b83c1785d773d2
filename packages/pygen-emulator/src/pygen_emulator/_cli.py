"""The ``pygen-emulator`` command: serve a local DMS-compatible API until interrupted."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from ._config import EmulatorConfig
from ._errors import EmulatorError
from ._server import Emulator


def build_parser(prog: str = "pygen-emulator") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Serve a local, CDF data modeling (DMS) compatible API on SQLite.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=8000, help="port to listen on; 0 picks a free one (default: %(default)s)"
    )
    parser.add_argument("--db", default=":memory:", help="SQLite file to keep data in (default: in memory)")
    parser.add_argument("--project", default="pygen", help="CDF project name to serve (default: %(default)s)")
    parser.add_argument("--token", default=None, help="bearer token to require (default: accept any bearer token)")
    parser.add_argument(
        "--oauth-client",
        action="append",
        default=[],
        metavar="ID:SECRET",
        help="allow this client at the client-credentials endpoint /oauth2/token (repeatable)",
    )
    parser.add_argument(
        "--model", action="append", default=[], metavar="FILE", help="model file to load at start (repeatable)"
    )
    parser.add_argument(
        "--instances", action="append", default=[], metavar="FILE", help="instances file to load at start (repeatable)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    clients = {}
    for pair in args.oauth_client:
        client_id, sep, secret = pair.partition(":")
        if not sep or not client_id:
            parser.error(f"--oauth-client expects ID:SECRET, got {pair!r}")
        clients[client_id] = secret
    config = EmulatorConfig(
        db=args.db, project=args.project, token=args.token, oauth_clients=clients, host=args.host, port=args.port
    )
    emulator = Emulator(config)
    try:
        for path in args.model:
            counts = emulator.load_model(path)
            print(f"loaded model {path}: {counts}", file=sys.stderr)
        for path in args.instances:
            print(f"loaded {emulator.load_instances(path)} instances from {path}", file=sys.stderr)
    except EmulatorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        emulator.start()
    except EmulatorError as error:
        print(f"error: {error}", file=sys.stderr)
        emulator.close()
        return 1
    print(f"pygen-emulator serving project {args.project!r} at {emulator.base_url}", file=sys.stderr)
    print(f"  API:       {emulator.api_url}/models/...", file=sys.stderr)
    print(f"  token URL: {emulator.token_url}", file=sys.stderr)
    print("Press Ctrl+C to stop.", file=sys.stderr, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            if not emulator.running:
                print("error: the server stopped unexpectedly", file=sys.stderr)
                return 1
    except KeyboardInterrupt:
        pass
    finally:
        emulator.close()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
