"""Fallakte domain: models and rules, free of Flask."""

from .accounts import User, UserProject
from .announcements import Announcement, AnnouncementDismissal
from .base import BaseModel, DomainError, NotPermitted, ValidationError, db
from .care import Activity, ApprovalPeriod, BillingRules, CareCase
from .catalogues import District
from .delegation import Delegation
from .delivered_hours import DeliveredHours
from .disability import Disability, DisabilityProof
from .documents import Document
from .history import HistoryEntry
from .layouts import ListLayout
from .login import LoginFailure
from .participations import Participation
from .passwords import PasswordHistory
from .people import FundingBody, Person, Project, Provider
from .requests import AssistanceRequest
from .second_factor import RecoveryCode

# Every table, in an order in which each one's references come before it.
ALL_MODELS = [Provider, Project, FundingBody, District, User, UserProject, Person, HistoryEntry,
              Participation, AssistanceRequest, DisabilityProof, Disability, Document,
              DeliveredHours, BillingRules, CareCase, ApprovalPeriod, Activity, PasswordHistory,
              RecoveryCode, LoginFailure, Delegation, Announcement, AnnouncementDismissal,
              ListLayout]

__all__ = [
    "Announcement",
    "AnnouncementDismissal",
    "Delegation",
    "ListLayout",
    "LoginFailure",
    "PasswordHistory",
    "RecoveryCode",
    "ALL_MODELS",
    "Activity",
    "ApprovalPeriod",
    "BillingRules",
    "CareCase",
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
