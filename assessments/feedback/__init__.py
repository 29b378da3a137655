"""The end-of-training feedback survey (Kirkpatrick level 1): questions per campaign, one response per
participant through a signed link, and results per session, trainer and region (docs/feedback.md).

`survey_url(enrolment)` is the one entry point other parts use: the path of the participant's survey.
"""

from .tokens import survey_url

__all__ = ["survey_url"]
