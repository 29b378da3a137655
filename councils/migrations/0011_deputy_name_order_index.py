"""An index in the register's order (Kyrgyz alphabet: `councils.collation.deputy_order`) on PostgreSQL.

The deputy list shows 50 deputies at a time in that order; without the index every page sorts the whole
register (≈ 2 s at 100 000 deputies), with it PostgreSQL reads the first 50 entries of the index. SQLite
registers the collation per connection, so an index on it there would break other tools opening the file.
"""

from django.db import migrations

INDEX = "deputy_name_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON councils_deputy "
            "(last_name COLLATE ky_kg, first_name COLLATE ky_kg, patronymic COLLATE ky_kg, id) "
            "WHERE merged_into_id IS NULL"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("councils", "0010_course_completion")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
