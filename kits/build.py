"""The campaign kit: every channel's output for a campaign, in one ZIP with a README.

Each channel makes its own files (``<channel>.kit.kit_outputs``, the contract
of ``crieur.outputs``): files in the campaign's language and notes on what its
gate refused. The kit calls them in a fixed order, reporting progress between
them; a channel that fails (a render past its time limit, a bug) is listed in
the README as not made, with the error in words, and the others are kept.
File names are made safe here, whatever a channel hands over: slugified,
inside the ZIP (no absolute path, no ``..``), unique.

    kit = make_campaign_kit(campaign, report=print)
    kit.archive            # the ZIP's bytes (also ``build_campaign_kit(campaign)``)
    kit.left_out, kit.not_made
"""

import io
import logging
import re
import zipfile
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language_info, gettext_lazy, override
from django.utils.translation import gettext as _

from bulletins import kit as bulletins_kit
from campaigns.models import period_text
from criers import kit as criers_kit
from crieur.channels import Channel
from crieur.outputs import LeftOut, Output
from kiosk import kit as kiosk_kit
from posters import kit as posters_kit
from social import kit as social_kit
from stickers import kit as stickers_kit

logger = logging.getLogger(__name__)

__all__ = [
    "CHANNELS",
    "Kit",
    "KitChannel",
    "NotMade",
    "build_campaign_kit",
    "kit_filename",
    "make_campaign_kit",
    "safe_name",
]

README = "README.md"
#: Longest slugified part of a path in the ZIP (a folder or a file's stem).
MAX_NAME_PART = 80
#: Files already compressed: stored as they are.
STORED_EXTENSIONS = {"pdf", "png", "jpg", "jpeg", "webp", "gif", "zip"}


@dataclass(frozen=True)
class KitChannel:
    """A channel that makes files for the kit: its folder, its name, its module."""

    folder: str
    label: str
    module: object  # a module (or anything) with kit_outputs(campaign, *, on, user)

    def outputs(self, campaign, *, on=None, user=None):
        return self.module.kit_outputs(campaign, on=on, user=user)


#: The channels, in the order they are made and listed.
CHANNELS = (
    KitChannel("posters", gettext_lazy("Posters"), posters_kit),
    KitChannel("stickers", gettext_lazy("Stickers and badges"), stickers_kit),
    KitChannel("social", gettext_lazy("Social media kit"), social_kit),
    KitChannel("criers", gettext_lazy("Street criers' cards"), criers_kit),
    KitChannel("kiosk", gettext_lazy("Kiosk preview"), kiosk_kit),
    KitChannel("bulletin", gettext_lazy("Bulletin pages"), bulletins_kit),
)


@dataclass(frozen=True)
class NotMade:
    """A channel whose files are missing from the kit, and the error in words."""

    channel: KitChannel
    error: str


@dataclass
class Kit:
    campaign: object
    made_at: object
    channels: tuple = ()  # the KitChannels asked for
    files: list = field(default_factory=list)  # of Output, with safe, unique names
    left_out: list = field(default_factory=list)  # of LeftOut
    not_made: list = field(default_factory=list)  # of NotMade
    archive: bytes = b""


# -- names ---------------------------------------------------------------------


def _part(text, fallback):
    return slugify(text)[:MAX_NAME_PART].strip("-_") or fallback


def safe_name(name, folder):
    """``name`` as a path inside the ZIP: slugified parts, at least one folder (``folder``).

    Nothing leads out of the archive: separators of any kind split parts,
    empty, ``.`` and ``..`` parts are dropped, each part is slugified (ASCII
    letters, digits, hyphens and underscores) and the extension kept in lower case.
    """
    parts = [part for part in re.split(r"[\\/]+", str(name)) if part not in ("", ".", "..")]
    base = parts.pop() if parts else ""
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:10]
    folders = [_part(part, folder) for part in parts[:3]] or [folder]
    stem = _part(stem, "file")
    return "/".join(folders), stem, extension


def _unique(folders, stem, extension, taken):
    suffix = f".{extension}" if extension else ""
    candidate, number = f"{folders}/{stem}{suffix}", 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{folders}/{stem}-{number}{suffix}"
    taken.add(candidate.casefold())
    return candidate


def kit_filename(campaign, made_at=None):
    made_at = timezone.localtime(made_at) if made_at else timezone.localtime()
    slug = _part(campaign.slug, "campaign")
    return f"kit-{slug}-{campaign.locale.language_code}-{made_at:%Y%m%d}.zip"


# -- the README -------------------------------------------------------------------

#: Control characters and bidirectional overrides: an editor's text must not reorder the README.
_UNSAFE = re.compile("[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|])")


