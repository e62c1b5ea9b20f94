"""The medclusters command line: look up, validate, compare, export and publish the dataset.

Exit codes: 0 success; 1 the package has problems or cannot be read; 2 the command line is
wrong; 3 a cluster or country named on the command line was not found; 4 an output file
cannot be written (it exists, is a folder or is not writable) or an optional extra is
missing. Every error is one line on standard error that starts with "error:"; text from a
package is printed with control and bidirectional characters escaped.

This module holds the parser and turns errors into exit codes; the commands live beside it,
in ``_look`` (those that read a package and answer) and ``_write`` (those that write files or
serve), and what they print is made safe in ``_output``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from medclusters import __version__
from medclusters.cli._look import _clusters, _country, _coverage, _info, _partners, _show, _validate
from medclusters.cli._output import _fail, _UsageError
from medclusters.cli._write import _FORMATS, _diff, _export, _release, _serve
from medclusters.errors import NotFoundError, PackageError

__all__ = ["main"]


# -- the parser and the exit codes ----------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own usage errors: one line, exit 2
        raise SystemExit(_fail(f"{message} (see {self.prog} --help)", 2))


def _deprecated_source(args: argparse.Namespace) -> None:
    """``info PATH`` and ``validate PATH``: the older positional form of ``--source``."""
    given = getattr(args, "source_positional", None)
    if given is None:
        return
    if args.source is not None:
        raise _UsageError("give the package once: --source PATH")
    print(
        "warning: the positional PATH is deprecated; write --source PATH",
        file=sys.stderr,
    )
    args.source = given


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="medclusters",
        description="Look up, validate, compare, export and publish the medclusters dataset.",
        epilog="exit codes: 0 success, 1 package problems, 2 usage, 3 not found, "
        "4 output not written or extra missing",
    )
    parser.add_argument("--version", action="version", version=f"medclusters {__version__}")
    source_help = "folder, datapackage.json, zip or http(s) URL (default: the bundled package)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-s", "--source", help=source_help)
    listing = argparse.ArgumentParser(add_help=False)
    listing.add_argument("--json", action="store_true", help="print JSON")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[..., int], text: str, *parents: Any) -> Any:
        command = commands.add_parser(name, help=text, description=text, parents=list(parents))
        command.set_defaults(handler=handler)
        return command

    for name, handler, text in (
        ("info", _info, "summarise the clusters of a package"),
        ("validate", _validate, "validate a package; exit 1 on problems"),
    ):
        command = add(name, handler, text, common, listing)
        command.add_argument(
            "source_positional", nargs="?", metavar="PATH", help="deprecated: use --source"
        )
    add("clusters", _clusters, "list the clusters", common, listing)
    add("coverage", _coverage, "fill rates per cluster and country, and the leads", common, listing)
    add("show", _show, "everything known of one cluster", common, listing).add_argument(
        "cluster", help="id, name, acronym or alias"
    )
    add(
        "partners", _partners, "a cluster's partners, both directions", common, listing
    ).add_argument("cluster", help="id, name, acronym or alias")
    command = add("country", _country, "normalise country names to ISO 3166-1", listing)
    command.add_argument("text", nargs="+", help="country names or codes, in any language")
    command.add_argument("--language", help="ISO 639-1 hint for ambiguous names")
    command = add("export", _export, "write the dataset in another format", common)
    command.add_argument("format", choices=_FORMATS)
    command.add_argument("-o", "--out", help="file (folder for parquet); default: stdout")
    command.add_argument("--force", action="store_true", help="replace existing files")
    command = add("diff", _diff, "rows added, removed and changed between two packages")
    command.add_argument("old", help="the older package: folder, datapackage.json, zip or URL")
    command.add_argument("new", help="the newer package, given the same ways")
    formats = command.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print every row as JSON, as it goes")
    formats.add_argument(
        "--markdown", action="store_true", help="print a Markdown changelog, as it goes"
    )
    command = add("release", _release, "build the release zips (full and public)", common)
    command.add_argument("-o", "--out", default="dist", help="folder for the zips (default: dist)")
    command.add_argument("--stamp", action="store_true", help="re-record sizes and hashes")
    command.add_argument(
        "--publish", metavar="ROOT",
        help="keep the release in ROOT/<version>/ (zips, unpacked files, SHA256SUMS) and "
        "rewrite ROOT/index.json",
    )  # fmt: skip
    command.add_argument("--force", action="store_true", help="replace existing zips")
    command = add("serve", _serve, "browse the dataset in Datasette (extra [serve])", common)
    command.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    command.add_argument("-p", "--port", type=int, default=8001, help="8001 by default; 0: any")
    command.add_argument("--public", action="store_true", help="leave out personal data")
    command.add_argument(
        "--sql", action="store_true", help="let visitors run SQL of their own (off by default)"
    )
    return parser


def _os_reason(error: OSError) -> str:
    """``cannot write PATH: reason``, from what the system said."""
    if error.errno is None:  # a refusal of ours, already a sentence
        return str(error)
    where = f" {error.filename}" if error.filename else ""
    return f"cannot write{where}: {error.strerror or error}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code. Never shows a traceback for a user's
    mistake or a bad package: an ``error:`` line and the documented exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version and usage errors
        return int(stop.code or 0) if not isinstance(stop.code, str) else _fail(stop.code, 2)
    try:
        _deprecated_source(args)
        return int(args.handler(args))
    except NotFoundError as error:
        return _fail(error, 3)
    except PackageError as error:
        return _fail(error, 1)
    except _UsageError as error:
        return _fail(error, 2)
    except ValueError as error:  # a filter value outside its closed set, a bad limit
        return _fail(error, 2)
    except ImportError as error:  # an optional extra is missing
        return _fail(error, 4)
    except (FileExistsError, IsADirectoryError, PermissionError) as error:
        if error.errno is not None:  # from the system, not a refusal of ours
            return _fail(_os_reason(error), 4)
        if isinstance(error, FileExistsError):
            return _fail(f"{error.filename or 'the output'} exists; add --force to replace it", 4)
        return _fail(error, 4)
    except BrokenPipeError:  # the reader of our output went away (| head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as error:  # a folder that cannot be created, a disk that is full
        return _fail(_os_reason(error), 4)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
