"""The public application form of a call (``CallPage``'s ``apply/`` route).

Open only from the call's first day through its last; before, it says when it
opens; after, when it closed, and a form sent after closing is refused with
that sentence (applications already received are kept as they are). Against
spam: a honeypot field and a rate limit per address ("call-application" in
``CRIEUR_RATE_LIMITS``, counting applications made); CSRF as everywhere. A form
sent twice (a double click, a reload) makes one application: each form shown
carries a token, unique among applications.
"""

import logging
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from django_ratelimit.core import get_usage

from crieur.views import rate_limited

from .emails import send_confirmation
from .forms import ApplicationForm
from .models.applications import Application

logger = logging.getLogger(__name__)

RATE_GROUP = "call-application"


def rate(group, request):
    """The group's rate in ``CRIEUR_RATE_LIMITS``; none set there: no limit."""
    return settings.CRIEUR_RATE_LIMITS.get(group)


def _over_the_limit(request):
    """Whether this address has made as many applications as the rate allows (not counted)."""
    usage = get_usage(request, group=RATE_GROUP, key="ip", rate=rate, method="POST")
    return usage is not None and usage["count"] >= usage["limit"]


def _count_one(request):
    get_usage(request, group=RATE_GROUP, key="ip", rate=rate, method="POST", increment=True)


def _render(request, call, template, context, status=200):
    context = {"page": call, "self": call, **context}
    response = TemplateResponse(request, template, context, status=status)
    return response


@never_cache
def apply(request, call):
    today = timezone.localdate()
    if not call.is_open(today):
        # Before or after: a sentence, and a form sent after closing stores nothing.
        status = 403 if request.method == "POST" else 200
        return _render(request, call, "calls/apply_closed.html", {"today": today}, status=status)

    if request.method != "POST":
        form = ApplicationForm(initial={"token": uuid.uuid4()})
        return _render(request, call, "calls/apply.html", {"form": form})

    form = ApplicationForm(request.POST)
    if form.is_spam():
        logger.info("Call %s: an application with the honeypot filled was refused", call.pk)
        return _render(request, call, "calls/apply.html", {"form": form, "spam": True}, 400)
    if not form.is_valid():
        return _render(request, call, "calls/apply.html", {"form": form}, status=400)

    token = form.cleaned_data["token"]
    existing = Application.objects.filter(submission_token=token).first()
    if existing is None:
        if _over_the_limit(request):
            return rate_limited(request)
        application = form.save(commit=False)
        application.call = call
        application.submission_token = token
        application.language = translation.get_language() or call.locale.language_code
        try:
            with transaction.atomic():
                application.save_new()
                call_url = call.full_url or ""
                transaction.on_commit(lambda: send_confirmation(application, call_url))
        except IntegrityError:
            # The same form sent twice at the same moment: the first one won.
            existing = Application.objects.filter(submission_token=token).first()
            if existing is None:
                raise
        else:
            _count_one(request)
            logger.info("Call %s: application %s received", call.pk, application.receipt)
    if existing is not None:
        if existing.call.translation_key != call.translation_key:
            form.add_error(None, _("This form was already used for another call."))
            return _render(request, call, "calls/apply.html", {"form": form}, status=400)
        application = existing
    return _render(request, call, "calls/apply_done.html", {"application": application})
