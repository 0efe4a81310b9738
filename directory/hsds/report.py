"""What an import did or would do, and what is wrong with a file: for the command line
(English, records by number and id) and for the admin's page (the coordinator's
language, records by number and name)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .messages import Message, translated


@dataclass(frozen=True)
class Problem:
    """An error or warning about one field of one record (number 0: the whole file)."""

    number: int
    id: str
    field: str
    message: Message | str
    name: str = ""  # the record's name as the file gives it, for people

    def __str__(self):
        """In English, with the record's id: for the command line and logs."""
        if not self.number:
            return str(self.message)
        where = f"Record {self.number}" + (f" (id {self.id})" if self.id else "")
        return f"{where}, {self.field or 'record'}: {self.message}"

    def translated(self):
        """In the page's language, with the record's name rather than its id: for people."""
        message = translated(self.message)
        if not self.number:
            return message
        where = {"number": self.number, "name": self.name, "field": self.field}
        if self.name and self.field:
            where = _("Fiche %(number)s « %(name)s », %(field)s") % where
        elif self.name:
            where = _("Fiche %(number)s « %(name)s »") % where
        elif self.field:
            where = _("Fiche %(number)s, %(field)s") % where
        else:
            where = _("Fiche %(number)s") % where
        return _("%(where)s : %(message)s") % {"where": where, "message": message}


@dataclass
class ImportReport:
    """What an import did, or would do: counts, a sample of the changes, the problems."""

    source: str
    lang: str
    dry_run: bool
    schema: str = ""
    records: int = 0
    counts: dict = field(default_factory=dict)
    crosswalk: int = 0  # mappings read from a crosswalk file given with the import
    changes: list = field(default_factory=list)  # changes.Listing, the first ones
    removals: list = field(default_factory=list)  # (name, hsds_changes.Change), the first ones
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    warning_count: int = 0
    seconds: float = 0.0

    @property
    def ok(self):
        return not self.errors

    def count(self, what):
        return self.counts.get(what, 0)

    def summary(self):
        services = ", ".join(
            f"{self.count(f'services {kind}')} {kind}"
            for kind in ("created", "updated", "unchanged")
        )
        others = ", ".join(
            f"{what} {kind}: {n}"
            for what in ("organisations", "locations")
            for kind in ("created", "updated")
            if (n := self.count(f"{what} {kind}"))
        )
        verb = "would be" if self.dry_run else "were"
        text = f"{self.records} services read in {self.seconds:.1f} s; services {verb}: {services}"
        text += f" ({others})" if others else ""
        if removed := self.count("removals"):
            text += f"; {removed} {'thing' if removed == 1 else 'things'} {verb} removed"
        return text

    @property
    def unlisted(self):
        """How many changed services and organisations `changes` leaves out."""
        kinds = ("services created", "services updated")
        kinds += ("organisations created", "organisations updated")
        return sum(self.count(kind) for kind in kinds) - len(self.changes)

    @property
    def removals_unlisted(self):
        return self.count("removals") - len(self.removals)

    def removal_lines(self, limit=50):
        """The removals, one a line, for a terminal: "Colis du Canal: téléphone: - 02 …"."""
        lines = [f"{name}: {change}" for name, change in self.removals[:limit]]
        if more := self.count("removals") - len(lines):
            lines.append(f"... and {more} more.")
        return lines


class ImportFailed(Exception):
    """The file has errors: nothing was written. `report.errors` says where."""

    def __init__(self, report):
        self.report = report
        lines = [str(error) for error in report.errors[:10]]
        if len(report.errors) > 10:
            lines.append(f"... and {len(report.errors) - 10} more errors.")
        super().__init__("\n".join(lines + ["Nothing was imported."]))
