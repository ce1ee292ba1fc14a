from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.index, name="index"),
    path("publiceren/", views.publish, name="publish"),
    path("importeren/", views.template_import, name="import"),
    path("overgenomen/", views.adoptions, name="adoptions"),
    path("versies/<int:pk>/", views.version_detail, name="version_detail"),
    path("versies/<int:pk>/overnemen/", views.version_adopt, name="version_adopt"),
    path("versies/<int:pk>/export/", views.version_export, name="version_export"),
    path("<int:pk>/intrekken/", views.template_withdraw, name="template_withdraw"),
    path("overnames/<int:pk>/", views.adoption_compare, name="adoption_compare"),
]
