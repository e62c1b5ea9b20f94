"""Cross-cluster lookups: time per call on the real package and on a synthetic one 200 times
its size with 100 members a cluster, side by side, plus the time to build the indexes.

Each lookup is timed after its index is built (the first call builds it); the ratio column
shows whether a lookup's cost grows with the dataset. Run with ``make bench``.
"""

from __future__ import annotations

import itertools
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import synthetic
from _bench import machine, microseconds, milliseconds, per_call, table

import medclusters as mc
from medclusters.index.indexes import Index
from medclusters.utils.once import once_property

#: Copies of every row in the synthetic package: 200 copies of dataset 0.2.0's 10 clusters
#: make the 2,000 clusters the targets were set on.
COPIES = 200

#: Every index group built once per Dataset, but the search index (timed on its own).
GROUPS = [
    name
    for name, value in vars(Index).items()
    if isinstance(value, once_property) and name != "search_index"
]


def questions(ds: mc.Dataset, suffix: str) -> dict[str, Callable[[], Any]]:
    """One call per lookup; ``suffix`` picks the synthetic copy's names (" 17") or none."""
    cluster = ds.cluster("lhtc" + suffix.replace(" ", "."))
    member = ds.members_of(cluster)[0]
    return {
        "cluster(id)": lambda: ds.cluster(cluster.id),
        "cluster(record)": lambda: ds.cluster(cluster),
        "cluster(name), repeated": lambda: ds.cluster("Latvian Health Tourism Cluster" + suffix),
        "get_cluster(unknown)": lambda: ds.get_cluster("Atlantis Cluster"),
        "organisation(id)": lambda: ds.organisation(member.id),
        "programme(reference)": lambda: ds.programme("R039" if not suffix else "provahealth.1"),
        "members_of": lambda: ds.members_of(cluster),
        "members_of(role)": lambda: ds.members_of(cluster, "major_player"),
        "clusters_of": lambda: ds.clusters_of(member),
        "programmes_of": lambda: ds.programmes_of(cluster, with_parents=True),
        "clusters_in_programme": lambda: ds.clusters_in_programme("provahealth"),
        "labels_of": lambda: ds.labels_of(cluster),
        "clusters_with_label": lambda: ds.clusters_with_label("bronze"),
        "partners_of": lambda: ds.partners_of(cluster),
        "clusters_in": lambda: ds.clusters_in("Latvija"),
        "clusters_targeting": lambda: ds.clusters_targeting("Kazakhstan", "international"),
        "clusters_with_topic": lambda: ds.clusters_with_topic("Dentistry", "medical_speciality"),
        "shared": lambda: ds.shared(cluster, "litcare" + suffix.replace(" ", ".")),
        "search": lambda: ds.search("ligatne rehabilitation"),
    }


def first_asks(ds: mc.Dataset, count: int) -> dict[str, float]:
    """Median time of a lookup's first ask of a key (its answer not yet remembered), over
    ``count`` distinct keys, on a fresh copy of the indexes."""
    ds = attrs.evolve(ds)  # the same records, indexes not built yet
    clusters = ds.clusters[:count]
    organisations = ds.organisations[:count]
    ds.members_of(clusters[0]), ds.clusters_of(organisations[0]), ds.shared(*clusters[:2])
    ds.cluster(clusters[0].name)  # build the groups these need, then time only the asks
    calls: dict[str, list[Callable[[], Any]]] = {
        "cluster(name)": [lambda c=c: ds.cluster(c.name) for c in clusters[1:]],
        "members_of(role)": [lambda c=c: ds.members_of(c, "major_player") for c in clusters],
        "clusters_of": [lambda o=o: ds.clusters_of(o) for o in organisations[1:]],
        "shared": [lambda a=a, b=b: ds.shared(a, b) for a, b in itertools.pairwise(clusters)],
    }
    result = {}
    for name, asks in calls.items():
        samples = []
        for ask in asks:
            start = time.perf_counter()
            ask()
            samples.append(time.perf_counter() - start)
        result[name] = statistics.median(samples)
    return result


def build_time(ds: mc.Dataset, repeat: int = 5) -> tuple[float, float, float]:
    """Median times to build every index group of a fresh Index over ``ds``: the groups,
    the folded names (built on the first lookup by name), and the search index."""
    groups, names, words = [], [], []
    for _ in range(repeat):
        lookups = Index(ds)
        start = time.perf_counter()
        for group in GROUPS:
            getattr(lookups, group)
        middle = time.perf_counter()
        for finder in (lookups.clusters, lookups.organisations, lookups.programmes):
            finder.keys  # noqa: B018 - building is the point
        end = time.perf_counter()
        lookups.search_index  # noqa: B018
        groups.append(middle - start)
        names.append(end - middle)
        words.append(time.perf_counter() - end)
    return statistics.median(groups), statistics.median(names), statistics.median(words)


def main() -> None:
    print(f"# Cross-cluster lookups: real package vs {COPIES} copies, 100 members a cluster")
    print(machine())
    real = mc.load()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        path = synthetic.build(Path(folder) / f"x{COPIES}", COPIES, members_per_cluster=100)
        big = mc.load(path, limits=synthetic.LIMITS)
        print(
            f"synthetic package: {len(big.clusters):,} clusters, {len(big.memberships):,} "
            f"memberships, {len(big.organisations):,} organisations "
            f"(built and loaded in {time.perf_counter() - started:.1f} s)"
        )
    real_label, big_label = f"real ({len(real.clusters)})", f"synthetic ({len(big.clusters):,})"
    small_questions, big_questions = questions(real, ""), questions(big, " 1")
    rows = []
    answers = []
    for name in small_questions:
        small_q, big_q = small_questions[name], big_questions[name]
        small_q(), big_q()  # build the indexes this lookup needs
        small, large = per_call(small_q), per_call(big_q)
        answer = big_q()
        answers.append(len(answer) if isinstance(answer, tuple) else 1)
        rows.append([name, microseconds(small), microseconds(large), f"{large / small:.2f}x"])
    print()
    print(table(["lookup (median per call)", real_label, big_label, "ratio"], rows))
    print()
    small_first, big_first = first_asks(real, len(real.clusters)), first_asks(big, COPIES)
    print(
        table(
            ["first ask of a key (median)", real_label, big_label],
            [[n, microseconds(small_first[n]), microseconds(big_first[n])] for n in small_first],
        )
    )
    print()
    small, large = build_time(real), build_time(big, repeat=3)
    labels = ["lookup indexes", "+ folded names (first lookup by name)", "search index"]
    rows = [
        [label, milliseconds(s), milliseconds(b)]
        for label, s, b in zip(labels, small, large, strict=True)
    ]
    rows.append(["total", milliseconds(sum(small)), milliseconds(sum(large))])
    print(table(["index build (median)", real_label, big_label], rows))
    print()
    print("targets: each lookup <= 5 us, flat in dataset size; building on synthetic <= 0.5 s")


if __name__ == "__main__":
    main()
