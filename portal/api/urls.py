from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import obtain_auth_token

from portal.api import views

app_name = "api"

urlpatterns = [
    path("token/", obtain_auth_token, name="token"),
    path("accounts/", views.BankAccountList.as_view(), name="account-list"),
    path("accounts/<int:pk>/", views.BankAccountDetail.as_view(), name="account-detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
