"""Background render jobs: lifecycle, stale leases, permissions, and the admin's hooks.

Here every task runs inline (the test settings put the ``background`` backend
on the immediate backend, or on the dummy one to look at a queued job);
``test_jobs_worker.py`` runs them in a real ``db_worker`` process.
"""

import datetime
import io
import uuid
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus, task_backends
from pypdf import PdfReader

from bulletins.jobs import create_bulletin_job
from bulletins.models import BulletinIndexPage, BulletinPage
from bulletins.render import OutputKind
from pdf import jobs
from pdf.models import RenderJob
from stickers.jobs import MAX_SYNCHRONOUS_STICKERS, create_sticker_job
from stickers.label_formats import get_format
from stickers.sheet import DesignCount
from tests.pdf.pdf_helpers import decode_pages

pytestmark = pytest.mark.django_db

IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"
DUMMY = "django_tasks.backends.dummy.DummyBackend"


@pytest.fixture
def queue_only(settings):
    """The background backend only records tasks: jobs stay queued until run by hand."""
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE}, "background": {"BACKEND": DUMMY}}
    yield task_backends["background"]


def printer(django_user_model, name):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "password")
    user.groups.add(Group.objects.get(name="Communication staff"))
    return user


@pytest.fixture
def communication_user(django_user_model):
    return printer(django_user_model, "com")


@pytest.fixture
def colleague(django_user_model):
    return printer(django_user_model, "colleague")


def sticker_job(designs, user, count=3, **overrides):
    options = {
        "geometry": get_format("avery-l7160"),
        "start": 1,
        "unique_codes": False,
        "outlines": False,
        "offset": (0.0, 0.0),
        "language": "fr",
    }
    options.update(overrides)
    return create_sticker_job([DesignCount(designs["covoit"], count)], user=user, **options)


def sticker_form(design, quantity, **overrides):
    data = {"format": "avery-l7160", "start": "1", "codes": "design"}
    data.update({"design_1": design.pk, "quantity_1": str(quantity)}, **overrides)
    return data


def assert_denied(response):
    """Wagtail's admin answers a refusal by a redirect to its home page (with a message)."""
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert response.status_code == 403


def stale(job, *, attempts, minutes=10):
    RenderJob.objects.filter(pk=job.pk).update(
        status=RenderJob.Status.RUNNING,
        attempts=attempts,
        lease_token="dead-worker",
        started_at=timezone.now() - datetime.timedelta(minutes=minutes + 1),
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes),
    )
    job.refresh_from_db()
    return job


# -- lifecycle -------------------------------------------------------------------------


def test_a_job_renders_the_sheet_and_stores_it_privately(designs, communication_user, settings):
    job = sticker_job(designs, communication_user, count=23)

    assert job.status == RenderJob.Status.DONE
    assert (job.progress, job.progress_message, job.error) == (100, "Ready", "")
    assert job.attempts == 1
    assert job.started_at <= job.finished_at
    assert job.lease_token == ""
    assert job.filename == "stickers-avery-l7160.pdf"
    assert job.task_id
    assert Path(settings.MEDIA_ROOT) not in Path(job.file.path).parents
    assert job.file.storage.base_url is None  # no public URL
    pdf = job.file.read()
    assert job.size == len(pdf)
    assert [len(page) for page in decode_pages(pdf, dpi=150)] == [21, 2]


def test_progress_is_reported_page_by_page(designs, communication_user, monkeypatch):
    seen = []
    report = jobs.Lease.report

    def spy(self, percent, message):
        seen.append((percent, str(message)))
        return report(self, percent, message)

    monkeypatch.setattr(jobs.Lease, "report", spy)
    sticker_job(designs, communication_user, count=50)

    messages = [message for _percent, message in seen]
    assert messages[0] == "Preparing the sheet"
    assert "Making the short links of 50 stickers" in messages
    assert [m for m in messages if m.startswith("QR codes of page")] == [
        "QR codes of page 1 of 3",
        "QR codes of page 2 of 3",
        "QR codes of page 3 of 3",
    ]
    assert messages[-2:] == ["Laying out and writing the PDF (3 pages)", "Storing the file"]
    percents = [percent for percent, _message in seen]
    assert percents == sorted(percents)


