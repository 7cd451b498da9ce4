"""Command line interface: ``claims-dashboard validate [DIR]``, ``claims-dashboard serve``, ``claims-dashboard
figure VIEW OUT.svg`` and the other commands (``claims-dashboard --help`` lists them)."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import re
import sys
from pathlib import Path

from . import files
from .dataset import DataValidationError, default_path, load
from .figure import package_version
from .text import printable

#: CSV bytes in a data folder above which ``validate`` shows its progress unasked (some 40,000 claims).
PROGRESS_BYTES = 10_000_000

#: How ``--log-level`` writes each log record (without it, logging is left as Python sets it up:
#: warnings and errors on stderr, as the bare message).
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LOG_LEVELS = ("debug", "info", "warning", "error")


def _progress(path: Path, asked: bool):
    """Print the loader's stage messages to stderr when asked or when the folder is large."""
    if not asked:
        try:
            size = sum(f.stat().st_size for f in Path(path).rglob("*.csv"))
        except OSError:
            size = 0  # reported by the validation itself
        if size <= PROGRESS_BYTES:
            return None
    return lambda message: print(message, file=sys.stderr, flush=True)


def _validate(args: argparse.Namespace) -> int:
    path = args.dir if args.dir is not None else default_path()
    warnings: list = []
    try:
        ds = load(path, progress=_progress(path, args.progress), warnings=warnings)
    except DataValidationError as e:
        _report(path, e.problems, e.omitted)
        _warn(warnings)
        return 1
    counts = ", ".join(f"{name} {len(df)}" for name, df in ds.tables.items())
    print(printable(f"{path} is valid: {counts} rows"))
    _warn(warnings)  # allowed, so the status stays 0
    return 0


def _say(text, file=None) -> None:
    """Print text that may come from data or a path (to stderr unless told): escape sequences
    are shown, never run."""
    print(printable(text), file=file or sys.stderr, flush=True)


def _report(path, problems, omitted: int = 0) -> None:
    for problem in problems:
        _say(problem)
    n = len(problems) + omitted
    more = f" ({omitted:,} more not listed: fix these first)" if omitted else ""
    _say(f"{n:,} problem{'s' if n != 1 else ''} found in {path}{more}")


def _warn(warnings) -> None:
    for warning in warnings:
        _say(f"warning: {warning}")


def _generate(args: argparse.Namespace) -> int:
    """Write a generated data folder of ``args.claims`` claims."""
    from .generate import generate

    progress = (lambda line: print(line, file=sys.stderr, flush=True)) if args.claims >= 100_000 else None
    try:
        counts = generate(args.out, args.claims, seed=args.seed, force=args.force, progress=progress)
    except (FileExistsError, ValueError) as e:
        print(f"claims-dashboard generate: {e}", file=sys.stderr)
        return 1
    print(f"Wrote {args.out}: " + ", ".join(f"{name} {n}" for name, n in counts.items()) + " rows")
    return 0


def _count(text: str) -> int:
    """A positive whole number, also written as 1e6 or 1_000_000."""
    try:
        value = float(text) if any(c in text for c in ".eE") else int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text}") from None
    if value != int(value) or value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not {text}")
    return int(value)


def _serve_folders(args: argparse.Namespace) -> list[Path]:
    """The folders ``serve`` serves: every ``--data``, then the bundled events with ``--bundled-all``
    (those not given already); none of them: the default folder."""
    from .dataset import bundled_events

    folders = list(args.data or [])
    if args.bundled_all:
        given = {f.resolve() for f in folders}
        folders += [f for f in bundled_events() if f.resolve() not in given]
    return folders or [default_path()]


