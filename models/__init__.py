"""Fallakte domain: models and rules, free of Flask."""

from .accounts import User, UserProject
from .base import BaseModel, DomainError, NotPermitted, ValidationError, db
from .catalogues import District
from .history import HistoryEntry
from .people import FundingBody, Person, Project, Provider

# Every table, in an order in which each one's references come before it.
ALL_MODELS = [Provider, Project, FundingBody, District, User, UserProject, Person, HistoryEntry]

__all__ = [
    "ALL_MODELS",
    "BaseModel",
    "District",
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
