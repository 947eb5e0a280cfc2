"""Translate content through wagtail-localize, the way an editor's translation is stored.

``translate(instance, locale, strings)`` submits the instance for translation
(as the admin's "Translate" action does), fills each source segment from
``strings`` (source text → translated text) as a manual translation, and saves
the translated object. Segments missing from ``strings`` keep the source text,
as wagtail-localize does for an unfinished translation.
"""

from django.db import transaction

from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import translate_object
from wagtail_localize.strings import StringValue


def _lookup(strings):
    table = {}
    for source, target in strings.items():
        table[source] = target
        table[StringValue.from_plaintext(source).data] = StringValue.from_plaintext(target).data
    return table


@transaction.atomic
def translate(instance, locale, strings, user=None):
    """Create or update the translation of ``instance`` into ``locale``; return it."""
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()  # sync: pick up the source's latest content
    translate_object(instance, [locale], user=user)
    translation = Translation.objects.get(source=source, target_locale=locale)
    table = _lookup(strings)
    missing = []
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = segment.string.data
        if text not in table:
            if segment.context.path != "slug":
                missing.append(text)
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": table[text],
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            },
        )
    translation.save_target(user=user, publish=True)
    return instance.get_translation(locale), missing
