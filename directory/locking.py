"""No lost updates: a form refuses to save over changes made since it was opened.

The version of a row is a column that moves on every save: `modified` for listings,
places, alerts, organisations, partnerships and workers' profiles. A service's moves on
every save of the service and of its places, phones, hours and temporary statuses, and a
place's on every save of its hours (signals.py), so an edit anywhere in what a form shows
counts. The form carries the version it was opened with in a hidden field; on save, the
row is locked and its version compared: if someone saved in between, the form says so
instead of overwriting their work. A form posted without the field (a crafted request, a
tab opened before the field existed) cannot say what it was opened against: refused too.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import to_historic

VERSION_FIELD = "version"


def version_of(moment):
    return moment.isoformat() if moment else ""


class VersionedForm(forms.ModelForm):
    """A ModelForm whose model has a `version_field`; list "version" in the admin's fields,
    render `form.version` in a page's form, and save inside a transaction (the admin does)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    version_field = "modified"
    # A foreign key whose row is locked first: saving this row writes that one too (a
    # place moves its service's `modified`), and that one's page writes this row (the
    # service's page edits its places). Both take the parent's lock first, so two such
    # saves at the same moment queue one behind the other instead of deadlocking.
    parent_field = None

    conflict_message = _(
        "Quelqu'un d'autre a enregistré cette fiche depuis que vous l'avez ouverte. "
        "Vos changements ne sont pas enregistrés, pour ne pas effacer les siens: "
        "rouvrez la fiche pour voir sa version, puis refaites vos changements."
    )
    missing_version_message = _(
        "Ce formulaire ne dit pas quelle version de la fiche vous avez ouverte: il n'est "
        "pas enregistré, pour ne pas effacer les changements d'un autre. Rouvrez la fiche, "
        "puis refaites vos changements."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.editing:
            self.fields[VERSION_FIELD].initial = version_of(self.current_version_or_own())

    @property
    def editing(self):
        # Not `pk is not None`: a new row with a UUID key has one before it is saved.
        return not self.instance._state.adding

    def current_version_or_own(self):
        # Restoring a past version (the history page) replaces the current one: the
        # form was opened against the row as it is now, not as it was then.
        if to_historic(self.instance) is not None:
            return self._stored_version(lock=False)
        return getattr(self.instance, self.version_field)

    def _stored_version(self, lock):
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock and transaction.get_connection(rows.db).in_atomic_block:
            # Two saves at the same moment: the second waits here for the first to end.
            if self.parent_field:
                parent = self.instance._meta.get_field(self.parent_field).related_model
                parents = parent._default_manager.filter(pk__in=rows.values(self.parent_field))
                list(parents.select_for_update().values_list("pk", flat=True))
            rows = rows.select_for_update()
        return rows.values_list(self.version_field, flat=True).first()

    def clean(self):
        data = super().clean()
        if self.editing:
            opened = self.data.get(self.add_prefix(VERSION_FIELD))
            if opened is None:
                raise forms.ValidationError(self.missing_version_message, code="no_version")
            if version_of(self._stored_version(lock=True)) != opened:
                raise forms.ValidationError(self.conflict_message, code="conflict")
        return data
