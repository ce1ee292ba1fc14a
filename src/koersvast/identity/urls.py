from django.urls import path

from . import admin_views, invitation_views, sso_views, views

app_name = "identity"
urlpatterns = [
    path("account/tweestapsverificatie/", views.overview, name="mfa"),
    path("account/tweestapsverificatie/instellen/", views.enrol, name="enrol"),
    path("account/tweestapsverificatie/controleren/", views.verify, name="verify"),
    path("account/tweestapsverificatie/verwijderen/", views.remove, name="remove"),
    path("uitnodiging/<str:token>/", invitation_views.invitation, name="invitation"),
    path("sso/start/", sso_views.sso_start, name="sso_start"),
    path("sso/callback/", sso_views.sso_callback, name="sso_callback"),
    path("beheer/sso-koppelingen/", admin_views.role_mappings, name="role_mappings"),
    path(
        "beheer/sso-koppelingen/<int:pk>/verwijderen/",
        admin_views.role_mapping_delete,
        name="role_mapping_delete",
    ),
    path("beheer/tweestapsverificatie/", admin_views.members_mfa, name="members_mfa"),
    path(
        "beheer/tweestapsverificatie/<int:pk>/herstellen/",
        admin_views.member_mfa_reset,
        name="member_mfa_reset",
    ),
]
