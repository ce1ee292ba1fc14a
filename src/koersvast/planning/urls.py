from django.urls import path

from .views import (
    admission,
    marginal,
    roadmap,
    runs,
    scenarios,
    urgency,
    versions,
)

app_name = "planning"
urlpatterns = [
    path("", scenarios.scenario_list, name="scenarios"),
    path("nieuw/", scenarios.scenario_create, name="create"),
    path("instellingen/", scenarios.planning_settings, name="settings"),
    path("vergelijken/", runs.scenario_compare, name="compare"),
    path("<int:pk>/", scenarios.scenario_detail, name="scenario"),
    path("<int:pk>/hefbomen/", scenarios.lever_add, name="lever_add"),
    path("hefbomen/<int:pk>/verwijderen/", scenarios.lever_remove, name="lever_remove"),
    path("<int:pk>/doorrekenen/", runs.run_start, name="run_start"),
    path("doorrekeningen/<int:pk>/voortgang/", runs.run_progress, name="run_progress"),
    path("<int:pk>/vaststellen/", runs.scenario_adopt, name="adopt"),
    path("urgentie/", urgency.urgency_start, name="urgency_start"),
    path("urgentie/<int:pk>/", urgency.urgency_detail, name="urgency"),
    path("urgentie/<int:pk>/voortgang/", urgency.urgency_progress, name="urgency_progress"),
    path("urgentie/<int:pk>/besluit/", urgency.urgency_decide, name="urgency_decide"),
    path("urgentie/<int:pk>/actueel/", urgency.urgency_check, name="urgency_check"),
    path(
        "urgentie/<int:pk>/opnieuw-doorrekenen/",
        urgency.urgency_recompute,
        name="urgency_recompute",
    ),
    path("urgentie/<int:pk>/besluitdocument/", urgency.urgency_document, name="urgency_document"),
    path(
        "urgentie/<int:pk>/besluitdocument.pdf",
        urgency.urgency_document_pdf,
        name="urgency_document_pdf",
    ),
    path("<int:pk>/waardedichtheid/", scenarios.value_density, name="value_density"),
    path("<int:pk>/kandidaten/", scenarios.include_candidates, name="candidates"),
    path("<int:pk>/afwegingskader/", scenarios.scenario_framework, name="framework"),
    path("<int:pk>/marginale-waarde/", marginal.scenario_marginal, name="marginal"),
    path("<int:pk>/marginale-waarde/start/", marginal.marginal_start, name="marginal_start"),
    path(
        "marginale-waarde/<int:pk>/voortgang/", marginal.marginal_progress, name="marginal_progress"
    ),
    path("toelating/<int:pk>/past-het/", admission.admission_fit, name="admission_fit"),
    path(
        "toelating/toetsen/<int:pk>/voortgang/",
        admission.admission_fit_progress,
        name="admission_fit_progress",
    ),
    path("capaciteitskaart/", roadmap.capacity_map, name="capacity_map"),
    path("capaciteitskaart/<slug:pool>/<int:period>/", roadmap.capacity_cell, name="capacity_cell"),
    path("roadmap/", roadmap.roadmap, name="roadmap"),
    path("planversies/", roadmap.plan_versions, name="plan_versions"),
    path("planversies/huidig/excel/", versions.current_plan_export, name="plan_export"),
    path("planversies/<int:pk>/", versions.plan_version_detail, name="plan_version"),
    path("planversies/<int:pk>/excel/", versions.plan_version_export, name="plan_version_export"),
    path(
        "planversies/<int:pk>/besluitdocument/",
        versions.plan_version_document,
        name="plan_version_document",
    ),
    path(
        "planversies/<int:pk>/besluitdocument/pdf/",
        versions.plan_version_document_pdf,
        name="plan_version_document_pdf",
    ),
    path(
        "planversies/<int:pk>/opnieuw/",
        roadmap.plan_version_readopt,
        name="plan_version_readopt",
    ),
]
