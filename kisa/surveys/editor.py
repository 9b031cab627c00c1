"""Edits of a questionnaire definition, one section or question at a time (the structured editor).

Every function takes a definition and returns a changed deep copy, so the caller's dict is never touched
and a refused edit leaves nothing behind. Problems of the edited item are raised as
ValidationError({"field": message}) with the form's field names; the whole definition is then checked by
`definition.validate_definition` in the service.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kisa.surveys import definition as definitions

CHOICE_TYPES = {definitions.SINGLE_CHOICE, definitions.MULTIPLE_CHOICE}
UP, DOWN = "up", "down"


def _free_key(prefix: str, used: set[str]) -> str:
    number = 1
    while f"{prefix}{number}" in used:
        number += 1
    return f"{prefix}{number}"


def question_keys(definition: Mapping[str, Any]) -> list[str]:
    return [q["key"] for s in definition.get("sections", []) for q in s.get("questions", [])]


def find_section(definition: Mapping[str, Any], section_key: str) -> dict[str, Any]:
    for section in definition.get("sections", []):
        if section.get("key") == section_key:
            return section
    raise ValidationError({"section": _("This section does not exist (any more).")})


def find_question(definition: Mapping[str, Any], question_key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(section, question) for a question key."""
    for section in definition.get("sections", []):
        for question in section.get("questions", []):
            if question.get("key") == question_key:
                return section, question
    raise ValidationError({"question": _("This question does not exist (any more).")})


