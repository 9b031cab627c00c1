from django.urls import path

from kisa.surveys import views, views_print, views_public

app_name = "surveys"
urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("runden/neu/", views.round_create, name="round_create"),
    path("runden/<int:pk>/", views.round_detail, name="round_detail"),
    path("runden/<int:pk>/bearbeiten/", views.round_edit, name="round_edit"),
    path("runden/<int:pk>/status/", views.round_status, name="round_status"),
    path("runden/<int:pk>/ergebnisse/", views.results, name="results"),
    path("runden/<int:pk>/ergebnisse/vergleich/", views.breakdown, name="breakdown"),
    path("runden/<int:pk>/ergebnisse/export.<str:fmt>", views.results_export, name="results_export"),
    path("runden/<int:pk>/freitexte/", views.free_text, name="free_text"),
    path("runden/<int:pk>/freitexte/<int:answer_id>/markieren/", views.answer_tag, name="answer_tag"),
    path("runden/<int:pk>/erkenntnisse/neu/", views.finding_create, name="finding_create"),
    path("runden/<int:pk>/kitas/<int:kita_id>/papier/<str:group>/", views.paper_entry, name="paper_entry"),
    path("runden/<int:pk>/kitas/<int:kita_id>/qr.svg", views_print.kita_qr, name="kita_qr"),
    path("runden/<int:pk>/kitas/<int:kita_id>/plakat.pdf", views_print.kita_poster, name="kita_poster"),
    path(
        "runden/<int:pk>/kitas/<int:kita_id>/fragebogen-<str:group>.pdf",
        views_print.paper_form_pdf,
        name="paper_form_pdf",
    ),
    path("erkenntnisse/", views.finding_list, name="finding_list"),
    path("frageboegen/", views.questionnaire_list, name="questionnaire_list"),
    path("frageboegen/neu/", views.questionnaire_create, name="questionnaire_create"),
    path("frageboegen/vorlagen/", views.questionnaire_install, name="questionnaire_install"),
    path("frageboegen/sprachen/neu/", views.language_create, name="language_create"),
    path("frageboegen/<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path("frageboegen/<int:pk>/bearbeiten/", views.questionnaire_edit, name="questionnaire_edit"),
    path("frageboegen/neu/json/", views.questionnaire_create_json, name="questionnaire_create_json"),
    path("frageboegen/<int:pk>/abschnitte/neu/", views.section_edit, name="section_create"),
    path("frageboegen/<int:pk>/abschnitte/<slug:section_key>/", views.section_edit, name="section_edit"),
    path(
        "frageboegen/<int:pk>/abschnitte/<slug:section_key>/loeschen/",
        views.editor_delete,
        name="section_delete",
    ),
    path(
        "frageboegen/<int:pk>/abschnitte/<slug:section_key>/neue-frage/",
        views.question_edit,
        name="question_create",
    ),
    path("frageboegen/<int:pk>/fragen/<slug:question_key>/", views.question_edit, name="question_edit"),
    path(
        "frageboegen/<int:pk>/fragen/<slug:question_key>/loeschen/",
        views.editor_delete,
        name="question_delete",
    ),
    path("frageboegen/<int:pk>/verschieben/", views.editor_move, name="editor_move"),
    path(
        "frageboegen/<int:pk>/uebersetzen/<str:language>/",
        views.questionnaire_translate,
        name="questionnaire_translate",
    ),
    # Public (no login): the Kita's link and QR code lead here.
    path("teilnehmen/<str:key>/<int:kita_id>/", views_public.start, name="start"),
    path("teilnehmen/<str:key>/<int:kita_id>/<str:group>/", views_public.answer, name="answer"),
    path("teilnehmen/<str:key>/<int:kita_id>/<str:group>/danke/", views_public.thanks, name="thanks"),
]
