"""Coordinators' scopes: which listings a coordinator may edit.

A coordinator is a staff user with a `CoordinatorScope`: the communes and the
organisations they keep true. They may edit a service of one of their organisations, or
with a location in one of their communes, and an organisation they are scoped to or that
has such a service. Superusers see and edit everything; a staff user without a scope
edits nothing in the directory.
"""

import functools

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from .places import SHOWN

# The group whose permissions make a staff account a coordinator (create_coordinator_group).
COORDINATORS = "Coordinateurs"


def _model(name):
    return apps.get_model("directory", name)


def _scoped(user, field):
    """The ids of the user's communes or organisations, as a subquery (no query of its own)."""
    through = getattr(_model("CoordinatorScope"), field).through
    column = {"communes": "commune_id", "organisations": "organisation_id"}[field]
    return through.objects.filter(coordinatorscope__user_id=user.pk).values(column)


def scope_rule(model_name=None):
    """Makes `rule(user, queryset)` a scope: superusers get every row, anonymous or
    inactive users none, and the queryset defaults to all rows of `model_name`."""

    def decorate(rule):
        @functools.wraps(rule)
        def in_scope(user, queryset=None):
            queryset = _model(model_name).objects.all() if queryset is None else queryset
            if user.is_superuser:
                return queryset
            if not (user.is_authenticated and user.is_active):
                return queryset.none()
            return rule(user, queryset)

        return in_scope

    return decorate


@scope_rule("Service")
def services_in_scope(user, queryset):
    """The services `user` may edit: of their organisations, or located in their communes."""
    located = _model("Location").objects.filter(
        service=OuterRef("pk"), commune__in=_scoped(user, "communes")
    )
    return queryset.filter(Q(organisation__in=_scoped(user, "organisations")) | Exists(located))


@scope_rule("Organisation")
def organisations_in_scope(user, queryset):
    """Their organisations, and those with a service located in one of their communes."""
    located = _model("Location").objects.filter(commune__in=_scoped(user, "communes"))
    return queryset.filter(
        Q(pk__in=_scoped(user, "organisations"))
        | Q(pk__in=located.values("service__organisation_id"))
    )


@scope_rule()
def parts_in_scope(user, queryset):
    """Rows with a `service` (locations, reports, temporary statuses) of a service in scope."""
    return queryset.filter(service__in=services_in_scope(user).values("pk"))


@scope_rule("Partnership")
def partnerships_in_scope(user, queryset):
    """Partnerships with at least one end among the user's organisations."""
    organisations = organisations_in_scope(user).values("pk")
    return queryset.filter(
        Q(from_organisation__in=organisations) | Q(to_organisation__in=organisations)
    )


@scope_rule("PresenceSlot")
def presence_in_scope(user, queryset):
    """Presence slots of one of the user's organisations (as organisations_in_scope)."""
    return queryset.filter(organisation__in=organisations_in_scope(user).values("pk"))


def permanence_places(user):
    """Where a coordinator may place a permanence of their scope: any published place whose
    address the public knows (a maison de quartier of another organisation), and the
    places of their scope, a confidential one among them."""
    located = _model("Location").objects.all()
    return located.filter(
        SHOWN & Q(service__is_active=True) | Q(pk__in=parts_in_scope(user, located).values("pk"))
    )


@scope_rule("Invitation")
def invitations_in_scope(user, queryset):
    """Invitations to join one of the user's organisations (as organisations_in_scope)."""
    return queryset.filter(organisation__in=organisations_in_scope(user).values("pk"))


@scope_rule("Alert")
def alerts_in_scope(user, queryset):
    """Alerts for one of the user's communes; region-wide alerts are for superusers."""
    return queryset.filter(commune__in=_scoped(user, "communes"))


@scope_rule("CheckIn")
def check_ins_in_scope(user, queryset):
    """Check-ins about one of the user's communes: every coordinator of a commune follows
    who answered there."""
    return queryset.filter(communes__in=_scoped(user, "communes")).distinct()


