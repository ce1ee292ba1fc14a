"""Mounted at /odata/: the feed under v4/ (English OData names), key management in Dutch."""

from django.urls import path, re_path

from . import feed, views

app_name = "odata"
urlpatterns = [
    path("v4/", feed.service, name="service"),
    path("v4/$metadata", feed.metadata, name="metadata"),
    re_path(r"^v4/(?P<name>[A-Za-z]+)/?$", feed.collection, name="collection"),
    re_path(r"^v4/(?P<name>[A-Za-z]+)/\$count$", feed.count, name="count"),
    re_path(r"^v4/(?P<name>[A-Za-z]+)\((?P<raw_key>.*)\)$", feed.entity, name="entity"),
    path("sleutels/", views.keys, name="keys"),
    path("sleutels/intrekken/", views.revoke, name="revoke"),
]
