"""The places of an import's services: drafts of the file's locations, where they lie,
and the places a service loses (deleted at the end, or taken by another service)."""

from django.utils.translation import gettext

from .. import derived, geo
from ..models import Location, Service
from ..translation import CONTENT_LANGUAGES
from .changes import REMOVED, Change
from .drafts import Draft
from .reverse_extras import updated_extra


class Places:
    def __init__(self, vocabulary, lang, log, new_row):
        self.vocabulary, self.lang, self.log, self.new_row = vocabulary, lang, log, new_row
        self.locator = geo.AreaLocator()
        self.centres = {c.pk: (c.latitude, c.longitude) for c in vocabulary.communes}
        self.moved_from = set()  # services that lose a place to another
        self.claimed = set()  # location ids in the file
        self.gone = {}  # location id -> (service id, service name, row): to delete
        self.moved = []  # (location row, name of the service it moves to)

    def drafts(self, plan, existing, had, claimed):
        """[(draft, plan, point to locate or None)] for the plan's locations.

        Also notes on the plan whether the service loses locations (deleted at the end).
        Nothing for a service whose record gives no locations: it keeps its own.
        """
        if plan.locations is None:
            return []
        drafts = []
        for place in plan.locations:
            row = existing.get(place.id)
            draft = Draft(dict(row) if row else self.new_row(Location, place.id), new=row is None)
            if row and row["service_id"] != plan.id:
                self.moved_from.add(row["service_id"])
                self.moved.append((row, plan.texts["name"]))
            draft.set("service_id", plan.id)
            self._kept(draft, place)
            if place.wheelchair_accessible is not None:
                draft.set("wheelchair_accessible", place.wheelchair_accessible)
            if place.hidden and not draft.new:
                # An export never holds a confidential address: keep ours as it is.
                draft.set("address_hidden", True)
                drafts.append((draft, place, None))
                continue
            drafts.append((draft, place, self._place(draft, place)))
        # A location another service of the file takes is moved there, not deleted.
        gone = [pk for pk in had if pk not in claimed and pk not in self.claimed]
        self.gone |= {pk: (plan.id, plan.texts["name"], existing[pk]) for pk in gone}
        self.claimed.update(place.id for place in plan.locations)
        plan.lost_locations = bool(gone)
        return drafts

    @staticmethod
    def _kept(draft, place):
        """The service_at_location id the file gives, and the fields we do not model."""
        if place.link_id is not None:
            draft.set("link_id", place.link_id)
        for column, given in (("hsds_extra", place.extra), ("hsds_link", place.link_extra)):
            if given is not None:
                draft.set(column, updated_extra(draft.values[column], *given))

    def _place(self, draft, place):
        """Sets what the file says of where the place is; returns the point to locate, if any.

        A new postcode, or a new street where the file's language had one, moves the
        place: a point the file does not give then goes (it was the old address's).
        """
        # A file may hide a place, never reveal one: only a coordinator, in the admin, can.
        if place.hidden or (place.public_place and draft.new):
            draft.set("address_hidden", place.hidden)
        if place.name is not None:
            draft.set("name", place.name)
        moved = False
        if place.address is not None:
            street, postcode, city = place.address
            column = f"street_{self.lang}" if f"street_{self.lang}" in draft.values else "street_fr"
            before = draft.values[column], draft.values["postcode"]
            draft.set_text("street", street, self.lang)
            draft.set("postcode", postcode)
            moved = (before[0] and draft.values[column] != before[0]) or postcode != before[1]
        if place.point is not None or (moved and not draft.new):
            latitude, longitude = place.point or (None, None)
            draft.set("latitude", latitude)
            draft.set("longitude", longitude)
        values = draft.values
        if values["latitude"] is None:
            if place.address is not None or draft.new:
                city = place.address[2] if place.address else ""
                commune = self.vocabulary.commune_named(city)
                draft.set(
                    "commune_id",
                    commune.pk if commune else self.locator.commune_by_postcode(values["postcode"]),
                )
                draft.set("quartier_id", None)
        elif draft.new or draft.changed & {"latitude", "longitude", "postcode"}:
            return (values["latitude"], values["longitude"], values["postcode"])
        return None

    def points(self, locations):
        """The service's public points (derived.service_points), from the drafts of its
        places: the first is its main point."""
        return derived.service_points(
            d.values | {"centre": self.centres.get(d.values["commune_id"])} for d, _, _ in locations
        )

    def locate(self, drafts):
        """Sets the commune and quartier of the batch's drafts that moved, in one pass."""
        pending = [(d, point) for plan_drafts in drafts for d, _, point in plan_drafts if point]
        located = self.locator.locate([point for _, point in pending])
        for (draft, _), (commune, quartier) in zip(pending, located, strict=True):
            draft.set("commune_id", commune)
            draft.set("quartier_id", quartier)

    def finish(self):
        """Deletes the places no service of the file keeps, and says so in the log.

        Deleting sends the usual signals: history, and marks for the service's point and
        date (derived.py); the services that lost a place to another are marked too.
        """
        self._log_places_lost()
        Location._base_manager.filter(pk__in=self.gone.keys() - self.claimed).delete()
        derived.mark("points", self.moved_from)
        derived.mark("edited", self.moved_from)

    def _log_places_lost(self):
        """Tells the log of the places deleted, and of those another service takes."""
        log, what = self.log, str(Location._meta.verbose_name)
        for pk, (service_id, name, row) in self.gone.items():
            if pk not in self.claimed:
                log.removed_later(service_id, name, Change(REMOVED, what, log.place(row)))
        moved = {row["service_id"] for row, _ in self.moved}
        losers = Service._base_manager.filter(pk__in=moved)
        losers = losers.only(*(f"name_{code}" for code in CONTENT_LANGUAGES))
        names = {service.pk: str(service) for service in losers}
        for row, taker in self.moved:
            if row["service_id"] in names:
                taken = gettext("repris par « %(service)s »") % {"service": taker}
                change = Change(REMOVED, what, log.place(row), taken)
                log.removed_later(row["service_id"], names[row["service_id"]], change)
