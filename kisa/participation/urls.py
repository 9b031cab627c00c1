from django.urls import path

from kisa.participation import views, views_public

app_name = "participation"
urlpatterns = [
    # Public, no login: the link behind each Kita's QR code, and the answer lookup.
    path("k/<int:kita_id>/", views_public.feedback_page, name="feedback_page"),
    path("antwort/", views_public.receipt_lookup, name="receipt_lookup"),
    # Handling.
    path("eingang/", views.InboxView.as_view(), name="feedback_list"),
    path("eingang/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("eingang/<int:pk>/status/", views.feedback_status, name="feedback_status"),
    path("eingang/<int:pk>/antwort/", views.feedback_answer, name="feedback_answer"),
    path("eingang/<int:pk>/notiz/", views.feedback_note, name="feedback_note"),
    path("eingang/<int:pk>/kinderschutz/", views.feedback_flag, name="feedback_flag"),
    path("kinderstimmen/", views.ChildVoiceListView.as_view(), name="childvoice_list"),
    path("kinderstimmen/neu/", views.child_voice_create, name="childvoice_create"),
    path("auswertung/", views.aggregates, name="aggregates"),
    path("kitas/", views.summary_index, name="kita_index"),
    path("kitas/<int:pk>/jahresbilanz/", views.summary, name="summary"),
    path("kitas/<int:pk>/aushang/", views.poster_page, name="poster"),
    path("kitas/<int:pk>/qr.svg", views.poster_qr, name="poster_qr"),
    path("kitas/<int:pk>/aushang.pdf", views.poster_pdf, name="poster_pdf"),
    path("einstellungen/", views.settings_edit, name="settings"),
]
