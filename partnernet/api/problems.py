"""A query parameter the API cannot use, answered as a problem document that names it."""

from werkzeug.exceptions import BadRequest

from partnernet.api import bp
from partnernet.problems import problem


class BadParameter(BadRequest):
    def __init__(self, parameter: str, detail: str) -> None:
        super().__init__(description=detail)
        self.parameter = parameter


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    return problem(400, error.description, parameter=error.parameter)
