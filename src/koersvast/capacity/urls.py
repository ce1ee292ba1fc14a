from django.urls import path

from . import views

app_name = "capacity"
urlpatterns = [
    path("", views.capacity_index, name="index"),
    path("pools/<int:pk>/", views.pool_detail, name="pool_detail"),
]
