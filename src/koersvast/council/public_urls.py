"""The public decision list (Woo): no login, per municipality by its CBS code."""

from django.urls import path

from . import public_views

app_name = "woo"
urlpatterns = [
    path("<str:code>/besluiten/", public_views.decision_page, name="decisions"),
    path("<str:code>/besluiten.csv", public_views.decision_csv, name="decisions_csv"),
    path("<str:code>/besluiten.json", public_views.decision_json, name="decisions_json"),
]
