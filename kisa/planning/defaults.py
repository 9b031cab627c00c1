"""What the planning cycle ships: the seed's goal framework (DOMAIN.md §5) and the five principles of the
Fachkonzept Sozialraumorientierung (ISSAB Essen, W. Hinte; DOMAIN.md §4) as reference text.

The goals are installed per office (`services.catalogue_install_defaults`), where the coordinator extends
them; the principles are reference text and shown as they are.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kisa.planning.models import CatalogueGoal

ROUGH = CatalogueGoal.Level.ROUGH
FINE = CatalogueGoal.Level.FINE
GENERAL = CatalogueGoal.Audience.GENERAL
CHILDREN = CatalogueGoal.Audience.CHILDREN
FAMILIES = CatalogueGoal.Audience.FAMILIES

# (level, audience, title) — titles in German: they are the office's own data once installed.
DEFAULT_CATALOGUE: tuple[tuple[str, str, str], ...] = (
    (
        ROUGH,
        GENERAL,
        "Ressourcen und Bedarfe von Familien und Sozialraum erkennen und niedrigschwellige Unterstützung "
        "(re)aktivieren",
    ),
    (ROUGH, GENERAL, "Strukturelle Benachteiligungen ausgleichen"),
    (ROUGH, GENERAL, "Frühe Prävention durch Förderung von Entwicklungs- und Bildungschancen"),
    (ROUGH, GENERAL, "Zusammenarbeit von Familien, Kita und den Angeboten im Sozialraum ausbauen"),
    (FINE, CHILDREN, "Kinder stärken ihre sozialen Kompetenzen"),
    (FINE, CHILDREN, "Kinder entwickeln Konfliktfähigkeit"),
    (FINE, CHILDREN, "Kinder werden in ihrer Resilienz gestärkt"),
    (
        FINE,
        CHILDREN,
        "Das Kindeswohl wird durch gelebte Beteiligung und ein Beschwerdeverfahren für Kinder und Eltern "
        "gesichert (§ 45 SGB VIII)",
    ),
    (FINE, FAMILIES, "Eltern werden beraten – für mehr Chancengleichheit"),
    (FINE, FAMILIES, "Familien werden im Umgang mit Behörden unterstützt"),
    (FINE, FAMILIES, "Familien vernetzen sich untereinander"),
    (FINE, FAMILIES, "Neue Kooperationen mit Nachbarschaft, Vereinen und Schulen entstehen"),
)

PRINCIPLES = (
    (
        _("Start from people's will and interests"),
        _(
            "Work begins with what families themselves want to change, not with what professionals think "
            "they need."
        ),
    ),
    (
        _("Activating before caring"),
        _(
            "Support people in doing things themselves; take over only what they cannot do, for as long as needed."
        ),
    ),
    (
        _("Use personal and social-space resources"),
        _(
            "Look first for the strengths of the family and the resources of the neighbourhood, clubs and offers."
        ),
    ),
    (
        _("Work across target groups and sectors"),
        _("Offers reach several groups at once and do not stop at the borders of departments or budgets."),
    ),
    (
        _("Cooperate and network"),
        _("Work together with the Kita, the offers and the institutions of the area as partners."),
    ),
)
