from django.urls import path

from . import views

urlpatterns = [path("account/api-tokens/", views.token_list, name="api_tokens")]
