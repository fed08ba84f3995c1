"""The template language admins word messages in: Django's, cut down to placeholders and wording.

Allowed: `{{ name }}` for the message's own values (a plain name, no attribute lookups); the filters
default, upper, lower, capfirst and title; `{% if %}`/`{% elif %}`/`{% else %}`, `{% comment %}`, and
`{% load i18n %}` with translate/blocktranslate, which the file templates use. Nothing else exists in
this engine: include, extends, debug, ssi, url, now, csrf_token, cycle... are unknown tags, no other
library can be loaded, and there is no template directory to read from. A body is checked here tag by
tag (with the reason in Indonesian), compiled, and rendered with sample values before it is saved; the
sender checks a stored body again and falls back to the file template if it no longer passes.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.template import (
    Context,
    Engine,
    Library,
    Template,
    TemplateSyntaxError,
    defaultfilters,
    defaulttags,
)
from django.template.base import FilterExpression, Lexer, Node, TokenType, Variable, filter_re
from django.templatetags import i18n
from django.utils.translation import gettext as _

register = Library()
TAGS = {
    "if": defaulttags.do_if,
    "comment": defaulttags.comment,
    "load": defaulttags.load,
    "translate": i18n.do_translate,
    "trans": i18n.do_translate,
    "blocktranslate": i18n.do_block_translate,
    "blocktrans": i18n.do_block_translate,
}
FILTERS = ("default", "upper", "lower", "capfirst", "title")
for _name, _tag in TAGS.items():
    register.tag(_name, _tag)
for _name in FILTERS:
    register.filter(_name, getattr(defaultfilters, _name))
# Words inside the allowed block tags (their closing and middle parts).
INNER_TAGS = {"elif", "else", "endif", "endcomment", "plural", "endblocktranslate", "endblocktrans"}


class _SafeEngine(Engine):
    default_builtins = []  # not Django's tags, filters and loader tags (include, extends)


ENGINE = _SafeEngine(
    dirs=[],
    app_dirs=False,
    loaders=[],
    autoescape=False,
    libraries={"i18n": __name__},
    builtins=[__name__],
)


def compile_body(body: str, placeholders: set[str]) -> Template:
    """The body as a template of the safe subset; ValidationError (on "body", in Indonesian) otherwise."""
    _check_tokens(body, placeholders)
    try:
        template = ENGINE.from_string(body)
    except TemplateSyntaxError:
        raise _error(
            _("Templat tidak bisa dibaca: ada %(tag)s yang tidak ditutup atau tidak lengkap.")
            % {"tag": "{% … %}"}
        ) from None
    _check_variables(template.nodelist, placeholders)
    return template


def render_body(template: Template, context: dict[str, Any]) -> str:
    return template.render(Context(context, autoescape=False))


def check_renders(body: str, placeholders: set[str], sample: dict[str, Any]) -> str:
    """Compile the body and render it with sample values; any failure is a field error."""
    template = compile_body(body, placeholders)
    try:
        return render_body(template, sample)
    except Exception:  # whatever the cause, the admin needs a message, not a 500
        raise _error(
            _("Templat tidak bisa diisi dengan contoh nilai; periksa isian dan filternya.")
        ) from None


def _error(message: str) -> ValidationError:
    return ValidationError({"body": [message]})


def _allowed_list() -> str:
    return ", ".join(sorted(set(TAGS) - {"load"}))


def _check_tokens(body: str, placeholders: set[str]) -> None:
    for token in Lexer(body).tokenize():
        if token.token_type == TokenType.BLOCK:
            words = token.split_contents()
            name = words[0] if words else ""
            if name == "load" and words[1:] != ["i18n"]:
                raise _error(
                    _("Hanya %(tag)s yang boleh dipakai di templat pesan.") % {"tag": "{% load i18n %}"}
                )
            if name not in TAGS and name not in INNER_TAGS:
                raise _error(
                    _("Tag %(tag)s tidak boleh dipakai di templat pesan; yang boleh: %(allowed)s.")
                    % {"tag": f"{{% {name} %}}", "allowed": _allowed_list()}
                )
        elif token.token_type == TokenType.VAR:
            for match in filter_re.finditer(token.contents):
                variable = match.group("var") or match.group("var_arg") or ""
                if any(part.startswith("_") for part in variable.split(".")):  # Django refuses it unexplained
                    _check_name(variable, placeholders)
                name = match.group("filter_name")
                if name and name not in FILTERS:
                    raise _error(
                        _("Filter %(filter)s tidak boleh dipakai di templat pesan; yang boleh: %(allowed)s.")
                        % {"filter": f"|{name}", "allowed": ", ".join(FILTERS)}
                    )


def _check_variables(nodelist: Any, placeholders: set[str]) -> None:
    for node in nodelist:
        _check_node(node, placeholders)


def _check_node(node: Node, placeholders: set[str]) -> None:
    names = set(placeholders)
    extra = getattr(node, "extra_context", None)  # blocktranslate's `with a=b`
    if isinstance(extra, dict):
        for expression in extra.values():
            _check_expression(expression, placeholders)
        names |= set(extra)
    counter_name = getattr(node, "countervar", None)  # blocktranslate's `count n=months`
    if counter_name:
        names.add(counter_name)
    for part in ("singular", "plural"):  # blocktranslate's text, with {{ name }} tokens
        for token in getattr(node, part, None) or []:
            if token.token_type == TokenType.VAR:
                _check_name(token.contents.strip(), names)
    for attribute in ("filter_expression", "counter"):
        expression = getattr(node, attribute, None)
        if isinstance(expression, FilterExpression):
            _check_expression(expression, names)
    for condition, _nodelist in getattr(node, "conditions_nodelists", None) or []:
        _check_condition(condition, names)
    for child in getattr(node, "child_nodelists", ()):
        _check_variables(getattr(node, child, None) or [], names)


def _check_condition(condition: Any, names: set[str]) -> None:
    if condition is None:
        return
    if isinstance(getattr(condition, "value", None), FilterExpression):
        _check_expression(condition.value, names)
    for side in ("first", "second"):
        if getattr(condition, side, None) is not None:
            _check_condition(getattr(condition, side), names)


def _check_expression(expression: FilterExpression, names: set[str]) -> None:
    if isinstance(expression.var, Variable):
        _check_variable(expression.var, names)
    for _func, arguments in expression.filters:
        for is_lookup, argument in arguments:
            if is_lookup and isinstance(argument, Variable):
                _check_variable(argument, names)


def _check_variable(variable: Variable, names: set[str]) -> None:
    if variable.lookups is None:  # a literal: "teks", 3
        return
    _check_name(".".join(variable.lookups), names)


def _check_name(name: str, names: set[str]) -> None:
    if name not in names:
        raise _error(
            _("Isian %(placeholder)s tidak dikenal di templat pesan; yang ada: %(names)s.")
            % {"placeholder": f"{{{{ {name} }}}}", "names": ", ".join(sorted(names))}
        )
