"""The correction list of 000 ("Aufstellung … in einer Excel Datei"): for selected persons their
full name, file number, current facility number (the project's number), the date of the change
to the current facility (the latest change of the person's project in the history) and the
current address — a bulk action of the person list."""

import json

from flask import abort, send_file
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext

from models.core.history import HistoryEntry
from models.core.roles import may_read_personal
from views.core.context import acting_user
from views.core.export import write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def project_changes(person_ids) -> dict:
    """{person id: date of the latest change of the person's project}, in one query."""
    rows = (HistoryEntry.select(HistoryEntry.record_id, HistoryEntry.created_at,
                                HistoryEntry.details)
            .where((HistoryEntry.relation == "person")
                   & HistoryEntry.record_id.in_(list(person_ids))
                   & (HistoryEntry.event == "updated")
                   & HistoryEntry.details.contains('"project"'))
            .order_by(HistoryEntry.created_at))
    changes = {}
    for record_id, created_at, details in rows.tuples():
        if "project" in json.loads(details or "{}"):
            changes[record_id] = created_at.date()
    return changes


def correction_table(persons):
    """Headers and rows of the correction list."""
    headers = [gettext("Full name"), gettext("File number"), gettext("Facility number"),
               gettext("Date of the change of facility"), gettext("Current address")]
    changed = project_changes([p.id for p in persons])
    rows = []
    for person in persons:
        address = ", ".join(part for part in (person.street, " ".join(
            part for part in (person.postcode, person.city) if part)) if part)
        rows.append([f"{person.first_name} {person.last_name}", person.file_number or "",
                     person.project_id, changed.get(person.id), address])
    return headers, rows


class CorrectionListMixin:
    """The person list's action 'Korrekturliste (.xlsx)' for the selected persons."""

    @action("correction_list", lazy_gettext("Correction list (.xlsx)"))
    def action_correction_list(self, ids):
        if not may_read_personal(acting_user()):
            abort(403)
        persons = self.scoped_rows(ids)
        headers, rows = correction_table(persons)
        stream = write_xlsx(gettext("Correction list"), headers, rows)
        return send_file(stream, as_attachment=True, download_name="korrekturliste.xlsx",
                         mimetype=XLSX)