def plain(text, limit=300):
    """``text`` on one line, at most ``limit`` characters, Markdown's characters escaped."""
    text = " ".join(_UNSAFE.sub(" ", str(text or "")).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return _MARKDOWN.sub(r"\\\1", text)


def _size(content):
    size = len(content)
    if size < 1024:
        return _("%(size)d bytes") % {"size": size}
    if size < 1024 * 1024:
        return _("%(size)d KiB") % {"size": round(size / 1024)}
    return _("%(size).1f MiB") % {"size": size / (1024 * 1024)}


def _channel_label(value):
    try:
        return str(Channel(value).label)
    except ValueError:
        return value


def readme(kit):
    """The README of ``kit``, in the active language (the campaign's)."""
    campaign = kit.campaign
    language = campaign.locale.language_code
    labels = dict(Channel.choices)
    lines = [
        "# " + _("Campaign kit: %(title)s") % {"title": plain(campaign.title)},
        "",
        plain(campaign.slogan),
        "",
        "- "
        + _("Period: %(period)s") % {"period": period_text(campaign.start_date, campaign.end_date)},
        "- "
        + _("Made on %(date)s")
        % {"date": date_format(timezone.localtime(kit.made_at), "j F Y, H:i")},
        "- "
        + _("Language: %(language)s") % {"language": get_language_info(language)["name_local"]},
        "- "
        + _("Channels of the campaign: %(channels)s")
        % {
            "channels": ", ".join(
                str(labels[value]) for value in campaign.channels or [] if value in labels
            )
            or _("none chosen")
        },
        "",
        _(
            "Each QR code leads to the site through a short link of its own channel, so the "
            "campaign's dashboard shows which channel brought residents. Nothing that a "
            "channel may not show (consent, dates, privacy) is in these files: it is listed "
            "under “Left out”."
        ),
        "",
        "## " + _("In this kit"),
        "",
    ]
    if kit.files:
        lines.extend(
            f"- `{output.name}` ({_size(output.content)}): {plain(output.description, 600)}"
            for output in kit.files
        )
    else:
        lines.append(_("No file was made."))
    if kit.not_made:
        lines.extend(["", "## " + _("Not made"), ""])
        lines.extend(
            f"- {plain(item.channel.label)}: {plain(item.error, 600)}" for item in kit.not_made
        )
    lines.extend(["", "## " + _("Left out"), ""])
    if not kit.left_out:
        lines.append(_("Nothing was left out."))
    groups = {}
    for note in kit.left_out:
        groups.setdefault(note.channel, []).append(note)
    for channel, notes in groups.items():
        lines.extend([f"### {plain(_channel_label(channel))}", ""])
        lines.extend(f"- {plain(note.title)}: {plain(note.reason, 600)}" for note in notes)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# -- making the kit -----------------------------------------------------------------


def _describe(error):
    message = getattr(error, "message", "") or str(error)
    return str(message) or type(error).__name__


def _make(channel, campaign, on, user):
    """The channel's outputs; inside a transaction, its failure rolls back what it wrote.

    Outside one (a worker, the command), no transaction is opened: short
    links are written as they are made, and nothing holds a database lock
    while a PDF is laid out (SQLite would make the resolver wait).
    """
    if connection.in_atomic_block:
        with transaction.atomic():
            return channel.outputs(campaign, on=on, user=user)
    return channel.outputs(campaign, on=on, user=user)


def _archive(kit):
    made_at = timezone.localtime(kit.made_at)
    stamp = (max(made_at.year, 1980), made_at.month, made_at.day) + (
        made_at.hour,
        made_at.minute,
        made_at.second,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entries = [(README, readme(kit).encode())] + [(o.name, o.content) for o in kit.files]
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            extension = name.rsplit(".", 1)[-1].lower()
            stored = extension in STORED_EXTENSIONS
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def make_campaign_kit(campaign, *, on=None, user=None, report=None, channels=None):
    """Every channel's output for ``campaign``: a :class:`Kit` with its ZIP in ``archive``.

    ``report(percent, message)`` is called between channels (messages in the
    active language; the files and the README are in the campaign's).
    ``channels`` defaults to :data:`CHANNELS`.
    """
    report = report or (lambda percent, message: None)
    channels = CHANNELS if channels is None else channels
    language = campaign.locale.language_code
    kit = Kit(campaign=campaign, made_at=timezone.now(), channels=tuple(channels))
    taken = {README.casefold()}
    total = len(channels)
    for number, channel in enumerate(channels):
        report(
            5 + 85 * number // max(total, 1),
            _("Making %(channel)s (%(number)d of %(total)d)")
            % {"channel": channel.label, "number": number + 1, "total": total},
        )
        try:
            with override(language):
                outputs, left_out = _make(channel, campaign, on, user)
        except Exception as error:  # one channel's failure does not lose the others
            logger.exception("Campaign kit of %s: %s failed", campaign.pk, channel.folder)
            with override(language):
                kit.not_made.append(NotMade(channel, _describe(error)))
            continue
        for output in outputs:
            name = _unique(*safe_name(output.name, channel.folder), taken)
            kit.files.append(Output(name, bytes(output.content), output.description))
        kit.left_out.extend(note for note in left_out if isinstance(note, LeftOut))
    report(92, _("Writing the ZIP"))
    with override(language):
        kit.archive = _archive(kit)
    return kit


def build_campaign_kit(campaign, *, on=None, user=None, report=None):
    """The campaign kit of ``campaign`` as ZIP bytes (see :func:`make_campaign_kit`)."""
    return make_campaign_kit(campaign, on=on, user=user, report=report).archive
