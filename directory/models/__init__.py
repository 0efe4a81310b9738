"""The directory's models, one module per concern; import them from here.

Importing this package registers every model with the app.
"""

from .accounts import Invitation, ResetRequest
from .areas import GEOMETRY_FIELDS, PLACE_AREAS, PLACE_AREAS_GEOMETRY, Area, Commune, Quartier
from .base import TranslatedName, unique_slug
from .checkins import CheckIn, CheckInRequest
from .coverage import QuartierCategory, ServiceReach
from .crisis import Alert, TemporaryStatus
from .foreign_taxonomies import Crosswalk, ForeignTaxonomy, ForeignTerm
from .handovers import ArrivalThrottle, HandOver
from .imports import PendingImport
from .listings import Organisation, Phone, Service
from .locations import Location, Schedule, ScheduleException, ServicePoint
from .needs import NeedTally
from .offers import CostOption, RequiredDocument
from .presence import PresenceSlot
from .reports import Report, ReportSender
from .scopes import CoordinatorScope
from .search_counts import SearchCount
from .staff import Partnership, Worker
from .taxonomy import Audience, Category, Language, SearchTerm

__all__ = [
    "GEOMETRY_FIELDS",
    "PLACE_AREAS",
    "PLACE_AREAS_GEOMETRY",
    "Alert",
    "ArrivalThrottle",
    "Area",
    "Audience",
    "Category",
    "CheckIn",
    "CheckInRequest",
    "Commune",
    "CostOption",
    "CoordinatorScope",
    "Crosswalk",
    "ForeignTaxonomy",
    "ForeignTerm",
    "HandOver",
    "Invitation",
    "Language",
    "Location",
    "NeedTally",
    "Organisation",
    "PendingImport",
    "Partnership",
    "Phone",
    "PresenceSlot",
    "Quartier",
    "QuartierCategory",
    "Report",
    "ReportSender",
    "RequiredDocument",
    "ResetRequest",
    "Schedule",
    "ScheduleException",
    "SearchCount",
    "SearchTerm",
    "Service",
    "ServicePoint",
    "ServiceReach",
    "TemporaryStatus",
    "TranslatedName",
    "Worker",
    "unique_slug",
]
