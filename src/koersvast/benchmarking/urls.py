from django.urls import path

from . import views

app_name = "benchmarking"
urlpatterns = [
    path("", views.index, name="index"),
    path("deelname/", views.participation, name="participation"),
]
