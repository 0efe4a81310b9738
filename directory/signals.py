"""Keeps each service's search document current on every save, admin edit and import."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from .models import (
    Category,
    Location,
    Organisation,
    Phone,
    Schedule,
    ScheduleException,
    Service,
    TemporaryStatus,
)
from .search.engine import refresh_documents


@receiver(post_save, sender=Service)
def service_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_documents(Service.objects.filter(pk=instance.pk))


@receiver(m2m_changed, sender=Service.categories.through)
def service_categories_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        if isinstance(instance, Service):
            refresh_documents(Service.objects.filter(pk=instance.pk))
        else:
            refresh_documents(instance.services.all())


@receiver(post_save, sender=Organisation)
@receiver(post_save, sender=Category)
def names_changed(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        refresh_documents(instance.services.all())


@receiver(post_delete, sender=Location)
def location_deleted(sender, instance, **kwargs):
    service = Service.objects.filter(pk=instance.service_id).first()
    if service:
        service.refresh_point()


@receiver([post_save, post_delete], sender=Location)
@receiver([post_save, post_delete], sender=Phone)
@receiver([post_save, post_delete], sender=TemporaryStatus)
def service_part_changed(sender, instance, raw=False, **kwargs):
    """An edit of a location, phone or temporary status is an edit of the service
    (`modified`: HSDS, and the version two coordinators' forms are checked against)."""
    if not raw:
        Service.objects.filter(pk=instance.service_id).update(modified=timezone.now())


@receiver([post_save, post_delete], sender=Schedule)
@receiver([post_save, post_delete], sender=ScheduleException)
def hours_changed(sender, instance, raw=False, **kwargs):
    """An edit of a place's hours is an edit of the place, and of its service."""
    if not raw:
        now = timezone.now()
        place = Location.objects.filter(pk=instance.location_id)
        place.update(modified=now)
        Service.objects.filter(pk__in=place.values("service_id")).update(modified=now)
