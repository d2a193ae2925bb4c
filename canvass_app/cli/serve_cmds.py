"""`canvass-app serve`: the reference Polis server."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from canvass_app.cli.context import CommandError
from canvass_app.cli.exit_codes import ExitCode
from canvass_app.cli.help_text import examples
from canvass_app.core.net import is_loopback_host
from canvass_app.server.limits import DEFAULT_MAX_BODY_BYTES


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
        "--demo-login",
        action="store_true",
        help="also issue tokens to anyone through /oauth/authorize and the demo code",
    )
    serve.add_argument(
        "--redirect-uri",
        action="append",
        default=[],
        metavar="URI",
        help="an address /oauth/authorize may send codes to, besides this machine (repeat)",
    )
    serve.add_argument(
        "--max-body",
        type=int,
        default=DEFAULT_MAX_BODY_BYTES,
        metavar="BYTES",
        help=f"refuse larger request bodies with 413 (default {DEFAULT_MAX_BODY_BYTES})",
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
        "--token",
        metavar="TOKEN",
        help="the bearer token the server accepts (default: the public demo-token); with it, "
        "no other token is issued unless --demo-login is given",
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
    serve.add_argument(
        "--no-contact-match",
        action="store_true",
        help="POST /v2/contacts always creates a new contact (as a server that does not "
        "answer the existing one on a name and household match)",
    )
    serve.add_argument(
        "--check-references",
        action="store_true",
        help="refuse an interaction whose contact, household or contact-household link "
        "does not exist",
    )
    serve.add_argument(
        "--tls-cert", type=Path, metavar="FILE", help="serve https:// with this PEM certificate"
    )
    serve.add_argument("--tls-key", type=Path, metavar="FILE", help="the certificate's key")
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from canvass_app.server.runner import ServerOptions, serve

    if not is_loopback_host(args.host) and not args.token:
        raise CommandError(
            f"Serving on {args.host} reaches other machines: give a token of your own with "
            "--token (the demo token is public).",
            ExitCode.USAGE,
        )
    if not is_loopback_host(args.host) and not args.tls_cert:
        print(
            f"Warning: serving on {args.host} over plain HTTP; the reference server is for "
            "demo, training and tests. Canvass sends tokens over plain http:// only to this "
            "machine: give --tls-cert and --tls-key to serve other laptops."
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
        # The demo token is public, so the demo sign-in gives nothing more; a token of
        # one's own is the only way in unless --demo-login says otherwise.
        "demo_login": args.demo_login or not args.token,
        "redirect_uris": tuple(args.redirect_uri),
        "max_body_bytes": args.max_body,
        "tls_cert": args.tls_cert,
        "tls_key": args.tls_key,
        "contact_match": not args.no_contact_match,
        "check_references": args.check_references,
    }
    if args.token:
        options["token"] = args.token
    try:
        server_options = ServerOptions(**options)
        serve(server_options)
    except ValueError as error:  # a bad fault SPEC, port, status, limit or redirect URI
        raise CommandError(str(error), ExitCode.USAGE) from error
    return ExitCode.OK
