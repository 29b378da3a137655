"""Reading trainers for the pages: the list, one trainer (scoped to who asks), and the workload."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from councils.collation import collated
from portal.models import SetPasswordLink, User
from roles import Role
from trainings.models import TrainerUnavailability, TrainingSession

ACTIVE_SESSION = ~Q(training_sessions__status=TrainingSession.Status.CANCELLED)


def trainers():
    """Every trainer account, active or not, in name order."""
    return User.objects.filter(groups__name=Role.TRAINER).order_by(
        collated("last_name"), collated("first_name"), "username"
    )


def trainer_list():
    return (
        trainers()
        .select_related("trainer_profile")
        .prefetch_related("trainer_profile__regions")
        .annotate(session_count=Count("training_sessions", filter=ACTIVE_SESSION, distinct=True))
    )


def get_trainer_for_user(user, pk):
    """Trainer `pk` for a reader of the portal, or for that trainer themself; 404 otherwise."""
    if not (user.can_view_reports or user.pk == pk):
        raise Http404
    queryset = trainers().select_related("trainer_profile").prefetch_related("trainer_profile__regions")
    return get_object_or_404(queryset, pk=pk)


def pending_link(trainer, now=None):
    """The trainer's link that still works, if any."""
    links = SetPasswordLink.objects.filter(user=trainer, used_at=None, replaced_at=None)
    return links.filter(expires_at__gt=now or timezone.now()).order_by("-created_at").first()


def latest_link(trainer):
    return SetPasswordLink.objects.filter(user=trainer).order_by("-created_at", "-pk").first()


def unavailable_periods(trainer):
    return TrainerUnavailability.objects.filter(trainer=trainer)


def trainer_sessions(trainer):
    sessions = trainer.training_sessions.exclude(status=TrainingSession.Status.CANCELLED)
    return sessions.select_related("campaign", "venue").order_by("-start_date", "code")


@dataclass
class Load:
    sessions: int = 0
    days: int = 0


@dataclass
class TrainerLoad:
    trainer_id: int
    name: str
    by_campaign: dict = field(default_factory=lambda: defaultdict(Load))  # campaign code → Load
    by_month: dict = field(default_factory=lambda: defaultdict(Load))  # first day of the month → Load
    total: Load = field(default_factory=Load)


def trainer_workload(*, campaign=None) -> list[TrainerLoad]:
    """Sessions and training days of each trainer, per campaign and per calendar month (cancelled sessions
    left out). A session counts in the month it starts; its days count in the month each day falls in."""
    links = TrainingSession.trainers.through.objects.exclude(trainingsession__status=TrainingSession.Status.CANCELLED)
    if campaign is not None:
        links = links.filter(trainingsession__campaign=campaign)
    rows = links.values_list(
        "user_id",
        "user__first_name",
        "user__last_name",
        "user__username",
        "trainingsession__campaign__code",
        "trainingsession__start_date",
        "trainingsession__days",
    )
    loads = {}
    for user_id, first_name, last_name, username, code, start, days in rows:
        name = f"{last_name} {first_name}".strip() or username
        load = loads.setdefault(user_id, TrainerLoad(user_id, name))
        for bucket in (load.by_campaign[code], load.by_month[start.replace(day=1)], load.total):
            bucket.sessions += 1
        load.by_campaign[code].days += days
        load.total.days += days
        # The session's dates worked out here, not by a model instance: there is a row per trainer and session.
        for offset in range(days):
            load.by_month[(start + timedelta(days=offset)).replace(day=1)].days += 1
    for load in loads.values():
        # Plain dicts in order: a template looking up `.items` on a defaultdict would add a key.
        load.by_campaign = dict(sorted(load.by_campaign.items()))
        load.by_month = dict(sorted(load.by_month.items()))
    return sorted(loads.values(), key=lambda load: (load.name.casefold(), load.trainer_id))
