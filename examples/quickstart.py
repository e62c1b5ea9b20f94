"""Quickstart: load the bundled dataset and answer a few questions with plain Python.

Run it with ``python examples/quickstart.py``.
"""

from __future__ import annotations

from collections import Counter

import medclusters as mc


def main() -> None:
    """Print each cluster, who founded or hosts it, its labels and its target markets."""
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
        for membership in ds.memberships:
            if membership.cluster_id == cluster.id and membership.role in {
                mc.MembershipRole.FOUNDER,
                mc.MembershipRole.HOST,
                mc.MembershipRole.COORDINATOR,
            }:
                print(
                    f"  {membership.role.value}: {organisations[membership.organisation_id].name}"
                )
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
