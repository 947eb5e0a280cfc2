"""``/places.geojson``, outside the language prefix (``crieur/urls.py``)."""

from django.urls import path

from . import views

urlpatterns = [path("places.geojson", views.places_geojson, name="places_geojson")]
