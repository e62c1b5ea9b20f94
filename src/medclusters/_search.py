"""The word index behind ``Dataset.search()``: folded words of names and descriptions of
clusters, organisations and programmes, matched whole or as prefixes and ranked."""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from typing import TYPE_CHECKING, Any

from medclusters.countries import fold
from medclusters.lookups import SearchHit

if TYPE_CHECKING:
    from medclusters.dataset import Dataset

_WORD = re.compile(r"\w+")
#: Fields searched, best first, with their weights: names count three times descriptions.
FIELDS: tuple[tuple[str, float], ...] = (
    ("name", 3.0),
    ("local_name", 3.0),
    ("acronym", 3.0),
    ("cluster_names", 3.0),
    ("reference", 3.0),
    ("description", 1.0),
    ("local_description", 1.0),
    ("city", 1.0),
)
_NUMBER = {name: number for number, (name, _) in enumerate(FIELDS)}
_PREFIX = 0.5  # a word matched as the start of a longer word counts half


class SearchIndex:
    """Word -> {record position: best field}; built once per Dataset, on the first search."""

    def __init__(self, dataset: Dataset) -> None:
        self.records: list[Any] = []
        self.postings: dict[str, dict[int, int]] = {}
        aliases: dict[str, list[str]] = {}
        for alias in dataset.cluster_names:
            aliases.setdefault(alias.cluster_id, []).append(alias.name)
        for c in dataset.clusters:  # fields in FIELDS order: a word keeps its best field
            self._add(c, name=c.name, local_name=c.local_name, acronym=c.acronym,
                      cluster_names=" ".join(aliases.get(c.id, ())), description=c.description,
                      local_description=c.local_description)  # fmt: skip
        for o in dataset.organisations:
            self._add(o, name=o.name, local_name=o.local_name, city=o.city)
        for p in dataset.programmes:
            self._add(p, name=p.name, local_name=p.local_name, acronym=p.acronym,
                      reference=p.reference, description=p.description)  # fmt: skip
        self.words = sorted(self.postings)

    def _add(self, record: Any, **texts: str | None) -> None:
        position = len(self.records)
        self.records.append(record)
        postings = self.postings
        for field, text in texts.items():
            if text:
                number = _NUMBER[field]
                for word in _WORD.findall(fold(text)):
                    found = postings.get(word)
                    if found is None:
                        postings[word] = {position: number}
                    elif position not in found:
                        found[position] = number

    def query(self, text: str, limit: int) -> tuple[SearchHit, ...]:
        """The best ``limit`` records: most query words matched, then highest score, then name."""
        scores: dict[int, list[tuple[float, int]]] = {}
        for word in dict.fromkeys(fold(text).split()):
            best: dict[int, tuple[float, int]] = {}
            for known in self.words[bisect_left(self.words, word) :]:
                if not known.startswith(word):
                    break
                factor = 1.0 if known == word else _PREFIX
                for position, number in self.postings[known].items():
                    score = FIELDS[number][1] * factor
                    if position not in best or best[position][0] < score:
                        best[position] = (score, number)
            for position, hit in best.items():
                scores.setdefault(position, []).append(hit)
        records = self.records
        ranked = heapq.nsmallest(
            limit,
            scores.items(),
            key=lambda item: (-len(item[1]), -sum(s for s, _ in item[1]), records[item[0]].name),
        )
        return tuple(
            SearchHit(
                sum(s for s, _ in hits), records[position], FIELDS[min(n for _, n in hits)][0]
            )
            for position, hits in ranked
        )
