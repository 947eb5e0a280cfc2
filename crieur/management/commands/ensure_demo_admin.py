import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from wagtail.users.models import UserProfile


class Command(BaseCommand):
    help = "Create (or reset) the demo superuser and print its login and a fresh password."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--base-url",
            default=None,
            help="Where the site is served, e.g. http://127.0.0.1:8100 (WAGTAILADMIN_BASE_URL "
            "otherwise): the admin URL printed.",
        )

    def handle(self, *args, username, base_url, **options):
        User = get_user_model()
        password = secrets.token_urlsafe(12)
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        if created:
            # The staff's language first (French); English is one click away in their account.
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = settings.LANGUAGE_CODE
            profile.save(update_fields=["preferred_language"])
        base_url = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
        verb = "Created" if created else "Reset"
        self.stdout.write(self.style.SUCCESS(f"{verb} the demo administrator."))
        self.stdout.write(f"  Site:     {base_url}/")
        self.stdout.write(f"  Admin:    {base_url}/admin/")
        self.stdout.write(f"  Login:    {username}")
        self.stdout.write(f"  Password: {password}")
