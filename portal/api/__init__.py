"""The open API (/api/v1/, docs/api.md): read and bulk-write the portal's data with personal tokens."""
