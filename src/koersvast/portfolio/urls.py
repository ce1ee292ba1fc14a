from django.urls import path

from . import views

app_name = "portfolio"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("initiatieven/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("initiatieven/<int:pk>/afhankelijkheden/", views.dependency_add, name="dependency_add"),
    path(
        "initiatieven/<int:pk>/afhankelijkheden/<int:dependency_pk>/verwijderen/",
        views.dependency_remove,
        name="dependency_remove",
    ),
    path("initiatieven/<int:pk>/alternatief/", views.alternative_add, name="alternative_add"),
    path(
        "initiatieven/<int:pk>/alternatief/verwijderen/",
        views.alternative_remove,
        name="alternative_remove",
    ),
]
