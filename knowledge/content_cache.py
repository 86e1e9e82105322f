"""Values derived from the loaded content, built once per content hash (``KnowledgeRepository.content_hash``).

The content changes only when it is loaded again (an admin reload brings a new hash), so what is derived from it
(the search index, the repository's snapshot of the items) is kept per hash, the last few of them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class ContentCache(Generic[T]):
    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str, build: Callable[[], T]) -> T:
        """The value for the content ``digest``, built by ``build`` the first time (one build at a time)."""
        with self._lock:
            value = self._values.get(digest)
            if value is None:
                value = self._values[digest] = build()
                while len(self._values) > self.size:
                    self._values.popitem(last=False)
            else:
                self._values.move_to_end(digest)
            return value
