"""Emergency and urgent-care numbers in advice text become tel: links, so a phone calls them
with one tap."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Only the numbers the red-flag advice gives, as it gives them: “(999 / 112 / 911)” and
# “NHS 111”; other digits (years, page numbers) stay text.
EMERGENCY_NUMBERS = re.compile(r"\((999) / (112) / (911)\)")
NHS_111 = re.compile(r"\bNHS (111)\b")


def _link(number: str) -> str:
    return f'<a class="tel" href="tel:{number}">{number}</a>'


@register.filter
def phone_links(text: str) -> SafeString:
    """The text, escaped, with each emergency number a tel: link."""
    escaped = str(conditional_escape(text))
    escaped = EMERGENCY_NUMBERS.sub(
        lambda match: "(" + " / ".join(_link(number) for number in match.groups()) + ")",
        escaped,
    )
    escaped = NHS_111.sub(lambda match: "NHS " + _link(match.group(1)), escaped)
    return mark_safe(escaped)  # escaped above; only our own links are added
