from django.urls import path

from . import views

app_name = "capacity"
urlpatterns = [
    path("", views.capacity_index, name="index"),
    path("pools/nieuw/", views.pool_create, name="pool_create"),
    path("pools/<int:pk>/", views.pool_detail, name="pool_detail"),
    path("pools/<int:pk>/bewerken/", views.pool_edit, name="pool_edit"),
    path("budget/bewerken/", views.budget_edit, name="budget_edit"),
]
