"""The default family-centre criterion set KiSA ships (DOMAIN.md §7).

Structured like the NRW quality mark "Familienzentrum NRW" (four service and four structure areas, basic and
advanced criteria), worded for Kita-based family centres in Rhineland-Palatinate and kept short enough to
rate in a team meeting. The office adapts it (`criterion_create/update/deactivate`). German text: it is the
office's content, not UI text.
"""

from __future__ import annotations

from kisa.family_centres.models import Area

BASIC = "basic"
ADVANCED = "advanced"

DEFAULT_CRITERIA: dict[str, list[tuple[str, str]]] = {
    Area.COUNSELLING: [
        (BASIC, "Die Kita bietet regelmäßige, niedrigschwellige Sprechzeiten für Eltern an."),
        (
            BASIC,
            "Die Kita hat eine aktuelle Übersicht der Beratungsstellen im Sozialraum und vermittelt Familien dorthin.",
        ),
        (
            BASIC,
            "Externe Beratung (z. B. Erziehungsberatung) findet mindestens einmal im Monat in der Kita statt.",
        ),
        (ADVANCED, "Die Kita bietet Beratung in den Familiensprachen an oder zieht Sprachmittlung hinzu."),
        (
            ADVANCED,
            "Verfahren zur frühen Unterstützung von Familien in belastenden Lebenslagen sind mit Partnern vereinbart.",
        ),
    ],
    Area.FAMILY_EDUCATION: [
        (BASIC, "Die Kita bietet mindestens zweimal im Jahr Angebote der Familienbildung an."),
        (BASIC, "Entwicklungsgespräche mit den Eltern finden mindestens einmal im Jahr statt."),
        (BASIC, "Eltern können sich an der Planung von Angeboten beteiligen."),
        (ADVANCED, "Es gibt offene Treffpunkte für Eltern (z. B. Elterncafé), die regelmäßig stattfinden."),
        (
            ADVANCED,
            "Angebote der Familienbildung richten sich gezielt an Familien, die bisher wenig erreicht werden.",
        ),
    ],
    Area.CHILD_MINDING: [
        (BASIC, "Die Kita informiert Eltern über Kindertagespflege und vermittelt bei Bedarf dorthin."),
        (BASIC, "Die Kita kooperiert mit der Fachberatung Kindertagespflege."),
        (ADVANCED, "Für Randzeiten und Notfälle ist eine ergänzende Betreuung mit Partnern vereinbart."),
    ],
    Area.WORK_FAMILY: [
        (BASIC, "Die Öffnungszeiten werden jährlich mit dem Bedarf der Eltern abgeglichen."),
        (BASIC, "Die Kita informiert über Angebote zur Vereinbarkeit von Familie und Beruf im Sozialraum."),
        (ADVANCED, "Die Kita kooperiert mit Arbeitgebern oder dem Jobcenter zu Fragen der Vereinbarkeit."),
    ],
    Area.SOCIAL_SPACE: [
        (
            BASIC,
            "Die Kita kennt die Lebenslagen der Familien in ihrem Sozialraum (z. B. aus der Sozialraumanalyse).",
        ),
        (BASIC, "Die Angebote sind auf den Bedarf im Sozialraum abgestimmt und werden jährlich überprüft."),
        (ADVANCED, "Die Kita öffnet ihre Räume für Angebote anderer Träger und Initiativen im Sozialraum."),
    ],
    Area.COOPERATION: [
        (BASIC, "Es gibt verbindliche Kooperationsvereinbarungen mit mindestens zwei Partnern."),
        (BASIC, "Eine Person ist für die Koordination des Familienzentrums benannt und hat Zeit dafür."),
        (BASIC, "Das Team trifft sich mindestens viermal im Jahr mit den Kooperationspartnern."),
        (ADVANCED, "Die Kita arbeitet in einem Netzwerk oder Verbund von Familienzentren mit."),
    ],
    Area.COMMUNICATION: [
        (BASIC, "Die Angebote des Familienzentrums sind in der Kita und öffentlich gut sichtbar."),
        (BASIC, "Informationen für Eltern gibt es in einfacher Sprache."),
        (ADVANCED, "Informationen gibt es in den wichtigsten Familiensprachen der Kita."),
        (ADVANCED, "Die Kita nutzt digitale Wege, um Familien zu erreichen (z. B. Eltern-App, Website)."),
    ],
    Area.DEVELOPMENT: [
        (BASIC, "Das Team bewertet die Angebote jährlich gemeinsam und hält Ergebnisse fest."),
        (BASIC, "Rückmeldungen der Eltern werden regelmäßig eingeholt und ausgewertet."),
        (ADVANCED, "Die Mitarbeitenden bilden sich zu Themen der Familienzentrumsarbeit fort."),
        (ADVANCED, "Die Kita leitet aus der Selbstbewertung Ziele für die Jahresplanung ab."),
    ],
}
