"""Crisis check-ins and "full today": one function per use case, for the admin, the
answer page and the staff pages alike.

A coordinator starts a check-in for communes of their scope (`start`): every published
service with a place there gets an e-mail, in French then Dutch, with its own link
(models/checkins.py). The service answers without a login (`answer`); the answer becomes
its status for the day at once, and the cached pages are renewed. Those without an
address are listed for the coordinator to phone; those who did not answer can be
reminded (`remind`), with a new link.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import CheckIn, CheckInRequest, Service, TemporaryStatus
from .page_cache import directory_changed

logger = logging.getLogger(__name__)

# A link answers at most this many times: a service changes its mind, a robot would not stop.
MAX_ANSWERS = 30

STATUS_OF_ANSWER = {
    CheckInRequest.Answer.CLOSED: TemporaryStatus.Kind.CLOSED,
    CheckInRequest.Answer.CHANGED_HOURS: TemporaryStatus.Kind.CHANGED_HOURS,
    CheckInRequest.Answer.FULL: TemporaryStatus.Kind.FULL,
}


def services_for(communes):
    """The published services with a place in one of `communes`."""
    return (
        Service.objects.public()
        .with_location(commune__in=communes)
        .select_related("organisation")
        .order_by("name_fr", "pk")
    )


@transaction.atomic
def start(check_in, communes, coordinator):
    """Saves the check-in for `communes` and e-mails every service in them (`ask`)."""
    check_in.coordinator = coordinator
    check_in.save()
    check_in.communes.set(communes)
    return ask(check_in)


def ask(check_in):
    """A request for each service of the saved check-in's communes, and its e-mail.
    Returns the number of e-mails sent; the requests without an address wait for a
    phone call."""
    links = {}
    for service in services_for(check_in.communes.all()):
        request = CheckInRequest(
            check_in=check_in,
            service=service,
            email=service.email or service.organisation.email,
        )
        links[service.pk] = request.new_token()
        request.save()
    requests = check_in.requests.exclude(email="").select_related("service", "check_in")
    return send([(request, links[request.service_id]) for request in requests])


def remind(check_in):
    """A new link to each service that has not answered and has an address. Returns how
    many e-mails left."""
    pending = []
    requests = check_in.requests.unanswered().exclude(email="").select_related("service")
    for request in requests:
        token = request.new_token()
        request.save(update_fields=["token_hash"])
        pending.append((request, token))
    return send(pending, reminder=True)


def send(pairs, reminder=False):
    """One e-mail per (request, token), French then Dutch; a mail server's failure is
    logged and the request stays unsent, for a reminder."""
    messages = [(request, message(request, token, reminder)) for request, token in pairs]
    sent = 0
    connection = get_connection()
    now = timezone.now()
    for request, email in messages:
        try:
            connection.send_messages([email])
        except Exception:
            logger.exception("check-in request %s not sent", request.pk)
            continue
        field = "reminded_at" if reminder else "sent_at"
        CheckInRequest.objects.filter(pk=request.pk).update(**{field: now})
        sent += 1
    return sent


def message(request, token, reminder=False):
    context = {
        "check_in": request.check_in,
        "service": request.service,
        "reminder": reminder,
        "links": {
            language: settings.SITE_URL + answer_path(token, language) for language in ("fr", "nl")
        },
    }
    subjects, bodies = [], []
    for language in ("fr", "nl"):
        with translation.override(language):
            context["link"] = context["links"][language]
            subjects.append(render_to_string("directory/email/checkin_subject.txt", context))
            bodies.append(render_to_string("directory/email/checkin.txt", context).strip())
    subject = " ".join(" / ".join(subjects).split())
    return EmailMessage(subject, "\n\n---\n\n".join(bodies) + "\n", to=[request.email])


def answer_path(token, language):
    with translation.override(language):
        return reverse("directory:check-in-answer", args=[token])


class Unusable(Exception):
    """The link cannot answer: `problem` says why, for the page that explains it."""

    UNKNOWN, ENDED, TOO_MANY = "unknown", "ended", "too-many"

    def __init__(self, problem):
        super().__init__(problem)
        self.problem = problem


def find(token):
    """The request of this link, while its check-in runs, or Unusable."""
    request = (
        CheckInRequest.objects.select_related("check_in", "service__organisation", "status")
        .with_token(token)
        .first()
    )
    if request is None:
        raise Unusable(Unusable.UNKNOWN)
    if not request.check_in.is_running:
        raise Unusable(Unusable.ENDED)
    return request


@transaction.atomic
def answer(request, answer, note=""):
    """Records the service's answer and makes it its status for today, at once.

    Answering again replaces the day's status made by the previous answer; "open as
    usual" leaves none. Statuses a coordinator set in the admin are theirs to change.
    """
    counted = CheckInRequest.objects.filter(pk=request.pk, answers__lt=MAX_ANSWERS)
    if not counted.update(answers=request.answers + 1):
        raise Unusable(Unusable.TOO_MANY)
    today = timezone.localdate()
    if request.status_id:
        TemporaryStatus.objects.filter(pk=request.status_id).delete()
    status = None
    if kind := STATUS_OF_ANSWER.get(answer):
        note = note if kind == TemporaryStatus.Kind.CHANGED_HOURS else ""
        status = TemporaryStatus.objects.create(
            service=request.service,
            kind=kind,
            starts_on=today,
            ends_on=today,
            note_fr=note,
            note_nl=note,
        )
    request.answer, request.note, request.status = answer, note, status
    request.answered_at, request.answers = timezone.now(), request.answers + 1
    request.save(update_fields=["answer", "note", "status", "answered_at", "answers"])
    # "Confirmé ..." shows on every card of the service, whatever the answer.
    directory_changed()
    return request


def mark_full(service, full=True, day=None):
    """Says the service is full on `day` (today), or no longer; from the staff pages.

    One status per day: marking it twice changes nothing.
    """
    day = day or timezone.localdate()
    statuses = TemporaryStatus.objects.filter(
        service=service, kind=TemporaryStatus.Kind.FULL, starts_on=day, ends_on=day
    )
    if full and not statuses.exists():
        TemporaryStatus.objects.create(
            service=service, kind=TemporaryStatus.Kind.FULL, starts_on=day, ends_on=day
        )
    elif not full:
        for status in statuses:
            status.delete()  # one by one: the history and the page cache hear of each


def end(check_in):
    """Stops a check-in: its links no longer answer, cards no longer say "confirmé"."""
    CheckIn.objects.filter(pk=check_in.pk, ended_at__isnull=True).update(ended_at=timezone.now())
    directory_changed()
