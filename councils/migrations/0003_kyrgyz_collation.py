"""The ky_kg collation that `councils.collation.collated()` orders by (on SQLite it is registered per connection)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE COLLATION IF NOT EXISTS ky_kg (provider = icu, locale = 'ky-KG')")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS ky_kg")


class Migration(migrations.Migration):
    dependencies = [("councils", "0002_deputy_search_key_import_jobs_merges")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
