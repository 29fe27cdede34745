"""Figures pages: a coordinator's own organisation in full; the municipality's view over all
partners, with small numbers hidden; and which municipal services send residents to partners."""

from flask import Response, render_template, request
from flask_babel import gettext as _

from partnernet.access import STAFF, public, role_required
from partnernet.clock import local_today, utcnow
from partnernet.log_filters import PeriodForm, coordinator_filter, staff_filter
from partnernet.models import FeedbackAnswer, Role
from partnernet.models.searches import NEARBY_KM
from partnernet.reports import bp, charts
from partnernet.reports.council import DEFINITIONS as COUNCIL_DEFINITIONS
from partnernet.reports.council import council_csv, council_report, shown_as
from partnernet.reports.definitions import pick
from partnernet.reports.feedback import feedback_per_partner
from partnernet.reports.forms import QuarterForm, ReportPeriodForm
from partnernet.reports.pdf import PdfUnavailable, pdf_of
from partnernet.reports.public_figures import DEFINITIONS as PUBLIC_DEFINITIONS
from partnernet.reports.public_figures import LICENCE_NAME, LICENCE_URL, public_csv, public_figures
from partnernet.reports.referral_figures import DEFINITIONS, Period, referral_figures
from partnernet.reports.search_figures import DEFINITIONS as SEARCH_DEFINITIONS
from partnernet.reports.search_figures import search_figures
from partnernet.reports.services import service_table
from partnernet.reports.summaries import summarise
from partnernet.reports.suppression import THRESHOLD, suppress_summary
from partnernet.settings import site_settings

LOG_DEFINITIONS = pick("acts", "hours", "help_by_topic", "help_by_channel")

bp.add_app_template_global(charts.bars, "chart_bars")
bp.add_app_template_global(charts.chart_height, "chart_height")
bp.add_app_template_global(shown_as, "council_shown_as")


@bp.route("/partner/figures")
@role_required(Role.COORDINATOR)
def organisation_figures():
    form, log_filter = coordinator_filter()
    summary = summarise(log_filter, for_staff=False) if log_filter else None
    return render_template("reports/figures.html", form=form, summary=summary,
                           staff_view=False, threshold=THRESHOLD, definitions=LOG_DEFINITIONS)


@bp.route("/staff/figures")
@role_required(*STAFF)
def staff_figures():
    form, log_filter = staff_filter()
    summary = suppress_summary(summarise(log_filter, for_staff=True)) if log_filter else None
    return render_template("reports/figures.html", form=form, summary=summary,
                           staff_view=True, threshold=THRESHOLD, definitions=LOG_DEFINITIONS)


@bp.route("/staff/figures/services")
@role_required(*STAFF)
def service_figures():
    form, log_filter = staff_filter()
    table = service_table(log_filter) if log_filter else None
    return render_template("reports/services.html", form=form, table=table,
                           threshold=THRESHOLD)


@bp.route("/staff/figures/feedback")
@role_required(*STAFF)
def feedback_figures():
    """Did residents get the help they needed? Their answers, per partner."""
    form = PeriodForm.from_query(request.args)
    partners = feedback_per_partner(form.start.data, form.end.data) if form.validate() else None
    return render_template("reports/feedback.html", form=form, partners=partners,
                           answers=list(FeedbackAnswer))


@bp.route("/staff/figures/referrals")
@role_required(*STAFF)
def referral_figures_page():
    """Referrals and residents' own requests in a period: how many, to whom, how fast, how
    they ended, and whether any open request has nobody to act on it."""
    form = PeriodForm.from_query(request.args)
    figures = referral_figures(Period(form.start.data, form.end.data), utcnow()) \
        if form.validate() else None
    return render_template("reports/referrals.html", form=form, figures=figures,
                           definitions=DEFINITIONS, answers=list(FeedbackAnswer))


@bp.route("/staff/figures/searches")
@role_required(*STAFF)
def search_figures_page():
    """Where residents look for help and do not find it near."""
    form = PeriodForm.from_query(request.args)
    figures = search_figures(Period(form.start.data, form.end.data)) if form.validate() else None
    return render_template("reports/searches.html", form=form, figures=figures,
                           definitions=SEARCH_DEFINITIONS, nearby_km=NEARBY_KM)


def _council_report_or_form():
    form = ReportPeriodForm(request.args)
    report = council_report(form.named) if form.validate() and form.named else None
    return form, report


def _refused(message: str, status: int = 400) -> Response:
    """A download that cannot be made: the reason as plain text."""
    return Response(f"{message}\n", status=status, mimetype="text/plain")


def _render_council(template: str, form, report) -> str:
    return render_template(
        template, form=form, report=report, definitions=COUNCIL_DEFINITIONS,
        threshold=THRESHOLD, today=local_today(), municipality=site_settings().municipality_name,
        running=bool(report and report.period.end >= local_today()))


@bp.route("/staff/report")
@role_required(*STAFF)
def council_report_page():
    """The report to the council: a quarter, month or year beside the one before, on A4."""
    form, report = _council_report_or_form()
    return _render_council("reports/council.html", form, report)


@bp.route("/staff/report.csv")
@role_required(*STAFF)
def council_report_csv():
    form, report = _council_report_or_form()
    if report is None:
        return _refused(form.period.errors[0])
    response = Response(council_csv(report), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="partnernet-council-report-{report.period.key}.csv"')
    return response


@bp.route("/staff/report.pdf")
@role_required(*STAFF)
def council_report_pdf():
    form, report = _council_report_or_form()
    if report is None:
        return _refused(form.period.errors[0])
    try:
        document = pdf_of(_render_council("reports/council_document.html", form, report))
    except PdfUnavailable:
        return _refused(_("This server cannot make PDFs (Pango is missing). Print the report "
                          "to PDF from your browser instead."), status=503)
    response = Response(document, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="partnernet-council-report-{report.period.key}.pdf"')
    return response


@bp.route("/figures")
@public
def public_figures_page():
    """What anyone may see of the zorgplicht, per quarter, small numbers hidden."""
    form = QuarterForm(request.args)
    figures = public_figures(form.period) if form.validate() and form.period else None
    return render_template("reports/public.html", form=form, figures=figures,
                           definitions=PUBLIC_DEFINITIONS, threshold=THRESHOLD,
                           licence_name=LICENCE_NAME, licence_url=LICENCE_URL)


@bp.route("/figures.csv")
@public
def public_figures_csv():
    form = QuarterForm(request.args)
    if not form.validate() or form.period is None:
        return _refused(form.quarter.errors[0])
    response = Response(public_csv(public_figures(form.period)), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="partnernet-figures-{form.period.key}.csv"')
    response.headers["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response