def _serve(args: argparse.Namespace) -> int:
    from .cache import prepared

    folders = _serve_folders(args)
    datasets = {}
    for path in folders:
        try:
            datasets[path] = prepared(path, progress=lambda line: print(line, file=sys.stderr, flush=True)).dataset
        except DataValidationError as e:
            _report(path, e.problems)
            print("Not serving: fix the data first (see 'claims-dashboard validate').", file=sys.stderr)
            return 1
    if len(folders) > 1:
        from .index_page import routes

        try:
            served = routes((path, ds.schema.get("name") or path.name) for path, ds in datasets.items())
        except ValueError as e:
            _say(f"claims-dashboard serve: {e}")
            return 2
    else:
        served = {"/": folders[0]}
    # A cold start's validation leaves garbage behind: give it back before any worker forks.
    gc.collect()
    _malloc_trim()
    # The shared data is never freed: keep its objects out of every garbage collection.
    gc.freeze()
    import panel as pn
    from bokeh.settings import settings

    from .app import serve_page

    if "BOKEH_VALIDATE_DOC" not in os.environ:
        # every page is the same model graph (tests/test_views.py checks it once); Bokeh would
        # check it again for each session
        settings.perform_document_validation.set_value(False)

    from . import server_guard

    allow = server_guard.Allowlist.for_server(args.address, args.port, args.allow_websocket_origin)
    if not server_guard.is_loopback(args.address):
        _say(f"Warning: listening on {args.address}, not only on this machine: every computer that can reach "
             f"it can open the dashboard by the names {', '.join(allow.names)}"
             + ("" if args.basic_auth else ". Require a login with --basic-auth (see docs/security.md)")
             + ".")
    # each new session asks for the folder's current data: an edit or a merge is served from the
    # next page load on, once it validates
    # several dashboards link back to their index: ".." from /NAME (or /NAME/) is the root, behind a prefix too
    home = ".." if len(served) > 1 else None
    apps = _session_hooks({route: _page_of(serve_page, path, home) for route, path in served.items()},
                          log=args.log_sessions, page_load_timeout=args.page_load_timeout)
    titles = {route: datasets[path].schema.get("title", "Claims dashboard") for route, path in served.items()}
    extra = {}
    if len(served) > 1:
        from .index_page import index_handler

        # the index of the events at /, before Bokeh's own list of its applications
        extra = {"extra_patterns": [index_handler(served)]}
    for route, path in served.items():
        _say(f"Serving {path} on http://{args.address}:{args.port}{route} (Ctrl+C to stop)", sys.stdout)
    if len(served) > 1:
        _say(f"Index of the {len(served)} events on http://{args.address}:{args.port}/", sys.stdout)
    server = pn.serve(apps["/"] if list(apps) == ["/"] else apps, port=args.port, address=args.address,
                      show=args.show,
                      # Bokeh's own check, which cannot parse an IPv6 name
                      allow_websocket_origin=[n for n in allow.names if "[" not in n],
                      title=titles["/"] if list(titles) == ["/"] else titles,
                      num_procs=args.num_procs, threaded=False, start=False, **extra, **_login(args),
                      # A closed tab's session is destroyed (and its memory freed) once it has been
                      # unused this long; Bokeh checks every check_unused_sessions milliseconds.
                      unused_session_lifetime_milliseconds=round(args.unused_session_lifetime * 1000),
                      check_unused_sessions_milliseconds=round(args.check_unused_sessions * 1000))
    # in each worker process (pn.serve forks them before it returns): Host and Origin checked on
    # every request, whatever tornado and Bokeh let through
    server_guard.install(server, allow)
    server.start()
    server.io_loop.start()
    return 0


def _page_of(serve_page, path: Path, home: str | None):
    """The function that builds a session's page on ``path``."""
    return lambda: serve_page(path, home)


def _login(args: argparse.Namespace) -> dict:
    """pn.serve's options for Panel's login page, when ``--basic-auth`` asks for one."""
    if not args.basic_auth:
        return {}
    import secrets

    from .html import TEMPLATES

    # Panel signs its login cookie with this secret; a random one logs everyone out at a restart
    secret = args.cookie_secret or os.environ.get("CLAIMS_DASHBOARD_COOKIE_SECRET") or secrets.token_urlsafe(32)
    return {"basic_auth": args.basic_auth, "cookie_secret": secret,
            # Panel's own pages load its logo and icon from its CDN
            "login_template": str(TEMPLATES / "login.html"), "logout_template": str(TEMPLATES / "logout.html")}


