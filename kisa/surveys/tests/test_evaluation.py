"""Results: distributions, comparisons and suppression in the UI, exports and API."""

import csv
import io

import openpyxl
from django.urls import reverse

from kisa.core.tests.ui import ui
from kisa.surveys import evaluation
from kisa.surveys.tests.factories import make_questionnaire, make_round, respond

API = "/api/v1/surveys/rounds"


def _results(world, persona, **filters):
    return evaluation.results_for(
        user=world.users[persona], survey_round=world.survey_round, actor_group="parents", filters=filters
    )


def _question(results, key):
    return next(r for r in results.questions if r.question.key == key)


def test_coordinator_sees_distribution_with_district_and_previous_round(surveyed):
    results = _results(surveyed, "coordinator", kita=surveyed.kita_a.pk)
    wellbeing = _question(results, "wellbeing")

    assert results.responses == 6
    assert [(o.key, o.count, o.percent) for o in wellbeing.options] == [
        ("1", 0, 0.0),
        ("2", 0, 0.0),
        ("3", 0, 0.0),
        ("4", 2, 33.3),
        ("5", 4, 66.7),
    ]
    # "All Kitas" leaves out Kita B (3 responses): otherwise all minus A would give away B's answers
    assert wellbeing.district == {"4": 33.3, "5": 66.7}
    assert wellbeing.previous == {"2": 100.0}
    assert wellbeing.mean == 4.67
    assert results.previous_round == surveyed.earlier_round


def test_group_below_threshold_shows_nothing(surveyed):
    results = _results(surveyed, "coordinator", kita=surveyed.kita_b.pk)
    assert results.suppressed and results.responses is None
    assert all(r.answered is None and not r.options for r in results.questions)


def test_question_answered_by_fewer_than_threshold_is_suppressed(surveyed):
    respond(surveyed.survey_round, surveyed.kita_a, 2, children="3")
    results = _results(surveyed, "coordinator", kita=surveyed.kita_a.pk)
    assert _question(results, "topics").answered == 8
    children = _question(results, "children")
    assert children.suppressed and children.mean is None


def test_language_filter_below_threshold_is_suppressed(surveyed):
    assert _results(surveyed, "coordinator", language="ar").suppressed
    assert _results(surveyed, "coordinator", language="de").responses == 5  # Kita A only: B is too small


def test_a_small_kita_cannot_be_recovered_by_subtracting_the_other_kitas(surveyed):
    """Kita B's 3 parents all answered "1": no figure the coordinator sees over several Kitas counts them."""
    everywhere = _question(_results(surveyed, "coordinator"), "wellbeing")
    kita_a = _question(_results(surveyed, "coordinator", kita=surveyed.kita_a.pk), "wellbeing")
    assert [o.count for o in everywhere.options] == [o.count for o in kita_a.options] == [0, 0, 0, 2, 4]
    assert "1" not in everywhere.district
    by_language = evaluation.breakdown(
        user=surveyed.users["coordinator"],
        survey_round=surveyed.survey_round,
        actor_group="parents",
        question_key="wellbeing",
        by="language",
    )[1]
    assert all("1" not in row.percents for row in by_language)
    # once B has enough answers it is counted everywhere
    respond(surveyed.survey_round, surveyed.kita_b, 2, wellbeing="1")
    everywhere = _question(_results(surveyed, "coordinator"), "wellbeing")
    assert [o.count for o in everywhere.options] == [5, 0, 0, 2, 4]


def test_worker_b_sees_only_own_kita_which_is_below_threshold(surveyed):
    assert _results(surveyed, "worker_b").suppressed
    assert _results(surveyed, "worker_a").responses == 6
    assert _results(surveyed, "kita_lead").responses == 6


def test_breakdown_by_kita_suppresses_small_kita(surveyed):
    _question, rows = evaluation.breakdown(
        user=surveyed.users["coordinator"],
        survey_round=surveyed.survey_round,
        actor_group="parents",
        question_key="wellbeing",
        by="kita",
    )
    assert [(r.label, r.responses, r.percents) for r in rows] == [
        ("Kita Regenbogen", None, {}),
        ("Kita St. Martin", 6, {"4": 33.3, "5": 66.7}),
    ]


def test_results_page_shows_figures_and_hides_small_groups(surveyed):
    client = surveyed.client_for("coordinator")
    url = reverse("surveys:results", args=[surveyed.survey_round.pk])

    shown = client.get(url, {"kita": surveyed.kita_a.pk}).content.decode()
    hidden = client.get(url, {"kita": surveyed.kita_b.pk}).content.decode()

    assert "6 Antworten in dieser Auswahl." in shown
    assert "66,7 %" in shown or "66.7 %" in shown
    assert "Weniger als 5 Antworten in dieser Auswahl" in hidden
    assert "33.3" not in hidden and "33,3" not in hidden


