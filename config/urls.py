from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("system.urls")),  # /healthz, /readyz, /metrics (no login; see system/views.py)
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("portal.api.urls")),
    path("", include("portal.urls")),
]

# Refusals Django makes itself: pages in the reader's language, JSON {"code", "message"} under /api/.
handler400 = "portal.views.errors.bad_request"
handler403 = "portal.views.errors.permission_denied"
handler404 = "portal.views.errors.page_not_found"
handler500 = "portal.views.errors.server_error"
