"""Donor reports of a campaign: the report payload, its exports (XLSX, CSV, PDF), frozen reports and
participants' certificates."""
