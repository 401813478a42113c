from django.urls import path

from system import views

app_name = "system"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("readyz/web", views.readyz_web, name="readyz_web"),
    path("metrics", views.metrics, name="metrics"),
]
