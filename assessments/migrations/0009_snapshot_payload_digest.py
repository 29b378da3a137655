from django.db import migrations, models

# Snapshot payloads are large JSON documents rewritten by every recompute: LZ4 compresses them for TOAST several
# times faster than PostgreSQL's default pglz. A server built without LZ4 keeps pglz (the figures are the same).
LZ4 = """
DO $$
BEGIN
    ALTER TABLE assessments_statssnapshot ALTER COLUMN payload SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'LZ4 compression unavailable, snapshot payloads keep the default: %%', SQLERRM;
END
$$;
"""
PGLZ = "ALTER TABLE assessments_statssnapshot ALTER COLUMN payload SET COMPRESSION pglz;"


def lz4_payloads(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(LZ4)


def default_compression(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PGLZ)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0008_self_test_and_form_assignment"),
    ]

    operations = [
        migrations.AddField(
            model_name="statssnapshot",
            name="payload_digest",
            field=models.CharField(db_default="", default="", editable=False, max_length=32),
        ),
        migrations.RunPython(lz4_payloads, default_compression, elidable=True),
    ]
