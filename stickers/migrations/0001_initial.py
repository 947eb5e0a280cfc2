"""Models taken over from the former ``print`` app (see ``print_history``).

Their tables stay (``print_*``): the models are created in the migration state
only. ``print`` 0006 then moves their content types here and removes them from
the ``print`` state.
"""

import crieur.colours
import crieur.pictograms
import django.core.validators
import django.db.models.deletion
import uuid
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
                    name='LabelFormat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=120, verbose_name='name')),
                        ('slug', models.SlugField(help_text='Used on the command line, e.g. herma-4360.', max_length=60, unique=True, verbose_name='slug')),
                        ('shape', models.CharField(choices=[('rectangle', 'Rectangle'), ('round', 'Round')], default='rectangle', max_length=12, verbose_name='shape')),
                        ('page_width', models.DecimalField(decimal_places=2, default=210, max_digits=6, verbose_name='page width (mm)')),
                        ('page_height', models.DecimalField(decimal_places=2, default=297, max_digits=6, verbose_name='page height (mm)')),
                        ('columns', models.PositiveSmallIntegerField(verbose_name='columns')),
                        ('rows', models.PositiveSmallIntegerField(verbose_name='rows')),
                        ('label_width', models.DecimalField(decimal_places=2, max_digits=6, verbose_name='label width (mm)')),
                        ('label_height', models.DecimalField(decimal_places=2, max_digits=6, verbose_name='label height (mm)')),
                        ('top_margin', models.DecimalField(decimal_places=2, help_text='From the top edge of the page.', max_digits=6, verbose_name='top margin (mm)')),
                        ('left_margin', models.DecimalField(decimal_places=2, help_text='From the left edge of the page.', max_digits=6, verbose_name='left margin (mm)')),
                        ('horizontal_pitch', models.DecimalField(decimal_places=2, help_text='From the left edge of a label to the left edge of the next one.', max_digits=6, verbose_name='horizontal pitch (mm)')),
                        ('vertical_pitch', models.DecimalField(decimal_places=2, help_text='From the top edge of a label to the top edge of the one below.', max_digits=6, verbose_name='vertical pitch (mm)')),
                        ('corner_radius', models.DecimalField(decimal_places=2, default=0, max_digits=6, verbose_name='corner radius (mm)')),
                    ],
                    options={
                        'verbose_name': 'label format',
                        'verbose_name_plural': 'label formats',
                        'db_table': 'print_labelformat',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='PrinterCalibration',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('x_offset', models.DecimalField(decimal_places=1, default=0, help_text='In 0.1 mm steps, at most 10 mm: positive moves the print to the right.', max_digits=3, validators=[django.core.validators.MinValueValidator(-10), django.core.validators.MaxValueValidator(10)], verbose_name='horizontal offset (mm)')),
                        ('y_offset', models.DecimalField(decimal_places=1, default=0, help_text='In 0.1 mm steps, at most 10 mm: positive moves the print down.', max_digits=3, validators=[django.core.validators.MinValueValidator(-10), django.core.validators.MaxValueValidator(10)], verbose_name='vertical offset (mm)')),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'printer calibration',
                        'verbose_name_plural': 'printer calibrations',
                        'db_table': 'print_printercalibration',
                    },
                ),
                migrations.CreateModel(
                    name='StickerDesign',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                        ('pictogram_name', models.CharField(blank=True, help_text='A Lucide icon name, such as hammer, car, book-open or sprout.', max_length=64, validators=[crieur.pictograms.validate_lucide_name], verbose_name='pictogram (Lucide icon)')),
                        ('slug', models.SlugField(help_text='Used on the command line: sticker_sheet --design perceuse:6', max_length=80, verbose_name='slug')),
                        ('kind', models.CharField(choices=[('lend', '“I lend” pictogram sticker'), ('header', '“I lend:” header sticker'), ('blank', 'Blank sticker to draw on'), ('service', 'Service sticker with QR code'), ('carpool', 'Carpooling windscreen badge'), ('ambassador', 'Ambassador badge')], default='lend', max_length=20, verbose_name='kind')),
                        ('text', models.CharField(blank=True, help_text='A few words: “Perceuse”, “Je prête :”, “Covoiturage”.', max_length=80, verbose_name='text')),
                        ('pictogram_svg', models.FileField(blank=True, help_text='Used instead of the other pictograms when set. Scripts, links and external references are removed from the file.', upload_to='print/pictograms/', validators=[django.core.validators.FileExtensionValidator(['svg'])], verbose_name='pictogram (SVG file)')),
                        ('text_colour', models.CharField(default='#1d1d1b', max_length=7, validators=[crieur.colours.validate_hex_colour], verbose_name='text colour')),
                        ('background_colour', models.CharField(default='#ffffff', max_length=7, validators=[crieur.colours.validate_hex_colour], verbose_name='background colour')),
                        ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
                        ('pictogram_image', models.ForeignKey(blank=True, help_text='Used instead of the Lucide icon when set.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='pictogram (uploaded image)')),
                        ('target_page', models.ForeignKey(blank=True, help_text='Where the QR code leads; its short link is made when you save.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='target page')),
                    ],
                    options={
                        'verbose_name': 'sticker design',
                        'verbose_name_plural': 'sticker designs',
                        'db_table': 'print_stickerdesign',
                        'ordering': ['slug'],
                        'abstract': False,
                        'unique_together': {('slug', 'locale'), ('translation_key', 'locale')},
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
