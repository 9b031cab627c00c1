"""The annual report's survey results: rates per round and actor group, shares per answer, always suppressed,
for the territory's Kitas only."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from kisa.core.tests.ui import ui
from kisa.reports import renderers
from kisa.reports.annual import annual_report
from kisa.reports.figures import Report, Table
from kisa.reports.tests.test_dashboard import assert_no_small_group
from kisa.surveys.tests.factories import make_questionnaire, make_round, respond


def _table(report: Report, key: str) -> Table:
    return next(t for section in report.sections for t in section.tables if t.key == key)


def _rates(report: Report) -> dict[tuple[str, str], list[Any]]:
    return {(str(row[0]), str(row[1])): row[2:] for row in _table(report, "survey-rates").rows}


def _shares(table: Table, question: str) -> dict[str, list[Any]]:
    return {str(row[1]): row[2:] for row in table.rows if row[0] == question}


@pytest.fixture
def surveyed(world: Any) -> Any:
    """Round "Elternbefragung 2025" (March) at Kitas A (80 places), B (60) and C (45), parents and staff:

    - parents at A: 4 × "strongly agree" by car, 2 × "rather agree" by bus (so "bus often enough?" has 2 answers);
    - parents at B: 3 × "strongly disagree" — fewer than 5: B is left out of the parents' figures;
    - parents at C: 5 × "partly";
    - staff at A: 5.
    Office: parents at A and C count, 11 responses on 125 places = 8.8 %.
    """
    parents = make_questionnaire(world.office, title="Eltern")
    staff = make_questionnaire(world.office, title="Team", actor_group="staff")
    survey_round = make_round(
        world.office,
        kitas=[world.kita_a, world.kita_b, world.kita_c],
        questionnaires=[parents, staff],
        name="Elternbefragung 2025",
    )
    respond(survey_round, world.kita_a, 4, wellbeing="5", transport="car")
    respond(survey_round, world.kita_a, 2, wellbeing="4", transport="bus", bus_ok="yes")
    respond(survey_round, world.kita_b, 3, wellbeing="1")
    respond(survey_round, world.kita_c, 5, wellbeing="3")
    respond(survey_round, world.kita_a, 5, actor_group="staff")
    earlier = make_round(
        world.office, kitas=[world.kita_a], name="Befragung 2024", starts_on=dt.date(2024, 3, 1)
    )
    respond(earlier, world.kita_a, 7)
    world.survey_round = survey_round
    return world


@pytest.mark.parametrize("persona", ["coordinator", "read_only"])
def test_rates_per_round_and_actor_group_for_the_office(surveyed, persona):
    report = annual_report(user=surveyed.users[persona], year=2025, territory_key="office")

    assert report.section("surveys").title == ui("Survey results")
    assert _rates(report) == {
        # Kitas asked, approved places, responses, response rate (%): A and C, B left out (3 responses)
        ("Elternbefragung 2025", ui("Parents")): [2, 125, 11, 8.8],
        # No known number of staff asked: no places, no rate; Kitas without responses count (0 reveals no one)
        ("Elternbefragung 2025", ui("Kita staff")): [3, "–", 5, "–"],
    }
    assert_no_small_group(report)


def test_shares_per_answer_leave_small_kitas_and_rarely_answered_questions_out(surveyed):
    report = annual_report(user=surveyed.users["read_only"], year=2025, territory_key="office")

    parents = _table(report, f"survey-{surveyed.survey_round.pk}-parents")
    wellbeing = _shares(parents, "Mein Kind fühlt sich wohl.")
    # Answered by, share (%): 11 answers at A and C; B's three "strongly disagree" are not among them.
    assert wellbeing[ui("Strongly agree")] == [11, 36.4]
    assert wellbeing[ui("Rather agree")] == [11, 18.2]
    assert wellbeing[ui("Partly")] == [11, 45.5]
    assert wellbeing[ui("Strongly disagree")] == [11, 0.0]
    assert _shares(parents, "Wie kommen Sie zur Beratung?") == {"Auto": [11, 81.8], "Bus": [11, 18.2]}
    # Two answers only: suppressed (shown as "< 5"), not 100 % "yes".
    assert _shares(parents, "Fährt der Bus oft genug?") == {ui("Yes"): [None, None], ui("No"): [None, None]}
    # Closed questions only: no free text, no number question.
    assert {row[0] for row in parents.rows} == {
        "Mein Kind fühlt sich wohl.",
        "Wie kommen Sie zur Beratung?",
        "Fährt der Bus oft genug?",
        "Themen",
        "Wie gefällt es dir?",
        "Wie ist das Essen?",
    }
    assert "Befragung 2024" not in {key[0] for key in _rates(report)}


def test_a_territory_counts_only_its_kitas(surveyed):
    w = surveyed

    report = annual_report(
        user=w.users["coordinator"], year=2025, territory_key=f"social-area-{w.social_area.pk}"
    )

    # Maifeld holds A and B; C is outside. B's 3 parents are still left out.
    assert _rates(report)[("Elternbefragung 2025", ui("Parents"))] == [1, 80, 6, 7.5]
    wellbeing = _shares(_table(report, f"survey-{w.survey_round.pk}-parents"), "Mein Kind fühlt sich wohl.")
    assert wellbeing[ui("Strongly agree")] == [6, 66.7]
    assert wellbeing[ui("Partly")] == [6, 0.0]


def test_a_group_whose_kitas_all_answered_too_little_is_hidden_not_zero(world):
    survey_round = make_round(world.office, kitas=[world.kita_a, world.kita_b], name="Kleine Runde")
    respond(survey_round, world.kita_a, 3)
    respond(survey_round, world.kita_b, 4)

    report = annual_report(user=world.users["coordinator"], year=2025, territory_key="office")

    assert _rates(report) == {("Kleine Runde", ui("Parents")): [0, 0, None, None]}
    assert [t.key for t in report.section("surveys").tables] == ["survey-rates"]  # no answers to show


def test_a_year_without_survey_rounds_says_so(surveyed):
    from kisa.documentation.tests.factories import ActivityFactory

    ActivityFactory(worker=surveyed.worker_a, date=dt.date(2023, 5, 1), kitas=[surveyed.kita_a])

    report = annual_report(user=surveyed.users["coordinator"], year=2023, territory_key="office")

    section = report.section("surveys")
    assert section.tables == [] and "2023" in section.paragraphs[0]


def test_the_excel_file_has_the_rates_as_numbers(surveyed):
    report = annual_report(user=surveyed.users["read_only"], year=2025, territory_key="office")

    workbook = openpyxl.load_workbook(io.BytesIO(renderers.render(report, "xlsx")))

    rows = list(workbook["survey-rates"].iter_rows(min_row=4, values_only=True))
    assert ("Elternbefragung 2025", ui("Parents"), 2, 125, 11, 8.8) in rows


def test_the_preview_shows_the_survey_results(surveyed):
    page = (
        surveyed.client_for("read_only")
        .get("/berichte/jahresbericht/vorschau/?year=2025&territory=office")
        .content.decode()
    )

    assert 'id="table-survey-rates"' in page
    assert ui("Response rate (%)") in page and "Elternbefragung 2025" in page
    assert f'id="table-survey-{surveyed.survey_round.pk}-parents"' in page


def test_the_pdf_and_docx_show_the_survey_results(surveyed):
    from docx import Document
    from pypdf import PdfReader

    report = annual_report(user=surveyed.users["read_only"], year=2025, territory_key="office")

    pdf = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(renderers.render(report, "pdf"))).pages
    )
    assert "Elternbefragung 2025" in pdf and "8,8" in pdf and "36,4" in pdf
    document = Document(io.BytesIO(renderers.render(report, "docx")))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"Elternbefragung 2025", "8,8", "36,4", "< 5"} <= cells