def test_a_failed_rendering_keeps_its_error(designs, communication_user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the printer caught fire")

    monkeypatch.setattr("stickers.jobs.render_sticker_sheet", broken)
    job = sticker_job(designs, communication_user)

    assert job.status == RenderJob.Status.FAILED
    assert job.error == "The rendering failed: RuntimeError: the printer caught fire"
    assert job.finished_at is not None
    assert not job.file
    assert RenderJob.objects.get(pk=job.pk).lease_token == ""


def test_a_deleted_design_fails_with_a_clear_message(designs, communication_user, queue_only):
    job = sticker_job(designs, communication_user)
    assert job.status == RenderJob.Status.QUEUED
    assert job.progress_message == "Waiting for a worker"
    designs["covoit"].delete()

    assert jobs.run_job(job.pk)["status"] == "failed"
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert job.error == "A sticker design of this request was deleted."


def test_a_job_already_done_is_not_done_again(designs, communication_user, monkeypatch):
    job = sticker_job(designs, communication_user)
    first = (job.file.name, job.finished_at, job.attempts)

    def must_not_run(*args, **kwargs):
        raise AssertionError("rendered twice")

    monkeypatch.setattr("stickers.jobs.render_sticker_sheet", must_not_run)
    report = jobs.run_render_job.enqueue(job.pk).return_value

    assert report == {"job": job.pk, "status": "done", "skipped": True}
    job.refresh_from_db()
    assert (job.file.name, job.finished_at, job.attempts) == first


def test_a_run_that_lost_its_lease_does_not_overwrite_the_job(
    designs, communication_user, queue_only
):
    job = sticker_job(designs, communication_user)
    claimed, token = jobs._claim(job.pk)
    lease = jobs.Lease(claimed, token)
    # Meanwhile the job was declared stale and taken by another run.
    RenderJob.objects.filter(pk=job.pk).update(lease_token="another-run")

    with pytest.raises(jobs.LeaseLost):
        lease.report(50, "half way")
    with pytest.raises(jobs.LeaseLost):
        lease.finish("stickers.pdf", b"%PDF-1.7 late")
    job.refresh_from_db()
    assert job.status == RenderJob.Status.RUNNING
    assert not job.file


# -- stale leases --------------------------------------------------------------------------


def test_a_stale_job_is_queued_again_then_completed(designs, communication_user, queue_only):
    job = stale(sticker_job(designs, communication_user), attempts=1)
    tasks_before = len(queue_only.results)

    assert jobs.requeue_stale_jobs() == {"requeued": [job.pk], "failed": []}

    job.refresh_from_db()
    assert job.status == RenderJob.Status.QUEUED
    assert job.lease_token == "" and job.heartbeat_at is None
    assert job.progress_message == (
        "The worker stopped before the end: queued again (attempt 2 of 3)."
    )
    assert len(queue_only.results) == tasks_before + 1  # a new task for the job
    assert queue_only.results[-1].args == [job.pk]
    assert job.task_id == str(queue_only.results[-1].id)

    assert jobs.run_job(job.pk)["status"] == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (RenderJob.Status.DONE, 2)


def test_after_the_last_attempt_a_stale_job_fails(designs, communication_user, queue_only):
    job = stale(sticker_job(designs, communication_user), attempts=3)

    assert jobs.requeue_stale_jobs() == {"requeued": [], "failed": [job.pk]}

    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert job.error.startswith(
        "The worker rendering this job stopped before the end, 3 times: giving up."
    )
    assert job.finished_at is not None
    assert jobs.requeue_stale_jobs() == {"requeued": [], "failed": []}


def test_a_job_with_a_fresh_heartbeat_is_left_alone(designs, communication_user, queue_only):
    job = stale(sticker_job(designs, communication_user), attempts=1, minutes=1)
    assert jobs.requeue_stale_jobs() == {"requeued": [], "failed": []}
    job.refresh_from_db()
    assert job.status == RenderJob.Status.RUNNING


def test_the_dead_workers_task_is_marked_failed(designs, communication_user, queue_only):
    from django_tasks_db.models import DBTaskResult

    job = stale(sticker_job(designs, communication_user), attempts=1)
    orphan = DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [job.pk], "kwargs": {}},
        task_path="pdf.jobs.run_render_job",
        backend_name="background",
        run_after=datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC),
    )
    RenderJob.objects.filter(pk=job.pk).update(task_id=str(orphan.pk))

    jobs.requeue_stale_jobs()

    orphan.refresh_from_db()
    assert orphan.status == TaskResultStatus.FAILED
    assert orphan.exception_class_path == "pdf.jobs.LeaseLost"


def test_every_job_task_first_takes_over_stale_jobs(designs, communication_user):
    dead = stale(sticker_job(designs, communication_user), attempts=1)
    # The immediate backend runs the new job, which requeues (and here runs) the stale one.
    sticker_job(designs, communication_user)
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (RenderJob.Status.DONE, 2)


