"""The commands that write or serve: export, diff, release and serve."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from medclusters.cli._output import _safe, _say, _UsageError
from medclusters.package import load

_FORMATS = ("json", "jsonld", "sqlite", "parquet")


def _export(args: argparse.Namespace) -> int:
    from medclusters.export import write_text

    dataset = load(args.source)
    if args.format in ("sqlite", "parquet") and not args.out:
        raise _UsageError(f"export {args.format} needs --out PATH")
    if args.format == "sqlite":
        _say(dataset.to_sqlite(args.out, overwrite=args.force))
        return 0
    if args.format == "parquet":
        for path in dataset.to_parquet(args.out, overwrite=args.force):
            _say(path)
        return 0
    text = (
        dataset.to_json()
        if args.format == "json"
        else json.dumps(dataset.to_jsonld(), ensure_ascii=False, indent=2) + "\n"
    )
    if args.out:
        _say(write_text(args.out, text, dataset, overwrite=args.force))
    else:
        sys.stdout.write(text)
    return 0


class _SafeOut:
    """Standard output for text written in pieces, each piece made safe as :func:`_safe`."""

    def __init__(self, keep: str) -> None:
        self.keep = keep

    def write(self, text: str) -> int:
        return sys.stdout.write(_safe(text, self.keep))


def _diff(args: argparse.Namespace) -> int:
    from medclusters import changes as compare

    # the reports are written as they are made, one resource at a time
    if args.json:
        compare.write_json(args.old, args.new, _SafeOut(keep="\n"))
        return 0
    if args.markdown:
        compare.write_markdown(args.old, args.new, _SafeOut(keep="\n\t"))
        return 0
    changes = compare.diff(args.old, args.new)
    _say(f"{changes.old_version} -> {changes.new_version}")
    _say(changes.summary())
    return 0


def _release(args: argparse.Namespace) -> int:
    from medclusters import release

    if args.stamp:
        _say("stamped" if release.stamp(args.source) else "already stamped")
        return 0
    if args.publish:
        folder = release.publish(args.publish, args.source, overwrite=args.force)
        _say(folder)
        _say(Path(args.publish) / release.INDEX)
        return 0
    for path in release.build(args.out, args.source, overwrite=args.force):
        _say(path)
    return 0


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _serve(args: argparse.Namespace) -> int:
    from medclusters import serve

    if args.host not in _LOOPBACK and not args.public:
        print(
            f"warning: serving on {args.host}, beyond this machine, with the personal data "
            "of contacts; add --public to leave them out",
            file=sys.stderr,
        )

    def ready(url: str, database: Path) -> None:
        _say(f"Datasette at {url} (database {database}, removed on exit; Ctrl-C stops)")
        sys.stdout.flush()

    serve.serve(
        args.source, host=args.host, port=args.port, public=args.public, sql=args.sql, ready=ready
    )
    return 0
