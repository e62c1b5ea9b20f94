"""Quickstart: load the bundled dataset and answer a few questions with plain Python.

Run it with ``python examples/quickstart.py``.
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


def main() -> None:
    """Print each cluster, who founded, hosts or coordinates it, its member counts over the
    years, its labels and its target markets."""
    ds = mc.load()
    organisations = {organisation.id: organisation for organisation in ds.organisations}
    print(f"{ds.name} dataset {ds.version} (library {mc.__version__})\n")
    for cluster in ds.clusters:
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


if __name__ == "__main__":
    main()
