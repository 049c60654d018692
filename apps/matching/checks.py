"""System checks: the red-flag rules and the symptoms contract are read at start-up, so a
bad rule stops `manage.py check` / `runserver` with its message, not a traceback later."""

from typing import Any

from django.core.checks import CheckMessage, Error, register


@register()
def red_flag_rules_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from apps.matching import red_flags

    try:
        red_flags.rule_book()
    except (ValueError, OSError) as error:
        return [Error(str(error), id="matching.E001")]
    return []
