from django.urls import path

from . import views

app_name = "capacity"
urlpatterns = [
    path("", views.capacity_index, name="index"),
    path("pools/nieuw/", views.pool_create, name="pool_create"),
    path("pools/<int:pk>/", views.pool_detail, name="pool_detail"),
    path("pools/<int:pk>/bewerken/", views.pool_edit, name="pool_edit"),
    path("pools/<int:pk>/team/", views.pool_team, name="pool_team"),
    path("pools/<int:pk>/voorstel/", views.pool_suggest, name="pool_suggest"),
    path("budget/bewerken/", views.budget_edit, name="budget_edit"),
    path("medewerkers/", views.people_index, name="people"),
    path("medewerkers/nieuw/", views.person_create, name="person_create"),
    path("medewerkers/<int:pk>/", views.person_detail, name="person_detail"),
    path("medewerkers/<int:pk>/bewerken/", views.person_edit, name="person_edit"),
    path("medewerkers/<int:pk>/inzet/", views.allocation_add, name="allocation_add"),
    path("medewerkers/<int:pk>/verlof/", views.leave_add, name="leave_add"),
    path("medewerkers/<int:pk>/anonimiseren/", views.person_anonymise, name="person_anonymise"),
    path("inzet/<int:pk>/verwijderen/", views.allocation_delete, name="allocation_delete"),
    path("verlof/<int:pk>/verwijderen/", views.leave_delete, name="leave_delete"),
]
