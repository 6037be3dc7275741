"""What a save reads of an attempt that never changes once it started, kept in memory.

An attempt is frozen (DESIGN principle 6): its answers' item versions (and so their content)
and option orders, its id and its deadline ("the deadline never changes once the attempt
exists") are written once by ``attempt_start`` and never updated. A save needs exactly these
to read and check a response, and a conditional UPDATE checks the rest (the attempt still
open, the requester its owner, the sequence newer). So the process remembers them, per
trainee and attempt, from the start it served or the first save that read them, and the
saves after that read no row before their UPDATE.

Nothing here is ever stale: entries are only added, from rows read for the same trainee, and
an attempt erased since (its rows deleted) makes the UPDATE find nothing, which the caller
answers as before. The memory is bounded (``SIZE`` attempts, the least recently used go), and
an item version's content is held once however many attempts froze it (a plant's cohort sits
the same quiz: without that, each attempt held its own copy of every item's text).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from ..models import Answer, ItemVersion

SIZE = 4096


class FrozenAttempt(NamedTuple):
    attempt_id: int
    deadline: datetime | None
    #: ``{position: (answer id, item version id, content, option order)}``
    answers: dict[int, tuple[int, int, dict, list]]

    def answer(self, position: int) -> Answer | None:
        """An unsaved ``Answer`` carrying the frozen facts of ``position``, or ``None``."""
        facts = self.answers.get(position)
        if facts is None:
            return None
        pk, version_id, content, option_order = facts
        answer = Answer(
            pk=pk, attempt_id=self.attempt_id, position=position, option_order=option_order
        )
        answer.item_version = ItemVersion(pk=version_id, content=content)
        return answer


_attempts: OrderedDict[tuple[int, str], FrozenAttempt] = OrderedDict()
#: One copy of each item version's content, shared by the attempts that froze it. Versions
#: are immutable and as many as authors made, so this stays small (``_shared``).
_contents: dict[int, dict] = {}
_lock = threading.Lock()


def frozen_attempt(*, user_id: int, public_id: str) -> FrozenAttempt | None:
    with _lock:
        found = _attempts.get((user_id, public_id))
        if found is not None:
            _attempts.move_to_end((user_id, public_id))
        return found


def _shared(version_id: int, content: dict) -> dict:
    """The one copy of ``content`` kept for its item version (``_lock`` held). Compared, not
    trusted by id alone: a restored or rolled-back database gives ids out again."""
    known = _contents.get(version_id)
    if known is None or known != content:
        _contents[version_id] = known = content
    return known


def frozen_remember(
    *,
    user_id: int,
    public_id: str,
    attempt_id: int,
    deadline: datetime | None,
    answers: Iterable[Answer],
) -> None:
    """Remember ``answers`` (saved, with their item versions' content) of the trainee's
    attempt, besides those already known."""
    key = (user_id, public_id)
    with _lock:
        facts = {
            answer.position: (
                answer.pk,
                answer.item_version_id,
                _shared(answer.item_version_id, answer.content),
                answer.option_order,
            )
            for answer in answers
            if answer.pk is not None
        }
        known = _attempts.get(key)
        if known is not None and known.attempt_id == attempt_id:
            facts = {**known.answers, **facts}
        _attempts[key] = FrozenAttempt(attempt_id, deadline, facts)
        _attempts.move_to_end(key)
        while len(_attempts) > SIZE:
            _attempts.popitem(last=False)


def frozen_forget(*, user_id: int, public_id: str) -> None:
    with _lock:
        _attempts.pop((user_id, public_id), None)
