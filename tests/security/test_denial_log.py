"""A refusal (403) is one log line: method, path, user id. No traceback, logged once."""

import logging

from django.urls import reverse


def test_a_refusal_is_one_line_with_method_path_and_user_and_no_traceback(
    client, social_worker, caplog
):
    client.force_login(social_worker)
    path = reverse("signals:inbox")  # makelaars and the coach only
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get(path, {"status": "all"})
    assert response.status_code == 403
    denials = [r for r in caplog.records if r.name == "django.request"]
    assert len(denials) == 1
    denial = denials[0]
    assert denial.levelno == logging.WARNING
    assert denial.exc_info is None
    assert denial.exc_text is None
    line = denial.getMessage()
    assert line == f"Forbidden: GET {path} (user {social_worker.pk})"
    assert "\n" not in caplog.text.strip()


def test_a_refusal_of_an_anonymous_request_says_so(client, caplog):
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.post(reverse("signals:take", args=[1]))
    assert response.status_code in (302, 403)  # anonymous: to the login page
    assert all(r.exc_info is None for r in caplog.records)


def test_a_request_log_line_reaches_one_console_handler_only():
    """Django's own console handler (DEBUG) and ours both printed each line: twice
    under runserver."""
    handlers = []
    logger = logging.getLogger("django.request")
    while logger is not None:
        handlers += [h for h in logger.handlers if h.get_name() == "console"]
        logger = logger.parent if logger.propagate else None
    assert len(handlers) == 1
