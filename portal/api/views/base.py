"""What every API view shares: `?lang=ky|ru|en` for names and messages."""

from django.conf import settings
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

LANGUAGES = [code for code, _name in settings.LANGUAGES]

LANG_PARAMETER = OpenApiParameter(
    "lang", OpenApiTypes.STR, enum=LANGUAGES, description="Language of names and messages (default: the portal's)."
)


def requested_language(request) -> str | None:
    lang = request.GET.get("lang", "")
    return lang if lang in LANGUAGES else None


class LanguageMixin:
    """Serialises names (and messages) in the language of `?lang=`, else in the request's language."""

    def dispatch(self, request, *args, **kwargs):
        lang = requested_language(request)
        if lang is None:
            return super().dispatch(request, *args, **kwargs)
        with translation.override(lang):
            response = super().dispatch(request, *args, **kwargs)
            response["Content-Language"] = lang
            if hasattr(response, "render"):
                response.render()  # lazy messages are rendered in the language asked for
            return response
