from django.urls import path

from . import views

app_name = "framework"
urlpatterns = [
    path("", views.framework_index, name="index"),
    path("nieuw/", views.framework_create, name="framework_create"),
    path("importeren/", views.framework_import, name="framework_import"),
    path("versies/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("versies/<int:pk>/bewerken/", views.framework_edit, name="framework_edit"),
    path("versies/<int:pk>/vaststellen/", views.framework_publish, name="framework_publish"),
    path(
        "versies/<int:pk>/nieuwe-versie/",
        views.framework_new_version,
        name="framework_new_version",
    ),
    path("versies/<int:pk>/export/", views.framework_export, name="framework_export"),
    path(
        "versies/<int:pk>/doelstellingen/nieuw/",
        views.objective_create,
        name="objective_create",
    ),
    path("versies/<int:pk>/assen/nieuw/", views.axis_create, name="axis_create"),
    path("versies/<int:pk>/gewichten/<slug:group>/", views.group_weights, name="group_weights"),
    path("versies/<int:pk>/vergelijken/<slug:group>/", views.group_compare, name="group_compare"),
    path("versies/<int:pk>/groepsvergelijking/", views.round_create, name="round_create"),
    path("groepsvergelijkingen/<int:pk>/", views.round_detail, name="round_detail"),
    path("groepsvergelijkingen/<int:pk>/toepassen/", views.round_apply, name="round_apply"),
    path("groepsvergelijkingen/<int:pk>/herinneren/", views.round_remind, name="round_remind"),
    path(
        "groepsvergelijkingen/<int:pk>/mijn-oordelen/",
        views.round_participate,
        name="round_participate",
    ),
    path("doelstellingen/<int:pk>/", views.objective_detail, name="objective_detail"),
    path("doelstellingen/<int:pk>/bewerken/", views.objective_edit, name="objective_edit"),
    path("doelstellingen/<int:pk>/verwijderen/", views.objective_delete, name="objective_delete"),
    path("doelstellingen/<int:pk>/gewichten/", views.objective_weights, name="objective_weights"),
    path("doelstellingen/<int:pk>/vergelijken/", views.objective_compare, name="objective_compare"),
    path("assen/<int:pk>/bewerken/", views.axis_edit, name="axis_edit"),
    path("assen/<int:pk>/verwijderen/", views.axis_delete, name="axis_delete"),
]
