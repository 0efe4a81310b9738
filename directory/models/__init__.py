"""The directory's models, one module per concern; import them from here.

Importing this package registers every model with the app.
"""

from .areas import GEOMETRY_FIELDS, PLACE_AREAS, PLACE_AREAS_GEOMETRY, Area, Commune, Quartier
from .base import TranslatedName, unique_slug
from .crisis import Alert, TemporaryStatus
from .imports import PendingImport
from .listings import Organisation, Phone, SearchTerm, Service
from .locations import Location, Schedule, ScheduleException, ServicePoint
from .reports import Report, ReportSender
from .scopes import CoordinatorScope
from .staff import Partnership, Worker
from .taxonomy import Audience, Category, Language

__all__ = [
    "GEOMETRY_FIELDS",
    "PLACE_AREAS",
    "PLACE_AREAS_GEOMETRY",
    "Alert",
    "Area",
    "Audience",
    "Category",
    "Commune",
    "CoordinatorScope",
    "Language",
    "Location",
    "Organisation",
    "PendingImport",
    "Partnership",
    "Phone",
    "Quartier",
    "Report",
    "ReportSender",
    "Schedule",
    "ScheduleException",
    "SearchTerm",
    "Service",
    "ServicePoint",
    "TemporaryStatus",
    "TranslatedName",
    "Worker",
    "unique_slug",
]
