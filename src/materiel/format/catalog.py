"""The equipment tree: the built-in catalog shipped with materiel, extended by a dataset."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from .models import EquipmentNode


def normalise_words(text: str) -> str:
    """Fold case, hyphens and spacing so that `Anti-tank  missiles` meets `antitank missiles`."""
    return re.sub(r"[\s\-_/]+", " ", text.casefold()).strip()


class Catalog:
    """An equipment tree: nodes by id, each with its parent; roots are categories."""

    def __init__(self, nodes: Iterable[EquipmentNode]):
        self.nodes: dict[str, EquipmentNode] = {}
        self.children: dict[str | None, list[str]] = {}
        self._chains: dict[str, tuple[str, ...]] = {}  # ancestors, asked for once per item
        self.mapped_at: dict[str, str] = {}  # covering node -> where its mapping was read
        for node in nodes:
            self.add(node)

    def add(self, node: EquipmentNode) -> None:
        """Add a node; its parent is looked up lazily, so a dataset may list children first."""
        self._chains.clear()
        self.__dict__.pop("alias_index", None)  # built again when next asked for
        self.__dict__.pop("longest_alias", None)
        self.nodes[node.id] = node
        self.children.setdefault(node.parent, []).append(node.id)

    def extended(self, nodes: Iterable[EquipmentNode]) -> Catalog:
        """A new catalog with `nodes` added to this one."""
        out = Catalog(self.nodes.values())
        out.mapped_at.update(self.mapped_at)
        for node in nodes:
            out.add(node)
        return out

    def remap(self, node_id: str, covers: Iterable[str], in_doubt: Iterable[str], note: str | None,
              where: str) -> None:
        """Say what a node stands for (a mapping read at `where`), replacing what it said before."""
        node = self.nodes[node_id]
        self.nodes[node_id] = node.model_copy(update={"covers": list(covers), "in_doubt": list(in_doubt),
                                                      "note": note or node.note})
        self.mapped_at[node_id] = where
        self._chains.clear()

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nodes

    def __len__(self) -> int:
        return len(self.nodes)

    @property
    def roots(self) -> list[str]:
        """The categories, in catalog order."""
        return list(self.children.get(None, []))

    def ancestors(self, node_id: str) -> tuple[str, ...]:
        """The node itself, then its parent, up to its root (cycles stop the walk)."""
        found = self._chains.get(node_id)
        if found is None:
            found = self._chains[node_id] = tuple(self._walk_up(node_id))
        return found

    def _walk_up(self, node_id: str) -> list[str]:
        chain = [node_id]
        seen = {node_id}
        parent = self.nodes[node_id].parent
        while parent is not None and parent in self.nodes and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = self.nodes[parent].parent
        return chain

    def root_of(self, node_id: str) -> str:
        """The category a node rolls up to."""
        return self.ancestors(node_id)[-1]

    def category_of(self, node_id: str) -> str:
        """The node an item counts under at category level: the highest covering node of its chain
        (`122mm artillery, type not given` rolls up to `artillery, type not given`), else the root."""
        chain = self.ancestors(node_id)
        for n in reversed(chain):
            if self.is_covering(n):
                return n
        return chain[-1]

    def is_covering(self, node_id: str) -> bool:
        """Whether a node stands for others (a claimant's category), certainly or in doubt."""
        node = self.nodes.get(node_id)
        return node is not None and bool(node.covers or node.in_doubt)

    def covered(self, node_id: str) -> list[str]:
        """The nodes a covering node certainly stands for (empty for an ordinary node)."""
        node = self.nodes.get(node_id)
        return list(node.covers) if node is not None else []

    def in_doubt(self, node_id: str) -> list[str]:
        """The nodes a covering node may also stand for (its broad reading adds them)."""
        node = self.nodes.get(node_id)
        return list(node.in_doubt) if node is not None else []

    def stands_for(self, node_id: str, key: str) -> bool:
        """Whether an item of `node_id` counts for `key`: it lies under `key`, or under a node
        that `key` covers, certainly or in doubt."""
        chain = self.ancestors(node_id)
        return key in chain or any(c in chain for c in (*self.covered(key), *self.in_doubt(key)))

    def walk(self) -> Iterator[tuple[int, str]]:
        """Every node reachable from a root, depth first, with its depth."""
        stack = [(0, r) for r in reversed(self.roots)]
        while stack:
            depth, current = stack.pop()
            yield depth, current
            stack.extend((depth + 1, c) for c in reversed(self.children.get(current, [])))

    @functools.cached_property
    def alias_index(self) -> dict[str, str]:
        """Normalised alias (and id and name) -> node id; the first node to claim a word keeps it."""
        index: dict[str, str] = {}
        for node in self.nodes.values():
            for word in (*node.aliases, node.name, node.id):
                index.setdefault(normalise_words(word), node.id)
        return index

    @functools.cached_property
    def longest_alias(self) -> int:
        """How many words the longest alias has (a draft need not try longer runs)."""
        return max((len(words.split()) for words in self.alias_index), default=1)

    def lookup(self, words: str) -> str | None:
        """The node an alias, name or id names, if any."""
        return self.alias_index.get(normalise_words(words))
