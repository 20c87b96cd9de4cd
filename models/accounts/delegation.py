"""Delegation (000, Vertretung): a caseworker lets colleagues of the same project work on the
cases they are responsible for; revocable; every grant and revocation is in the history."""

import datetime as dt

from peewee import JOIN, DateTimeField, ForeignKeyField

from models.accounts.models import User, UserProject, projects_in_force
from models.core.base import VersionedModel
from models.core.errors import NotPermitted, ValidationError
from models.core.records import create_record, update_record
from models.core.roles import SUPERVISING_ROLES, WORKING_ROLES, Role
from models.core.text import N_

# Roles that may work on every case of their projects, whoever is responsible for it.


class Delegation(VersionedModel):
    """`grantee` may work on the cases `grantor` is responsible for, until revoked."""

    grantor = ForeignKeyField(User, backref="delegations_granted", on_delete="CASCADE",
                              verbose_name=N_("Granted by"))
    grantee = ForeignKeyField(User, backref="delegations_received", on_delete="CASCADE",
                              verbose_name=N_("Delegate"))
    created_at = DateTimeField(verbose_name=N_("Granted"))
    revoked_at = DateTimeField(null=True, verbose_name=N_("Revoked"))

    history_relation = "delegation"
    verbose_name, verbose_name_plural = N_("Delegation"), N_("delegations")

    def __str__(self):
        return f"{self.grantor} → {self.grantee}"

    def before_save(self, actor, old, today) -> None:
        """Colleagues of a shared project only; granted by the grantor or an administrator."""
        if actor is not None and actor.role != Role.ADMIN and actor.id != self.grantor_id:
            raise NotPermitted(N_("Only the caseworker or an administrator may change this "
                                  "delegation."))
        if old is not None:
            return
        errors = {}
        if self.grantor_id == self.grantee_id:
            errors["grantee"] = N_("You cannot delegate to yourself.")
        elif self.grantee.role not in WORKING_ROLES:
            errors["grantee"] = N_("Only project staff with the right to write can be delegates.")
        elif not shares_a_project(self.grantor, self.grantee, today):
            errors["grantee"] = N_("Delegates must work in one of your projects.")
        elif active_delegations().where((Delegation.grantor == self.grantor_id)
                                        & (Delegation.grantee == self.grantee_id)).exists():
            errors["grantee"] = N_("This colleague is your delegate already.")
        if errors:
            raise ValidationError(errors)


def active_delegations():
    """Delegations not revoked."""
    return Delegation.select().where(Delegation.revoked_at.is_null())


def shares_a_project(one: User, other: User, today: dt.date) -> bool:
    """True when both are assigned to a common project today."""
    return projects_in_force(one, today).where(
        UserProject.project.in_(projects_in_force(other, today))).exists()


def colleague_ids(user: User, today: dt.date):
    """Subquery: ids of the users assigned today to a project `user` is assigned to."""
    return UserProject.select(UserProject.user).where(
        UserProject.project.in_(projects_in_force(user, today))
        & (UserProject.valid_from <= today)
        & (UserProject.valid_to.is_null() | (UserProject.valid_to >= today)))


def colleagues(user: User, today: dt.date):
    """Active staff with the right to write who share a project with `user` today."""
    return (User.select().where(User.id.in_(colleague_ids(user, today)) & (User.id != user.id)
                                & User.active & User.role.in_(list(WORKING_ROLES)))
            .order_by(User.full_name))


def grant_delegation(grantor: User, grantee: User, actor, now: dt.datetime) -> Delegation:
    """Let `grantee` work on the cases of `grantor`."""
    return create_record(Delegation(grantor=grantor, grantee=grantee, created_at=now), actor, now)


def revoke_delegation(delegation: Delegation, actor, now: dt.datetime) -> Delegation:
    """End a delegation; the colleague can no longer work on those cases."""
    if delegation.revoked_at is not None:
        return delegation
    old = dict(delegation.__data__)
    delegation.revoked_at = now
    return update_record(delegation, old, actor, now)


def delegators_of(user: User):
    """Subquery: ids of the users who delegated their cases to `user`."""
    return active_delegations().select(Delegation.grantor).where(Delegation.grantee == user.id)


def works_on(user, caseworker_id) -> bool:
    """True when `user` may work on a case whose caseworker is `caseworker_id`.

    Cases without a caseworker belong to the whole project team."""
    if user is None:
        return False
    if user.role in SUPERVISING_ROLES or caseworker_id in (None, user.id):
        return True
    return active_delegations().where((Delegation.grantor == caseworker_id)
                                      & (Delegation.grantee == user.id)).exists()


def delegates_of(caseworker_ids):
    """{caseworker id: [delegate, ...]} for the given caseworkers, in one query."""
    ids = [i for i in set(caseworker_ids) if i is not None]
    result: dict = {i: [] for i in ids}
    if not ids:
        return result
    grantee = User.alias()
    rows = (active_delegations().select(Delegation, grantee)
            .join(grantee, JOIN.INNER, on=(Delegation.grantee == grantee.id), attr="grantee")
            .where(Delegation.grantor.in_(ids)).order_by(grantee.full_name))
    for row in rows:
        result[row.grantor_id].append(row.grantee)
    return result
