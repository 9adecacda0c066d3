from django.urls import reverse

from makelaar.base.navigation import MENU, MORE


def navigation(request):
    """The header menu for the signed-in user's role: its direct links (`menu`) and the
    ones grouped under "More" (`menu_more`). The deepest matching item of either is
    current; `menu_more_current` opens the group when the current page is inside it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "menu_more": [], "menu_more_current": False}
    direct = [_item(name, label) for name, label in MENU.get(user.role, [])]
    more = [_item(name, label) for name, label in MORE.get(user.role, [])]
    matches = [item["url"] for item in direct + more if request.path.startswith(item["url"])]
    current = max(matches, key=len, default=None)
    for item in direct + more:
        item["current"] = item["url"] == current
    return {
        "menu": direct,
        "menu_more": more,
        "menu_more_current": any(item["current"] for item in more),
    }


def _item(name, label):
    return {"name": name, "url": reverse(name), "label": label}
