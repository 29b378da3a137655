"""Dump the stored statistics payloads of the LOAD-* campaigns to a JSON file and print its SHA-256, to check
that a change to the statistics code leaves every figure as it was (docs/BENCHMARKS.md).

    .venv/bin/python scripts/dump_snapshots.py OUT.json   # then cmp two dumps made on the same data
"""

import hashlib
import json
import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

with connection.cursor() as cursor:
    cursor.execute(
        "SELECT campaign.code, snapshot.scope, snapshot.payload::text FROM assessments_statssnapshot AS snapshot "
        "JOIN trainings_campaign AS campaign ON campaign.id = snapshot.campaign_id "
        "WHERE campaign.code LIKE 'LOAD-%%' ORDER BY 1, 2"
    )
    rows = cursor.fetchall()
payloads = {f"{code}/{scope}": json.loads(text) for code, scope, text in rows}
text = json.dumps(payloads, sort_keys=True)
with open(sys.argv[1], "w") as out:
    out.write(text)
print(len(payloads), "payloads", hashlib.sha256(text.encode()).hexdigest())