def test_requeue_stale_jobs_command(designs, communication_user, queue_only):
    requeued = stale(sticker_job(designs, communication_user), attempts=1)
    failed = stale(sticker_job(designs, communication_user), attempts=3)
    out = io.StringIO()

    call_command("requeue_stale_jobs", stdout=out)

    assert out.getvalue().splitlines() == [
        f"render job {requeued.pk}: queued again",
        f"render job {failed.pk}: failed (no attempt left)",
        "1 job(s) queued again, 1 failed.",
    ]


# -- the admin: stickers ------------------------------------------------------------------


def test_up_to_the_bound_a_sheet_is_made_at_once(client, designs, communication_user, monkeypatch):
    monkeypatch.setattr("stickers.views.MAX_SYNCHRONOUS_STICKERS", 5)
    client.force_login(communication_user)
    response = client.post(reverse("print_sticker_sheet"), sticker_form(designs["covoit"], 5))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not RenderJob.objects.exists()


def test_above_the_bound_a_sheet_goes_to_a_job(client, designs, communication_user, monkeypatch):
    monkeypatch.setattr("stickers.views.MAX_SYNCHRONOUS_STICKERS", 5)
    client.force_login(communication_user)
    response = client.post(
        reverse("print_sticker_sheet"),
        sticker_form(designs["covoit"], 3, design_2=designs["perceuse"].pk, fill_sheet="on"),
    )
    job = RenderJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("print_job", args=[job.pk])
    assert job.requested_by == communication_user
    assert job.parameters == {
        "designs": [
            {"design": designs["covoit"].pk, "count": 3},
            {"design": designs["perceuse"].pk, "count": None},
        ],
        "format": "avery-l7160",
        "start": 1,
        "codes": "design",
        "outlines": False,
        "offset": [0.0, 0.0],
        "placement": "outside",
        "language": "fr",
        "ui_language": "en",
    }
    assert job.status == RenderJob.Status.DONE
    assert len(PdfReader(io.BytesIO(job.file.read())).pages) == 1


def test_more_than_500_stickers_render_in_the_background(client, designs, communication_user):
    assert MAX_SYNCHRONOUS_STICKERS == 500
    client.force_login(communication_user)
    response = client.post(reverse("print_sticker_sheet"), sticker_form(designs["covoit"], 501))
    job = RenderJob.objects.get()
    assert response["Location"] == reverse("print_job", args=[job.pk])

    status = client.get(response["Location"])
    assert status.status_code == 200
    assert b'http-equiv="refresh"' not in status.content  # done: no more reloads
    download = reverse("print_job_download", args=[job.pk])
    assert download.encode() in status.content

    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="stickers-avery-l7160.pdf"'
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    pdf = b"".join(response.streaming_content)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 24  # 23 × 21 + 18


def test_the_status_page_reloads_while_the_job_is_waiting(
    client, designs, communication_user, queue_only
):
    job = sticker_job(designs, communication_user)
    client.force_login(communication_user)
    response = client.get(reverse("print_job", args=[job.pk]))
    assert response.status_code == 200
    assert b'<meta http-equiv="refresh" content="2">' in response.content
    assert b"Waiting for a worker" in response.content
    assert reverse("print_job_download", args=[job.pk]).encode() not in response.content
    not_ready = client.get(reverse("print_job_download", args=[job.pk]))
    assert not_ready["Location"] == reverse("print_job", args=[job.pk])

    listing = client.get(reverse("print_jobs"))
    assert b'<meta http-equiv="refresh" content="2">' in listing.content


def test_the_status_page_shows_the_error(client, designs, communication_user, queue_only):
    job = sticker_job(designs, communication_user)
    designs["covoit"].delete()
    jobs.run_job(job.pk)
    client.force_login(communication_user)
    response = client.get(reverse("print_job", args=[job.pk]))
    assert b"A sticker design of this request was deleted." in response.content
    assert b"http-equiv" not in response.content
    assert reverse("print_sticker_sheet").encode() in response.content  # try again


def test_viewing_a_stale_job_takes_it_over(client, designs, communication_user, queue_only):
    job = stale(sticker_job(designs, communication_user), attempts=1)
    client.force_login(communication_user)
    response = client.get(reverse("print_job", args=[job.pk]))
    assert b"queued again (attempt 2 of 3)" in response.content
    job.refresh_from_db()
    assert job.status == RenderJob.Status.QUEUED


# -- permissions -----------------------------------------------------------------------------