@scope_rule("SearchCount")
def search_counts_in_scope(user, queryset):
    """Residents' searches in one of the user's communes, and those about no place (the
    whole Region's): never those of another commune."""
    return queryset.filter(Q(commune__in=_scoped(user, "communes")) | Q(commune=None))


@scope_rule("Commune")
def communes_in_scope(user, queryset):
    return queryset.filter(pk__in=_scoped(user, "communes"))


def coordinators_of(service):
    """The active staff accounts whose scope holds `service`: `services_in_scope` read from
    the service's side (its organisation, or a commune where it has a place)."""
    from django.contrib.auth import get_user_model

    communes = _model("Location").objects.filter(service_id=service.pk).values("commune_id")
    scopes = _model("CoordinatorScope").objects.filter(
        Q(organisations=service.organisation_id) | Q(communes__in=communes)
    )
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    return users.filter(coordinator_scope__in=scopes.values("pk"))


def can_edit_service(user, service):
    if user.is_superuser:
        return True
    return services_in_scope(user, type(service).objects.filter(pk=service.pk)).exists()


def can_edit_organisation(user, organisation):
    if user.is_superuser:
        return True
    queryset = type(organisation).objects.filter(pk=organisation.pk)
    return organisations_in_scope(user, queryset).exists()


def describe_scope(user):
    """(communes, organisations) named in the user's scope; None for a superuser."""
    if user.is_superuser:
        return None
    scope = _model("CoordinatorScope").objects.filter(user_id=user.pk).first()
    if scope is None:
        return [], []
    return list(scope.communes.all()), list(scope.organisations.all())


# What the coordinators' group may do in the admin, model by model. Their scope then
# narrows which rows; reference data (areas, taxonomy) stays read-only for them, and
# scopes themselves are given by superusers. Workers' profiles are personal data that
# their owners edit (staff pages): in the admin they are for superusers only; coordinators
# invite people to join their organisations, and the invited person makes the profile.
COORDINATOR_PERMISSIONS = {
    "service": ["add", "change", "delete", "view"],
    "location": ["add", "change", "delete", "view"],
    "phone": ["add", "change", "delete", "view"],
    "costoption": ["add", "change", "delete", "view"],
    "requireddocument": ["add", "change", "delete", "view"],
    "schedule": ["add", "change", "delete", "view"],
    "scheduleexception": ["add", "change", "delete", "view"],
    "temporarystatus": ["add", "change", "delete", "view"],
    "organisation": ["add", "change", "delete", "view"],
    "partnership": ["add", "change", "delete", "view"],
    "alert": ["add", "change", "delete", "view"],
    "invitation": ["add", "change", "delete", "view"],
    "presenceslot": ["add", "change", "delete", "view"],
    # Crisis check-ins for their communes: started, followed, reminded, stopped.
    "checkin": ["add", "change", "view"],
    "checkinrequest": ["view"],
    "report": ["change", "view"],
    # Residents' searches, read-only; a coordinator adds one as a category's synonym.
    "searchcount": ["view", "add_synonym"],
    "commune": ["view"],
    "quartier": ["view"],
    "category": ["view"],
    "audience": ["view"],
    "language": ["view"],
    # Other systems' taxonomies: what imports brought, and the crosswalk they keep.
    "foreigntaxonomy": ["view"],
    "foreignterm": ["view"],
    "crosswalk": ["add", "change", "delete", "view"],
}


def create_coordinator_group():
    """Creates or updates the "Coordinateurs" group with exactly COORDINATOR_PERMISSIONS.

    Safe to run again. Returns the group; a superuser then adds people to it, marks
    them staff and gives each a scope.
    """
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    codenames = [
        f"{action}_{model}"
        for model, actions in COORDINATOR_PERMISSIONS.items()
        for action in actions
    ]
    permissions = Permission.objects.filter(
        content_type__app_label="directory", codename__in=codenames
    )
    group, _created = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.set(permissions)
    return group
