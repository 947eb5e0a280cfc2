"""Models taken over from the former ``print`` app (see ``print_history``).

Their tables stay (``print_*``): the models are created in the migration state
only. ``print`` 0006 then moves their content types here and removes them from
the ``print`` state.
"""

import datetime
import django.db.models.deletion
import pdf.storage
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('print', '0005_alter_bulletinpage_issue_date'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BulletinIndexPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='introduction')),
                        ('social_image', models.ForeignKey(blank=True, help_text="Shown when the page is shared; the page's main image otherwise.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='social preview image')),
                    ],
                    options={
                        'verbose_name': 'bulletin index',
                        'verbose_name_plural': 'bulletin indexes',
                        'db_table': 'print_bulletinindexpage',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='BulletinPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('edition_number', models.PositiveIntegerField(verbose_name='edition number')),
                        ('issue_date', models.DateField(default=datetime.date.today, help_text='Testimonials print only with a print consent valid from the day the PDF is made through this day.', verbose_name='issue date')),
                        ('agenda_until', models.DateField(blank=True, help_text='The agenda lists the campaign events from the issue date to this day (three months when empty).', null=True, verbose_name='agenda until')),
                        ('cover_headline', models.CharField(max_length=160, verbose_name='cover headline')),
                        ('editorial', wagtail.fields.RichTextField(blank=True, verbose_name='editorial')),
                        ('editorial_signature', models.CharField(blank=True, help_text='For example “Jeanne Martin, mayor”.', max_length=160, verbose_name='editorial signed by')),
                        ('articles', wagtail.fields.StreamField([('page_article', 3), ('free_article', 9)], blank=True, block_lookup={0: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'A service, a regulation explainer, a testimonial or a campaign.', 'label': 'content page', 'page_type': ['services.ServicePage', 'services.RegulationPage', 'testimonials.TestimonialPage', 'campaigns.CampaignPage']}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': "Only for the bulletin; the page's own title otherwise.", 'label': 'title in print', 'max_length': 120, 'required': False}), 2: ('wagtail.blocks.TextBlock', (), {'help_text': "Only for the bulletin; the page's own teaser otherwise.", 'label': 'teaser in print', 'max_length': 400, 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('page', 0), ('print_title', 1), ('print_teaser', 2)]], {}), 4: ('wagtail.blocks.CharBlock', (), {'label': 'title', 'max_length': 120}), 5: ('wagtail.blocks.TextBlock', (), {'label': 'teaser', 'max_length': 400, 'required': False}), 6: ('wagtail.images.blocks.ImageBlock', [], {'label': 'image'}), 7: ('wagtail.blocks.RichTextBlock', (), {'features': ['h3', 'bold', 'italic', 'ol', 'ul'], 'label': 'text'}), 8: ('wagtail.blocks.PageChooserBlock', (), {'help_text': "A page of the site; this edition's web page otherwise.", 'label': 'QR code leads to', 'required': False}), 9: ('wagtail.blocks.StructBlock', [[('title', 4), ('teaser', 5), ('image', 6), ('body', 7), ('link_page', 8)]], {})}, help_text='In print order; at most 60.', verbose_name='articles')),
                        ('cover_image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='cover image')),
                        ('social_image', models.ForeignKey(blank=True, help_text="Shown when the page is shared; the page's main image otherwise.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='social preview image')),
                    ],
                    options={
                        'verbose_name': 'bulletin edition',
                        'verbose_name_plural': 'bulletin editions',
                        'db_table': 'print_bulletinpage',
                    },
                    bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, 'wagtailcore.page'),
                ),
                migrations.CreateModel(
                    name='BulletinPDF',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(editable=False, max_length=64, unique=True, verbose_name='key')),
                        ('kind', models.CharField(max_length=20, verbose_name='output')),
                        ('revision_id', models.PositiveIntegerField(null=True, verbose_name='revision of the edition')),
                        ('file', models.FileField(storage=pdf.storage.pdf_storage, upload_to='bulletins/', verbose_name='file')),
                        ('size', models.PositiveIntegerField(default=0, verbose_name='size in bytes')),
                        ('page_count', models.PositiveSmallIntegerField(default=0, verbose_name='pages')),
                        ('left_out', models.JSONField(blank=True, default=list, verbose_name='left out')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='edition')),
                    ],
                    options={
                        'verbose_name': 'bulletin PDF',
                        'verbose_name_plural': 'bulletin PDFs',
                        'db_table': 'print_bulletinpdf',
                        'indexes': [models.Index(fields=['page', 'kind'], name='print_bulle_page_id_c1626c_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
