"""Fallakte domain: models and rules, free of Flask."""

from .accounts import User, UserProject
from .base import BaseModel, DomainError, NotPermitted, ValidationError, db
from .care import Activity, ApprovalPeriod, BillingRules, CareCase
from .catalogues import District
from .delivered_hours import DeliveredHours
from .disability import Disability, DisabilityProof
from .documents import Document
from .history import HistoryEntry
from .participations import Participation
from .people import FundingBody, Person, Project, Provider
from .requests import AssistanceRequest

# Every table, in an order in which each one's references come before it.
ALL_MODELS = [Provider, Project, FundingBody, District, User, UserProject, Person, HistoryEntry,
              Participation, AssistanceRequest, DisabilityProof, Disability, Document,
              DeliveredHours, BillingRules, CareCase, ApprovalPeriod, Activity]

__all__ = [
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
