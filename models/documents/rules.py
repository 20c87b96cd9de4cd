"""Who may read, add and change documents."""



from peewee import (
    Field,
)

from models.accounts.delegation import delegators_of
from models.core.roles import (
    Role,
    may_read_personal,
)
from models.documents.models import BOUND_TO_CASEWORKER, TARGETS, target_spec


def may_read_contents(user) -> bool:
    """True when `user` may read names and notes of documents and download them."""
    return may_read_personal(user)


def can_upload(target, user) -> bool:
    """May `user` add documents to `target`?"""
    return target._pk in uploadable(type(target), [target._pk], user)


def uploadable(model, ids, user) -> set:
    """The ids of `ids` (records of `model`) to which `user` may add documents."""
    from models.core.access import visible

    if user.role not in target_spec(model).uploaders:
        return set()
    key = model._meta.primary_key
    query = visible(model, user).select(key).where(key.in_(list(ids)))
    condition = on_own_cases(model, user)
    if condition is not None and user.role in BOUND_TO_CASEWORKER:
        query = query.where(condition)
    return {pk for (pk,) in query.tuples()}


def _works_on(caseworker, user):
    # works_on for many records at once: no caseworker, one's own, or a delegator's.
    return (caseworker.is_null() | (caseworker == user.id)
            | caseworker.in_(delegators_of(user)))


def on_own_cases(model, user):
    """Condition on rows of `model`: those whose case `user` works on (its caseworker's, a
    contact by its commission's); None where the model has no caseworker."""
    from models.commissions.models import Commission, Contact

    if model is Contact:
        return Contact.commission.in_(Commission.select(Commission.id).where(
            _works_on(Commission.caseworker, user)))
    caseworker = getattr(model, "caseworker", None)
    return _works_on(caseworker, user) if isinstance(caseworker, Field) else None


def may_change(document, user, may_upload_to_target: bool) -> bool:
    """May `user`, who may (not) upload to the document's record, change `document`? Clerks
    change only what they uploaded themselves."""
    if not may_upload_to_target:
        return False
    return user.role != Role.CLERK or document.uploaded_by_id == user.id


def can_change_document(document, user) -> bool:
    """May `user` rename, annotate or delete `document`?"""
    return may_change(document, user, can_upload(document.target, user))


def changeable(documents, user) -> set:
    """The ids of `documents` that `user` may rename, annotate or delete: one query per kind
    of record documents attach to (asked even where none is among them, so that a list costs
    the same queries whatever it shows)."""
    by_target: dict = {spec: [] for spec in TARGETS}
    for document in documents:
        by_target[document.target_spec].append(document)
    allowed = set()
    for spec, group in by_target.items():
        targets = uploadable(spec.model, {d.target_id for d in group}, user)
        allowed |= {d.id for d in group if may_change(d, user, d.target_id in targets)}
    return allowed


# -- names ----------------------------------------------------------------------------------
