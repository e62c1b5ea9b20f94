"""The word index behind ``Dataset.search()``: folded words of names and descriptions of
clusters, organisations and programmes, matched whole or as prefixes and ranked."""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from medclusters.results import SearchHit
from medclusters.utils.text import fold, words

if TYPE_CHECKING:
    from medclusters.records.tables import Tables

#: Fields searched, best first, with their weights: names count three times descriptions.
FIELDS: tuple[tuple[str, float], ...] = (
    ("name", 3.0),
    ("local_name", 3.0),
    ("acronym", 3.0),
    ("cluster_names", 3.0),
    ("reference", 3.0),
    ("description", 1.0),
    ("city", 1.0),
)
_NUMBER = {name: number for number, (name, _) in enumerate(FIELDS)}
_PREFIX = 0.5  # a word matched as the start of a longer word counts half


class SearchIndex:
    """Word -> {record position: best field}; built once per Dataset, on the first search."""

    def __init__(self, dataset: Tables) -> None:
        self.records: list[Any] = []
        self.postings: dict[str, dict[int, int]] = {}
        aliases: dict[str, list[str]] = {}
        for alias in dataset.cluster_names:
            aliases.setdefault(alias.cluster_id, []).append(alias.name)
        for c in dataset.clusters:  # fields in FIELDS order: a word keeps its best field
            self._add(c, name=c.name, local_name=c.local_name, acronym=c.acronym,
                      cluster_names=" ".join(aliases.get(c.id, ())),
                      description=c.description)  # fmt: skip
        for o in dataset.organisations:
            self._add(o, name=o.name, local_name=o.local_name, city=o.city)
        for p in dataset.programmes:
            self._add(p, name=p.name, local_name=p.local_name, acronym=p.acronym,
                      reference=p.reference, description=p.description)  # fmt: skip
        self.words = sorted(self.postings)
        self._orders: dict[str, list[int]] = {}

    def _add(self, record: Any, **texts: str | None) -> None:
        position = len(self.records)
        self.records.append(record)
        postings = self.postings
        for field, text in texts.items():
            if text:
                number = _NUMBER[field]
                for word in words(text):
                    found = postings.get(word)
                    if found is None:
                        postings[word] = {position: number}
                    elif position not in found:
                        found[position] = number

    def query(self, text: str, limit: int) -> tuple[SearchHit, ...]:
        """The best ``limit`` records: most query words matched, then highest score, then name.

        One word: merged from per-word lists kept in rank order, so the cost is the answer's.
        Several words: the records holding the rarest word are checked for the others; when
        ``limit`` of them hold every word, nothing else can rank above them. ``limit`` 0 is
        no hit, whichever path a query takes.
        """
        if limit <= 0:
            return ()
        wanted = list(dict.fromkeys(fold(text).split()))
        known = {word: self._known(word) for word in wanted}
        if not wanted or not all(known.values()):
            return self._rank_all(known, limit)
        if len(wanted) == 1:
            return self._one_word(known[wanted[0]], limit)
        sizes = {w: sum(len(self.postings[k]) for k, _ in ks) for w, ks in known.items()}
        rarest = min(wanted, key=sizes.__getitem__)
        candidates: dict[int, None] = {}
        for word, _ in known[rarest]:
            candidates.update(dict.fromkeys(self.postings[word]))
        full = []
        for position in candidates:
            hits = [self._hit(position, known[word]) for word in wanted]
            if None not in hits:
                full.append((position, hits))
        if len(full) < limit:
            return self._rank_all(known, limit)
        return self._ranked(full, limit)  # type: ignore[arg-type]

    def _known(self, word: str) -> list[tuple[str, float]]:
        """The indexed words ``word`` matches: itself, and the words it begins (at half)."""
        found, at = [], bisect_left(self.words, word)
        while at < len(self.words) and self.words[at].startswith(word):
            known = self.words[at]
            found.append((known, 1.0 if known == word else _PREFIX))
            at += 1
        return found

    def _hit(self, position: int, known: list[tuple[str, float]]) -> tuple[float, int] | None:
        best = None
        for word, factor in known:
            number = self.postings[word].get(position)
            if number is not None:
                score = FIELDS[number][1] * factor
                if best is None or best[0] < score:
                    best = (score, number)
        return best

    def _in_rank_order(self, word: str) -> list[int]:
        """The word's records, best field first, then by name: sorted once, on first use."""
        found = self._orders.get(word)
        if found is None:
            postings, records = self.postings[word], self.records
            found = sorted(postings, key=lambda p: (-FIELDS[postings[p]][1], records[p].name, p))
            self._orders[word] = found
        return found

    def _one_word(self, known: list[tuple[str, float]], limit: int) -> tuple[SearchHit, ...]:
        records = self.records

        def stream(word: str, factor: float) -> Iterator[tuple[float, str, int, int]]:
            postings = self.postings[word]
            for position in self._in_rank_order(word):
                number = postings[position]
                yield (-FIELDS[number][1] * factor, records[position].name, position, number)

        hits: dict[int, SearchHit] = {}
        for score, _, position, number in heapq.merge(*(stream(w, f) for w, f in known)):
            if position not in hits:  # its first appearance is its best score
                hits[position] = SearchHit(-score, records[position], FIELDS[number][0])
                if len(hits) == limit:
                    break
        return tuple(hits.values())

    def _rank_all(
        self, known: dict[str, list[tuple[str, float]]], limit: int
    ) -> tuple[SearchHit, ...]:
        """Score every record holding any word: the general case, and the fallback."""
        scores: dict[int, list[tuple[float, int]]] = {}
        for matches in known.values():
            best: dict[int, tuple[float, int]] = {}
            for word, factor in matches:
                for position, number in self.postings[word].items():
                    score = FIELDS[number][1] * factor
                    if position not in best or best[position][0] < score:
                        best[position] = (score, number)
            for position, hit in best.items():
                scores.setdefault(position, []).append(hit)
        return self._ranked(list(scores.items()), limit)

    def _ranked(
        self, scored: list[tuple[int, list[tuple[float, int]]]], limit: int
    ) -> tuple[SearchHit, ...]:
        records = self.records
        ranked = heapq.nsmallest(
            limit,
            scored,
            key=lambda item: (
                -len(item[1]),
                -sum(s for s, _ in item[1]),
                records[item[0]].name,
                item[0],
            ),
        )
        return tuple(
            SearchHit(
                sum(s for s, _ in hits), records[position], FIELDS[min(n for _, n in hits)][0]
            )
            for position, hits in ranked
        )
