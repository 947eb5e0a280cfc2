"""A place's iCalendar feed, outside the language prefix: ``/calendar/place/<id>.ics``."""

from django.urls import path

from . import calendars

app_name = "lending_calendar"

urlpatterns = [
    path("<int:place_id>.ics", calendars.place_calendar, name="place"),
]
