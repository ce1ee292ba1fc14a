from django.urls import path

from . import views

app_name = "tenancy"
urlpatterns = [
    path("gemeente/wisselen/", views.municipality_switch, name="switch"),
    path("beheer/rechten/", views.members, name="members"),
    path("beheer/instellingen/", views.municipality_settings, name="settings"),
]
