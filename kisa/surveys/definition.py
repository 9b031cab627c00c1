"""The content of a questionnaire version, and the rules answers must follow.

A definition is plain JSON, so a version is one immutable row and a shipped template is one file::

    {"title": {"de": "...", "en": "..."}, "intro": {"de": "..."},
     "sections": [{"key": "s1", "title": {"de": "..."}, "questions": [
        {"key": "q1", "type": "single_choice", "required": true, "text": {"de": "..."},
         "help": {"de": "..."}, "options": [{"key": "a", "text": {"de": "..."}}],
         "min": 0, "max": 10, "show_if": {"question": "q0", "in": ["yes"]}}]}]}

Every text is a mapping language code → text; German ("de") is required, other languages fall back to
German. Scale questions (agreement, smileys, yes/no) have fixed options whose labels come from the
app's gettext catalogues, so they are translated once for every questionnaire.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
AGREEMENT = "agreement"
SMILEY3 = "smiley3"
SMILEY5 = "smiley5"
YES_NO = "yes_no"
NUMBER = "number"
SHORT_TEXT = "short_text"
LONG_TEXT = "long_text"

QUESTION_TYPES = {
    SINGLE_CHOICE: gettext_lazy("Single choice"),
    MULTIPLE_CHOICE: gettext_lazy("Multiple choice"),
    AGREEMENT: gettext_lazy("Agreement (5 steps)"),
    SMILEY3: gettext_lazy("Smiley scale (3 faces)"),
    SMILEY5: gettext_lazy("Smiley scale (5 faces)"),
    YES_NO: gettext_lazy("Yes / no"),
    NUMBER: gettext_lazy("Number"),
    SHORT_TEXT: gettext_lazy("Short text"),
    LONG_TEXT: gettext_lazy("Long text"),
}
TEXT_TYPES = {SHORT_TEXT, LONG_TEXT}
TEXT_LIMITS = {SHORT_TEXT: 200, LONG_TEXT: 2000}
# Numbers without an explicit range still get one: a count of children of 10**9 is a typo or an attack.
DEFAULT_NUMBER_RANGE = (0, 9999)

# Fixed options of the scale types: (key, label, face). Faces are shown to children; labels are read out.
SCALES: dict[str, list[tuple[str, Any, str]]] = {
    AGREEMENT: [
        ("1", gettext_lazy("Strongly disagree"), ""),
        ("2", gettext_lazy("Rather disagree"), ""),
        ("3", gettext_lazy("Partly"), ""),
        ("4", gettext_lazy("Rather agree"), ""),
        ("5", gettext_lazy("Strongly agree"), ""),
    ],
    SMILEY3: [
        ("1", gettext_lazy("Not good"), "☹️"),
        ("2", gettext_lazy("So-so"), "😐"),
        ("3", gettext_lazy("Good"), "😊"),
    ],
    SMILEY5: [
        ("1", gettext_lazy("Very bad"), "😣"),
        ("2", gettext_lazy("Not good"), "☹️"),
        ("3", gettext_lazy("So-so"), "😐"),
        ("4", gettext_lazy("Good"), "🙂"),
        ("5", gettext_lazy("Very good"), "😄"),
    ],
    YES_NO: [("yes", gettext_lazy("Yes"), ""), ("no", gettext_lazy("No"), "")],
}
KEY_PATTERN = re.compile(r"^[a-z0-9_]{1,50}$")


def text_in(texts: Mapping[str, str] | None, language: str) -> str:
    """The text in `language`, else German (every text has German)."""
    if not texts:
        return ""
    return texts.get(language) or texts.get("de", "")


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    face: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    required: bool
    text: str
    help: str
    options: list[Option]
    minimum: int | None = None
    maximum: int | None = None
    show_if: dict[str, Any] | None = None

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    @property
    def is_multiple(self) -> bool:
        return self.type == MULTIPLE_CHOICE

    @property
    def is_text(self) -> bool:
        return self.type in TEXT_TYPES

    @property
    def has_mean(self) -> bool:
        return self.type in (AGREEMENT, SMILEY3, SMILEY5, NUMBER)

    @property
    def is_smiley(self) -> bool:
        return self.type in (SMILEY3, SMILEY5)

    @property
    def show_if_values(self) -> str:
        """The show-if values as one space-separated attribute value (for the page's script)."""
        return " ".join(self.show_if.get("in", [])) if self.show_if else ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    questions: list[Question] = field(default_factory=list)


def _options(raw: Mapping[str, Any], language: str) -> list[Option]:
    kind = raw["type"]
    if kind in SCALES:
        return [Option(key, str(label), face) for key, label, face in SCALES[kind]]
    return [Option(o["key"], text_in(o.get("text"), language)) for o in raw.get("options", [])]


def sections(definition: Mapping[str, Any], language: str = "de") -> list[Section]:
    """The questionnaire in `language`, ready to render or to check answers against."""
    result = []
    for raw_section in definition.get("sections", []):
        questions = []
        for raw in raw_section.get("questions", []):
            lower, upper = DEFAULT_NUMBER_RANGE
            questions.append(
                Question(
                    key=raw["key"],
                    type=raw["type"],
                    required=bool(raw.get("required")),
                    text=text_in(raw.get("text"), language),
                    help=text_in(raw.get("help"), language),
                    options=_options(raw, language),
                    minimum=raw.get("min", lower) if raw["type"] == NUMBER else None,
                    maximum=raw.get("max", upper) if raw["type"] == NUMBER else None,
                    show_if=raw.get("show_if"),
                )
            )
        result.append(Section(raw_section["key"], text_in(raw_section.get("title"), language), questions))
    return result


def questions(definition: Mapping[str, Any], language: str = "de") -> list[Question]:
    return [q for section in sections(definition, language) for q in section.questions]


# --- Checking a definition -----------------------------------------------------------------------------


def validate_definition(definition: Any) -> None:
    """Raise ValidationError({"definition": [...]}) listing every structural problem of `definition`."""
    problems: list[str] = []
    if not isinstance(definition, dict) or not isinstance(definition.get("sections"), list):
        raise ValidationError({"definition": _("The content needs a list of sections.")})
    if not text_in(definition.get("title"), "de"):
        problems.append(_("The questionnaire needs a German title."))
    seen: dict[str, dict[str, Any]] = {}
    for section in definition["sections"]:
        if not isinstance(section, dict) or not isinstance(section.get("questions"), list):
            problems.append(_("Every section needs a key, a title and a list of questions."))
            continue
        for question in section["questions"]:
            problems.extend(_question_problems(question, seen))
    if not seen:
        problems.append(_("The questionnaire needs at least one question."))
    if problems:
        raise ValidationError({"definition": problems})


def _question_problems(question: Any, seen: dict[str, dict[str, Any]]) -> list[str]:
    if not isinstance(question, dict):
        return [_("A question must be an object.")]
    key = str(question.get("key", ""))
    problems = []
    if not KEY_PATTERN.match(key):
        problems.append(_("Question key “%(key)s”: use 1–50 lower-case letters, digits or _.") % {"key": key})
    elif key in seen:
        problems.append(_("Question key “%(key)s” is used twice.") % {"key": key})
    if question.get("type") not in QUESTION_TYPES:
        problems.append(
            _("Question “%(key)s”: unknown type “%(type)s”.") % {"key": key, "type": question.get("type")}
        )
    if not isinstance(question.get("text"), dict) or not text_in(question["text"], "de"):
        problems.append(_("Question “%(key)s” needs a German text.") % {"key": key})
    if question.get("type") in (SINGLE_CHOICE, MULTIPLE_CHOICE):
        options = question.get("options")
        keys = [o.get("key") for o in options if isinstance(o, dict)] if isinstance(options, list) else []
        if len(keys) < 2 or len(set(keys)) != len(keys) or not all(KEY_PATTERN.match(str(k)) for k in keys):
            problems.append(
                _("Question “%(key)s” needs at least two options with distinct keys.") % {"key": key}
            )
    if question.get("type") == NUMBER:
        low, high = question.get("min", DEFAULT_NUMBER_RANGE[0]), question.get("max", DEFAULT_NUMBER_RANGE[1])
        if not isinstance(low, int) or not isinstance(high, int) or low > high:
            problems.append(_("Question “%(key)s”: the number range is invalid.") % {"key": key})
    condition = question.get("show_if")
    if condition is not None:
        earlier = seen.get(str(condition.get("question"))) if isinstance(condition, dict) else None
        if earlier is None or not isinstance(condition.get("in"), list):
            problems.append(
                _("Question “%(key)s”: a condition must refer to an earlier question.") % {"key": key}
            )
        else:
            allowed = {o.key for o in _options(earlier, "de")}
            if not allowed or not set(condition["in"]) <= allowed:
                problems.append(
                    _("Question “%(key)s”: the condition names an answer the earlier question does not have.")
                    % {"key": key}
                )
    if not problems:
        seen[key] = question
    return problems


# --- Translations --------------------------------------------------------------------------------------


def _texts(definition: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, str]]]:
    """Every translatable text of a definition with a stable path (used by the translation form)."""
    for name in ("title", "intro"):
        if definition.get(name):
            yield name, definition[name]
    for s, section in enumerate(definition.get("sections", [])):
        yield f"sections.{s}.title", section.get("title") or {}
        for q, question in enumerate(section.get("questions", [])):
            base = f"sections.{s}.questions.{q}"
            yield f"{base}.text", question.get("text") or {}
            if question.get("help"):
                yield f"{base}.help", question["help"]
            for o, option in enumerate(question.get("options", [])):
                yield f"{base}.options.{o}.text", option.get("text") or {}


