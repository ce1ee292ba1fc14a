from django.urls import path

from . import views

app_name = "spreadsheets"
urlpatterns = [
    path("export/portfolio/", views.export_portfolio, name="export_portfolio"),
    path("export/backlog/", views.export_backlog, name="export_backlog"),
    path("export/besluiten/", views.export_decisions, name="export_decisions"),
    path("export/rechten/", views.export_members, name="export_members"),
    path("export/risicos/", views.export_risks, name="export_risks"),
    path("export/baten/", views.export_benefits, name="export_benefits"),
    path("export/programmas/", views.export_programmes, name="export_programmes"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/sjabloon/", views.template_download, name="template"),
    path("import/project/", views.import_project, name="import_project"),
    path("import/koppelen/", views.import_mapping, name="import_mapping"),
    path("import/controle/", views.import_preview, name="import_preview"),
    path("import/annuleren/", views.import_cancel, name="import_cancel"),
]
