from django.contrib.auth import views as auth_views
from django.urls import path

from portal import views, views_imports

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/<int:pk>/", views.account_detail, name="account-detail"),
    path("imports/", views_imports.import_list, name="imports"),
    path("imports/upload/", views_imports.import_upload, name="import-upload"),
    path("imports/profiles/", views_imports.profile_list, name="profiles"),
    path("imports/<int:pk>/", views_imports.import_detail, name="import-detail"),
]