def _session_hooks(make_page, log: bool = False, page_load_timeout: float | None = None):
    """``make_page`` plus what happens around a session: kept while its page loads (see
    :mod:`dashboard.session_life`), memory given back after sessions are destroyed, and with
    ``log`` a line when a session is created, its page ready or destroyed, and when memory is
    released (the load test reads these). Given a dict of ``make_page`` functions by route, returns
    the dict of their apps, which count their sessions together."""
    import os

    import panel as pn
    from tornado.ioloop import IOLoop

    from . import memo
    from .session_life import DEFAULT_TIMEOUT, PageLoadHolds

    open_sessions = 0
    pending = None

    def held_until(doc, reason: str) -> None:
        if reason == "ready":  # once its deferred views are built too (they run on the same event)
            IOLoop.current().add_callback(_freeze_session)
        if log:
            ident = doc.session_context.id[:8]
            print(f"[sessions pid {os.getpid()}] {reason} {ident}: {open_sessions} open", flush=True)

    holds = PageLoadHolds(page_load_timeout or DEFAULT_TIMEOUT, on_release=held_until)

    def release() -> None:
        nonlocal pending
        pending = None
        if not open_sessions:  # what sessions shared: pinned among their freed pages otherwise
            memo.forget_shared()
        # the destroyed sessions' pages were frozen with the others: collect every generation,
        # then freeze what is left (the shared data and the open sessions) again
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        trimmed = _malloc_trim()
        if log:
            print(f"[sessions pid {os.getpid()}] released memory{' (trimmed)' if trimmed else ''}: "
                  f"{open_sessions} open", flush=True)

    def destroyed(context) -> None:
        nonlocal open_sessions, pending
        open_sessions -= 1
        if log:
            ident = getattr(context, "id", None) or "?"
            print(f"[sessions pid {os.getpid()}] destroyed {ident[:8]}: {open_sessions} open", flush=True)
        # Once no session has been destroyed for a while (Bokeh destroys a batch at a time),
        # collect their garbage and return the freed memory to the OS.
        loop = IOLoop.current()
        if pending is not None:
            loop.remove_timeout(pending)
        pending = loop.call_later(_RELEASE_DELAY, release)

    def session(make_page):
        nonlocal open_sessions
        open_sessions += 1
        pn.state.on_session_destroyed(destroyed)
        context = pn.state.curdoc.session_context if pn.state.curdoc is not None else None
        ident = context.id[:8] if context is not None else "?"
        if log:
            print(f"[sessions pid {os.getpid()}] created {ident}: {open_sessions} open", flush=True)
        if pn.state.curdoc is not None:
            holds.add(pn.state.curdoc)
        try:
            return make_page()
        finally:
            _freeze_session()

    def app_of(make_page):
        # a function, not a functools.partial: Panel serves only functions as apps (it shows any
        # other object as a pane)
        def app():
            return session(make_page)

        return app

    if isinstance(make_page, dict):
        return {route: app_of(page) for route, page in make_page.items()}
    return app_of(make_page)


def _freeze_session() -> None:
    """Keep a built page's models out of later garbage collections.

    A session's page is tens of thousands of objects that live as long as the session; left in
    the oldest generation, every full collection walks all open sessions' pages (with 50 open
    one took 1.7-2.6 s, and every change waited behind it; frozen, 0.06-0.13 s; issue 16). Young garbage is collected first, so that what is
    frozen is what lives; the pages of destroyed sessions are unfrozen and collected when their
    memory is released (``_session_hooks``).
    """
    gc.collect(1)
    gc.freeze()


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


def _init(args: argparse.Namespace) -> int:
    """Start a new, empty data folder."""
    from .curate import init_folder

    from .curate import MergeRefused

    try:
        path = init_folder(args.folder, template=args.template, title=args.title)
    except MergeRefused as e:
        for problem in e.problems:
            _say(problem)
        _say(f"claims-dashboard init: {str(e).splitlines()[0]}")
        return 1
    except (OSError, ValueError) as e:
        _say(f"claims-dashboard init: {e}")
        return 1
    _say(f"Created {path}: a valid data folder with no article yet.", sys.stdout)
    _say(f"Next: claims-dashboard add-article {path} ARTICLE.txt --headline ... --published YYYY-MM-DD", sys.stdout)
    return 0


