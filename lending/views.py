"""The resident's side: the request page of a place, and the confirmation.

``/fr/lieux/<place's slug>/emprunter/`` (``/en/places/<slug>/borrow/``): one screen with the
resources, the taken slots of the coming weeks (times only), and the form. No
account; a honeypot and a rate limit per address (``"lending-request"`` in
``CRIEUR_RATE_LIMITS``, counted on submissions only) against spam; whatever
was typed comes back with the errors. The place must be one the website shows
today (the gate): a draft, private or finished place takes no request.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from wagtail.models import Locale

from django_ratelimit.decorators import ratelimit

from crieur.channels import Channel
from crieur.gate import gate, passes
from places.models import PlacePage

from .booking import SlotTaken, book
from .emails import notify_received
from .forms import LendingRequestForm
from .models import LendingRequest
from .slots import SHOWN_WEEKS, taken_slots

__all__ = ["confirmation", "request_form"]

#: The default rate when ``CRIEUR_RATE_LIMITS`` has no "lending-request" entry.
DEFAULT_RATE = "10/h"
#: Page ids are 32-bit integers: a larger number in the address is no page.
MAX_PAGE_ID = 2**31 - 1


def rate(group, request):
    return settings.CRIEUR_RATE_LIMITS.get(group, DEFAULT_RATE)


def shown_place(place_id):
    """The place the website shows today with this id, else 404."""
    if place_id > MAX_PAGE_ID:
        raise Http404("No such place")
    return get_object_or_404(
        gate(PlacePage.objects.filter(pk=place_id), Channel.WEBSITE).select_related("locale")
    )


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(group="lending-request", key="ip", rate=rate, method="POST", block=False)
def request_form(request, slug):
    language = translation.get_language()
    candidates = list(
        gate(PlacePage.objects.filter(slug=slug), Channel.WEBSITE)
        .select_related("locale")
        .order_by("pk")[:20]
    )
    place = next((p for p in candidates if p.locale.language_code == language), None)
    if place is None:
        if not candidates:
            raise Http404("No such place")
        # Another language's slug (the language switcher keeps the slug): the same
        # place in the visitor's language when the website shows it, else as it is.
        place = candidates[0]
        locale = Locale.objects.filter(language_code=language).first()
        translated = place.get_translation_or_none(locale) if locale else None
        if translated is not None and passes(translated, Channel.WEBSITE):
            return redirect(request_url(translated))
    resources = [resource for resource in place.resources.all() if resource.lendable]
    if not resources:
        raise Http404("This place lends nothing")
    resource_qs = place.resources.filter(lendable=True)

    status = 200
    if request.method == "POST":
        form = LendingRequestForm(request.POST, place=place, resources=resource_qs)
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many requests from your connection: wait an hour and send it again "
                    "(what you typed is kept below)."
                ),
            )
            status = 429
        elif form.is_valid():
            lending_request = form.to_request(language=language)
            try:
                lending_request, created = book(lending_request)
            except SlotTaken:
                form.add_error(
                    None,
                    _(
                        "This slot is already taken for %(resource)s: see the taken slots "
                        "and choose another time."
                    )
                    % {"resource": lending_request.resource_name},
                )
                status = 409
            else:
                if created:
                    notify_received(lending_request, page_url=place.get_full_url(request))
                return redirect("lending:confirmation", token=lending_request.token)
        else:
            status = 422
    else:
        form = LendingRequestForm(place=place, resources=resource_qs)
    response = TemplateResponse(
        request,
        "lending/request_form.html",
        {
            "place": place,
            "form": form,
            "resources": resources,
            "taken": taken_slots(resources),
            "shown_weeks": SHOWN_WEEKS,
        },
        status=status,
    )
    return _private(response)


@never_cache
@require_safe
def confirmation(request, token):
    """What the resident sees once the request is stored: its reference and slot."""
    lending_request = get_object_or_404(LendingRequest.objects.select_related("place"), token=token)
    response = TemplateResponse(
        request, "lending/confirmation.html", {"lending_request": lending_request}
    )
    return _private(response)


def request_url(place):
    """The address of a place's request page (for the place's template and e-mails)."""
    return reverse("lending:request", kwargs={"slug": place.slug})
