"""Fallakte domain: models and rules, free of Flask."""

from models.accounts import access as _accounts_access  # noqa: F401, E402
from models.accounts import queues as _accounts_queues  # noqa: F401, E402
from models.accounts.announcements import Announcement, AnnouncementDismissal
from models.accounts.delegation import Delegation
from models.accounts.layouts import ListLayout
from models.accounts.login import LoginFailure
from models.accounts.models import User, UserProject
from models.accounts.passwords import PasswordHistory
from models.accounts.second_factor import RecoveryCode
from models.accounts.tokens import ApiToken
from models.budgets import access as _budgets_access  # noqa: F401, E402
from models.budgets import queues as _budgets_queues  # noqa: F401, E402
from models.budgets.models import BudgetCheck, PartialBudget, PersonalBudget
from models.care import access as _care_access  # noqa: F401, E402
from models.care import queues as _care_queues  # noqa: F401, E402
from models.care.models import Activity, ApprovalPeriod, BillingRules, CareCase
from models.commissions import access as _commissions_access  # noqa: F401, E402
from models.commissions import queues as _commissions_queues  # noqa: F401, E402
from models.commissions.models import (
    Commission,
    Contact,
    ContactResult,
    ContactTask,
    PhaseChange,
    Result,
    ResultKind,
    Task,
)
from models.commissions.occasions import OccasionAccess
from models.commissions.releases import PayingBodyRelease
from models.commissions.situations import EmploymentSituation
from models.core.base import BaseModel, db
from models.core.errors import DomainError, NotPermitted, ValidationError
from models.core.history import HistoryEntry
from models.disability import access as _disability_access  # noqa: F401, E402
from models.disability.models import Disability, DisabilityProof
from models.documents import access as _documents_access  # noqa: F401, E402
from models.documents.models import Document
from models.exports import access as _exports_access  # noqa: F401, E402
from models.exports import queues as _exports_queues  # noqa: F401, E402
from models.exports.models import CodebookVersion, DataExport
from models.hours import access as _hours_access  # noqa: F401, E402
from models.hours import queues as _hours_queues  # noqa: F401, E402
from models.hours.models import DeliveredHours
from models.participations import access as _participations_access  # noqa: F401, E402
from models.participations.models import Participation

# Each area declares who may see and change its records (the access registry).
from models.people import access as _people_access  # noqa: F401, E402, I001
from models.people.catalogues import District
from models.people.models import FundingBody, Person, Project, Provider
from models.procedures import access as _procedures_access  # noqa: F401, E402
from models.procedures.models import Assessment, LifeArea, Procedure, ServiceAgreement
from models.requests import access as _requests_access  # noqa: F401, E402
from models.requests import queues as _requests_queues  # noqa: F401, E402
from models.requests.models import AssistanceRequest

# Every table, in an order in which each one's references come before it.
ALL_MODELS = [Provider, Project, FundingBody, District, User, UserProject, Person, HistoryEntry,
              Participation, AssistanceRequest, DisabilityProof, Disability, Commission,
              PhaseChange, Task, ResultKind, Result, Contact, ContactTask, ContactResult,
              EmploymentSituation, PayingBodyRelease, OccasionAccess,
              DeliveredHours, BillingRules, CareCase, ApprovalPeriod, Activity, PasswordHistory,
              RecoveryCode, ApiToken, LoginFailure, Delegation, Announcement, AnnouncementDismissal,
              ListLayout, Procedure, LifeArea, Assessment, ServiceAgreement,
              PersonalBudget, PartialBudget, BudgetCheck, Document, CodebookVersion, DataExport]

__all__ = [
    "ApiToken",
    "Announcement",
    "CodebookVersion",
    "DataExport",
    "AnnouncementDismissal",
    "Delegation",
    "ListLayout",
    "LoginFailure",
    "PasswordHistory",
    "RecoveryCode",
    "ALL_MODELS",
    "Assessment",
    "BudgetCheck",
    "PartialBudget",
    "PersonalBudget",
    "LifeArea",
    "Procedure",
    "ServiceAgreement",
    "Activity",
    "ApprovalPeriod",
    "BillingRules",
    "CareCase",
    "Commission",
    "Contact",
    "EmploymentSituation",
    "OccasionAccess",
    "PayingBodyRelease",
    "ContactResult",
    "ContactTask",
    "PhaseChange",
    "Result",
    "ResultKind",
    "Task",
    "DeliveredHours",
    "AssistanceRequest",
    "Participation",
    "BaseModel",
    "Disability",
    "DisabilityProof",
    "District",
    "Document",
    "DomainError",
    "FundingBody",
    "HistoryEntry",
    "NotPermitted",
    "Person",
    "Project",
    "Provider",
    "User",
    "UserProject",
    "ValidationError",
    "db",
]
