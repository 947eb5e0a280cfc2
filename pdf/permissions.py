"""Who may make printed material: the ``crieur.print_material`` permission."""

from django.core.exceptions import PermissionDenied

from wagtail.admin.menu import MenuItem

PRINT_PERMISSION = "crieur.print_material"


def user_can_print(user):
    return user.is_active and user.has_perm(PRINT_PERMISSION)


class PrintPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not user_can_print(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PrintMenuItem(MenuItem):
    """An admin menu item shown only to users who may print."""

    def is_shown(self, request):
        return user_can_print(request.user)
