from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("system.urls")),  # /healthz, /readyz, /metrics (no login; see system/views.py)
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("portal.api.urls")),
    path("", include("portal.urls")),
]
