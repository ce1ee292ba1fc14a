from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.meerjarenraming, name="index"),
    path("begroting/", views.budget, name="budget"),
    path("begrotingswijziging/", views.amendment, name="amendment"),
    path("mip/", views.mip, name="mip"),
    path("mip/export/", views.mip_export, name="mip_export"),
    path("mip/import/", views.mip_import, name="mip_import"),
    path("begroting/import/", views.budget_import, name="budget_import"),
    path("import/controle/", views.import_preview, name="import_preview"),
    path("import/annuleren/", views.import_cancel, name="import_cancel"),
    path("weerstandsvermogen/", views.weerstandsvermogen, name="weerstandsvermogen"),
    path("weerstandsvermogen/risicos/", views.risk_effects, name="risk_effects"),
    path("weerstandsvermogen/beschikbaar/", views.resistance_edit, name="resistance_edit"),
    path("risicos/<int:pk>/effect/", views.risk_effect_edit, name="risk_effect"),
    path("instellingen/", views.finance_settings, name="settings"),
    path("categorieen/nieuw/", views.category_create, name="category_create"),
    path("categorieen/<int:pk>/", views.category_edit, name="category_edit"),
    path("categorieen/<int:pk>/verwijderen/", views.category_delete, name="category_delete"),
    path("initiatieven/<int:pk>/", views.initiative_finance, name="initiative"),
]
for kind, name in (("investering", "investment"), ("exploitatie", "line"), ("dekking", "funding")):
    urlpatterns += [
        path(
            f"initiatieven/<int:pk>/{kind}/nieuw/",
            views.record_create,
            {"kind": kind},
            name=f"{name}_create",
        ),
        path(f"{kind}/<int:pk>/", views.record_edit, {"kind": kind}, name=f"{name}_edit"),
        path(
            f"{kind}/<int:pk>/verwijderen/",
            views.record_delete,
            {"kind": kind},
            name=f"{name}_delete",
        ),
    ]