def test_only_printers_see_jobs_and_only_their_own(
    client, designs, communication_user, colleague, django_user_model, staff_user
):
    job = sticker_job(designs, communication_user)
    urls = [reverse("print_job", args=[job.pk]), reverse("print_job_download", args=[job.pk])]

    for url in urls + [reverse("print_jobs")]:
        assert client.get(url).status_code == 302  # to the login page

    editor = django_user_model.objects.create_user("ed", "ed@example.org", "password")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for url in urls + [reverse("print_jobs")]:
        assert_denied(client.get(url))

    client.force_login(colleague)
    for url in urls:
        assert_denied(client.get(url))
    listing = client.get(reverse("print_jobs"))
    assert listing.status_code == 200
    assert urls[0].encode() not in listing.content

    for user in (communication_user, staff_user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200
        assert urls[0].encode() in client.get(reverse("print_jobs")).content


# -- the admin: bulletins ----------------------------------------------------------------------


@pytest.fixture
def edition(site_tree):
    index = BulletinIndexPage(title="Le bulletin", slug="bulletin")
    site_tree.home.add_child(instance=index)
    index.save_revision().publish()
    page = BulletinPage(
        title="Bulletin 7",
        slug="bulletin-7",
        edition_number=7,
        issue_date=datetime.date(2026, 3, 1),
        agenda_until=datetime.date(2026, 5, 1),
        cover_headline="Le partage s’installe",
        editorial="<p>Une perceuse sert treize minutes dans sa vie.</p>",
        editorial_signature="La maire",
        articles=[
            (
                "free_article",
                {
                    "title": "Les bénévoles",
                    "teaser": "Trente.",
                    "image": None,
                    "body": "<p>Oui.</p>",
                },
            )
        ],
    )
    index.add_child(instance=page)
    page.save_revision()
    return page


def test_a_bulletin_renders_in_the_background(client, edition, communication_user):
    client.force_login(communication_user)
    print_view = client.get(reverse("print_bulletin", args=[edition.pk]))
    url = reverse("print_bulletin_background", args=[edition.pk, "print-ready"])
    assert url.encode() in print_view.content
    assert b"Render in the background" in print_view.content

    assert client.get(url).status_code == 405
    response = client.post(url)

    job = RenderJob.objects.get()
    assert response["Location"] == reverse("print_job", args=[job.pk])
    assert job.kind == RenderJob.Kind.BULLETIN
    assert job.parameters["page_id"] == edition.pk
    assert job.parameters["kind"] == OutputKind.PRINT_READY
    assert job.status == RenderJob.Status.DONE, job.error
    assert job.filename == "bulletin-7-fr-print-ready.pdf"
    download = client.get(reverse("print_job_download", args=[job.pk]))
    pdf = b"".join(download.streaming_content)
    first = PdfReader(io.BytesIO(pdf)).pages[0]
    assert round(float(first.mediabox.width) / 72 * 25.4) == 216  # bleed: print-ready
    assert "Les bénévoles" in "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages
    )


def test_the_bulletin_background_needs_the_print_permission(client, edition, django_user_model):
    editor = django_user_model.objects.create_superuser("boss", "b@example.org", "password")
    contributor = django_user_model.objects.create_user("c", "c@example.org", "password")
    contributor.groups.add(Group.objects.get(name="Contributors"))
    url = reverse("print_bulletin_background", args=[edition.pk, "home"])
    client.force_login(contributor)
    assert_denied(client.post(url))
    client.force_login(editor)
    assert client.post(url).status_code == 302
    assert RenderJob.objects.get().requested_by == editor
    unknown = client.post(reverse("print_bulletin_background", args=[edition.pk, "x"]))
    # 404 (which the locale middleware turns into a redirect to /en/admin/..., a 404 too)
    assert unknown.status_code == 404 or unknown["Location"].startswith("/en/admin/")
    assert RenderJob.objects.count() == 1


def test_a_deleted_edition_fails_with_a_clear_message(edition, communication_user, queue_only):
    job = create_bulletin_job(edition, OutputKind.HOME, user=communication_user)
    edition.delete()
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (RenderJob.Status.FAILED, "This edition was deleted.")


def test_a_job_whose_task_died_before_starting_it_is_queued_again(
    designs, communication_user, settings
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": IMMEDIATE},
        "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }
    waiting = sticker_job(designs, communication_user)
    lost = sticker_job(designs, communication_user)
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    RenderJob.objects.update(queued_at=long_ago)
    # A worker took the task of ``lost`` then died before taking the job.
    DBTaskResult.objects.filter(id=lost.task_id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago
    )

    assert jobs.requeue_stale_jobs() == {"requeued": [lost.pk], "failed": []}

    lost.refresh_from_db()
    assert (lost.status, lost.attempts) == (RenderJob.Status.QUEUED, 1)
    assert DBTaskResult.objects.get(id=lost.task_id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 1
    waiting.refresh_from_db()
    assert DBTaskResult.objects.get(id=waiting.task_id).status == TaskResultStatus.READY
    assert jobs.requeue_stale_jobs() == {"requeued": [], "failed": []}
