"""The resolver route, included at the root of ``crieur.urls`` outside ``i18n_patterns``.

``/q/<code>`` and ``/Q/<code>`` (QR codes encode URLs in upper case). The
pattern takes anything after the prefix so that every input, however odd,
reaches the view and gets its answer there (a 302 to a path of this site or the
friendly 404), never another route or a redirect made by a middleware.
"""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^[qQ]/(?P<code>[\s\S]*)$", views.resolve_code, name="links_resolve"),
]
