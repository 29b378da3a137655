"""Demo accounts (one per role, with known passwords) and trainer accounts for generated sessions."""

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from roles import Role

from .names import kyrgyz_name

# Share of women among generated trainers.
TRAINER_WOMEN_SHARE = 0.4


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    first_name: str
    last_name: str


# For demonstrations only: the passwords are printed on screen by seed_demo (`make demo`).
DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin-demo-2021", Role.ADMIN, "Demo", ""),
    DemoAccount("organiser", "organiser-demo-2021", Role.ORGANISER, "Айгүл", "Осмонова"),
    DemoAccount("trainer", "trainer-demo-2021", Role.TRAINER, "Бакыт", "Асанов"),
    DemoAccount("staff", "staff-demo-2021", Role.STAFF, "Elena", "Petrova"),
)


def ensure_demo_accounts() -> list[DemoAccount]:
    """Create the demo accounts that are missing and reset passwords that differ; leave the rest untouched."""
    user_model = get_user_model()
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    for account in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(
            username=account.username,
            defaults={"first_name": account.first_name, "last_name": account.last_name},
        )
        is_admin = account.role == Role.ADMIN
        # Re-hashing an unchanged password would write a new salt: only touch what is wrong.
        if created or not user.check_password(account.password) or (is_admin and not user.is_superuser):
            user.set_password(account.password)
            if is_admin:
                user.is_staff = user.is_superuser = True
            user.save()
        user.groups.add(groups[account.role])
    return list(DEMO_ACCOUNTS)


def ensure_trainers(usernames: list[str]) -> list:
    """Trainer users with these usernames, created (with Kyrgyz names, no usable password) when missing.

    The name of a new trainer is drawn from a generator seeded with the username, so it is the same on
    every run.
    """
    user_model = get_user_model()
    existing = {user.username: user for user in user_model.objects.filter(username__in=usernames)}
    new_users = []
    for username in usernames:
        if username in existing:
            continue
        rng = random.Random(username)
        name = kyrgyz_name(rng, "F" if rng.random() < TRAINER_WOMEN_SHARE else "M")
        new_users.append(
            user_model(
                username=username, first_name=name.first_name, last_name=name.last_name, password=make_password(None)
            )
        )
    created = user_model.objects.bulk_create(new_users)
    trainer_group = Group.objects.get(name=Role.TRAINER)
    memberships = user_model.groups.through
    memberships.objects.bulk_create(
        [memberships(user_id=user.pk, group_id=trainer_group.pk) for user in [*existing.values(), *created]],
        ignore_conflicts=True,
    )
    existing.update({user.username: user for user in created})
    return [existing[username] for username in usernames]
