from django.urls import reverse

from makelaar.base.navigation import MENU


def navigation(request):
    """The header menu for the signed-in user's role; the deepest matching item is current."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    items = [
        {"name": name, "url": reverse(name), "label": label}
        for name, label in MENU.get(user.role, [])
    ]
    matches = [item["url"] for item in items if request.path.startswith(item["url"])]
    current = max(matches, key=len, default=None)
    for item in items:
        item["current"] = item["url"] == current
    return {"menu": items}