def _add_article(args: argparse.Namespace) -> int:
    """Copy an article (text, saved page or address) into a data folder and write its review file."""
    import datetime as dt

    from .curate import ArticleError, add_article, decode_article
    from .curate.lexicon import LexiconError
    from .curate.page import PageError, fetch, looks_like_html, read_page

    published = None
    if args.published:
        try:
            published = dt.date.fromisoformat(args.published)
        except ValueError:
            print(f"claims-dashboard add-article: --published must be a date as YYYY-MM-DD, not {args.published!r}",
                  file=sys.stderr)
            return 1
    stdin = args.article == "-"
    remote = re.match(r"https?://", args.article) is not None
    try:
        page, text, url = None, None, args.url
        # never more than an article may be: /dev/zero or a 500 MB file is refused at once
        limit = files.LIMITS["article"]
        if remote:
            data, final = fetch(args.article)
            url = url or final
        else:
            data = (files.read_stream(sys.stdin.buffer, limit, "an article") if stdin
                    else files.read_file(args.article, limit, "an article"))
        name = "standard input" if stdin else args.article
        if remote or Path(args.article).suffix.lower() in (".html", ".htm", ".xhtml") or looks_like_html(data):
            page = read_page(data, url)
        else:
            text = decode_article(data, name)
        added = add_article(args.dir, text, headline=args.headline, published=published, outlet=args.outlet,
                            url=url, review=args.review, force=args.force, page=page, language=args.language,
                            lexicons=args.lexicons)
    except DataValidationError as e:
        _report(args.dir, e.problems, e.omitted)
        print("Nothing was added: fix the data folder first (see 'claims-dashboard validate').", file=sys.stderr)
        return 1
    except (ArticleError, PageError, LexiconError, OSError) as e:
        _say(f"claims-dashboard add-article: {e}")
        return 1
    counts = ", ".join(f"{table} {n}" for table, n in added.counts.items())
    _say(f"Copied the article to {added.article}", sys.stdout)
    _say(f"Wrote {added.review}: {counts} proposed", sys.stdout)
    _say(f"Check the rows marked in its needs_review column first (they come first), edit or delete rows, "
         f"then: claims-dashboard merge {args.dir} {added.review}", sys.stdout)
    return 0


def _merge(args: argparse.Namespace) -> int:
    """Validate a review file with the data folder and merge all of it, or nothing."""
    from .curate import MergeRefused, merge_review

    try:
        result = merge_review(args.dir, args.review, wait=args.wait, waiting=_say)
    except MergeRefused as e:
        for problem in e.problems:
            _say(problem)
        n = len(e.problems) + e.omitted
        more = f" ({e.omitted:,} more not listed)" if e.omitted else ""
        _say(f"{n:,} problem{'s' if n != 1 else ''}{more}: nothing was merged into {args.dir}")
        return 1
    except OSError as e:
        _say(f"claims-dashboard merge: {e}")
        return 1
    for line in result.recovered:
        _say(f"First {line}.")
    _warn(result.warnings)
    _say(f"Merged {args.review} into {args.dir}: {result}", sys.stdout)
    return 0


