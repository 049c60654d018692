"""E-mail goes out through Django's tasks framework (`django.tasks`), never inside a request.

The immediate backend (development, tests) sends at once; in production the database
backend (django-tasks-db, TASKS_BACKEND=database) stores the task and the worker
(`manage.py db_worker`) sends it, so a slow or unreachable mail server never holds up a page.
`enqueue_email` is the one way to send mail: password resets use it, and share notices
should too.
"""

from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMessage
from django.tasks import TaskResult, task
from django.template import loader


@task
def send_email(subject: str, body: str, to: list[str], from_email: str | None = None) -> int:
    """Sends one plain-text message; returns how many were sent (0 or 1)."""
    return EmailMessage(subject, body, from_email, to).send()


def enqueue_email(
    subject: str, body: str, to: list[str], from_email: str | None = None
) -> TaskResult[Any, int]:
    """Queues one plain-text message (a password reset, a share notice)."""
    # E-mail subjects must not contain newlines: lines are joined with one space.
    return send_email.enqueue(
        subject=" ".join(subject.split()), body=body, to=to, from_email=from_email
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose message is queued instead of sent in the request."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        enqueue_email(subject, body, [to_email], from_email)
