"""Command line interface: ``claims-dashboard validate [DIR]`` and ``claims-dashboard serve``."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from .dataset import DataValidationError, default_path, load, load_cached


def _validate(args: argparse.Namespace) -> int:
    path = args.dir if args.dir is not None else default_path()
    try:
        ds = load(path)
    except DataValidationError as e:
        _report(path, e.problems)
        return 1
    counts = ", ".join(f"{name} {len(df)}" for name, df in ds.tables.items())
    print(f"{path} is valid: {counts} rows")
    return 0


def _report(path, problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    n = len(problems)
    print(f"{n} problem{'s' if n != 1 else ''} found in {path}", file=sys.stderr)


def _serve(args: argparse.Namespace) -> int:
    path = args.data if args.data is not None else default_path()
    try:
        ds = load_cached(path)
    except DataValidationError as e:
        _report(path, e.problems)
        print("Not serving: fix the data first (see 'claims-dashboard validate').", file=sys.stderr)
        return 1
    import panel as pn

    from .app import page

    origins = args.allow_websocket_origin or [f"{args.address}:{args.port}", f"localhost:{args.port}"]
    app = _session_hooks(lambda: page(ds), log=args.log_sessions)
    print(f"Serving {path} on http://{args.address}:{args.port}/ (Ctrl+C to stop)", flush=True)
    pn.serve(app, port=args.port, address=args.address, show=args.show,
             allow_websocket_origin=origins, title=ds.schema.get("title", "Claims dashboard"),
             num_procs=args.num_procs, threaded=False,
             # A closed tab's session is destroyed (and its memory freed) once it has been
             # unused this long; Bokeh checks every check_unused_sessions milliseconds.
             unused_session_lifetime_milliseconds=round(args.unused_session_lifetime * 1000),
             check_unused_sessions_milliseconds=round(args.check_unused_sessions * 1000))
    return 0


def _session_hooks(make_page, log: bool = False):
    """``make_page`` plus what happens around a session: memory given back after sessions are
    destroyed, and with ``log`` a line when a session is created or destroyed and when memory is
    released (the load test reads these)."""
    import os

    import panel as pn
    from tornado.ioloop import IOLoop

    pid = os.getpid()
    open_sessions = 0
    pending = None

    def release() -> None:
        nonlocal pending
        pending = None
        gc.collect()
        trimmed = _malloc_trim()
        if log:
            print(f"[sessions pid {pid}] released memory{' (trimmed)' if trimmed else ''}: "
                  f"{open_sessions} open", flush=True)

    def destroyed(context) -> None:
        nonlocal open_sessions, pending
        open_sessions -= 1
        if log:
            ident = getattr(context, "id", None) or "?"
            print(f"[sessions pid {pid}] destroyed {ident[:8]}: {open_sessions} open", flush=True)
        # Once no session has been destroyed for a while (Bokeh destroys a batch at a time),
        # collect their garbage and return the freed memory to the OS.
        loop = IOLoop.current()
        if pending is not None:
            loop.remove_timeout(pending)
        pending = loop.call_later(_RELEASE_DELAY, release)

    def app():
        nonlocal open_sessions
        open_sessions += 1
        pn.state.on_session_destroyed(destroyed)
        if log:
            context = pn.state.curdoc.session_context if pn.state.curdoc is not None else None
            ident = context.id[:8] if context is not None else "?"
            print(f"[sessions pid {pid}] created {ident}: {open_sessions} open", flush=True)
        return make_page()

    return app


#: Seconds after the last session was destroyed before its memory is collected and released:
#: after Panel's own deferred clean-up, which collects garbage 5 s after a session is destroyed.
_RELEASE_DELAY = 6.0


def _malloc_trim() -> bool:
    """Give the C heap's free pages back to the OS (glibc only); True if any were.

    Freed Python objects go back to Python's allocator, which keeps the pages; the C heap
    (NumPy arrays, large strings, everything when ``PYTHONMALLOC=malloc``) only returns pages
    from its top unless asked to.
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.malloc_trim(0))
    except (OSError, AttributeError):  # not glibc: nothing to do
        return False


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 < value < 10**6:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def _schema(args: argparse.Namespace) -> int:
    """Print the data folder's tables and columns, from its datapackage.json."""
    import json

    path = args.dir if args.dir is not None else default_path()
    package = json.loads((path / "datapackage.json").read_text(encoding="utf-8"))
    print(f"# {package.get('title', package.get('name', 'Data package'))}\n")
    for resource in package["resources"]:
        print(f"## {resource['path']}: {resource.get('description', '')}\n")
        print("| column | type | required | allowed values / refers to | meaning |")
        print("|---|---|---|---|---|")
        refs = {tuple(fk["fields"]) if isinstance(fk["fields"], list) else (fk["fields"],):
                f"{fk['reference']['resource']}.{','.join(fk['reference']['fields'])}"
                for fk in resource["schema"].get("foreignKeys", [])}
        for field in resource["schema"]["fields"]:
            c = field.get("constraints", {})
            allowed = ", ".join(c["enum"]) if "enum" in c else refs.get((field["name"],), "")
            if field.get("x-separator"):
                sep = field["x-separator"].replace("|", "\\|")
                allowed = f"list separated by `{sep}`" + (f" of {allowed}" if allowed else "")
            required = "yes" if c.get("required") else (f"with {field['x-required-with']}" if "x-required-with" in field else "")
            print(f"| {field['name']} | {field.get('type', 'string')} | {required} | {allowed} | "
                  f"{field.get('description', '')} |")
        print()
    return 0


