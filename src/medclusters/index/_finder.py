"""Finding a record by any key: id, name, local name, acronym, alias, identifier or the name a
collaboration gives it; case, diacritics and punctuation do not matter. Close names are
suggested where none answers, and every record answering is named where several do: also
where a key is one record's id and another's name, acronym or folded id."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Generic, TypeVar

from medclusters.errors import NotFoundError
from medclusters.records import Cluster, Organisation, Programme
from medclusters.utils.once import once_property
from medclusters.utils.text import fold

if TYPE_CHECKING:
    from medclusters.records.tables import Tables

__all__ = ["Finder", "names_elsewhere"]

_R = TypeVar("_R", Cluster, Organisation, Programme)
_CACHE_LIMIT = 10_000  # texts remembered per finder; beyond it the memory starts afresh


class Finder(Generic[_R]):
    """Resolves a record or any of its keys (id, names, acronym, ...) to the record.

    Ids are indexed at once; the folded names only on the first lookup by something other
    than an id, since folding every name of a large package is most of the build's cost.
    """

    def __init__(
        self,
        noun: str,
        records: Iterable[_R],
        record_type: type[_R],
        names: Callable[[], Iterable[tuple[str, str | None]]],
    ) -> None:
        self.noun = noun
        self.record_type: type[_R] = record_type
        self.by_id: dict[str, _R] = {record.id: record for record in records}
        self._names = names
        self._seen: dict[str, _R | None] = {}  # text as given -> answer, for repeated calls

    @once_property
    def keys(self) -> dict[str, list[str]]:
        """Folded id or name -> ids, in record order."""
        keys: dict[str, list[str]] = {}
        for record_id, text in self._keyed():
            if not text:
                continue
            key = fold(text)
            ids = keys.get(key)
            if ids is None:
                if key:
                    keys[key] = [record_id]
            elif record_id not in ids:
                ids.append(record_id)
        return keys

    def _keyed(self) -> Iterable[tuple[str, str | None]]:
        yield from ((record_id, record_id) for record_id in self.by_id)
        yield from self._names()

    def answers(self, key: str) -> list[str]:
        """The ids of every record ``key`` names: its own id first where it is one."""
        ids: list[str] = self.keys.get(fold(key), [])
        if key in self.by_id:
            return [key, *(i for i in ids if i != key)]
        return ids

    def get(self, key: _R | str) -> _R | None:
        if isinstance(key, self.record_type):
            return self.by_id.get(key.id)
        try:
            return self._seen[key]  # type: ignore[index]
        except KeyError:
            pass
        except TypeError:  # not hashable: not a key
            return None
        if not isinstance(key, str):
            return None
        answers = self.answers(key)
        found = self.by_id[answers[0]] if len(answers) == 1 else None
        if len(self._seen) >= _CACHE_LIMIT:
            self._seen.clear()
        self._seen[key] = found
        return found

    def find(self, key: _R | str) -> _R:
        found = self.get(key)
        if found is not None:
            return found
        if isinstance(key, self.record_type):
            raise NotFoundError(f"{self.noun} {key.id!r} is not in this dataset")
        if not isinstance(key, str):
            raise NotFoundError(
                f"a {self.noun} is given by its record or a key (str), not {type(key).__name__}"
            )
        folded = fold(key)
        ids = self.answers(key)
        if len(ids) > 1:
            names = tuple(f"{self.by_id[i].name} ({i})" for i in ids[:5])
            how = (
                " (the id of one, a name of another); give the record itself"
                if key in self.by_id
                else "; give an id"
            )
            raise NotFoundError(
                f"{self.noun} {key!r} is ambiguous: {len(ids)} records answer to it{how}", names
            )
        import difflib  # only where a key finds nothing: suggestions

        close = difflib.get_close_matches(folded, self.keys.keys(), n=15, cutoff=0.6)
        best = dict.fromkeys(i for k in close for i in self.keys[k])  # best first, each once
        suggestions = tuple(f"{self.by_id[i].name} ({i})" for i in list(best)[:5])
        raise NotFoundError(f"no {self.noun} {key!r}", suggestions)


def names_elsewhere(ds: Tables, identified: str, partner: str) -> Iterable[tuple[str, str | None]]:
    """(record id, key) from the identifiers of a record and the names collaborations give it
    ("Lublin medical cluster"); ``identified`` and ``partner`` name the referring fields."""
    for identifier in ds.identifiers:
        owner = getattr(identifier, identified)
        if owner is not None:
            yield owner, identifier.id
            yield owner, identifier.value
    for link in ds.collaborations:
        named = getattr(link, partner)
        if named is not None:
            yield named, link.name_as_given
