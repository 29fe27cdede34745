"""Figures pages: a coordinator's own organisation in full; the municipality's view over all
partners, with small numbers hidden; and which municipal services send residents to partners."""

from flask import Response, render_template, request

from partnernet.access import STAFF, public, role_required
from partnernet.clock import utcnow
from partnernet.log_filters import PeriodForm, coordinator_filter, staff_filter
from partnernet.models import FeedbackAnswer, Role
from partnernet.reports import bp, charts
from partnernet.reports.feedback import feedback_per_partner
from partnernet.reports.forms import QuarterForm
from partnernet.reports.public_figures import DEFINITIONS as PUBLIC_DEFINITIONS
from partnernet.reports.public_figures import LICENCE_NAME, LICENCE_URL, public_csv, public_figures
from partnernet.reports.referral_figures import DEFINITIONS, Period, referral_figures
from partnernet.reports.services import service_table
from partnernet.reports.summaries import summarise
from partnernet.reports.suppression import THRESHOLD, suppress_summary

bp.add_app_template_global(charts.bars, "chart_bars")
bp.add_app_template_global(charts.chart_height, "chart_height")


@bp.route("/partner/figures")
@role_required(Role.COORDINATOR)
def organisation_figures():
    form, log_filter = coordinator_filter()
    summary = summarise(log_filter, for_staff=False) if log_filter else None
    return render_template("reports/figures.html", form=form, summary=summary,
                           staff_view=False, threshold=THRESHOLD)


@bp.route("/staff/figures")
@role_required(*STAFF)
def staff_figures():
    form, log_filter = staff_filter()
    summary = suppress_summary(summarise(log_filter, for_staff=True)) if log_filter else None
    return render_template("reports/figures.html", form=form, summary=summary,
                           staff_view=True, threshold=THRESHOLD)


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
        return Response(f"{form.quarter.errors[0]}\n", status=400, mimetype="text/plain")
    response = Response(public_csv(public_figures(form.period)), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="partnernet-figures-{form.period.key}.csv"')
    response.headers["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response
