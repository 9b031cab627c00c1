"""The feedback poster prints in every public language; Arabic right to left with the "!" on the left."""

import pytest
from django.urls import reverse

from kisa.surveys.tests.pdf_text import pdf_text


@pytest.mark.parametrize(
    ("lang", "heading", "scan"),
    [
        ("ar", "!رأيكم مهم", "امسح الرمز بهاتفك أو افتح الرابط:"),
        ("ru", "Ваше мнение важно!", "Отсканируйте код телефоном или откройте ссылку:"),
        ("uk", "Ваша думка важлива!", "Відскануйте код телефоном або відкрийте посилання:"),
        ("tr", "Fikriniz önemli!", "Kodu telefonunuzla tarayın veya bağlantıyı açın:"),
        ("de-x-ls", "Ihre Meinung ist wichtig!", "Scannen Sie den Code mit dem Handy."),
    ],
)
def test_poster_pdf_prints_the_translated_heading(world, lang, heading, scan):
    response = world.client_for("kita_lead").get(
        reverse("participation:poster_pdf", args=[world.kita_a.pk]), {"lang": lang}
    )
    text = pdf_text(response.content)
    assert heading in text and scan in text
    assert world.kita_a.name in text and f"/beteiligung/k/{world.kita_a.pk}/?lang={lang}" in text
