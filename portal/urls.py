from django.contrib.auth import views as auth_views
from django.urls import path

from portal import views, views_2fa, views_imports, views_ops, views_reconcile, views_statements, views_verify

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", views.account_list, name="accounts"),
    path("2fa/", views_2fa.second_factor, name="second-factor"),
    path("accounts/<int:pk>/", views.account_detail, name="account-detail"),
    path("statements/", views_statements.statement_list, name="statements"),
    path("statements/inquiry/", views_statements.inquiry_new, name="inquiry-new"),
    path("statements/<int:pk>/", views_statements.statement_detail, name="statement-detail"),
    path("statements/<int:pk>/pdf/", views_statements.statement_pdf, name="statement-pdf"),
    path("statements/<int:pk>/agree/", views_statements.statement_agree, name="statement-agree"),
    path("statements/<int:pk>/disagree/", views_statements.statement_disagree, name="statement-disagree"),
    path("statements/<int:pk>/review/", views_statements.statement_review, name="statement-review"),
    path("statements/<int:pk>/note/", views_statements.statement_note, name="statement-note"),
    path("statements/<int:pk>/receipt/", views_statements.statement_receipt, name="statement-receipt"),
    path("ops/", views_ops.dashboard, name="ops"),
    path("ops/rates.xlsx", views_ops.rates_export, name="ops-rates-export"),
    path("ops/publish/", views_ops.publish, name="ops-publish"),
    path("ops/runs/<int:pk>/", views_ops.run_detail, name="ops-run"),
    path("ops/onboarding/", views_ops.onboarding, name="ops-onboarding"),
    path("ops/disputes/", views_ops.disputes, name="ops-disputes"),
    path("ops/disputes/<int:pk>/", views_ops.dispute_detail, name="ops-dispute"),
    path("ops/paper/", views_ops.paper, name="ops-paper"),
    path("ops/paper/<int:pk>/<str:kind>/", views_ops.paper_file, name="ops-paper-file"),
    path("ops/sms/", views_ops.sms_failed, name="ops-sms"),
    path("ops/change-requests/", views_ops.change_requests, name="ops-change-requests"),
    path("ops/inquiries/", views_ops.inquiries, name="ops-inquiries"),
    path("verify/<str:code>/", views_verify.verify, name="verify"),
    path("reconcile/", views_reconcile.reconcile_home, name="reconcile"),
    path("reconcile/tables.zip", views_reconcile.adjustment_zip, name="reconcile-zip"),
    path("reconcile/<int:pk>/", views_reconcile.workbench, name="workbench"),
    path("reconcile/<int:pk>/action/", views_reconcile.workbench_action, name="workbench-action"),
    path("reconcile/<int:pk>/adjustment.xlsx", views_reconcile.adjustment_xlsx, name="adjustment-xlsx"),
    path("reconcile/<int:pk>/adjustment.pdf", views_reconcile.adjustment_pdf, name="adjustment-pdf"),
    path("reconcile/runs/<int:pk>/", views_reconcile.match_run_detail, name="reconcile-run"),
    path("imports/", views_imports.import_list, name="imports"),
    path("imports/upload/", views_imports.import_upload, name="import-upload"),
    path("imports/profiles/", views_imports.profile_list, name="profiles"),
    path("imports/<int:pk>/", views_imports.import_detail, name="import-detail"),
    path("imports/<int:pk>/withdraw/", views_imports.import_withdraw_view, name="import-withdraw"),
]
