from django.urls import path

from . import configuration, guide_views, huisstijl_views, operator_views, views

app_name = "administration"
urlpatterns = [
    *configuration.urlpatterns(),
    path("beheer/", views.index, name="index"),
    path("beheer/aan-de-slag/", guide_views.overview, name="guide"),
    path("beheer/aan-de-slag/startsjabloon/", guide_views.starter, name="guide_starter"),
    path("beheer/aan-de-slag/domeinen-aanmaken/", guide_views.domains, name="guide_domains"),
    path("beheer/aan-de-slag/gremia-aanmaken/", guide_views.bodies, name="guide_bodies"),
    path("beheer/aan-de-slag/<slug:slug>/", guide_views.step, name="guide_step"),
    path("beheer/gebruikers/", views.users, name="users"),
    path("beheer/gebruikers/nieuw/", views.user_create, name="user_create"),
    path("beheer/gebruikers/<int:pk>/", views.user_detail, name="user"),
    path("beheer/gebruikers/<int:pk>/deactiveren/", views.user_deactivate, name="user_deactivate"),
    path("beheer/gebruikers/<int:pk>/activeren/", views.user_reactivate, name="user_reactivate"),
    path("beheer/rollen/<int:pk>/intrekken/", views.role_withdraw, name="role_withdraw"),
    path("beheer/rollen/<int:pk>/einddatum/", views.role_end, name="role_end"),
    path("beheer/uitnodigingen/", views.invitations, name="invitations"),
    path("beheer/huisstijl/", huisstijl_views.huisstijl, name="huisstijl"),
    path(
        "huisstijl/<int:pk>/<slug:version>/thema.css",
        huisstijl_views.theme_css,
        name="huisstijl_css",
    ),
    path("huisstijl/<int:pk>/<slug:version>/logo.png", huisstijl_views.logo, name="huisstijl_logo"),
    path(
        "beheer/uitnodigingen/<int:pk>/intrekken/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("installatie/", operator_views.installation, name="installation"),
    path(
        "installatie/gemeenten/<int:pk>/beheerder/",
        operator_views.beheerder_invite,
        name="beheerder_invite",
    ),
]
