from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "koersvast.identity"
    verbose_name = _("Identiteit en inloggen")

    def ready(self) -> None:
        from django.contrib import admin
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import receivers  # noqa: F401  (connects the login receiver)

        # django-otp's admin would show staff every user's TOTP secret (as a QR code) and
        # recovery codes. Resets go through the audited page of a municipality's administrator.
        for model in (TOTPDevice, StaticDevice):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
