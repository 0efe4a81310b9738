"""When a service's doors are open, read from its prefetched places and statuses (the
same rule as ServiceQuerySet.open_at, which asks the database)."""

from datetime import datetime, timedelta
from functools import cached_property

from django.utils import timezone


class DoorsOpen:
    """Mixed into Service: reads `locations` and `temporary_statuses`, prefetched."""

    def is_open_at(self, moment):
        """Same rule as ServiceQuerySet.open_at, on prefetched locations and statuses."""
        moment = timezone.localtime(moment)
        status = self.status_on(moment.date())
        if status and status.keeps_doors_shut:
            return False
        return any(loc.is_open_at(moment) for loc in self.locations.all())

    def next_opening(self, moment, days=14):
        """When its doors next open after `moment`, within `days`, or None.

        A moment, not a delay ("opens Tuesday at 13:30", never "in 2 hours"): a page that
        says it stays true while it is cached or kept offline. Reads what is_open_at reads.
        """
        moment = timezone.localtime(moment)
        for offset in range(days + 1):
            day = moment.date() + timedelta(days=offset)
            status = self.status_on(day)
            if status and status.keeps_doors_shut:
                continue
            times = [
                t
                for location in self.locations.all()
                for t in location.opening_times_on(day)
                if offset or t > moment.time()
            ]
            if times:
                return timezone.make_aware(datetime.combine(day, min(times)))
        return None

    def opening_at(self, moment):
        """(is_open_at, next_opening or None when open) at `moment`, worked out once a
        minute for a row kept between requests (search/pages.card_rows): hours are set to
        the minute, statuses by the day, and any change to them is a new row."""
        minute = timezone.localtime(moment).replace(second=0, microsecond=0)
        found = self.__dict__.get("_opening")
        if found is None or found[0] != minute:
            open_now = self.is_open_at(minute)
            found = (minute, (open_now, None if open_now else self.next_opening(minute)))
            self._opening = found
        return found[1]

    def status_on(self, day):
        """The temporary status in force on `day`, closures first, or None.

        Reads the prefetched statuses (for_cards keeps those not yet ended).
        """
        covering = [s for s in self.temporary_statuses.all() if s.covers(day) and not s.is_full]
        return min(covering, key=lambda s: (not s.keeps_doors_shut, s.starts_on), default=None)

    @cached_property
    def current_status(self):
        return self.status_on(timezone.localdate())

    def is_full_on(self, day):
        """Whether it said it is full on `day`, from the prefetched statuses."""
        return any(s.is_full and s.covers(day) for s in self.temporary_statuses.all())

    def is_open_now(self):
        return self.is_open_at(timezone.localtime())