def translatable_texts(definition: Mapping[str, Any], language: str) -> list[tuple[str, str, str]]:
    """(path, German text, text in `language` or "") for every text of the definition."""
    return [(path, texts.get("de", ""), texts.get(language, "")) for path, texts in _texts(definition)]


def missing_translations(definition: Mapping[str, Any], language: str) -> list[str]:
    """The German texts that have no `language` version yet."""
    return [
        texts.get("de", "")
        for _path, texts in _texts(definition)
        if texts.get("de") and not texts.get(language)
    ]


def with_translations(
    definition: Mapping[str, Any], language: str, texts: Mapping[str, str]
) -> dict[str, Any]:
    """A copy of `definition` with `texts` (path → text) set for `language`; empty texts remove it."""
    import copy

    result = copy.deepcopy(dict(definition))
    for path, value in texts.items():
        node: Any = result
        for part in path.split("."):
            node = node[int(part)] if isinstance(node, list) else node.setdefault(part, {})
        if value.strip():
            node[language] = value.strip()
        else:
            node.pop(language, None)
    return result


# --- Checking answers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CleanAnswer:
    question: str
    choice: str = ""
    number: int | None = None
    text: str = ""


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def _as_list(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def _choice_value(value: Any) -> str:
    if isinstance(value, bool):  # the API may send yes/no as true/false
        return "yes" if value else "no"
    return str(value)


def _answer_for(question: Question, value: Any) -> tuple[list[CleanAnswer], str | None]:
    label = {"question": question.text}
    allowed = {o.key for o in question.options}
    if question.is_multiple:
        chosen = _as_list(value)
        if not set(chosen) <= allowed:
            return [], _("“%(question)s”: please choose only from the given answers.") % label
        return [CleanAnswer(question.key, choice=c) for c in dict.fromkeys(chosen)], None
    if question.is_choice:
        if isinstance(value, (list, tuple)) or _choice_value(value) not in allowed:
            return [], _("“%(question)s”: please choose one of the given answers.") % label
        return [CleanAnswer(question.key, choice=_choice_value(value))], None
    if question.type == NUMBER:
        try:
            number = int(str(value).strip())
        except ValueError:
            return [], _("“%(question)s”: please enter a whole number.") % label
        assert question.minimum is not None and question.maximum is not None
        if not question.minimum <= number <= question.maximum:
            return [], _("“%(question)s”: please enter a number from %(min)s to %(max)s.") % {
                **label,
                "min": question.minimum,
                "max": question.maximum,
            }
        return [CleanAnswer(question.key, number=number)], None
    text = str(value).replace("\x00", "").strip()
    if isinstance(value, (list, dict)):
        return [], _("“%(question)s”: please enter a text.") % label
    limit = TEXT_LIMITS[question.type]
    if len(text) > limit:
        return [], _("“%(question)s”: please use at most %(limit)s characters.") % {**label, "limit": limit}
    return [CleanAnswer(question.key, text=text)], None


def is_shown(question: Question, answers: Mapping[str, Any]) -> bool:
    """A question with a show-if condition applies only when the earlier answer is one of the values."""
    if not question.show_if:
        return True
    given = answers.get(question.show_if["question"])
    if _is_empty(given):
        return False
    values = {str(v) for v in given} if isinstance(given, (list, tuple)) else {_choice_value(given)}
    return bool(values & set(question.show_if.get("in", [])))


def clean_answers(definition: Mapping[str, Any], raw: Mapping[str, Any], language: str) -> list[CleanAnswer]:
    """Check `raw` (question key → value) against the definition; messages are in the active language.

    Raises ValidationError with one entry per faulty question (keyed by the question key, the message
    naming the question). Answers to questions whose condition is not met are dropped: the respondent
    did not see them.
    """
    all_questions = questions(definition, language)
    known = {q.key for q in all_questions}
    errors: dict[str, str] = {}
    unknown = sorted(set(raw) - known)
    if unknown:
        errors["answers"] = _("Unknown questions: %(keys)s.") % {"keys": ", ".join(unknown)}
    result: list[CleanAnswer] = []
    for question in all_questions:
        value = raw.get(question.key)
        if not is_shown(question, raw):
            continue
        if _is_empty(value):
            if question.required:
                errors[question.key] = _("“%(question)s”: please answer this question.") % {
                    "question": question.text
                }
            continue
        answers, error = _answer_for(question, value)
        if error:
            errors[question.key] = error
        result.extend(answers)
    if errors:
        raise ValidationError(errors)
    return result
