"""{% neighbourhood_link hood %}: a neighbourhood's name, linked to its page (the wijk
page) for those who may open it, plain text for everyone else. Every page that names a
neighbourhood uses this, so the rule is access.may_open_wijk's, never the template's."""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html

from makelaar.base.access import may_open_wijk

register = template.Library()


@register.simple_tag(takes_context=True)
def neighbourhood_link(context, neighbourhood):
    if neighbourhood is None:
        return ""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and may_open_wijk(user, neighbourhood):
        url = reverse("makelaar:wijk", args=[neighbourhood.pk])
        return format_html('<a href="{}">{}</a>', url, neighbourhood.name)
    return conditional_escape(neighbourhood.name)
