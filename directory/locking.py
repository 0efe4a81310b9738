"""No lost updates: a form refuses to save over changes made since it was opened.

The version of a row is its `modified` time. A service's moves on every save of the
service and of its locations, phones and hours (signals.py), so an edit anywhere in the
listing counts. The form carries the version it was opened with in a hidden field; on
save, the row is locked and its version compared: if someone saved in between, the form
says so instead of overwriting their work.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import to_historic

VERSION_FIELD = "version"


def version_of(moment):
    return moment.isoformat() if moment else ""


class VersionedForm(forms.ModelForm):
    """A ModelForm for a model with a `modified` field; list "version" in the admin fieldsets."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    conflict_message = _(
        "Quelqu'un d'autre a enregistré cette fiche depuis que vous l'avez ouverte. "
        "Vos changements ne sont pas enregistrés, pour ne pas effacer les siens: "
        "rouvrez la fiche pour voir sa version, puis refaites vos changements."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[VERSION_FIELD].initial = version_of(self.current_version_or_own())

    def current_version_or_own(self):
        # Restoring a past version (the history page) replaces the current one: the
        # form was opened against the row as it is now, not as it was then.
        if to_historic(self.instance) is not None:
            return self._stored_version(lock=False)
        return self.instance.modified

    def _stored_version(self, lock):
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock and transaction.get_connection(rows.db).in_atomic_block:
            # Two saves at the same moment: the second waits here for the first to end.
            rows = rows.select_for_update()
        return rows.values_list("modified", flat=True).first()

    def clean(self):
        data = super().clean()
        opened = self.data.get(self.add_prefix(VERSION_FIELD))
        # A form posted without the field (a script, not the admin page) is not checked.
        if self.instance.pk is not None and opened:
            if version_of(self._stored_version(lock=True)) != opened:
                raise forms.ValidationError(self.conflict_message, code="conflict")
        return data
