from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path(
        "geschiedenis/<slug:app_label>/<slug:model_name>/<int:pk>/",
        views.object_history,
        name="object_history",
    ),
    path("beheer/audittrail/", views.audit_log, name="log"),
]