def parse_options(lines: str, previous: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Options from one line each, "key = text" or just "text" (a key is then made from the text).

    Options whose key existed before keep their translations; only the German text is replaced.
    """
    kept = {o.get("key"): o for o in previous or []}
    result: list[dict[str, Any]] = []
    used: set[str] = set()
    for line in lines.splitlines():
        line = line.strip()
        if not line:
            continue
        key, separator, text = line.partition("=")
        if separator and definitions.KEY_PATTERN.match(key.strip()):
            key, text = key.strip(), text.strip()
        else:
            text = line
            key = re.sub(r"[^a-z0-9_]", "", slugify(text).replace("-", "_"))[:50] or _free_key("o", used)
        if not text:
            raise ValidationError({"options": _("Option “%(key)s” needs a text.") % {"key": key}})
        if key in used:
            if separator:
                raise ValidationError({"options": _("Option key “%(key)s” is used twice.") % {"key": key}})
            key = _free_key(key[:45] + "_", used)
        used.add(key)
        texts = dict(kept.get(key, {}).get("text") or {})
        texts["de"] = text
        result.append({"key": key, "text": texts})
    return result


def options_as_lines(question: Mapping[str, Any]) -> str:
    return "\n".join(
        f"{o['key']} = {definitions.text_in(o.get('text'), 'de')}" for o in question.get("options", [])
    )


def _set_german(texts: Any, value: str) -> dict[str, str]:
    result = dict(texts) if isinstance(texts, dict) else {}
    result["de"] = value
    return result


def _check_show_if(
    definition: Mapping[str, Any], question_key: str, show_if: Mapping[str, Any] | None
) -> None:
    if not show_if:
        return
    keys = question_keys(definition)
    target = show_if.get("question")
    if target not in keys or keys.index(target) >= keys.index(question_key):
        raise ValidationError({"show_if": _("A condition must refer to an earlier question.")})
    _section, earlier = find_question(definition, str(target))
    allowed = {o.key for o in definitions._options(earlier, "de")}
    if not allowed or not set(show_if.get("in", [])) <= allowed:
        raise ValidationError({"show_if": _("The earlier question has no such answer.")})


def save_question(
    definition: Mapping[str, Any],
    *,
    section_key: str,
    question_key: str = "",
    text: str,
    type: str,
    required: bool = False,
    help: str = "",
    options: str = "",
    minimum: int | None = None,
    maximum: int | None = None,
    show_if: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], str]:
    """Add a question at the end of a section (no `question_key`) or change one. Returns (definition, key)."""
    result = copy.deepcopy(dict(definition))
    if question_key:
        _section, question = find_question(result, question_key)
    else:
        section = find_section(result, section_key)
        question = {"key": _free_key("q", set(question_keys(result)))}
        section.setdefault("questions", []).append(question)
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = _("Please enter the question in German.")
    if type not in definitions.QUESTION_TYPES:
        errors["type"] = _("Please choose a question type.")
    if errors:
        raise ValidationError(errors)
    question["type"] = type
    question["text"] = _set_german(question.get("text"), text.strip())
    question["required"] = bool(required)
    if help.strip():
        question["help"] = _set_german(question.get("help"), help.strip())
    else:
        question.pop("help", None)
    if type in CHOICE_TYPES:
        question["options"] = parse_options(options, question.get("options"))
        if len(question["options"]) < 2:
            raise ValidationError({"options": _("Please enter at least two options, one per line.")})
    else:
        question.pop("options", None)
    for name in ("min", "max"):
        question.pop(name, None)
    if type == definitions.NUMBER:
        low = definitions.DEFAULT_NUMBER_RANGE[0] if minimum is None else minimum
        high = definitions.DEFAULT_NUMBER_RANGE[1] if maximum is None else maximum
        if low > high:
            raise ValidationError({"maximum": _("The largest number must not be below the smallest.")})
        question["min"], question["max"] = low, high
    if show_if:
        question["show_if"] = {"question": show_if["question"], "in": list(show_if["in"])}
    else:
        question.pop("show_if", None)
    _check_show_if(result, question["key"], question.get("show_if"))
    answers = {o.key for o in definitions._options(question, "de")}
    broken = [
        definitions.text_in(q.get("text"), "de")
        for s in result.get("sections", [])
        for q in s.get("questions", [])
        if (q.get("show_if") or {}).get("question") == question["key"]
        and not set(q["show_if"].get("in", [])) <= answers
    ]
    if broken:
        field = "options" if type in CHOICE_TYPES else "type"
        raise ValidationError(
            {
                field: _("Other questions depend on answers this change removes: %(texts)s.")
                % {"texts": "; ".join(broken)}
            }
        )
    return result, question["key"]


def _dependants(definition: Mapping[str, Any], keys: set[str]) -> list[str]:
    return [
        definitions.text_in(q.get("text"), "de")
        for s in definition.get("sections", [])
        for q in s.get("questions", [])
        if q.get("key") not in keys and (q.get("show_if") or {}).get("question") in keys
    ]


def delete_question(definition: Mapping[str, Any], question_key: str) -> dict[str, Any]:
    result = copy.deepcopy(dict(definition))
    section, question = find_question(result, question_key)
    dependants = _dependants(result, {question_key})
    if dependants:
        raise ValidationError(
            {
                "question": _("Other questions depend on this one: %(texts)s.")
                % {"texts": "; ".join(dependants)}
            }
        )
    section["questions"].remove(question)
    return result


def save_section(
    definition: Mapping[str, Any], *, section_key: str = "", title: str
) -> tuple[dict[str, Any], str]:
    result = copy.deepcopy(dict(definition))
    if not title.strip():
        raise ValidationError({"title": _("Please enter the section title in German.")})
    if section_key:
        section = find_section(result, section_key)
    else:
        used = {s.get("key", "") for s in result.get("sections", [])}
        section = {"key": _free_key("s", used), "questions": []}
        result.setdefault("sections", []).append(section)
    section["title"] = _set_german(section.get("title"), title.strip())
    return result, section["key"]


def delete_section(definition: Mapping[str, Any], section_key: str) -> dict[str, Any]:
    result = copy.deepcopy(dict(definition))
    section = find_section(result, section_key)
    keys = {q["key"] for q in section.get("questions", [])}
    dependants = _dependants(result, keys)
    if dependants:
        raise ValidationError(
            {
                "section": _("Other questions depend on this section: %(texts)s.")
                % {"texts": "; ".join(dependants)}
            }
        )
    result["sections"].remove(section)
    return result


def _check_order(definition: Mapping[str, Any]) -> None:
    """Every condition must still refer to an earlier question, named by its text (keys are not shown)."""
    texts: dict[str, str] = {}
    for section in definition.get("sections", []):
        for question in section.get("questions", []):
            target = (question.get("show_if") or {}).get("question")
            if target and target not in texts:
                _section, earlier = find_question(definition, target)
                raise ValidationError(
                    {
                        "question": _("“%(text)s” depends on “%(earlier)s”, which must come first.")
                        % {
                            "text": definitions.text_in(question.get("text"), "de"),
                            "earlier": definitions.text_in(earlier.get("text"), "de"),
                        }
                    }
                )
            texts[question["key"]] = definitions.text_in(question.get("text"), "de")


def _swap(items: list[Any], index: int, direction: str) -> bool:
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    return True


def move(
    definition: Mapping[str, Any], *, section_key: str = "", question_key: str = "", direction: str
) -> dict[str, Any]:
    """Move a question one place up or down (across into the neighbouring section at a section's edge),
    or a section. Moving past the start or end changes nothing."""
    if direction not in (UP, DOWN):
        raise ValidationError({"direction": _("Unknown direction.")})
    result = copy.deepcopy(dict(definition))
    sections = result["sections"]
    if not question_key:
        _swap(sections, sections.index(find_section(result, section_key)), direction)
        _check_order(result)
        return result
    section, question = find_question(result, question_key)
    items = section["questions"]
    index = items.index(question)
    if not _swap(items, index, direction):
        neighbour = sections.index(section) + (-1 if direction == UP else 1)
        if 0 <= neighbour < len(sections):
            items.remove(question)
            target = sections[neighbour].setdefault("questions", [])
            target.insert(len(target) if direction == UP else 0, question)
    _check_order(result)
    return result
