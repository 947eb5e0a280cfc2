from django.db import models


class BareLink(models.Model):
    code = models.CharField(max_length=16, unique=True)
    target = models.CharField(max_length=255)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "resolver_support"

    def __str__(self):
        return self.code
