"""Fallakte domain: models and rules, free of Flask."""

from .accounts import User, UserProject
from .base import BaseModel, DomainError, NotPermitted, ValidationError, db
from .catalogues import District
from .disability import Disability, DisabilityProof
from .documents import Document
from .history import HistoryEntry
from .participations import Participation
from .people import FundingBody, Person, Project, Provider
from .requests import AssistanceRequest

# Every table, in an order in which each one's references come before it.
ALL_MODELS = [Provider, Project, FundingBody, District, User, UserProject, Person, HistoryEntry,
              Participation, AssistanceRequest, DisabilityProof, Disability, Document]

__all__ = [
    "ALL_MODELS",
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
