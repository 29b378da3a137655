"""drf-spectacular hooks: the published schema covers /api/v1/ only (not the older /api/stats/summary/)."""


def only_api_v1(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
