"""Models taken over from the former ``print`` app (see ``print_history``).

Their tables stay (``print_*``): the models are created in the migration state
only. ``print`` 0006 then moves their content types here and removes them from
the ``print`` state.
"""

import django.db.models.deletion
import pdf.storage
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('print', '0005_alter_bulletinpage_issue_date'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RenderJob',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('sticker-sheet', 'Sticker sheet'), ('bulletin', 'Bulletin')], max_length=20, verbose_name='kind')),
                        ('parameters', models.JSONField(default=dict, verbose_name='parameters')),
                        ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                        ('progress_message', models.CharField(blank=True, max_length=200, verbose_name='progress message')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('file', models.FileField(blank=True, storage=pdf.storage.pdf_storage, upload_to='jobs/', verbose_name='file')),
                        ('filename', models.CharField(blank=True, max_length=200, verbose_name='file name')),
                        ('size', models.PositiveIntegerField(default=0, verbose_name='size in bytes')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('queued_at', models.DateTimeField(blank=True, null=True, verbose_name='queued at')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last heartbeat')),
                        ('lease_token', models.CharField(blank=True, editable=False, max_length=32, verbose_name='lease token')),
                        ('task_id', models.CharField(blank=True, editable=False, max_length=64, verbose_name='task id')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ],
                    options={
                        'verbose_name': 'render job',
                        'verbose_name_plural': 'render jobs',
                        'db_table': 'print_renderjob',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['status', 'heartbeat_at'], name='print_rende_status_6cfd23_idx'), models.Index(fields=['status', 'queued_at'], name='print_rende_status_f5f635_idx'), models.Index(fields=['requested_by', '-created_at'], name='print_rende_request_637ef2_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
