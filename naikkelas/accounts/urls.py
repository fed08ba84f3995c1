from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from naikkelas.accounts.views import account, edit_conflicts, organisations, sign_in, staff

app_name = "accounts"

urlpatterns = [
    path("", account.account, name="account"),
    path("bentrok/", edit_conflicts.conflict_list, name="edit_conflicts"),
    path("bentrok/<int:pk>/tangani/", edit_conflicts.conflict_resolve, name="edit_conflict_resolve"),
    path("masuk/", sign_in.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("dua-langkah/", sign_in.two_factor_verify, name="two_factor_verify"),
    path("dua-langkah/pasang/", sign_in.two_factor_setup, name="two_factor_setup"),
    path("atur-ulang-dua-langkah/", sign_in.two_factor_reset_page, name="two_factor_reset"),
    path(
        "kata-sandi/",
        account.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "lupa/",
        sign_in.PasswordResetView.as_view(success_url=reverse_lazy("accounts:password_reset_done")),
        name="password_reset",
    ),
    path("lupa/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "lupa/<uidb64>/<token>/",
        sign_in.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path("token/", account.api_tokens, name="api_tokens"),
    path("token/staf/", account.staff_api_tokens, name="staff_api_tokens"),
    path("token/cabut-semua/", account.api_tokens_revoke_all_page, name="api_tokens_revoke_all"),
    path("token/<int:pk>/cabut/", account.api_token_revoke_page, name="api_token_revoke"),
    path("staf/", staff.staff_list, name="staff_list"),
    path("staf/baru/", staff.staff_create, name="staff_create"),
    path("staf/<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("staf/<int:pk>/ubah/", staff.staff_edit, name="staff_edit"),
    path("staf/<int:pk>/peran/", staff.staff_grant, name="staff_grant"),
    path("staf/<int:pk>/nonaktifkan/", staff.staff_deactivate, name="staff_deactivate"),
    path("staf/<int:pk>/<slug:action>/", staff.staff_action, name="staff_action"),
    path("peran/<int:pk>/", staff.membership_change, name="membership_change"),
    path("peran/<int:pk>/cabut/", staff.membership_remove, name="membership_remove"),
    path("undangan/<uidb64>/<token>/", staff.InvitationView.as_view(), name="invitation"),
    path("instalasi/", organisations.installation, name="installation"),
    path("instalasi/<str:code>/", organisations.installation_province, name="installation_province"),
    path("lupa/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
