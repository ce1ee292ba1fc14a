from django.urls import path

from . import views

app_name = "council"
urlpatterns = [
    path("", views.planning, name="index"),
    path("toezeggingen-en-moties/", views.item_list, name="items"),
    path("toezeggingen-en-moties/nieuw/", views.item_create, name="item_create"),
    path("toezeggingen-en-moties/<int:pk>/", views.item_detail, name="item_detail"),
    path("toezeggingen-en-moties/<int:pk>/bewerken/", views.item_edit, name="item_edit"),
    path("initiatieven/<int:pk>/moment/nieuw/", views.moment_create, name="moment_create"),
    path("momenten/<int:pk>/", views.moment_edit, name="moment_edit"),
    path("momenten/<int:pk>/verwijderen/", views.moment_delete, name="moment_delete"),
    path("openbare-besluitenlijst/", views.publication, name="publication"),
    path("besluiten/<int:pk>/openbaar/", views.decision_public, name="decision_public"),
]
