"""Shared setup of the export tests: approved requests with their frozen snapshot."""

import datetime as dt

from models import AssistanceRequest, Participation
from models.participations.models import snapshot_json
from seed.factories import make_participation, make_request


def approved(participation=None, status="approved", **fields):
    """A request in `status` (approved or ended) with the snapshot taken at approval."""
    participation = participation or make_participation()
    request = make_request(participation, status=status, **fields)
    fresh = Participation.get_by_id(participation.id)
    AssistanceRequest.update(snapshot=snapshot_json(fresh)).where(
        AssistanceRequest.id == request.id).execute()
    return AssistanceRequest.get_by_id(request.id)


def day(text: str) -> dt.date:
    d, m, y = (int(p) for p in text.split("."))
    return dt.date(y, m, d)
