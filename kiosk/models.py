"""Kiosk screens, their opening hours and the pairing of new screens.

A kiosk is reached only through its secret token (``/kiosk/<token>/``). The
token is stored in clear so staff can open the kiosk's URL from the admin, and
as a SHA-256 digest that requests are looked up by: the database compares
digests, which tell an attacker nothing about the token, and the token itself
is then compared in constant time.
"""

import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable, PreviewableMixin

from .player import player_context, protect

__all__ = [
    "ALTERNATE",
    "Kiosk",
    "KioskOpeningHours",
    "PairingRequest",
    "SILENT_AFTER",
    "digest",
    "new_token",
]

#: ``language`` value of a kiosk that alternates between the site's languages.
ALTERNATE = "alternate"
#: A kiosk that has not reported for longer than this is "silent".
SILENT_AFTER = datetime.timedelta(minutes=5)
#: Tokens are 32 random bytes, URL-safe base64 without padding: 43 characters.
TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
#: Pairing codes: no look-alike characters (0/O, 1/I/L, U/V), read off a screen.
PAIRING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
PAIRING_CODE_LENGTH = 6


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def language_choices():
    return [(ALTERNATE, _("Alternate between the site's languages")), *settings.LANGUAGES]


class KioskQuerySet(models.QuerySet):
    def silent(self, now=None):
        """Kiosks that reported once but not for more than five minutes."""
        now = now or timezone.now()
        return self.filter(last_seen_at__lt=now - SILENT_AFTER)

    def for_token(self, token):
        """The kiosk whose token is ``token``, or None (compared in constant time)."""
        if not isinstance(token, str) or not TOKEN_PATTERN.fullmatch(token):
            return None
        kiosk = self.filter(token_digest=digest(token)).first()
        if kiosk is None or not hmac.compare_digest(kiosk.token, token):
            return None
        return kiosk


class Kiosk(PreviewableMixin, ClusterableModel):
    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    class State(models.TextChoices):
        ONLINE = "online", _("Online")
        SILENT = "silent", _("Silent for more than 5 minutes")
        NEVER_SEEN = "never", _("Never seen")

    name = models.CharField(_("name"), max_length=120)
    place = models.CharField(
        _("place"), max_length=255, blank=True, help_text=_("Where the screen stands.")
    )
    orientation = models.CharField(
        _("orientation"),
        max_length=10,
        choices=Orientation.choices,
        default=Orientation.LANDSCAPE,
    )
    language = models.CharField(
        _("language"),
        max_length=12,
        choices=language_choices,
        default=settings.LANGUAGE_CODE,
    )
    seconds_per_slide = models.PositiveSmallIntegerField(
        _("seconds per slide"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(300)],
    )
    campaigns = ParentalManyToManyField(
        "campaigns.CampaignPage",
        verbose_name=_("campaigns shown"),
        blank=True,
        related_name="+",
        help_text=_(
            "Leave empty to show every campaign running today on the kiosk channel. "
            "A campaign is shown only between its start and end dates."
        ),
    )
    token = models.CharField(_("secret token"), max_length=64, editable=False, default=new_token)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    token_changed_at = models.DateTimeField(_("token changed at"), default=timezone.now)

    last_seen_at = models.DateTimeField(_("last report"), null=True, blank=True, editable=False)
    last_slide = models.CharField(_("slide shown"), max_length=100, blank=True, editable=False)
    last_player_version = models.CharField(
        _("player version"), max_length=40, blank=True, editable=False
    )
    last_playlist_version = models.CharField(
        _("playlist version"), max_length=64, blank=True, editable=False
    )
    online_since = models.DateTimeField(_("online since"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = KioskQuerySet.as_manager()

    # The edit form is laid out in wagtail_hooks.KioskViewSet.edit_handler.

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.place})" if self.place else self.name

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = new_token()
        self.token_digest = digest(self.token)
        super().save(*args, **kwargs)

    def regenerate_token(self):
        """A new token; the old one stops working with this save."""
        self.token = new_token()
        self.token_digest = digest(self.token)
        self.token_changed_at = timezone.now()
        Kiosk.objects.filter(pk=self.pk).update(
            token=self.token, token_digest=self.token_digest, token_changed_at=self.token_changed_at
        )

    # -- what the screen shows ---------------------------------------------------

    def languages(self):
        if self.language == ALTERNATE:
            return [code for code, _name in settings.LANGUAGES]
        return [self.language]

    def hours(self):
        """Opening hours as (weekday, opens, closes); Monday is 0. Empty: always open."""
        return sorted((row.weekday, row.opens, row.closes) for row in self.opening_hours.all())

    def is_open(self, at=None):
        at = timezone.localtime(at or timezone.now())
        hours = self.hours()
        if not hours:
            return True
        now = at.time()
        return any(
            weekday == at.weekday() and opens <= now < closes for weekday, opens, closes in hours
        )

    # -- what the screen reported --------------------------------------------------

    def state(self, now=None):
        if self.last_seen_at is None:
            return self.State.NEVER_SEEN
        now = now or timezone.now()
        if now - self.last_seen_at > SILENT_AFTER:
            return self.State.SILENT
        return self.State.ONLINE

    def get_state_display(self):
        return self.State(self.state()).label

    # -- preview -----------------------------------------------------------------------

    def get_preview_template(self, request, mode_name):
        return "kiosk/player.html"

    def get_preview_context(self, request, mode_name):
        return player_context(request, self, preview=True)

    def serve_preview(self, request, mode_name):
        return protect(super().serve_preview(request, mode_name), frame_ancestors="'self'")


class KioskOpeningHours(Orderable):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    kiosk = ParentalKey(Kiosk, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens at"))
    closes = models.TimeField(_("closes at"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        super().clean()
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": _("The screen must close after it opens.")})


class PairingRequestQuerySet(models.QuerySet):
    def pending(self, now=None):
        now = now or timezone.now()
        return self.filter(expires_at__gt=now, kiosk__isnull=True)

    def expired(self, now=None):
        now = now or timezone.now()
        return self.filter(expires_at__lte=now)


class PairingRequest(models.Model):
    """A new screen waiting for a staff member to attach it to a kiosk.

    The screen shows ``code`` and keeps a secret of its own; only the holder of
    the secret learns the kiosk's token once a staff member entered the code.
    """

    code = models.CharField(_("pairing code"), max_length=12, unique=True)
    secret_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    kiosk = models.ForeignKey(
        Kiosk, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    paired_at = models.DateTimeField(null=True, blank=True)
    paired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PairingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("pairing request")
        verbose_name_plural = _("pairing requests")
        default_permissions = ()

    def __str__(self):
        return self.display_code

    @property
    def display_code(self):
        half = len(self.code) // 2
        return f"{self.code[:half]}-{self.code[half:]}"

    @staticmethod
    def normalise(raw):
        return re.sub(r"[^A-Z0-9]", "", (raw or "").upper())[:12]

    @staticmethod
    def generate_code():
        return "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(PAIRING_CODE_LENGTH))

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()
