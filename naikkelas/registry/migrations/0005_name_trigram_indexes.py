"""Name search (`icontains`) over a million enterprises and owners: trigram indexes on PostgreSQL.

Django's icontains is `UPPER(col::text) LIKE UPPER('%…%')`, so the indexes are on that expression.
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. SQLite has no such
index and needs none at its scale.
"""

from django.db import migrations

INDEXES = [
    ("registry_enterprise", "registry_enterprise_name_trgm"),
    ("registry_person", "registry_person_name_trgm"),
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, index in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} USING gin ((UPPER(name::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_privacy")]

    operations = [migrations.RunPython(create, drop)]
