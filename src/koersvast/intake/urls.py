from django.urls import path

from .views.advice import advice_give, advice_request, advice_respond
from .views.decisions import (
    decision_create,
    decision_log,
    meeting_create,
    meeting_detail,
    meetings,
)
from .views.governance import governance_decide, governance_propose, governance_withdraw
from .views.initiatives import (
    attachment_download,
    attachment_upload,
    criterion_check,
    initiative_create,
    initiative_edit,
    initiative_transition,
)
from .views.lists import backlog, board, my_initiatives
from .views.scoring import initiative_score, initiative_wsjf, rescore
from .views.settings import criteria_list, criterion_create, criterion_edit, intake_settings

app_name = "intake"
urlpatterns = [
    path("", board, name="board"),
    path("nieuw/", initiative_create, name="create"),
    path("mijn-initiatieven/", my_initiatives, name="mine"),
    path("backlog/", backlog, name="backlog"),
    path("besluiten/", decision_log, name="decisions"),
    path("vergaderingen/", meetings, name="meetings"),
    path("vergaderingen/nieuw/", meeting_create, name="meeting_create"),
    path("vergaderingen/<int:pk>/", meeting_detail, name="meeting"),
    path("criteria/", criteria_list, name="criteria"),
    path("criteria/nieuw/", criterion_create, name="criterion_create"),
    path("criteria/<int:pk>/", criterion_edit, name="criterion_edit"),
    path("instellingen/", intake_settings, name="settings"),
    path("herscoren/<int:pk>/", rescore, name="rescore"),
    path("initiatieven/<int:pk>/bewerken/", initiative_edit, name="edit"),
    path("initiatieven/<int:pk>/status/", initiative_transition, name="transition"),
    path("initiatieven/<int:pk>/advies-vragen/", advice_request, name="advice_request"),
    path("initiatieven/<int:pk>/scoren/", initiative_score, name="score"),
    path("initiatieven/<int:pk>/besluit/", decision_create, name="decide"),
    path("initiatieven/<int:pk>/wsjf/", initiative_wsjf, name="wsjf"),
    path(
        "initiatieven/<int:pk>/criteria/<int:criterion_pk>/",
        criterion_check,
        name="criterion_check",
    ),
    path("initiatieven/<int:pk>/bijlagen/", attachment_upload, name="attachment_upload"),
    path("initiatieven/<int:pk>/voorstel/", governance_propose, name="propose"),
    path("voorstellen/<int:pk>/besluit/", governance_decide, name="proposal_decide"),
    path("voorstellen/<int:pk>/intrekken/", governance_withdraw, name="proposal_withdraw"),
    path("bijlagen/<int:pk>/", attachment_download, name="attachment_download"),
    path("adviezen/<int:pk>/", advice_give, name="advice_give"),
    path("adviezen/<int:pk>/reactie/", advice_respond, name="advice_respond"),
]
