"""The top functions of a py-spy profile in "raw" format (``loadtest.py --profile FILE``).

    python benchmarks/profile_top.py FILE [N] [--under NAME]

Prints each function's share of the samples, inclusive (the function and what it called) and
self (the function itself), the N largest of each (default 30). ``--under NAME`` counts only
the samples whose stack has a frame containing NAME, and gives the shares of those samples
(e.g. ``--under on_message`` for the websocket messages received). Stacks py-spy could not
read to their root (it samples without stopping the process) are counted like the others.
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

_LINE = re.compile(r":\d+\)")


def read(path: Path) -> list[tuple[list[str], int]]:
    """(frames from the root, samples) for each line of a raw py-spy profile."""
    stacks = []
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rstrip().rpartition(" ")
        if stack and count.isdigit():
            stacks.append(([_LINE.sub(")", f) for f in stack.split(";")], int(count)))
    return stacks


def top(stacks, n: int = 30) -> tuple[int, list, list]:
    """(samples, [(share, function)] inclusive, [(share, function)] self), largest first."""
    total = sum(count for _, count in stacks) or 1
    inclusive, own = collections.Counter(), collections.Counter()
    for frames, count in stacks:
        for name in set(frames):
            inclusive[name] += count
        own[frames[-1]] += count
    return (total, [(c / total, f) for f, c in inclusive.most_common(n)],
            [(c / total, f) for f, c in own.most_common(n)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("n", type=int, nargs="?", default=30)
    parser.add_argument("--under", metavar="NAME", help="only the samples with a frame containing NAME")
    args = parser.parse_args(argv)
    stacks = read(args.file)
    if args.under:
        stacks = [(frames, count) for frames, count in stacks if any(args.under in f for f in frames)]
    total, inclusive, own = top(stacks, args.n)
    print(f"{total} samples" + (f" under {args.under}" if args.under else ""))
    for title, rows in (("inclusive", inclusive), ("self", own)):
        print(f"-- {title}")
        for share, name in rows:
            print(f"{100 * share:5.1f} %  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
