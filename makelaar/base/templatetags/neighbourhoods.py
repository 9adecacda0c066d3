"""{% neighbourhood_link hood %}: a neighbourhood's name, linked to its page (the wijk
page) for those who may open it, plain text for everyone else. Every page that names a
neighbourhood uses this, so the rule is access.may_open_wijk's, never the template's."""

from collections.abc import Mapping

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html

from makelaar.base.access import may_open_wijk

register = template.Library()


@register.simple_tag(takes_context=True)
def neighbourhood_link(context, neighbourhood):
    """`neighbourhood`: a Neighbourhood, or a row's {"pk", "name", "area_id"} (as a list
    annotates them without building instances)."""
    if neighbourhood is None:
        return ""
    if isinstance(neighbourhood, Mapping):
        pk, name, area_id = neighbourhood["pk"], neighbourhood["name"], neighbourhood["area_id"]
    else:
        pk, name, area_id = neighbourhood.pk, neighbourhood.name, neighbourhood.area_id
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and may_open_wijk(user, area_id):
        return format_html('<a href="{}">{}</a>', reverse("makelaar:wijk", args=[pk]), name)
    return conditional_escape(name)
