"""An application to a call for projects, and its receipt number."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["MAX_BUDGET", "Application"]

#: The largest budget or amount a call takes, in euros (a billion: no overflow anywhere).
MAX_BUDGET = 1_000_000_000


class ApplicationQuerySet(models.QuerySet):
    def for_call(self, call):
        return self.filter(call__translation_key=call.translation_key)


class Application(models.Model):
    """An answer to a call: who, what, where, when, how much, and whom to contact.

    The contact details (name, e-mail, phone) are for staff only: no page,
    card or channel ever shows them.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    class ApplicantKind(models.TextChoices):
        ASSOCIATION = "association", _("An association")
        GROUP = "group", _("An informal group")
        RESIDENT = "resident", _("A resident")
        OTHER = "other", _("Other")

    call = models.ForeignKey(
        "calls.CallPage",
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    receipt_year = models.PositiveSmallIntegerField(_("receipt year"), editable=False)
    receipt_number = models.PositiveIntegerField(_("receipt number"), editable=False)
    submission_token = models.UUIDField(
        _("submission token"),
        unique=True,
        editable=False,
        help_text=_("One per form shown: a form sent twice makes one application."),
    )
    language = models.CharField(_("language"), max_length=8, default="fr")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    group_name = models.CharField(_("name of the group or person"), max_length=200)
    applicant_kind = models.CharField(_("you are"), max_length=20, choices=ApplicantKind.choices)
    title = models.CharField(_("project title"), max_length=200)
    description = models.TextField(_("the project"), max_length=5000)
    where = models.CharField(_("where"), max_length=300)
    when = models.CharField(_("when"), max_length=300)
    requested_amount = models.PositiveIntegerField(
        _("amount requested (euros)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_BUDGET)],
    )
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"), max_length=254)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    decision_reason = models.TextField(_("reason"), blank=True, max_length=5000)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project_page = models.ForeignKey(
        "calls.ProjectPage",
        verbose_name=_("project page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["receipt_year", "receipt_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_year", "receipt_number"], name="calls_unique_receipt"
            )
        ]

    def __str__(self):
        return f"{self.receipt} — {self.title}"

    @property
    def receipt(self):
        """The receipt number applicants quote: "AP-2026-0007"."""
        return f"AP-{self.receipt_year}-{self.receipt_number:04d}"

    def save_new(self, attempts=5):
        """Insert this application with the next receipt number of its year.

        Two applications sent at the same moment may pick the same number: the
        unique constraint refuses the second, which takes the next one.
        """
        self.receipt_year = timezone.localtime(self.submitted_at).year
        for attempt in range(attempts):
            last = Application.objects.filter(receipt_year=self.receipt_year).aggregate(
                last=Max("receipt_number")
            )["last"]
            self.receipt_number = (last or 0) + 1
            try:
                with transaction.atomic():
                    self.save(force_insert=True)
                return self
            except IntegrityError:
                if Application.objects.filter(submission_token=self.submission_token).exists():
                    raise
                if attempt == attempts - 1:
                    raise
                self.pk = None
        return self  # pragma: no cover
