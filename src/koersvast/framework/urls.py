from django.urls import path

from .views.rounds import round_apply, round_create, round_detail, round_participate, round_remind
from .views.structure import (
    axis_create,
    axis_delete,
    axis_edit,
    objective_create,
    objective_delete,
    objective_detail,
    objective_edit,
)
from .views.versions import (
    framework_create,
    framework_detail,
    framework_edit,
    framework_export,
    framework_import,
    framework_index,
    framework_new_version,
    framework_publish,
)
from .views.weights import group_compare, group_weights, objective_compare, objective_weights

app_name = "framework"
urlpatterns = [
    path("", framework_index, name="index"),
    path("nieuw/", framework_create, name="framework_create"),
    path("importeren/", framework_import, name="framework_import"),
    path("versies/<int:pk>/", framework_detail, name="framework_detail"),
    path("versies/<int:pk>/bewerken/", framework_edit, name="framework_edit"),
    path("versies/<int:pk>/vaststellen/", framework_publish, name="framework_publish"),
    path(
        "versies/<int:pk>/nieuwe-versie/",
        framework_new_version,
        name="framework_new_version",
    ),
    path("versies/<int:pk>/export/", framework_export, name="framework_export"),
    path(
        "versies/<int:pk>/doelstellingen/nieuw/",
        objective_create,
        name="objective_create",
    ),
    path("versies/<int:pk>/assen/nieuw/", axis_create, name="axis_create"),
    path("versies/<int:pk>/gewichten/<slug:group>/", group_weights, name="group_weights"),
    path("versies/<int:pk>/vergelijken/<slug:group>/", group_compare, name="group_compare"),
    path("versies/<int:pk>/groepsvergelijking/", round_create, name="round_create"),
    path("groepsvergelijkingen/<int:pk>/", round_detail, name="round_detail"),
    path("groepsvergelijkingen/<int:pk>/toepassen/", round_apply, name="round_apply"),
    path("groepsvergelijkingen/<int:pk>/herinneren/", round_remind, name="round_remind"),
    path(
        "groepsvergelijkingen/<int:pk>/mijn-oordelen/",
        round_participate,
        name="round_participate",
    ),
    path("doelstellingen/<int:pk>/", objective_detail, name="objective_detail"),
    path("doelstellingen/<int:pk>/bewerken/", objective_edit, name="objective_edit"),
    path("doelstellingen/<int:pk>/verwijderen/", objective_delete, name="objective_delete"),
    path("doelstellingen/<int:pk>/gewichten/", objective_weights, name="objective_weights"),
    path("doelstellingen/<int:pk>/vergelijken/", objective_compare, name="objective_compare"),
    path("assen/<int:pk>/bewerken/", axis_edit, name="axis_edit"),
    path("assen/<int:pk>/verwijderen/", axis_delete, name="axis_delete"),
]
