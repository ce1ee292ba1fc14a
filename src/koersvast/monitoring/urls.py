from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("programmas/", views.programme_list, name="programmes"),
    path("programmas/nieuw/", views.programme_create, name="programme_create"),
    path("opgaven/nieuw/", views.opgave_create, name="opgave_create"),
    path("opgaven/<int:pk>/bewerken/", views.opgave_edit, name="opgave_edit"),
    path("programmas/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmas/<int:pk>/bewerken/", views.programme_edit, name="programme_edit"),
    path("risicos/", views.risk_register, name="risks"),
    path("risicos/nieuw/", views.risk_create_portfolio, name="risk_create_portfolio"),
    path("risicos/<int:pk>/", views.risk_edit, name="risk_edit"),
    path("baten/", views.benefit_list, name="benefits"),
    path("baten/<int:pk>/", views.benefit_detail, name="benefit_detail"),
    path("budget/", views.budget, name="budget"),
    path("budget/import/", views.budget_import, name="budget_import"),
    path("instellingen/", views.rag_settings, name="settings"),
    path("fasemodel/", views.phase_model_edit, name="phase_model"),
    path("initiatieven/<int:pk>/", views.initiative_monitoring, name="initiative"),
    path("initiatieven/<int:pk>/rapportage/", views.report_create, name="report_create"),
    path("initiatieven/<int:pk>/mijlpaal/", views.milestone_create, name="milestone_create"),
    path("initiatieven/<int:pk>/risico/", views.risk_create, name="risk_create"),
    path(
        "initiatieven/<int:pk>/risicos-uit-advies/",
        views.risks_from_advice,
        name="risks_from_advice",
    ),
    path("initiatieven/<int:pk>/baat/", views.benefit_create, name="benefit_create"),
    path("initiatieven/<int:pk>/budget/", views.budget_plan, name="budget_plan"),
    path("initiatieven/<int:pk>/fase/", views.phase_advance, name="phase_advance"),
    path("initiatieven/<int:pk>/gesprek/", views.meeting_create, name="meeting_create"),
    path("acties/<int:pk>/gereed/", views.action_done, name="action_done"),
    path("rapportages/<int:pk>/", views.report_detail, name="report_detail"),
    path("rapportages/<int:pk>/bewerken/", views.report_edit, name="report_edit"),
    path("rapportages/<int:pk>/corrigeren/", views.report_correct, name="report_correct"),
    path("mijlpalen/<int:pk>/", views.milestone_edit, name="milestone_edit"),
]
