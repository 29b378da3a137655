"""Create (or reset) the demo administrator and print its credentials. For demos only."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from portal.models import Role


class Command(BaseCommand):
    help = "Create or reset the demo administrator (username 'admin') and print its password."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default="admin-demo-2021")

    def handle(self, *args, username, password, **options):
        user, _ = get_user_model().objects.get_or_create(username=username, defaults={"first_name": "Demo"})
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get_or_create(name=Role.ADMIN)[0])
        self.stdout.write(self.style.SUCCESS(f"Demo admin: username '{username}', password '{password}'"))