def _add_curation_commands(commands) -> None:
    """``init``, ``add-article`` and ``merge``: from an article's text to rows of a data folder."""
    init = commands.add_parser(
        "init", help="start a new, empty data folder",
        description="Create a valid data folder with no article yet: the schema and the stance and metric "
                    "vocabularies of a template folder, and empty tables.")
    init.add_argument("folder", type=Path, metavar="DIR", help="folder to create (absent or empty)")
    init.add_argument("--title", help="title of the dataset, shown in the dashboard's header")
    init.add_argument("--from", dest="template", type=Path, metavar="TEMPLATE_DIR",
                      help="folder to take datapackage.json, stances.csv and metrics.csv from "
                           "(default: $CLAIMS_DASHBOARD_DATA or the bundled data)")
    init.set_defaults(func=_init)

    add = commands.add_parser(
        "add-article", help="copy an article into a data folder and propose its rows for review",
        description="Copy an article's text into the data folder and write a review file of proposed rows "
                    "(claims, figures, events, new actors, the source) for a curator to edit, then merge.")
    add.add_argument("dir", type=Path, metavar="DATA_DIR", help="data folder")
    add.add_argument("article", metavar="ARTICLE",
                     help="the article: a text file (UTF-8), a saved web page (.html), an http(s) address, "
                          "or - to read standard input")
    add.add_argument("--headline", help="headline as printed (default: the page's title)")
    add.add_argument("--published", metavar="YYYY-MM-DD", help="publication date (default: the page's date)")
    add.add_argument("--outlet", default="", help="publisher (default: the page's site name)")
    add.add_argument("--url", default="", help="where the article was published or read")
    add.add_argument("--language", metavar="CODE", help="language of the text, as en, ru, uk... (default: detected)")
    add.add_argument("--lexicons", type=Path, action="append", default=[], metavar="DIR",
                     help="a folder of lexicon files (<lang>.toml, parties.toml) extending the bundled ones")
    add.add_argument("--review", type=Path, metavar="REVIEW.csv",
                     help="review file to write (default: review-<source_id>.csv in the current folder)")
    add.add_argument("--force", action="store_true", help="overwrite an existing review file")
    add.set_defaults(func=_add_article)

    merge = commands.add_parser(
        "merge", help="validate a review file and merge it into a data folder",
        description="Validate a review file together with the data folder and merge all of its rows, or none: "
                    "every problem is reported as REVIEW.csv:row:column.")
    merge.add_argument("dir", type=Path, metavar="DATA_DIR", help="data folder")
    merge.add_argument("review", type=Path, metavar="REVIEW.csv", help="the edited review file")
    merge.add_argument("--wait", type=_seconds, default=60, metavar="SECONDS",
                       help="how long to wait for another merge into the same folder to finish (default: 60)")
    merge.set_defaults(func=_merge)


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 < value < 10**6:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def _schema(args: argparse.Namespace) -> int:
    """Print the data folder's tables and columns, from its datapackage.json."""
    path = args.dir if args.dir is not None else default_path()
    try:
        data = files.read_below(path, "datapackage.json", files.LIMITS["schema"], "a schema",
                                shown=str(path / "datapackage.json"))
        package = files.loads_json(data.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, files.JsonRefused) as e:
        _say(f"claims-dashboard schema: {path / 'datapackage.json'}: {getattr(e, 'message', None) or e}")
        return 1
    package = package if isinstance(package, dict) else {}
    resources = [r for r in package.get("resources") or [] if isinstance(r, dict)] \
        if isinstance(package.get("resources"), list) else []
    if not resources:
        _say(f"claims-dashboard schema: {path / 'datapackage.json'} describes no resource "
             "(see 'claims-dashboard validate')")
        return 1
    out = [f"# {package.get('title', package.get('name', 'Data package'))}", ""]
    for resource in resources:
        schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
        out += [f"## {resource.get('path')}: {resource.get('description', '')}", "",
                "| column | type | required | allowed values / refers to | meaning |", "|---|---|---|---|---|"]
        refs = {}
        for fk in [*(schema.get("foreignKeys") or []), *(schema.get("x-foreignKeys") or [])]:
            ref = fk.get("reference") if isinstance(fk, dict) else None
            if isinstance(ref, dict) and isinstance(ref.get("fields"), (list, str)):
                local = tuple(fk["fields"]) if isinstance(fk.get("fields"), list) else (fk.get("fields"),)
                ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
                refs[local] = f"{ref.get('resource')}.{','.join(map(str, ref_fields))}"
        for field in schema.get("fields") or []:
            if not isinstance(field, dict):
                continue
            c = field.get("constraints") if isinstance(field.get("constraints"), dict) else {}
            allowed = (", ".join(map(str, c["enum"])) if isinstance(c.get("enum"), list)
                       else refs.get((field.get("name"),), ""))
            if field.get("x-separator"):
                sep = str(field["x-separator"]).replace("|", "\\|")
                allowed = f"list separated by `{sep}`" + (f" of {allowed}" if allowed else "")
            required = "yes" if c.get("required") else (
                f"with {field['x-required-with']}" if "x-required-with" in field else "")
            out.append(f"| {field.get('name')} | {field.get('type', 'string')} | {required} | {allowed} | "
                       f"{field.get('description', '')} |")
        out.append("")
    for line in out:
        _say(line, sys.stdout)
    return 0


