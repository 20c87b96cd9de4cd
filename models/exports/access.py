"""Who sees data exports: each user their own, administrators all."""

from models.core.access import register
from models.core.roles import ALL_ROLES
from models.exports.models import DataExport


def _own(query, user, today):
    return query.where(DataExport.creator == user.id)


register(DataExport, read=ALL_ROLES, write=ALL_ROLES, scope=_own)
