"""``winwin serve``: the web playground on this machine (needs the ``web`` extra)."""

from __future__ import annotations

import argparse
import socket
import sys
from typing import Any

from winwin._errors import ParameterError
from winwin.cli import _options as opt


def add_commands(sub: Any) -> None:
    s = sub.add_parser("serve", help="the web playground: play, tournaments, evolution",
                       description="Start the playground in this process (Ctrl-C stops it); "
                       "the kernels warm up in the background. Needs the web extra: "
                       "pip install -e \".[web]\".")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; "
                   "0.0.0.0 for the whole network, e.g. a classroom hotspot)")
    s.add_argument("--port", type=opt.to_int, default=8000, help="port (default 8000)")
    s.add_argument("--open", action="store_true", help="open the playground in a browser")
    s.add_argument("--db", default=None, metavar="PATH", help="the SQLite file of workshop "
                   "sessions (default: $WINWIN_DATA/workshops.sqlite3, else "
                   "~/.local/share/winwin/workshops.sqlite3)")
    s.set_defaults(func=_serve)


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("10.255.255.255", 1))
            return str(sock.getsockname()[0])
    except OSError:
        return None


def _serve(args: argparse.Namespace) -> None:
    if not 0 <= args.port <= 65535:
        raise ParameterError("port", args.port, "an integer from 0 to 65535")
    try:
        import uvicorn

        from winwin.web import create_app
    except ImportError as exc:
        raise ParameterError("serve", exc.name, 'the web extra: pip install "winwin[web]"'
                             ) from None
    from winwin.web.workshop.store import default_path

    db = args.db or default_path()
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
    url = f"http://{shown}:{args.port}/"
    print(f"winwin playground at {url}  (Ctrl-C stops it)", file=sys.stderr)
    join_base = None
    if args.host in ("0.0.0.0", ""):
        lan = lan_address()
        if lan:
            join_base = f"http://{lan}:{args.port}"
            print(f"on the local network: {join_base}/ (phones join workshops there)",
                  file=sys.stderr)
    else:
        print("workshops: phones on the Wi-Fi cannot reach this address; start with "
              "--host 0.0.0.0 to let them join", file=sys.stderr)
    print(f"workshop sessions are kept in {db}", file=sys.stderr)
    if args.open:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    app = create_app(warmup=True, db=db, join_base=join_base)
    server = uvicorn.Server(uvicorn.Config(app, host=args.host, port=args.port,
                                           log_level="warning", timeout_graceful_shutdown=5,
                                           timeout_keep_alive=30))
    stop = server.handle_exit

    def handle_exit(sig: int, frame: Any) -> None:
        # open event streams (phones, projectors) end at once, so that Ctrl-C stops promptly
        from winwin.web.workshop.routes import closing

        closing(app)
        stop(sig, frame)

    server.handle_exit = handle_exit  # type: ignore[method-assign]
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn raises the caught Ctrl-C again when it is done
        pass