def _snapshot(args: argparse.Namespace) -> int:
    """Write the dashboard, filtered by a URL query, as one HTML file that opens without a server."""
    path = args.data if args.data is not None else default_path()
    try:
        ds = load(path)
    except DataValidationError as e:
        _report(path, e.problems)
        return 1
    from .app import Dashboard
    from .snapshot import write_snapshot

    dash = Dashboard(ds)
    for notice in dash.state.apply_query(args.query):
        print(notice, file=sys.stderr)
    write_snapshot(args.out, dash)
    shown, total = len(dash.state.filtered_claims()), len(dash.prepared.claims)
    print(f"Wrote {args.out}: {shown} of {total} claims")
    return 0


def _figure(args: argparse.Namespace) -> int:
    """Write one view, filtered as by a URL query, as an SVG or PNG figure for a publication."""
    from .figure import FigureError, write_figure

    os.environ.setdefault("MPLBACKEND", "agg")  # no window, whatever display there is
    path = args.data if args.data is not None else default_path()
    warnings: list = []
    try:
        written = write_figure(args.view, args.out, query=args.query, data=path, width_cm=args.width_cm,
                               dpi=args.dpi, title=args.title, warnings=warnings)
    except FigureError as e:
        _warn(warnings)
        _say(f"claims-dashboard figure: {e}")
        return 2
    except DataValidationError as e:
        _report(path, e.problems, e.omitted)
        print("No figure was written: fix the data first (see 'claims-dashboard validate').", file=sys.stderr)
        return 1
    except OSError as e:
        _say(f"claims-dashboard figure: {e}")
        return 1
    _warn(warnings)  # the figure is written all the same
    _say(f"Wrote {written}", sys.stdout)
    return 0


def _add_figure_command(commands) -> None:
    from .figure import VIEWS

    figure = commands.add_parser(
        "figure", help="write one view as an SVG or PNG figure for a publication",
        description="Draw one view for the filters of a URL query (as the served dashboard reads it) with "
                    "Matplotlib, sized for print, with a title and a source line naming the dataset, the "
                    "counts and the filters. An SVG keeps its text as text and refers to no other host.")
    figure.add_argument("view", metavar="VIEW",
                        help=f"{', '.join(VIEWS)}; casualties:METRIC or tolls:METRIC for one metric "
                             "(e.g. casualties:deaths)")
    figure.add_argument("out", type=Path, metavar="OUT.svg|OUT.png", help="file to write")
    figure.add_argument("--query", default="", metavar="QUERY",
                        help='filters as in the dashboard\'s URL, e.g. "actor=putin&from=2024-03-20"')
    figure.add_argument("--data", **{k: v for k, v in _DIR.items() if k != "nargs"})
    figure.add_argument("--width-cm", type=float, default=17.0, metavar="CM",
                        help="width of the figure (default: 17 cm); its height follows the view's shape")
    figure.add_argument("--dpi", type=float, default=300.0, help="dots per inch of a PNG (default: 300)")
    figure.add_argument("--title", help="title above the figure (default: the view's, and the filters; "
                                        "\"\" for none)")
    figure.set_defaults(func=_figure)


