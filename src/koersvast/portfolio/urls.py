from django.urls import path

from . import views

app_name = "portfolio"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("initiatieven/<int:pk>/", views.initiative_detail, name="initiative_detail"),
]
