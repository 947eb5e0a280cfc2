from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, PageChooserPanel

from crieur.channels import Channel

from . import codes
from .cache import forget_codes
from .conf import qr_url_for, short_url_for

__all__ = ["ShortLink", "ScanCount", "UnknownCodeCount", "upsert_count"]

#: Attempts at drawing codes that are not taken yet before giving up.
MAX_DRAWS = 10


class ShortLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_total_scans(self, name="scan_total"):
        """Annotate each link with its total number of scans, as ``name``."""
        return self.annotate(**{name: models.Sum("scans__count", default=0)})


class ShortLinkManager(models.Manager.from_queryset(ShortLinkQuerySet)):
    def _free_codes(self, count):
        """``count`` distinct codes not in the database yet (one query per draw)."""
        found = set()
        for _attempt in range(MAX_DRAWS):
            wanted = count - len(found)
            if wanted <= 0:
                break
            drawn = list({codes.generate_code() for _ in range(wanted)} - found)
            taken = set()
            for start in range(0, len(drawn), 900):  # stay under SQLite's variable limit
                chunk = drawn[start : start + 900]
                taken.update(self.filter(code__in=chunk).values_list("code", flat=True))
            found.update(code for code in drawn if code not in taken)
        if len(found) < count:
            raise RuntimeError("Could not draw enough free short codes.")
        return list(found)[:count]

    def _new(self, page, channel, campaign, label, user, code, kiosk=None, sticker_design=None):
        link = self.model(
            code=code,
            page=page,
            channel=Channel(channel).value,
            campaign=campaign,
            label=label or "",
            kiosk=kiosk,
            sticker_design=sticker_design,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        link.remember_kiosk()
        return link

    def create_unique(
        self, page, channel, campaign=None, label="", user=None, *, kiosk=None, sticker_design=None
    ):
        """A new link with a code of its own, e.g. for one sticker."""
        for _attempt in range(MAX_DRAWS):
            code = self._free_codes(1)[0]
            link = self._new(page, channel, campaign, label, user, code, kiosk, sticker_design)
            try:
                with transaction.atomic():
                    link.save(force_insert=True)
            except IntegrityError:
                continue  # someone took the code meanwhile: draw again
            return link
        raise RuntimeError("Could not draw a free short code.")

    def create_many_unique(
        self,
        page,
        channel,
        count,
        campaign=None,
        label="",
        user=None,
        *,
        kiosk=None,
        sticker_design=None,
    ):
        """``count`` new links with distinct codes, inserted with ``bulk_create``."""
        count = int(count)
        if count <= 0:
            return []
        return self.bulk_create_unique(
            [(page, channel, campaign, label)] * count,
            user=user,
            kiosk=kiosk,
            sticker_design=sticker_design,
        )

    def bulk_create_unique(self, specs, user=None, *, kiosk=None, sticker_design=None):
        """New links, one per ``(page, channel, campaign, label)`` of ``specs``, in order.

        Each gets a code of its own; they are inserted with ``bulk_create`` (a
        few queries, whatever their number). They are all for ``kiosk`` or
        ``sticker_design`` when given.
        """
        specs = list(specs)
        if not specs:
            return []
        for _attempt in range(MAX_DRAWS):
            links = [
                self._new(page, channel, campaign, label, user, code, kiosk, sticker_design)
                for (page, channel, campaign, label), code in zip(
                    specs, self._free_codes(len(specs)), strict=True
                )
            ]
            try:
                with transaction.atomic():
                    created = self.bulk_create(links, batch_size=500)
            except IntegrityError:
                continue  # a concurrent insert took one of the codes: draw again
            forget_codes([link.code for link in links])  # bulk_create sends no post_save
            if created and created[0].pk is None:
                # Backends that cannot return ids: fetch them back by code.
                by_code = self.in_bulk([link.code for link in created], field_name="code")
                created = [by_code[link.code] for link in created]
            return created
        raise RuntimeError("Could not draw free short codes.")

    def get_or_create_for(
        self, page, channel, campaign=None, label="", user=None, *, kiosk=None, sticker_design=None
    ):
        """The active link for this page, channel and campaign, made if there is none.

        A link made for a ``kiosk`` or a ``sticker_design`` is reused only for
        that same kiosk or design, whatever its label says (staff may rewrite
        it), and never for a request without one. Otherwise, with a ``label``,
        only a link of that label is reused: posters in two places get codes of
        their own and so their own scan counts.
        """
        channel = Channel(channel).value
        links = self.active().filter(
            page=page,
            channel=channel,
            campaign=campaign,
            kiosk=kiosk,
            sticker_design=sticker_design,
        )
        if label and kiosk is None and sticker_design is None:
            links = links.filter(label=label)
        existing = links.order_by("created_at", "pk").first()
        if existing is not None:
            return existing
        return self.create_unique(
            page,
            channel,
            campaign=campaign,
            label=label,
            user=user,
            kiosk=kiosk,
            sticker_design=sticker_design,
        )


class ShortLink(models.Model):
    """A short code printed on paper (``/q/<code>``) that leads to a page of the site."""

    code = models.CharField(
        _("code"),
        max_length=codes.MAX_CODE_LENGTH,
        unique=True,
        editable=False,
        help_text=_("Made automatically; letters and digits that cannot be confused."),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("target page"),
        # A deleted page must not break printed codes: they lead to the campaign
        # or the home page instead.
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "campaigns.CampaignPage",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="short_links",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    label = models.CharField(
        _("label"),
        max_length=255,
        blank=True,
        help_text=_("Where the code is printed, e.g. “poster at the town hall”."),
    )
    # Declared by name: links sits below the channels and imports none of them.
    kiosk = models.ForeignKey(
        "kiosk.Kiosk",
        verbose_name=_("kiosk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="short_links",
        help_text=_("The kiosk that shows this code: its scans are counted for that kiosk."),
    )
    kiosk_number = models.PositiveIntegerField(
        _("kiosk number"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Number of the kiosk the code was made for, kept when that kiosk is deleted "
            "so that its scans are still told apart."
        ),
    )
    sticker_design = models.ForeignKey(
        "stickers.StickerDesign",
        verbose_name=_("sticker design"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="short_links",
        help_text=_("The sticker design this code is printed on."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An inactive code leads to the campaign page, or to the home page."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ShortLinkManager()

    panels = [
        PageChooserPanel("page"),
        FieldPanel("campaign"),
        FieldPanel("channel"),
        FieldPanel("label"),
        FieldPanel("is_active"),
        FieldPanel("kiosk", read_only=True),
        FieldPanel("sticker_design", read_only=True),
    ]

    class Meta:
        verbose_name = _("short link")
        verbose_name_plural = _("short links")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "channel", "campaign"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kiosk__isnull=True) | models.Q(kiosk_number=models.F("kiosk")),
                name="links_shortlink_kiosk_number",
            )
        ]

    def __str__(self):
        return f"{self.code} – {self.label}" if self.label else self.code

    def save(self, *args, **kwargs):
        if not self.code:
            self.code = ShortLink.objects._free_codes(1)[0]
        self.code = codes.normalise(self.code)
        self.remember_kiosk()
        super().save(*args, **kwargs)

    def remember_kiosk(self):
        """Keep the kiosk's number beside the relation, which a deleted kiosk empties."""
        if self.kiosk_id is not None:
            self.kiosk_number = self.kiosk_id

    @property
    def qr_url(self):
        """Absolute URL to encode in a QR code, upper case: ``HTTPS://HOST/Q/ABC234``."""
        return qr_url_for(self.code)

    @property
    def short_url(self):
        """Human-readable URL to print in text, without scheme: ``host/q/ABC234``."""
        return short_url_for(self.code)

    def total_scans(self):
        return self.scans.aggregate(total=models.Sum("count", default=0))["total"]


class ScanCount(models.Model):
    """How many times a link was scanned on one day (local time)."""

    link = models.ForeignKey(
        ShortLink, verbose_name=_("short link"), on_delete=models.CASCADE, related_name="scans"
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("scans"), default=0)

    class Meta:
        verbose_name = _("scans of a day")
        verbose_name_plural = _("scans per day")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["link", "day"], name="links_scancount_link_day")
        ]

    def __str__(self):
        return f"{self.link_id} {self.day}: {self.count}"


class UnknownCodeCount(models.Model):
    """How many times an unknown code was tried on one day (misprints, typos, probes)."""

    code = models.CharField(_("code"), max_length=codes.MAX_CODE_LENGTH)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("unknown code")
        verbose_name_plural = _("unknown codes")
        ordering = ["-day", "-count"]
        constraints = [
            models.UniqueConstraint(fields=["code", "day"], name="links_unknowncode_code_day")
        ]

    def __str__(self):
        return f"{self.code} {self.day}: {self.count}"


def upsert_count(model, key_field, key_value, day=None):
    """Add one to ``model``'s row for (key, day) in a single atomic statement.

    ``INSERT ... ON CONFLICT DO UPDATE SET count = count + 1`` works the same on
    SQLite (3.24+) and PostgreSQL; there is no read-modify-write in Python, so
    concurrent scans cannot lose counts. Runs in autocommit mode: the row is
    committed when this returns.
    """
    day = day or timezone.localdate()
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    key = qn(model._meta.get_field(key_field).column)
    sql = (
        f"INSERT INTO {table} ({key}, {qn('day')}, {qn('count')}) VALUES (%s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({key}, {qn('day')}) DO UPDATE SET {qn('count')} = {table}.{qn('count')} + 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key_value, connection.ops.adapt_datefield_value(day)])
