from flask import abort, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _

from partnernet.access import STAFF, public, role_required
from partnernet.clock import local_today
from partnernet.directory import bp, service
from partnernet.directory.cards import result_cards
from partnernet.directory.forms import ReportForm
from partnernet.directory.search_counts import count_search
from partnernet.embedding import embeddable
from partnernet.extensions import limiter
from partnernet.links import requested_page
from partnernet.models import ReportSubject
from partnernet.search_form import search_form


@bp.route("/search")
@public
def search():
    return _search_page("directory.search")


@bp.route("/embed/search")
@public
@embeddable
def embed_search():
    """The search for another site's page, in a frame: its pages stay in the frame."""
    return _search_page("directory.embed_search")


@bp.route("/embed")
@public
def embed_help():
    """How a partner or the municipality puts the search on its own site."""
    return render_template("directory/embed_help.html",
                           origins=current_app.config["EMBED_ORIGINS"])


def _search_page(endpoint: str):
    form = search_form(request.args)
    if not form.validate():
        return render_template("directory/search.html", form=form, outcome=None,
                               place_names=service.place_names(), search_endpoint=endpoint)
    page = requested_page()
    filters = service.filters_from(form)
    outcome = service.search(form.where.data, filters, page)
    if page == 1:  # the next pages of a search are the same search
        count_search(outcome.place.postcode_area if outcome.place else None, filters,
                     outcome.results)
    if outcome.problem:
        form.where.errors = [outcome.problem]
    return render_template("directory/search.html", form=form, outcome=outcome,
                           results_map=service.results_map_of(outcome),
                           result_cards=result_cards(outcome.results) if outcome.results else [],
                           search_endpoint=endpoint)


@bp.route("/search/slips")
@role_required(*STAFF)
def search_slips():
    """Slips for the first places of a search, to print for a resident at the desk."""
    form = search_form(request.args)
    if not form.validate():
        abort(404)
    outcome = service.search(form.where.data, service.filters_from(form), page=1)
    if not outcome.results or not outcome.results.matches:
        abort(404)
    points = [match.point for match in outcome.results.matches[:service.MAX_SLIPS]]
    return render_template("directory/slips.html", points=points, today=local_today())


@bp.route("/points/<uuid:point_id>")
@public
def point(point_id):
    support_point = service.public_point_or_none(point_id) or abort(404)
    return render_template("directory/point.html", point=support_point,
                           today=local_today())


@bp.route("/embed/points/<uuid:point_id>")
@public
@embeddable
def embed_point(point_id):
    """One place, for its own organisation's site, in a frame."""
    return point(point_id)


@bp.route("/points/<uuid:point_id>/slip")
@public
def point_slip(point_id):
    support_point = service.public_point_or_none(point_id) or abort(404)
    return render_template("directory/slip.html", point=support_point,
                           today=local_today())


@bp.route("/offers/<uuid:offer_id>")
@public
def offer(offer_id):
    found = service.public_offer_or_none(offer_id) or abort(404)
    return render_template("directory/offer.html", offer=found)


@bp.route("/organisations/<uuid:organisation_id>")
@public
def organisation(organisation_id):
    found = service.public_organisation_or_none(organisation_id) or abort(404)
    return render_template("directory/organisation.html", organisation=found,
                           today=local_today())


@bp.route("/points/<uuid:subject_id>/report", methods=["GET", "POST"],
          defaults={"subject": ReportSubject.SUPPORT_POINT})
@bp.route("/offers/<uuid:subject_id>/report", methods=["GET", "POST"],
          defaults={"subject": ReportSubject.OFFER})
@bp.route("/organisations/<uuid:subject_id>/report", methods=["GET", "POST"],
          defaults={"subject": ReportSubject.ORGANISATION})
@limiter.limit("5 per hour", methods=["POST"])
@public
def report(subject, subject_id):
    about = service.public_subject_or_none(subject, subject_id) or abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        if not form.website.data:  # bots fill in every field; they get the same thank-you
            service.report_information(about.organisation, subject, about.name,
                                       form.message.data)
        flash(_("Thank you. We have passed on your message to %(organisation)s.",
                organisation=about.organisation.name))
        return redirect(about.url)
    return render_template("directory/report.html", form=form, about=about)
