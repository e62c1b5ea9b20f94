"""Quickstart: load the bundled dataset and answer a few questions with plain Python.

Run it with ``python examples/quickstart.py``.
Needs: the library alone.
"""

from __future__ import annotations

from collections import Counter

import medclusters as mc

#: How an observed figure is printed: "more than 100" as ">100", "about 30" as "~30".
BOUND = {
    mc.Bound.EXACT: "",
    mc.Bound.MORE_THAN: ">",
    mc.Bound.AT_LEAST: ">=",
    mc.Bound.ABOUT: "~",
    mc.Bound.UP_TO: "<=",
}


#: How many clusters are printed in full (the dataset's first: the ten of 0.2.0).
SHOWN = 10


def main() -> None:
    """Print the first clusters in detail (who founded, hosts or coordinates each, its member
    counts over the years, labels and target markets), then the clusters per country and
    the ones that merged into another."""
    ds = mc.load()
    organisations = {organisation.id: organisation for organisation in ds.organisations}
    print(f"{ds.name} dataset {ds.version} (library {mc.__version__})\n")
    for cluster in ds.clusters[:SHOWN]:
        local = f" / {cluster.local_name}" if cluster.local_name else ""
        print(f"{cluster.name}{local} [{cluster.country}]")
        if cluster.established is not None:
            print(
                f"  established {cluster.established} ({cluster.established.precision} precision)"
            )
        for role in (
            mc.MembershipRole.FOUNDER,
            mc.MembershipRole.HOST,
            mc.MembershipRole.COORDINATOR,
        ):
            names = [organisations[o.id].name for o in ds.members_of(cluster, role)]
            if names:
                shown = ", ".join(names[:3]) + (
                    f" and {len(names) - 3} more" if len(names) > 3 else ""
                )
                print(f"  {role.value}: {shown}")
        counts = [
            f"{BOUND[o.bound]}{o.value} ({o.as_of or 'undated'}, {o.source_id})"
            for o in ds.observations_of(cluster, "members")
        ]
        if counts:
            print("  members: " + "; ".join(counts))
        for label in ds.labels:
            if label.cluster_id == cluster.id:
                print(f"  {label.kind.value}: {label.name}")
        markets = Counter(m.scope.value for m in ds.markets if m.cluster_id == cluster.id)
        if markets:
            print("  markets: " + ", ".join(f"{n} {scope}" for scope, n in sorted(markets.items())))
        print()
    bronze = [
        c.name
        for c in ds.clusters
        if any(lb.cluster_id == c.id and lb.level is mc.LabelLevel.BRONZE for lb in ds.labels)
    ]
    print(f"Clusters holding a Bronze label: {len(bronze)} of {len(ds.clusters)}")
    per_country = Counter(cluster.country for cluster in ds.clusters)
    print("Clusters per country: " + ", ".join(f"{c} {n}" for c, n in per_country.most_common()))
    for cluster in ds.clusters:
        status = ds.status_of(cluster)
        successor = ds.successor_of(cluster)
        if status is not None and status.status is mc.ClusterStatus.MERGED and successor:
            when = status.since or status.as_of or "undated"
            print(f"  {cluster.name} merged into {successor.name} ({when}, {status.source_id})")


if __name__ == "__main__":
    main()
