"""The administrators' import page (/admin/import): upload a file, read its dry run record by
record, decide on the likely duplicates, then import, with the progress shown as it goes."""

import uuid
from pathlib import Path

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_template,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from partnernet.access import role_required
from partnernet.api import import_report, imports, imports_bp
from partnernet.api.imports import Outcome, files
from partnernet.forms import EmptyForm
from partnernet.models import Role

EXAMPLE = Path(__file__).parents[1] / "data" / "import-example.csv"


class UploadForm(FlaskForm):
    file = FileField(_l("File to import"), validators=[FileRequired(
        message=_l("Choose the file to import."))], description=_l(
        "An HSDS 3.0 JSON export, an HSDS datapackage (zip), or our CSV template; at most "
        "20 MB. Nothing is imported before you have seen what would change."))


@imports_bp.route("", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def upload():
    form = UploadForm()  # a body over MAX_CONTENT_LENGTH is refused before (errors/413.html)
    if form.validate_on_submit():
        uploaded = form.file.data
        content = uploaded.read(imports.MAX_BYTES + 1)
        try:
            imports.read(uploaded.filename or "", content)
        except imports.UnreadableFile as error:
            form.file.errors.append(str(error.args[0]))
        else:
            kept = files.keep(uploaded.filename or "", content, current_user)
            return redirect(url_for("imports.dry_run", file_id=kept.public_id))
    return render_template("admin/import_upload.html", form=form), 400 if form.errors else 200


@imports_bp.route("/template.csv")
@role_required(Role.ADMIN)
def template_csv():
    return send_file(EXAMPLE, mimetype="text/csv", as_attachment=True,
                     download_name="partnernet-import.csv")


@imports_bp.route("/<uuid:file_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def dry_run(file_id: uuid.UUID):
    kept = files.kept_or_none(file_id) or abort(404)
    decisions = {name.removeprefix("decide-"): value for name, value in request.form.items()
                 if name.startswith("decide-")}
    checked = files.dry_run(kept, decisions)
    form = EmptyForm()
    if request.method == "POST" and form.validate_on_submit() and checked.can_apply \
            and kept.applied_at is None:
        return stream_template("admin/import_progress.html", kept=kept, plan=checked,
                               steps=files.import_in_steps(kept, checked, current_user))
    if request.method == "POST" and form.validate():
        flash(_("This file was imported already.") if kept.applied_at else
              _("Decide on each likely duplicate first.") if checked.undecided else
              _("Nothing was imported: correct the errors in the file and upload it again."))
    return render_template("admin/import_plan.html", kept=kept, plan=checked, form=form,
                           kind_names=import_report.KINDS, kind_name=import_report.KIND_NAMES,
                           outcomes=list(Outcome), decisions=decisions,
                           decision_key=files.decision_key), \
        400 if request.method == "POST" else 200
