"""The Django admin is for operators of the installation only (decision 1001).

Django's own check is `is_staff`; a staff account with model permissions would reach the
admin pages of every municipality's users, memberships and audit trail. Here only an active
superuser (an operator, made with `koersvast createoperator`) gets in: no role in a
municipality, and no staff flag alone, ever opens it.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from koersvast.tenancy.policy import is_operator


class OperatorAdminSite(admin.AdminSite):
    site_header = "Koersvast — beheer van de installatie"
    site_title = "Koersvast"

    def has_permission(self, request: HttpRequest) -> bool:
        return is_operator(request.user)
