"""Work queues of the start page: for each role, the rows waiting for its work, counted and
linked to the list that shows exactly them. Each area registers its own queues (as it registers
its access rules); the start page asks `queues_for(user)`.

A queue names a list view by its endpoint and arguments (plain strings: the view layer makes the
address); its rows are the model's rows the user may see under a condition at a date (and, for
a queue `per_user`, of the user: "approved since your last login").
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from models.core.access import visible
from models.core.roles import role_of


@dataclass(frozen=True)
class Queue:
    """One work queue: its key, German label (msgid), who has it, which rows, which list."""

    key: str
    label: str
    roles: frozenset
    model: type
    condition: Callable[[dt.date], object]
    endpoint: str
    arguments: dict = field(default_factory=dict)
    # True: `condition(today, user)` — the rows depend on who asks, not only on the date.
    per_user: bool = False

    def where(self, user, today: dt.date):
        """The queue's condition for `user` on `today`."""
        return self.condition(today, user) if self.per_user else self.condition(today)

    def rows(self, user, today: dt.date):
        """The rows of the queue `user` may see."""
        return visible(self.model, user, self.model.select(), today).where(
            self.where(user, today))


QUEUES: list[Queue] = []


def register_queue(queue: Queue) -> None:
    """Add a queue to the start pages of its roles (in the order of registration)."""
    if any(known.key == queue.key for known in QUEUES):
        raise ValueError(f"queue {queue.key!r} registered twice")
    QUEUES.append(queue)


def queues_for(user) -> list[Queue]:
    """The queues of `user`'s role."""
    role = role_of(user)
    return [queue for queue in QUEUES if role in queue.roles]


def queue_named(user, key, model):
    """`user`'s queue `key` over `model`, or None (a list's `?queue=` argument)."""
    return next((queue for queue in queues_for(user)
                 if queue.key == key and queue.model is model), None) if key else None


def queue_counts(user, today: dt.date) -> list[tuple[Queue, int]]:
    """(queue, rows) for each queue of `user` (one count query each)."""
    return [(queue, queue.rows(user, today).count()) for queue in queues_for(user)]
