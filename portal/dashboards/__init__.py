"""The campaign dashboard: figures read from the statistics snapshots (or computed for a filter), charts,
map and drill-down (DESIGN §3, §4 `/campaigns/<code>/dashboard/`)."""
