"""Calendar feeds, outside the language prefix: ``/calendar/...`` (``crieur/urls.py``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("events.ics", views.events_calendar_view, name="events_calendar"),
    path("campaign/<int:page_id>.ics", views.campaign_calendar, name="campaign_calendar"),
]
