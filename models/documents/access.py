"""Documents are visible when the record they are attached to is; those at contacts only to
who works on the case (004 §8)."""

from models.commissions.models import Contact
from models.core.access import register, visible
from models.core.roles import ALL_ROLES, FUNDING_USERS, SUPERVISING_ROLES
from models.documents.models import CONTENT_READERS, PARTICIPATION_UPLOADERS, TARGETS, Document
from models.documents.rules import on_own_cases


def _documents(query, user, today):
    condition = None
    for target in TARGETS:
        records = visible(target.model, user, today=today).select(target.model.id)
        if target.model is Contact and user.role not in SUPERVISING_ROLES | FUNDING_USERS:
            # 004 §8: documents at contacts are for the caseworker and their delegates only.
            # The funding side sees contacts only of a commission opened to it on occasion
            # (004 §1.3: all data of that commission), and then their documents too.
            records = records.where(on_own_cases(Contact, user))
        part = getattr(Document, target.name).in_(records)
        condition = part if condition is None else condition | part
    return query.where(condition)


# Names and notes of documents are personal: statistics readers see counts per kind only.
# Per record models.documents decides further (clerks: participations, own uploads).
register(Document, read=CONTENT_READERS, write=PARTICIPATION_UPLOADERS, scope=_documents,
         whole_per_participation=ALL_ROLES)
