"""Relation pickers that forms of several areas share: searchable autocompletes
(`form_ajax_refs` through views.core.queries.ScopedAjaxLoader), scoped to what the user may
pick, matching names as the person search does."""

from models.core.text import holds_words
from models.participations.models import Participation
from models.people.models import FundingBody, Person, Project, name_condition


def joined_participations():
    """Participations with person and project in the same query."""
    return (Participation.select(Participation, Person, Project)
            .join(Person, on=(Participation.person == Person.id))
            .switch(Participation)
            .join(Project, on=(Participation.project == Project.id)))


def persons_named(query, term):
    """Rows of `query` (persons, or rows joined with their person) whose names match every
    word of `term` as the person search does: case, accents and the spelling of umlauts
    ignored (Müller, MUELLER, muller), `Mel*` a prefix, or the pseudonym, SVNR, file number."""
    for word in term.split():
        query = query.where(name_condition(word))
    return query.order_by(Person.last_name_folded, Person.first_name_folded)


def named(model):
    """A search of a short catalogue (projects, funding bodies) by its folded name, every word
    of the term in any order; matched in Python as the funding-body search is."""
    def search(query, term):
        return [row for row in query.order_by(model.name) if holds_words(row.name, term)]
    return search


PERSON_PICKER = {"fields": ["pseudonym"], "search": persons_named}
# `fields` is what the statistics role searches by (not names): the joined person's pseudonym.
PARTICIPATION_PICKER = {"fields": [Person.pseudonym], "query": joined_participations,
                        "search": persons_named}
PROJECT_PICKER = {"fields": ["name"], "search": named(Project)}
FUNDING_BODY_PICKER = {"fields": ["name"], "search": named(FundingBody)}
