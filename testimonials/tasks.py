"""Background tasks of the testimonials app (Django's tasks framework, django-tasks)."""

import datetime

from django_tasks import task

from .consent import sweep

__all__ = ["consent_sweep_task"]


@task(backend="background")
def consent_sweep_task(on: str = "") -> dict:
    """The daily consent sweep for the day ``on`` (ISO date; today when empty)."""
    day = datetime.date.fromisoformat(on) if on else None
    return sweep(day).as_dict()
