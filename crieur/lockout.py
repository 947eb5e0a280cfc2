"""A brake on password guessing, with django-axes.

Axes counts failed logins per client address (``AXES_LOCKOUT_PARAMETERS``) and,
past ``AXES_FAILURE_LIMIT``, refuses that address until ``AXES_COOLOFF_TIME``
after its last attempt, or until staff run ``manage.py axes_reset_ip ADDRESS``.

* The Wagtail admin login (and the front-end ``/_util/login/``) goes through
  Django's ``authenticate()``, which axes watches by itself: its backend comes
  first in ``AUTHENTICATION_BACKENDS``, its middleware answers the lockout.
* Wagtail's password forms of private pages and of private document collections
  authenticate no user: :func:`counting_failures` wraps their views (see
  ``crieur/urls.py``). A locked-out address is refused before the view runs
  (axes' ``axes_dispatch``), and each wrong password is reported to axes with
  Django's ``user_login_failed`` signal, like a failed login.
"""

import ipaddress
from functools import wraps

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import render

from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views

from axes.decorators import axes_dispatch


def client_ip(request):
    """The client's address, as the rate limits (django-ratelimit) see it.

    ``RATELIMIT_IP_META_KEY`` (the header the reverse proxy sets) or
    ``REMOTE_ADDR``; an IPv6 client counts as its network (``RATELIMIT_IPV6_MASK``,
    a /64, which one machine usually holds whole), as in django-ratelimit.
    """
    key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    try:
        address = ipaddress.ip_address(request.META.get(key, "").strip())
    except ValueError:
        return None
    if address.version == 6:
        mask = getattr(settings, "RATELIMIT_IPV6_MASK", 64)
    else:
        mask = getattr(settings, "RATELIMIT_IPV4_MASK", 32)
    return str(ipaddress.ip_network(f"{address}/{mask}", strict=False).network_address)


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out address gets: 429, a translated page, ``Retry-After``."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(request, "crieur/lockout.html", {"minutes": seconds // 60}, status=429)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def counting_failures(view):
    """Wrap a Wagtail password-form view so that axes counts its wrong passwords.

    These views redirect when the password is right and show the form again
    otherwise: a POST answered 200 is a failure.
    """

    @axes_dispatch
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code == 200:
            user_login_failed.send(sender=__name__, credentials={}, request=request)
        return response

    return wrapped


page_password = counting_failures(wagtail_views.authenticate_with_password)
collection_password = counting_failures(document_views.authenticate_with_password)
