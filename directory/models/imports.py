"""An HSDS file uploaded in the admin, kept between its preview and the coordinator's answer.

The file is kept in the database, not on a disk: every app node can confirm it, no other
user of the machine can read or swap it, and nothing is left in a shared folder such as
/tmp. It is read from memory (20 MB at most), deleted once imported, cancelled or
refused, replaced by the same coordinator's next upload, and a day after an abandoned
preview.
"""

import io
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

MAX_AGE = timedelta(days=1)


class PendingImport(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    filename = models.CharField(max_length=255)
    lang = models.CharField(max_length=2)
    unknown_taxonomy = models.CharField(max_length=10)
    content = models.BinaryField()

    def __str__(self):
        return self.filename

    def open(self):
        """The file, as a binary file in memory (JSON, or a zipped data package)."""
        stream = io.BytesIO(self.content)
        stream.name = self.filename
        return stream

    @classmethod
    def store(cls, user, upload, **options):
        """Keeps an upload (a Django UploadedFile) for the user until they answer."""
        content = b"".join(upload.chunks())
        # One preview at a time per coordinator: a new upload replaces the one not answered.
        cls.objects.filter(user=user).delete()
        return cls.objects.create(user=user, filename=upload.name[:255], content=content, **options)

    @classmethod
    def discard_stale(cls):
        """Deletes the files of previews abandoned more than a day ago."""
        cls.objects.filter(created__lt=timezone.now() - MAX_AGE).delete()
