"""Who sees data exports: each user their own, administrators all.

No role edits an export as a record (no form, no version): creating and deleting go through
models.exports.operations, which checks the creator."""

from models.core.access import register
from models.core.roles import ALL_ROLES
from models.exports.models import DataExport


def _own(query, user, today):
    return query.where(DataExport.creator == user.id)


register(DataExport, read=ALL_ROLES, scope=_own)
