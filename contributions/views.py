"""The public form: residents propose a place or a correction, without an account.

Against spam: a trap field (a bot that fills it gets the same thank-you page,
nothing is stored, and it is logged), a rate limit per address on sending
("place-proposal" in ``CRIEUR_RATE_LIMITS``: past it the form comes back
filled, with a 429), and CSRF. The same proposal sent twice while it waits
(a double click, a reload) is one contribution with one reference. The pages
are never cached (they set the CSRF cookie).
"""

import logging
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.models import Locale

from django_ratelimit.decorators import ratelimit

from .emails import notify_staff, send_received
from .forms import HONEYPOT_FIELD, ProposalForm, shown_places
from .models import REFERENCE_ALPHABET, REFERENCE_LENGTH, PlaceContribution, new_reference

logger = logging.getLogger(__name__)

#: Proposals one address may send, when ``CRIEUR_RATE_LIMITS`` has no "place-proposal".
DEFAULT_RATE = "5/h"

REFERENCE = re.compile(f"^[{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}}$")


def rate(group, request):
    """The rate of ``group`` in ``CRIEUR_RATE_LIMITS`` (read at each request), else the default."""
    return settings.CRIEUR_RATE_LIMITS.get(group, DEFAULT_RATE)


def _shown_place(value, locale):
    """The place the website shows with id ``value`` (in ``locale`` when translated), or None."""
    if not isinstance(value, str) or not value.isdigit() or len(value) > 12:
        return None
    place = shown_places().filter(pk=int(value)).first()
    if place is not None and place.locale_id != locale.pk:
        translated = (
            shown_places().filter(translation_key=place.translation_key, locale=locale).first()
        )
        place = translated or place
    return place


def save_once(contribution):
    """Save ``contribution`` unless the same proposal already waits: ``(contribution, created)``."""
    contribution.fingerprint = contribution.compute_fingerprint()
    existing = PlaceContribution.objects.pending().filter(fingerprint=contribution.fingerprint)
    found = existing.first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            contribution.save()
    except IntegrityError:  # the same proposal, sent at the same moment
        found = existing.first()
        if found is None:
            raise
        return found, False
    return contribution, True


def _form_page(request, form, place, status=200, limited=False):
    response = TemplateResponse(
        request,
        "contributions/propose.html",
        {"form": form, "place": place, "limited": limited},
        status=status,
    )
    if limited:
        response["Retry-After"] = "3600"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(group="place-proposal", key="ip", rate=rate, method="POST", block=False)
def propose(request):
    locale = Locale.get_active()
    if request.method != "POST":
        place = None
        if "place" in request.GET:
            place = _shown_place(request.GET["place"], locale)
            if place is None:  # unknown, draft, private or out of its dates: all alike
                raise Http404
        form = ProposalForm(initial={"place": place}, locale=locale)
        return _form_page(request, form, place)

    place = _shown_place(request.POST.get("place", ""), locale)
    if getattr(request, "limited", False):
        form = ProposalForm(request.POST, locale=locale)
        return _form_page(request, form, place, status=429, limited=True)
    if request.POST.get(HONEYPOT_FIELD):
        logger.warning("Place proposal dropped: the trap field was filled in.")
        return redirect("contributions:thanks", reference=new_reference())
    form = ProposalForm(request.POST, locale=locale)
    if not form.is_valid():
        return _form_page(request, form, place)
    contribution, created = save_once(form.build())
    if created:
        send_received(contribution)
        notify_staff(contribution)
    return redirect("contributions:thanks", reference=contribution.reference)


@never_cache
@require_GET
def thanks(request, reference):
    """The receipt. It reads nothing from the database: a reference shows only itself."""
    if not REFERENCE.match(reference):
        raise Http404
    return TemplateResponse(request, "contributions/thanks.html", {"reference": reference})
