"""The German taxonomy of offers (HSDS `taxonomy_term`s): what a family can be referred to.

Shared by the offer directory (each service has one or more categories) and by documented activities
(a referral names the kind of offer). Keys are stable identifiers used in imports, the API and statistics.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCategory(models.TextChoices):
    PARENTING_COUNSELLING = "parenting_counselling", _("Parenting and family counselling")
    EARLY_HELP = "early_help", _("Early help (Frühe Hilfen)")
    FAMILY_EDUCATION = "family_education", _("Family education")
    GENERAL_SOCIAL_SERVICE = "general_social_service", _("Youth office social services (ASD)")
    DEBT_COUNSELLING = "debt_counselling", _("Debt counselling")
    MIGRATION_COUNSELLING = "migration_counselling", _("Migration counselling")
    PREGNANCY_COUNSELLING = "pregnancy_counselling", _("Pregnancy counselling")
    ADDICTION_COUNSELLING = "addiction_counselling", _("Addiction counselling")
    VIOLENCE_PROTECTION = "violence_protection", _("Protection from violence")
    SOCIAL_BENEFITS = "social_benefits", _("Social benefits and social counselling")
    EARLY_INTERVENTION = "early_intervention", _("Early intervention (Frühförderung)")
    HEALTH = "health", _("Health and paediatrics")
    SPEECH_THERAPY = "speech_therapy", _("Speech therapy")
    LANGUAGE_COURSE = "language_course", _("Language course")
    CLUB_LEISURE = "club_leisure", _("Club and leisure")
