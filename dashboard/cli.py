"""Command line interface: ``claims-dashboard validate [DIR]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .dataset import DataValidationError, default_path, load


def _validate(args: argparse.Namespace) -> int:
    path = args.dir if args.dir is not None else default_path()
    try:
        ds = load(path)
    except DataValidationError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        n = len(e.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found in {path}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(df)}" for name, df in ds.tables.items())
    print(f"{path} is valid: {counts} rows")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each subcommand sets ``func(args) -> int``."""
    parser = argparse.ArgumentParser(
        prog="claims-dashboard", description="Claims and facts dashboard for contested news events.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate", help="check a data folder against its datapackage.json",
        description="Check a data folder against its datapackage.json and report every problem.")
    check.add_argument("dir", nargs="?", type=Path, metavar="DIR",
                       help="data folder (default: $CLAIMS_DASHBOARD_DATA or the bundled data)")
    check.set_defaults(func=_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for usage errors)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "validate" and args.dir is not None and not args.dir.is_dir():
        parser.error(f"{args.dir} is not a directory")
    return args.func(args)
