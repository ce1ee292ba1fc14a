"""Django's admin app, with the site only operators of the installation may use."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    default_site = "koersvast.administration.admin_site.OperatorAdminSite"
