from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from crieur import lockout, serving, views

handler500 = "crieur.views.server_error"  # a database outage answers 503 there too

urlpatterns = [
    path("", include("links.urls")),  # /q/<code>, outside i18n_patterns
    path("kiosk/", include("kiosk.urls")),  # screens, outside i18n_patterns
    path("", include("places.urls")),  # /places.geojson, outside i18n_patterns
    path("calendar/place/", include("lending.calendar_urls")),  # a place's bookings
    path("calendar/", include("campaigns.urls")),  # iCalendar feeds: stable, outside i18n
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's collection-password form, its wrong passwords counted by axes
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        lockout.collection_password,
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("branding.css", views.branding_css, name="branding_css"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    # Wagtail's page-password form (same URL, shadowed), its wrong passwords counted by axes
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        lockout.page_password,
    ),
    path("", include("contributions.urls")),  # /fr/lieux/proposer/, /en/places/propose/
    path("", include("lending.urls")),  # /fr/lieux/<place>/emprunter/, /en/places/<place>/borrow/
    # Wagtail's page view through crieur.sitewide; Wagtail's own _util/ views stay reachable.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", serving.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