_DIR = dict(nargs="?", type=Path, metavar="DIR",
            help="data folder (default: $CLAIMS_DASHBOARD_DATA or the bundled data)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; each subcommand sets ``func(args) -> int``."""
    parser = argparse.ArgumentParser(
        prog="claims-dashboard", description="Claims and facts dashboard for contested news events.")
    parser.add_argument("--version", action="version", version=f"claims-dashboard {package_version()}")
    parser.add_argument("--log-level", choices=LOG_LEVELS, type=str.lower, metavar="{" + ",".join(LOG_LEVELS) + "}",
                        help="log messages of this level and above to stderr, with their time "
                             "(default: warnings and errors, as bare messages)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate", help="check a data folder against its datapackage.json",
        description="Check a data folder against its datapackage.json and report every problem. "
                    "For a folder of more than 10 MB of CSV, each stage is reported on stderr as it ends.")
    check.add_argument("dir", **_DIR)
    check.add_argument("--progress", action="store_true",
                       help="report each stage on stderr whatever the folder's size")
    check.set_defaults(func=_validate)
    _add_curation_commands(commands)

    schema = commands.add_parser(
        "schema", help="print the tables and columns of a data folder",
        description="Print the tables and columns documented in a data folder's datapackage.json, as Markdown.")
    schema.add_argument("dir", **_DIR)
    schema.set_defaults(func=_schema)

    generate = commands.add_parser(
        "generate", help="write a large generated data folder, for testing at scale",
        description="Write a valid data folder of N generated claims shaped like the bundled data "
                    "(invented actors, outlets and article texts). The same N and seed give the same files.")
    generate.add_argument("out", type=Path, metavar="OUT_DIR", help="folder to write (must be empty or absent)")
    generate.add_argument("--claims", type=_count, required=True, metavar="N", help="number of claims, e.g. 1e6")
    generate.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    generate.add_argument("--force", action="store_true", help="write into a non-empty folder")
    generate.set_defaults(func=_generate)

    serve = commands.add_parser(
        "serve", help="serve the dashboard in the browser",
        description="Validate one data folder or several, then serve the dashboard on each (localhost only unless told "
                    "otherwise): one folder at /, several each at /NAME with an index of them at /.")
    serve.add_argument("--data", type=Path, action="append", metavar="DIR",
                       help="data folder (default: $CLAIMS_DASHBOARD_DATA or the bundled data); repeat it to "
                            "serve several folders, each at /NAME (its datapackage.json's name) under an "
                            "index of them at /")
    serve.add_argument("--bundled-all", "--all-bundled", dest="bundled_all", action="store_true",
                       help="serve every data folder bundled with the software (the default one and each of "
                            "events/), with any --data folders, under an index at /")
    serve.add_argument("--port", type=int, default=5006, help="port (default: 5006)")
    serve.add_argument("--address", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--allow-websocket-origin", action="append", metavar="HOST[:PORT]",
                       help="name the browser reaches the server by, when behind a proxy or on another "
                            "address (repeatable): every request's Host and Origin must be one of them")
    serve.add_argument("--basic-auth", metavar="PASSWORD|USERS.json",
                       help="require a login (Panel's basic authentication): one password for every user "
                            "name, or a JSON file of {\"user\": \"password\"} (better: not shown by ps)")
    serve.add_argument("--cookie-secret", metavar="SECRET",
                       help="secret that signs the login cookie (default: $CLAIMS_DASHBOARD_COOKIE_SECRET, "
                            "else a random one per start)")
    serve.add_argument("--num-procs", type=int, default=1, help="worker processes (default: 1)")
    serve.add_argument("--show", action="store_true", help="open a browser tab")
    serve.add_argument("--unused-session-lifetime", type=_seconds, default=15, metavar="SECONDS",
                       help="destroy a session this long after its last browser tab closed (default: 15)")
    serve.add_argument("--check-unused-sessions", type=_seconds, default=5, metavar="SECONDS",
                       help="how often to look for such sessions (default: 5)")
    serve.add_argument("--page-load-timeout", type=_seconds, default=300, metavar="SECONDS",
                       help="keep a new session this long at most while its page loads, before the unused "
                            "lifetime applies (default: 300)")
    serve.add_argument("--log-sessions", action="store_true",
                       help="print a line when a session is created or destroyed and when memory is released")
    serve.set_defaults(func=_serve)

    snapshot = commands.add_parser(
        "snapshot", help="write the filtered dashboard as one HTML file that opens without a server",
        description="Write the dashboard, filtered as by a URL query, as a self-contained HTML file: "
                    "it opens in a browser with no server and loads nothing from any host.")
    snapshot.add_argument("out", type=Path, metavar="OUT.html", help="file to write")
    snapshot.add_argument("--data", **{k: v for k, v in _DIR.items() if k != "nargs"})
    snapshot.add_argument("--query", default="", metavar="QUERY",
                          help='filters as in the dashboard\'s URL, e.g. "actor=putin&stance=accuses"')
    snapshot.set_defaults(func=_snapshot)
    _add_figure_command(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for usage errors)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.log_level:
        logging.basicConfig(level=args.log_level.upper(), format=LOG_FORMAT, force=True)
    folders = getattr(args, "dir", None) or getattr(args, "data", None)
    for folder in folders if isinstance(folders, list) else [folders] if folders is not None else []:
        if not folder.is_dir():
            parser.error(f"{folder} is not a directory")
    return args.func(args)
