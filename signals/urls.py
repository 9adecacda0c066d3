from django.urls import path

from signals import views, views_referral

app_name = "signals"

urlpatterns = [
    path("", views.start, name="start"),
    path("doorgeven/", views.forward, name="forward"),
    path("doorgeven/aanbod/", views_referral.suggestions, name="suggestions"),
    path("doorgeven/verwezen/", views_referral.refer, name="refer"),
    path("verstuurd/<int:pk>/", views.sent_detail, name="sent_detail"),
    path("verstuurd/<int:pk>/gelezen/", views.acknowledge, name="acknowledge"),
    path("verstuurd/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    path("verstuurd/<int:pk>/reageren/", views.reply, name="reply"),
    path("verstuurd/<int:pk>/geholpen/", views.feedback, name="feedback"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/bundelen/controleren/", views.bundle_review, name="bundle_review"),
    path("inbox/bundelen/", views.bundle, name="bundle"),
    path("inbox/uit-de-wijk/", views.record, name="record"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/oppakken/", views.move, {"move": "take"}, name="take"),
    path("<int:pk>/terugleggen/", views.move, {"move": "release"}, name="release"),
    path("<int:pk>/beantwoorden/", views.move, {"move": "answer"}, name="answer"),
    path("<int:pk>/terugsturen/", views.move, {"move": "return"}, name="return"),
    path("<int:pk>/sluiten/", views.move, {"move": "close"}, name="close"),
    path("<int:pk>/heropenen/", views.move, {"move": "reopen"}, name="reopen"),
    path("<int:pk>/vraag-stellen/", views.move, {"move": "ask"}, name="ask"),
    path("behoeften/<int:pk>/", views.need, name="need"),
    path("behoeften/<int:pk>/beantwoorden/", views.need_answer, name="need_answer"),
    path("behoeften/<int:pk>/initiatief/", views.need_start, name="need_start"),
    path("behoeften/<int:pk>/ontbundelen/", views.need_dissolve, name="need_dissolve"),
]
