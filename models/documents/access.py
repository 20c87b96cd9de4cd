"""Documents are visible exactly when the record they are attached to is."""

from models.core.access import register, visible
from models.core.roles import ALL_ROLES
from models.documents.models import CONTENT_READERS, PARTICIPATION_UPLOADERS, TARGETS, Document


def _documents(query, user, today):
    condition = None
    for target in TARGETS:
        part = getattr(Document, target.name).in_(
            visible(target.model, user, today=today).select(target.model.id))
        condition = part if condition is None else condition | part
    return query.where(condition)


# Names and notes of documents are personal: statistics readers see counts per kind only.
# Per record models.documents decides further (clerks: participations, own uploads).
register(Document, read=CONTENT_READERS, write=PARTICIPATION_UPLOADERS, scope=_documents,
         whole_per_participation=ALL_ROLES)
