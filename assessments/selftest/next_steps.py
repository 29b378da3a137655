"""What a participant is offered after submitting a self-test (e.g. the feedback survey after the
post-test). The done page shows these links; other parts of the portal add theirs here."""


def next_steps(enrolment, phase) -> list[tuple[str, str]]:
    """[(label, url)] to show on the done page of this enrolment's self-test in this phase."""
    return []
