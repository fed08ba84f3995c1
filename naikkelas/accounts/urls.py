from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from naikkelas.accounts import views, views_conflicts, views_staff

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("bentrok/", views_conflicts.conflict_list, name="edit_conflicts"),
    path("bentrok/<int:pk>/tangani/", views_conflicts.conflict_resolve, name="edit_conflict_resolve"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("dua-langkah/", views.two_factor_verify, name="two_factor_verify"),
    path("dua-langkah/pasang/", views.two_factor_setup, name="two_factor_setup"),
    path("atur-ulang-dua-langkah/", views.two_factor_reset_page, name="two_factor_reset"),
    path(
        "kata-sandi/",
        views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password_change_done")),
        name="password_change",
    ),
    path("kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "lupa/",
        views.PasswordResetView.as_view(success_url=reverse_lazy("accounts:password_reset_done")),
        name="password_reset",
    ),
    path("lupa/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "lupa/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("accounts:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("token/", views.api_tokens, name="api_tokens"),
    path("token/staf/", views.staff_api_tokens, name="staff_api_tokens"),
    path("token/cabut-semua/", views.api_tokens_revoke_all_page, name="api_tokens_revoke_all"),
    path("token/<int:pk>/cabut/", views.api_token_revoke_page, name="api_token_revoke"),
    path("staf/", views_staff.staff_list, name="staff_list"),
    path("staf/baru/", views_staff.staff_create, name="staff_create"),
    path("staf/<int:pk>/", views_staff.staff_detail, name="staff_detail"),
    path("staf/<int:pk>/ubah/", views_staff.staff_edit, name="staff_edit"),
    path("staf/<int:pk>/peran/", views_staff.staff_grant, name="staff_grant"),
    path("staf/<int:pk>/nonaktifkan/", views_staff.staff_deactivate, name="staff_deactivate"),
    path("staf/<int:pk>/<slug:action>/", views_staff.staff_action, name="staff_action"),
    path("peran/<int:pk>/", views_staff.membership_change, name="membership_change"),
    path("undangan/<uidb64>/<token>/", views_staff.InvitationView.as_view(), name="invitation"),
    path("instalasi/", views_staff.installation, name="installation"),
    path("instalasi/<str:code>/", views_staff.installation_province, name="installation_province"),
    path("lupa/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