def test_csv_and_xlsx_exports_apply_suppression(surveyed):
    client = surveyed.client_for("worker_b")
    base = reverse("surveys:results_export", args=[surveyed.survey_round.pk, "csv"])
    text = client.get(base).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["Antworten", "< 5"] in rows
    assert all(row[2] in ("", "< 5", "Anzahl") for row in rows[5:])

    coordinator = surveyed.client_for("coordinator")
    xlsx = coordinator.get(
        reverse("surveys:results_export", args=[surveyed.survey_round.pk, "xlsx"]),
        {"kita": surveyed.kita_a.pk},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[2][:2] == ["Antworten", 6]
    assert values[9][:4] == ["Mein Kind fühlt sich wohl.", "Stimme voll zu", 4, 66.7]


def test_api_results_suppressed_for_small_group(surveyed):
    small = surveyed.client_for("worker_b").get(f"{API}/{surveyed.survey_round.pk}/results").json()
    assert small["suppressed"] is True and small["responses"] is None
    assert all(q["options"] == [] and q["answered"] is None for q in small["questions"])

    large = (
        surveyed.client_for("read_only")
        .get(f"{API}/{surveyed.survey_round.pk}/results", {"kita_id": surveyed.kita_a.pk})
        .json()
    )
    wellbeing = next(q for q in large["questions"] if q["key"] == "wellbeing")
    assert large["responses"] == 6
    assert [o["count"] for o in wellbeing["options"]] == [0, 0, 0, 2, 4]
    assert wellbeing["options"][1]["previous_percent"] == 100.0


def test_response_rate_against_places_with_suppression(surveyed):
    page = surveyed.client_for("coordinator").get(
        reverse("surveys:round_detail", args=[surveyed.survey_round.pk])
    )
    rates = {r.kita.name: (r.responses, r.rate_percent) for r in page.context["rates"]}
    assert rates == {"Kita St. Martin": ([6], 7.5), "Kita Regenbogen": ([None], None)}
    respond(surveyed.survey_round, surveyed.kita_b, 2)
    page = surveyed.client_for("coordinator").get(
        reverse("surveys:round_detail", args=[surveyed.survey_round.pk])
    )
    rates = {r.kita.name: r.rate_percent for r in page.context["rates"]}
    assert rates["Kita Regenbogen"] == 8.3


def test_response_counts_per_actor_group_give_no_total_that_reveals_a_small_group(world):
    """3 parents and 6 staff at one Kita: the page shows "fewer than 5" and 6, never the total 9."""
    parents = make_questionnaire(world.office, title="Eltern", actor_group="parents")
    staff = make_questionnaire(world.office, title="Team", actor_group="staff")
    survey_round = make_round(world.office, kitas=[world.kita_a], questionnaires=[parents, staff])
    respond(survey_round, world.kita_a, 3)
    respond(survey_round, world.kita_a, 6, actor_group="staff")
    page = world.client_for("coordinator").get(reverse("surveys:round_detail", args=[survey_round.pk]))
    (rate,) = page.context["rates"]
    assert rate.responses == [None, 6] and rate.rate_percent is None
    html = page.content.decode()
    table = html[html.index('id="rates-caption"') : html.index("</table>", html.index('id="rates-caption"'))]
    assert ">9<" not in table and ">3<" not in table and ui("Parents' response rate") in table


def test_results_page_queries_do_not_grow_with_responses_or_kitas(surveyed, django_assert_max_num_queries):
    client = surveyed.client_for("coordinator")
    url = reverse("surveys:results", args=[surveyed.survey_round.pk])
    with django_assert_max_num_queries(30) as first:
        client.get(url)
    respond(surveyed.survey_round, surveyed.kita_b, 6, wish="Noch ein Wunsch")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def test_comparison_page_hides_kita_below_threshold(surveyed):
    url = reverse("surveys:breakdown", args=[surveyed.survey_round.pk])
    page = surveyed.client_for("read_only").get(
        url, {"group": "parents", "question": "wellbeing", "by": "kita"}
    )
    html = page.content.decode()
    rows = html.split("Kita Regenbogen", 1)[1].split("</tr>", 1)[0]
    assert ui("fewer responses than the threshold: not shown") in rows
    assert "%" not in rows
    assert "66,7 %" in html  # Kita St. Martin, 6 responses
    assert surveyed.client_for("admin").get(url, {"question": "wellbeing"}).status_code == 403
    assert surveyed.client_for("coordinator").get(url, {"question": "nope"}).status_code == 404
