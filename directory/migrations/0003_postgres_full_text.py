"""PostgreSQL only: generated tsvectors of the search document, and pg_trgm.

The document is "names | categories | descriptions" (see directory/search.py).
`search_vector` holds it all, without word positions, and is GIN-indexed for matching;
`search_names` holds the first section only: small enough to stay in the row, so
ranking thousands of matches by it costs no detoasting.
On other databases this migration does nothing and search.py falls back to LIKE matching.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    ALTER TABLE directory_service
    ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (strip(to_tsvector('simple', search_document))) STORED,
    ADD COLUMN search_names tsvector GENERATED ALWAYS AS
        (strip(to_tsvector('simple', split_part(search_document, ' | ', 1)))) STORED
    """,
    "CREATE INDEX directory_service_search_vector ON directory_service USING GIN (search_vector)",
    "CREATE INDEX directory_searchterm_trigram ON directory_searchterm "
    "USING GIN (term gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS directory_searchterm_trigram",
    "DROP INDEX IF EXISTS directory_service_search_vector",
    "ALTER TABLE directory_service DROP COLUMN IF EXISTS search_vector, "
    "DROP COLUMN IF EXISTS search_names",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_vocabulary")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
