"""What the staff coverage page reads: which quartiers each published service covers,
and which categories each quartier has. Derived (derived.py), never edited."""

from django.db import models


class ServiceReach(models.Model):
    """A quartier a published service covers, with one of its categories (a row for each):
    one of its places is in it, or within network.NEAR_M of its centre, by the public
    point (places.py: a confidential place counts at its commune's centre, for that
    commune's quartiers only).

    No constraint ties it to its service: a deleted service's rows go at the next flush
    (derived.refresh_reach), which then knows the quartiers it left.
    """

    service = models.ForeignKey(
        "directory.Service", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    quartier = models.ForeignKey("directory.Quartier", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("directory.Category", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "quartier", "category"], name="service_reach_once"
            )
        ]
        # What a flush reads again for the quartiers a service left or reaches.
        indexes = [models.Index(fields=["quartier", "category"])]

    def __str__(self):
        return f"{self.service_id} → {self.quartier_id}: {self.category_id}"


class QuartierCategory(models.Model):
    """A category with a published service covering the quartier (ServiceReach)."""

    quartier = models.ForeignKey("directory.Quartier", on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("directory.Category", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["quartier", "category"], name="quartier_category_once")
        ]

    def __str__(self):
        return f"{self.quartier_id}: {self.category_id}"
