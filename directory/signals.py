"""Marks what derived data an edit makes stale (derived.py recomputes it at commit).

Receivers only name ids: they read nothing and write nothing, whatever the number of
rows an edit touches. One exception, free when the point is unchanged: a place's
commune and quartier are set as it is written, so the row and its history agree.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from . import derived
from .models import (
    Category,
    Location,
    Organisation,
    Phone,
    Schedule,
    ScheduleException,
    Service,
    TemporaryStatus,
    Worker,
)

CHANGED = ("post_add", "post_remove", "post_clear")


@receiver(post_save, sender=Service)
def service_saved(sender, instance, raw=False, using=None, **kwargs):
    if not raw:
        derived.mark("documents", [instance.pk], using)


@receiver(m2m_changed, sender=Service.categories.through)
def service_categories_changed(sender, instance, action, pk_set=None, using=None, **kwargs):
    if action not in CHANGED:
        return
    # Categories given or taken are an edit of the service (`modified`: HSDS's modified_after).
    if isinstance(instance, Service):
        derived.mark("documents", [instance.pk], using)
        derived.mark("edited", [instance.pk], using)
    elif pk_set:
        derived.mark("documents", pk_set, using)
        derived.mark("edited", pk_set, using)
    else:
        derived.mark("categories", [instance.pk], using)


@receiver(post_save, sender=Organisation)
def organisation_saved(sender, instance, raw=False, created=False, using=None, **kwargs):
    if not raw and not created:  # a rename shows in its services' documents and workers' text
        derived.mark("organisations", [instance.pk], using)


@receiver(post_save, sender=Category)
def category_saved(sender, instance, raw=False, created=False, using=None, **kwargs):
    if not raw and not created:
        derived.mark("categories", [instance.pk], using)


@receiver(pre_save, sender=Location)
def place_saving(sender, instance, raw=False, **kwargs):
    if not raw and instance.where_changed():
        derived.locate_place(instance)


@receiver(post_save, sender=Location)
def place_saved(sender, instance, raw=False, created=False, using=None, **kwargs):
    """An edit of a place is an edit of its service (`modified`, see locking.py), and of
    the service it left; the point of both is recomputed if the place moved."""
    if raw:
        return
    services = {instance.service_id, instance.loaded("service_id")}
    derived.mark("edited", services, using)
    if created or instance.sort_point_changed():
        derived.mark("points", services, using)
    instance.remember_loaded()


@receiver(post_delete, sender=Location)
def place_deleted(sender, instance, using=None, **kwargs):
    derived.mark("edited", [instance.service_id], using)
    derived.mark("points", [instance.service_id], using)


@receiver([post_save, post_delete], sender=Phone)
@receiver([post_save, post_delete], sender=TemporaryStatus)
def service_part_changed(sender, instance, raw=False, using=None, **kwargs):
    """An edit of a phone or temporary status is an edit of the service (`modified`:
    HSDS, and the version two coordinators' forms are checked against)."""
    if not raw:
        derived.mark("edited", [instance.service_id], using)


@receiver([post_save, post_delete], sender=Schedule)
@receiver([post_save, post_delete], sender=ScheduleException)
def hours_changed(sender, instance, raw=False, using=None, **kwargs):
    """An edit of a place's hours is an edit of the place, and of its service."""
    if not raw:
        derived.mark("edited_places", [instance.location_id], using)


@receiver(post_save, sender=Worker)
def worker_saved(sender, instance, raw=False, using=None, **kwargs):
    if not raw:
        derived.mark("workers", [instance.pk], using)


@receiver(m2m_changed, sender=Worker.organisations.through)
def worker_organisations_changed(sender, instance, action, pk_set=None, using=None, **kwargs):
    if action not in CHANGED:
        return
    if isinstance(instance, Worker):
        derived.mark("workers", [instance.pk], using)
    elif pk_set:
        derived.mark("workers", pk_set, using)
