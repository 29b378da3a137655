from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        from . import checks  # noqa: F401 - registers the system check of saved codes
        from .codes import CodeConverter

        # Registered here, before any URLconf is read: reports and assessments use it for campaign addresses.
        register_converter(CodeConverter, "code")
