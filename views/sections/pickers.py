"""Relation pickers that forms of several areas share, scoped to the user and joined."""




from models.core.access import visible
from models.participations.models import Participation
from models.people.models import Person, Project
from views.core.context import acting_user


def joined_participations():
    """Participations with person and project in the same query."""
    return (Participation.select(Participation, Person, Project)
            .join(Person, on=(Participation.person == Person.id))
            .switch(Participation)
            .join(Project, on=(Participation.project == Project.id)))


class ParticipationPickerMixin:
    """The participation picker of a form: the user's participations, person and project
    joined (one query for the whole list)."""

    def _scope_pickers(self, form):
        form = super()._scope_pickers(form)
        if "participation" in form:
            form.participation.query = visible(Participation, acting_user(),
                                               joined_participations())
        return form
