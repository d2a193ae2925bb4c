"""`canvass-app serve`: the reference Polis server."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from canvass_app.cli.context import CommandError
from canvass_app.cli.exit_codes import ExitCode
from canvass_app.cli.help_text import examples


def add_arguments(sub: Any) -> None:
    serve = sub.add_parser(
        "serve",
        help="run the reference Polis server (demo, training, tests)",
        description="Run the reference Polis server until Ctrl+C; it prints the URL it "
        "listens on. Plain HTTP: for this machine, training and tests.",
        epilog=examples(
            "canvass-app serve",
            "canvass-app serve --port 0 --seed empty --token T --db server.sqlite3",
            "canvass-app serve --faults 'POST /v2/interactions: 503=0.2; *: latency=200ms'",
        ),
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1; anything else is reachable "
        "from the network)",
    )
    serve.add_argument(
        "--port", type=int, default=8787, help="the port (default 8787; 0 picks a free one)"
    )
    serve.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help="keep the server's state in this file across restarts",
    )
    serve.add_argument(
        "--seed",
        choices=["demo", "empty"],
        default="demo",
        help="start with the demo campaign and walklists (default) or with nothing",
    )
    serve.add_argument(
        "--token", metavar="TOKEN", help="a bearer token the server accepts (default: demo-token)"
    )
    serve.add_argument("--faults", metavar="SPEC", help="fault injection SPEC (see docs/API.md)")
    serve.add_argument(
        "--fault-seed", type=int, default=0, metavar="N", help="seed of the fault dice (default 0)"
    )
    serve.add_argument(
        "--conflict-status",
        type=int,
        default=412,
        metavar="STATUS",
        help="status for a stale etag (default 412)",
    )
    serve.add_argument(
        "--token-ttl", type=float, metavar="SECONDS", help="tokens expire after this many seconds"
    )
    serve.add_argument(
        "--no-idempotency",
        action="store_true",
        help="ignore Idempotency-Key headers (as a server that doesn't know them)",
    )
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from canvass_app.server.runner import ServerOptions, serve

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"Warning: serving on {args.host}; the reference server is for demo, training and "
            "tests and speaks plain HTTP."
        )
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "seed": args.seed,
        "db": args.db,
        "faults": args.faults,
        "fault_seed": args.fault_seed,
        "conflict_status": args.conflict_status,
        "token_ttl_s": args.token_ttl,
        "idempotency": not args.no_idempotency,
    }
    if args.token:
        options["token"] = args.token
    try:
        server_options = ServerOptions(**options)
        serve(server_options)
    except ValueError as error:  # a bad fault SPEC, port or status
        raise CommandError(str(error), ExitCode.USAGE) from error
    return ExitCode.OK
