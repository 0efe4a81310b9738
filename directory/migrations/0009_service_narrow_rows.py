"""PostgreSQL only: keep the service rows narrow, so ranking and counting read few pages.

Search reads the rank columns (names vector, category list, name, point) of every match.
With a small TOAST target, the long texts (descriptions, the search document and its
full vector) move out of the row, and a page of the table holds ten times more services;
the columns that ranking reads are kept in the row. Existing rows are rewritten once.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE directory_service SET (toast_tuple_target = 128)",
    "ALTER TABLE directory_service ALTER COLUMN search_names SET STORAGE MAIN, "
    "ALTER COLUMN search_categories SET STORAGE MAIN, ALTER COLUMN name_fr SET STORAGE MAIN",
    "UPDATE directory_service SET search_document = search_document",
]
BACKWARD = [
    "ALTER TABLE directory_service RESET (toast_tuple_target)",
    "ALTER TABLE directory_service ALTER COLUMN search_names SET STORAGE EXTENDED, "
    "ALTER COLUMN search_categories SET STORAGE EXTENDED, "
    "ALTER COLUMN name_fr SET STORAGE EXTENDED",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_crisis_and_coordinator_scopes")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
