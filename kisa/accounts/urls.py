from django.urls import path

from kisa.accounts import views

app_name = "accounts"
urlpatterns = [
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", views.LogoutView.as_view(), name="logout"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/widerrufen/", views.token_revoke, name="token_revoke"),
    path("zwei-faktor/einrichten/", views.two_factor_setup, name="two_factor_setup"),
    path("zwei-faktor/", views.two_factor_verify, name="two_factor_verify"),
    path("sicherheit/", views.security, name="security"),
    path("sicherheit/ueberall-abmelden/", views.log_out_everywhere, name="log_out_everywhere"),
    path("benutzer/", views.user_list, name="users"),
    path(
        "benutzer/<int:pk>/<str:action>/",
        views.user_action,
        name="user_action",
    ),
    path("einladungen/neu/", views.invitation_create_view, name="invitation_create"),
    path("einladungen/<int:pk>/zurueckziehen/", views.invitation_revoke_view, name="invitation_revoke"),
    path("einladung/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
]
