"""Factories of calls for projects and their applications (tests/calls)."""

import datetime
import uuid

from django.utils import timezone

import factory
import wagtail_factories

from calls.models import Application, CallIndexPage, CallPage


class CallIndexPageFactory(wagtail_factories.PageFactory):
    title = "Appels à projets"

    class Meta:
        model = CallIndexPage


class CallPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Appel à projets {n}")
    teaser = "Des projets de voisinage, financés à parts égales."
    budget = 10_000
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    eligibility = "Un projet qui rapproche les voisins, dans la commune."

    class Meta:
        model = CallPage


def make_application(call, status=Application.Status.RECEIVED, **fields):
    """A saved application to ``call`` with its receipt number."""
    values = {
        "group_name": "Les Jardiniers du Bourg",
        "applicant_kind": Application.ApplicantKind.GROUP,
        "title": "Un potager partagé",
        "description": "Des bacs de culture au pied des immeubles.",
        "where": "Square des Aulnes",
        "when": "Tous les samedis à partir de mai",
        "contact_name": "Camille Secret",
        "contact_email": "camille.secret@example.org",
        "contact_phone": "06 12 34 56 78",
        **fields,
    }
    application = Application(call=call, status=status, submission_token=uuid.uuid4(), **values)
    return application.save_new()
