from django.urls import path

from .views.budget import amendment, budget, meerjarenraming
from .views.excel_import import budget_import, import_cancel, import_preview, mip_import
from .views.initiative import initiative_finance, record_create, record_delete, record_edit
from .views.investments import mip, mip_export
from .views.resistance import resistance_edit, risk_effect_edit, risk_effects, weerstandsvermogen
from .views.settings import category_create, category_delete, category_edit, finance_settings

app_name = "finance"
urlpatterns = [
    path("", meerjarenraming, name="index"),
    path("begroting/", budget, name="budget"),
    path("begrotingswijziging/", amendment, name="amendment"),
    path("mip/", mip, name="mip"),
    path("mip/export/", mip_export, name="mip_export"),
    path("mip/import/", mip_import, name="mip_import"),
    path("begroting/import/", budget_import, name="budget_import"),
    path("import/controle/", import_preview, name="import_preview"),
    path("import/annuleren/", import_cancel, name="import_cancel"),
    path("weerstandsvermogen/", weerstandsvermogen, name="weerstandsvermogen"),
    path("weerstandsvermogen/risicos/", risk_effects, name="risk_effects"),
    path("weerstandsvermogen/beschikbaar/", resistance_edit, name="resistance_edit"),
    path("risicos/<int:pk>/effect/", risk_effect_edit, name="risk_effect"),
    path("instellingen/", finance_settings, name="settings"),
    path("categorieen/nieuw/", category_create, name="category_create"),
    path("categorieen/<int:pk>/", category_edit, name="category_edit"),
    path("categorieen/<int:pk>/verwijderen/", category_delete, name="category_delete"),
    path("initiatieven/<int:pk>/", initiative_finance, name="initiative"),
]
for kind, name in (("investering", "investment"), ("exploitatie", "line"), ("dekking", "funding")):
    urlpatterns += [
        path(
            f"initiatieven/<int:pk>/{kind}/nieuw/",
            record_create,
            {"kind": kind},
            name=f"{name}_create",
        ),
        path(f"{kind}/<int:pk>/", record_edit, {"kind": kind}, name=f"{name}_edit"),
        path(
            f"{kind}/<int:pk>/verwijderen/",
            record_delete,
            {"kind": kind},
            name=f"{name}_delete",
        ),
    ]
