"""A resident reports a wrong listing, without an account."""

from django.shortcuts import get_object_or_404, redirect, render

from ..models import Service
from ..reports import ReportForm, sender_key, too_many_reports


def report_service(request, slug):
    service = get_object_or_404(Service.objects.public().select_related("organisation"), slug=slug)
    context = {"service": service, "sent": "sent" in request.GET}
    if request.method != "POST":
        return render(request, "directory/report_form.html", {**context, "form": ReportForm()})
    key = sender_key(request)
    if too_many_reports(key):
        context.update(form=ReportForm(), rate_limited=True)
        return render(request, "directory/report_form.html", context, status=429)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return render(request, "directory/report_form.html", {**context, "form": form})
    # A robot that filled the honeypot is thanked like anyone else, and ignored.
    if not form.is_spam:
        report = form.save(commit=False)
        report.service, report.sender_key = service, key
        report.save()
    return redirect(f"{request.path}?sent")
