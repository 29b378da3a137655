from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Tools, not part of the running portal: demo data, a synthetic load and the benchmarks (their commands)."""

    name = "demo"
