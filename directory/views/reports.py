"""A resident reports a wrong listing, without an account."""

from django.shortcuts import get_object_or_404, redirect, render

from ..models import Service
from ..reports import ReportForm, save_report, sender_key


def report_service(request, slug):
    service = get_object_or_404(Service.objects.public().select_related("organisation"), slug=slug)
    context = {"service": service, "sent": "sent" in request.GET}
    if request.method != "POST":
        return render(request, "directory/report_form.html", {**context, "form": ReportForm()})
    form = ReportForm(request.POST)
    if not form.is_valid():
        return render(request, "directory/report_form.html", {**context, "form": form})
    # A robot that filled the honeypot is thanked like anyone else, and ignored.
    if not form.is_spam:
        report = form.save(commit=False)
        report.service = service
        if not save_report(report, sender_key(request)):
            context.update(form=ReportForm(), rate_limited=True)
            return render(request, "directory/report_form.html", context, status=429)
    return redirect(f"{request.path}?sent")
