from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_role_groups(**kwargs):
    """Keep the role groups present after a database flush too (the data migration creates them first)."""
    from django.contrib.auth.models import Group

    from roles import Role

    for name in Role.values:
        Group.objects.get_or_create(name=name)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        post_migrate.connect(ensure_role_groups, sender=self)
        from .sqlite import register_functions

        connection_created.connect(register_functions, dispatch_uid="portal.sqlite")
