from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.board, name="board"),
    path("nieuw/", views.initiative_create, name="create"),
    path("mijn-initiatieven/", views.my_initiatives, name="mine"),
    path("backlog/", views.backlog, name="backlog"),
    path("besluiten/", views.decision_log, name="decisions"),
    path("vergaderingen/", views.meetings, name="meetings"),
    path("vergaderingen/nieuw/", views.meeting_create, name="meeting_create"),
    path("vergaderingen/<int:pk>/", views.meeting_detail, name="meeting"),
    path("criteria/", views.criteria_list, name="criteria"),
    path("criteria/nieuw/", views.criterion_create, name="criterion_create"),
    path("criteria/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("instellingen/", views.intake_settings, name="settings"),
    path("herscoren/<int:pk>/", views.rescore, name="rescore"),
    path("initiatieven/<int:pk>/bewerken/", views.initiative_edit, name="edit"),
    path("initiatieven/<int:pk>/status/", views.initiative_transition, name="transition"),
    path("initiatieven/<int:pk>/advies-vragen/", views.advice_request, name="advice_request"),
    path("initiatieven/<int:pk>/scoren/", views.initiative_score, name="score"),
    path("initiatieven/<int:pk>/besluit/", views.decision_create, name="decide"),
    path("initiatieven/<int:pk>/wsjf/", views.initiative_wsjf, name="wsjf"),
    path(
        "initiatieven/<int:pk>/criteria/<int:criterion_pk>/",
        views.criterion_check,
        name="criterion_check",
    ),
    path("initiatieven/<int:pk>/bijlagen/", views.attachment_upload, name="attachment_upload"),
    path("initiatieven/<int:pk>/voorstel/", views.governance_propose, name="propose"),
    path("voorstellen/<int:pk>/besluit/", views.governance_decide, name="proposal_decide"),
    path("voorstellen/<int:pk>/intrekken/", views.governance_withdraw, name="proposal_withdraw"),
    path("bijlagen/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("adviezen/<int:pk>/", views.advice_give, name="advice_give"),
    path("adviezen/<int:pk>/reactie/", views.advice_respond, name="advice_respond"),
]
