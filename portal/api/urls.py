from django.urls import path
from drf_spectacular.views import SpectacularSwaggerSplitView

from portal.api import adjustment, imports, reconcile, review, rules, statements, tokens, views, vouchers
from portal.api.schema import SchemaView

app_name = "api"

urlpatterns = [
    path("token/", tokens.TokenObtain.as_view(), name="token"),
    path("tokens/", tokens.TokenList.as_view(), name="token-list"),
    path("tokens/<int:pk>/", tokens.TokenDetail.as_view(), name="token-detail"),
    path("accounts/", views.BankAccountList.as_view(), name="account-list"),
    path("accounts/<int:pk>/", views.BankAccountDetail.as_view(), name="account-detail"),
    # The month end of the ERP direct link (银企直联): the workbench's services, over the API.
    path("accounts/<int:pk>/adjustment", adjustment.AccountAdjustment.as_view(), name="account-adjustment"),
    path("accounts/<int:pk>/vouchers", vouchers.AccountVouchers.as_view(), name="account-vouchers"),
    path("accounts/<int:pk>/match-runs", reconcile.AccountMatchRuns.as_view(), name="account-match-runs"),
    path("accounts/<int:pk>/suggestions", reconcile.AccountSuggestions.as_view(), name="account-suggestions"),
    path("accounts/<int:pk>/matches", reconcile.AccountMatches.as_view(), name="account-matches"),
    path("accounts/<int:pk>/unmatched", reconcile.AccountUnmatched.as_view(), name="account-unmatched"),
    path("accounts/<int:pk>/close-review", review.AccountCloseReview.as_view(), name="account-close-review"),
    path("close-reviews/<int:pk>/approve", review.CloseReviewApprove.as_view(), name="close-review-approve"),
    path("close-reviews/<int:pk>/return", review.CloseReviewReturn.as_view(), name="close-review-return"),
    path("match-runs/<int:pk>", reconcile.MatchRunDetail.as_view(), name="match-run-detail"),
    path("suggestions/<int:pk>/accept", reconcile.SuggestionAccept.as_view(), name="suggestion-accept"),
    path("suggestions/<int:pk>/reject", reconcile.SuggestionReject.as_view(), name="suggestion-reject"),
    path("matches/<int:pk>/undo", reconcile.MatchUndo.as_view(), name="match-undo"),
    # The accountant's matching rules (issue 19): match by pattern, never auto-match, aliases and learned names.
    path("match-rules/", rules.MatchRuleList.as_view(), name="match-rule-list"),
    path("match-rules/<int:pk>/", rules.MatchRuleDetail.as_view(), name="match-rule-detail"),
    path("match-rules/<int:pk>/accept", rules.MatchRuleAccept.as_view(), name="match-rule-accept"),
    path("match-rules/<int:pk>/dismiss", rules.MatchRuleDismiss.as_view(), name="match-rule-dismiss"),
    path("match-rules/<int:pk>/preview", rules.MatchRulePreview.as_view(), name="match-rule-preview"),
    path("imports/", imports.ImportList.as_view(), name="import-list"),
    path("imports/push/", imports.ImportPush.as_view(), name="import-push"),
    path("imports/upload/", imports.ImportUpload.as_view(), name="import-upload"),
    path("imports/<int:pk>/", imports.ImportDetail.as_view(), name="import-detail"),
    path("imports/<int:pk>/withdraw/", imports.ImportWithdraw.as_view(), name="import-withdraw"),
    path("profiles/", imports.ProfileList.as_view(), name="profile-list"),
    path("statements/", statements.StatementList.as_view(), name="statement-list"),
    path("statements/confirm-batch", statements.StatementConfirmBatch.as_view(), name="statement-confirm-batch"),
    path("statements/<int:pk>/", statements.StatementDetail.as_view(), name="statement-detail"),
    path("statements/<int:pk>/pdf", statements.StatementPdf.as_view(), name="statement-pdf"),
    path("statements/<int:pk>/lines", statements.StatementLines.as_view(), name="statement-lines"),
    path("statements/<int:pk>/confirm", statements.StatementConfirm.as_view(), name="statement-confirm"),
    path("statements/<int:pk>/dispute", statements.StatementDispute.as_view(), name="statement-dispute"),
    path("sms/", statements.SmsList.as_view(), name="sms-list"),
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's initialiser as a script file, so the docs work under our CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