_DIR = dict(nargs="?", type=Path, metavar="DIR",
            help="data folder (default: $CLAIMS_DASHBOARD_DATA or the bundled data)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each subcommand sets ``func(args) -> int``."""
    parser = argparse.ArgumentParser(
        prog="claims-dashboard", description="Claims and facts dashboard for contested news events.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate", help="check a data folder against its datapackage.json",
        description="Check a data folder against its datapackage.json and report every problem.")
    check.add_argument("dir", **_DIR)
    check.set_defaults(func=_validate)

    schema = commands.add_parser(
        "schema", help="print the tables and columns of a data folder",
        description="Print the tables and columns documented in a data folder's datapackage.json, as Markdown.")
    schema.add_argument("dir", **_DIR)
    schema.set_defaults(func=_schema)

    serve = commands.add_parser(
        "serve", help="serve the dashboard in the browser",
        description="Validate a data folder, then serve the dashboard on it (localhost only unless told otherwise).")
    serve.add_argument("--data", **{k: v for k, v in _DIR.items() if k != "nargs"})
    serve.add_argument("--port", type=int, default=5006, help="port (default: 5006)")
    serve.add_argument("--address", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--allow-websocket-origin", action="append", metavar="HOST[:PORT]",
                       help="host the browser reaches the server by, when behind a proxy (repeatable)")
    serve.add_argument("--num-procs", type=int, default=1, help="worker processes (default: 1)")
    serve.add_argument("--show", action="store_true", help="open a browser tab")
    serve.add_argument("--unused-session-lifetime", type=_seconds, default=15, metavar="SECONDS",
                       help="destroy a session this long after its last browser tab closed (default: 15)")
    serve.add_argument("--check-unused-sessions", type=_seconds, default=5, metavar="SECONDS",
                       help="how often to look for such sessions (default: 5)")
    serve.add_argument("--log-sessions", action="store_true",
                       help="print a line when a session is created or destroyed and when memory is released")
    serve.set_defaults(func=_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for usage errors)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    folder = getattr(args, "dir", None) or getattr(args, "data", None)
    if folder is not None and not folder.is_dir():
        parser.error(f"{folder} is not a directory")
    return args.func(args)
