"""The topics residents and partners choose from: add one, rename it in both languages, retire
it (records that name it keep it) or bring it back."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from partnernet.access import role_required
from partnernet.admin import bp, service
from partnernet.admin.forms import NewTopicForm, TopicForm
from partnernet.extensions import db
from partnernet.forms import EmptyForm
from partnernet.models import Role, Topic
from partnernet.submit_once import AlreadySubmitted, claim_submission


@bp.route("/topics", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def topics():
    form = NewTopicForm()
    if form.validate_on_submit():
        try:
            claim_submission(form).result_path = url_for("admin.topics")
        except AlreadySubmitted:
            flash(_("This form was sent twice; the topic is added once."))
            return redirect(url_for("admin.topics"))
        topic = service.add_topic(form.name_nl.data, form.name_en.data)
        flash(_("The topic “%(name)s” is added.", name=topic.name_en))
        return redirect(url_for("admin.topics"))
    listed = db.session.scalars(select(Topic).order_by(Topic.position, Topic.id)).all()
    return render_template("admin/topics.html", form=form, topics=listed,
                           switch_form=EmptyForm()), 400 if form.errors else 200


@bp.route("/topics/<int:topic_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def topic(topic_id):
    topic = db.get_or_404(Topic, topic_id)
    form = TopicForm(obj=topic)
    if form.validate_on_submit():
        service.rename_topic(topic, form.name_nl.data, form.name_en.data)
        flash(_("The topic is renamed."))
        return redirect(url_for("admin.topics"))
    return render_template("admin/topic.html", topic=topic, form=form), \
        400 if form.errors else 200


@bp.route("/topics/<int:topic_id>/active", methods=["POST"])
@role_required(Role.ADMIN)
def topic_active(topic_id):
    topic = db.get_or_404(Topic, topic_id)
    switch_to = request.form.get("switch_to")
    if EmptyForm().validate_on_submit() and switch_to in {"on", "off"}:
        service.set_topic_active(topic, switch_to == "on")
        flash(_("The topic is in use again.") if switch_to == "on" else
              _("The topic is retired: it is offered for nothing new, and what was recorded "
                "keeps it."))
    return redirect(url_for("admin.topics"))
