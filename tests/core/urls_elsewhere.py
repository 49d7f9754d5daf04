"""The site mounted under /elsewhere/, for tests/newsroom/test_addresses.py."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("newsroom.urls"))]
