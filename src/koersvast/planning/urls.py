from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.scenario_list, name="scenarios"),
    path("nieuw/", views.scenario_create, name="create"),
    path("instellingen/", views.planning_settings, name="settings"),
    path("vergelijken/", views.scenario_compare, name="compare"),
    path("<int:pk>/", views.scenario_detail, name="scenario"),
    path("<int:pk>/hefbomen/", views.lever_add, name="lever_add"),
    path("hefbomen/<int:pk>/verwijderen/", views.lever_remove, name="lever_remove"),
    path("<int:pk>/doorrekenen/", views.run_start, name="run_start"),
    path("doorrekeningen/<int:pk>/voortgang/", views.run_progress, name="run_progress"),
    path("<int:pk>/vaststellen/", views.scenario_adopt, name="adopt"),
    path("urgentie/", views.urgency_start, name="urgency_start"),
    path("urgentie/<int:pk>/", views.urgency_detail, name="urgency"),
    path("urgentie/<int:pk>/voortgang/", views.urgency_progress, name="urgency_progress"),
    path("urgentie/<int:pk>/besluit/", views.urgency_decide, name="urgency_decide"),
    path("<int:pk>/waardedichtheid/", views.value_density, name="value_density"),
    path("<int:pk>/afwegingskader/", views.scenario_framework, name="framework"),
    path("<int:pk>/marginale-waarde/", views.scenario_marginal, name="marginal"),
    path("<int:pk>/marginale-waarde/start/", views.marginal_start, name="marginal_start"),
    path("marginale-waarde/<int:pk>/voortgang/", views.marginal_progress, name="marginal_progress"),
    path("capaciteitskaart/", views.capacity_map, name="capacity_map"),
    path("capaciteitskaart/<slug:pool>/<int:period>/", views.capacity_cell, name="capacity_cell"),
    path("roadmap/", views.roadmap, name="roadmap"),
]
