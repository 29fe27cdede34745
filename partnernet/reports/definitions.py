"""What every figure means, once (issue 17, point 5). The staff pages, the council report, the
public figures and their CSV files all print these texts beside the figure they define, and
each figure is computed by one function in summaries.py, referral_figures.py,
public_figures.py, search_figures.py or council.py. A page picks its texts with `pick`,
under the names it uses for its tables and anchors."""

from flask_babel import lazy_gettext as _l

from partnernet.models.searches import NEARBY_KM

DEFINITIONS = {
    # Help that partners logged
    "acts": _l("Acts of help: each time a volunteer of a partner helped a resident and logged "
               "it, counted on the day of the help."),
    "hours": _l("Hours of help: the time volunteers logged for those acts of help."),
    "help_by_topic": _l("Acts of help, by what the help was about. One act of help can be "
                        "about more than one topic, so the topics add up to more than the "
                        "total."),
    "help_by_channel": _l("Acts of help by the way of helping: at a desk, by phone, at home, "
                          "online."),
    "help_by_wijk": _l("Acts of help, by the wijk (CBS neighbourhood) of the resident's "
                       "postcode area. A postcode area counts in the wijk its centre lies "
                       "in, so figures near the edge of a wijk are approximate."),
    "services": _l("Services that sent the most residents to partners: acts of help about a "
                   "service of the municipality or the national government, and what the "
                   "volunteer said got in the way most often."),
    # Referrals and residents' own requests
    "made": _l("Requests made: referrals staff made and residents' own requests for help, "
               "counted on the day they were made."),
    "by_source": _l("Requests made, by who made them: staff, or the resident."),
    "requests_by_topic": _l("Requests made, by what they were about."),
    "requests_by_wijk": _l("Requests made, by the wijk of the resident's postcode area, "
                           "counted as for acts of help."),
    "by_partner": _l("Requests made, by the partner that has them now (or had them when "
                     "they closed). Not sent yet: still with the municipality."),
    "by_state": _l("Requests made, by where they stand today."),
    "closed": _l("Requests closed: completed or cancelled, counted on the day they closed, "
                 "whenever they were made."),
    "by_outcome": _l("Requests closed, by how they ended: the partner's outcome for a "
                     "completed request, or cancelled."),
    "helped_further": _l("Helped further: the share of the requests closed that were "
                         "completed with the outcome 'helped' or 'partly helped'."),
    "to_first_contact": _l("Time to first contact: of the requests made, those a partner has "
                           "dealt with the resident on (accepted, could not reach, or "
                           "completed), the working days from the request to the first of "
                           "those steps. A request made on Friday and accepted on Monday took "
                           "1 working day; on the same day, 0."),
    "to_close": _l("Time to close: of the requests closed, the working days from the "
                   "request to its closing."),
    "declines": _l("Declines: each time a partner declined a request in the period, by "
                   "their reason; how often they named a better-fitting place; and how many "
                   "of those requests staff sent to another partner afterwards."),
    "overdue": _l("Overdue: requests that missed the time for their step in the period and "
                  "were escalated (each escalation counted once), and the open requests "
                  "overdue today."),
    "holes": _l("Open requests nobody can act on: without an owner at the municipality, or "
                "with a partner nobody can be told at. This figure must be 0."),
    "feedback_per_partner": _l("What residents answered to 'Did you get the help you "
                               "needed?', per partner, on the day they answered."),
    "judgement": _l("What residents answered to 'Did you get the help you needed?' after "
                    "their request closed, counted on the day they answered."),
    # What residents look for in the directory
    "searches": _l("Searches: each search in the directory, counted once on the day it was "
                   "made (the next pages of its results are the same search). What was typed "
                   "is never kept, nor who searched."),
    "without_help_nearby": _l("Without help nearby: searches whose nearest fitting help lay "
                              "more than %(km)d km away, or that found no fitting help at all, "
                              "or whose place was not found.", km=NEARBY_KM),
    "searches_by_area": _l("By postcode area: the four digits of the postcode area the search "
                           "was from, worked out from the place found (the postcode typed, or "
                           "the area whose centre lies nearest). Outside the municipality or "
                           "not found: no area."),
    "searches_by_topic": _l("By topic: the topic chosen in the search, if any."),
    "searches_by_filters": _l("By filters: the other choices made in the search (language, "
                              "way of helping, wheelchair access, open now, free)."),
    "areas_without_help": _l("The postcode areas with the most searches without help "
                             "nearby."),
    # The privacy account, from the audit trail
    "views": _l("Views of personal data: each time someone opened a request or a "
                "resident's records, by their role and organisation (from the audit trail)."),
    "exports": _l("Exports: downloads of logged help or of the audit trail, and records "
                  "handed to residents who asked for their data."),
    "rights_requests": _l("Requests of residents about their data: searches staff made for "
                          "a resident's records."),
    "records_handed_over": _l("Records handed over: records put in an export for a resident "
                              "who asked for their data."),
    "corrections": _l("Corrections: records corrected at a resident's request."),
    "erasures": _l("Erasures: records erased at a resident's request."),
    "purged": _l("Purged by retention: requests whose personal data was removed because "
                 "their retention period had passed."),
    "failed_sign_ins": _l("Failed sign-ins: wrong password or code, unknown e-mail address, "
                          "or a disabled or locked account."),
    "lockouts": _l("Lockouts: accounts locked after too many failed sign-ins in a row."),
}


def pick(*keys: str, **renamed: str) -> dict:
    """The definitions a page shows: under their own names, or `renamed` (the page's name for
    a figure, e.g. by_topic='requests_by_topic')."""
    return {**{key: DEFINITIONS[key] for key in keys},
            **{name: DEFINITIONS[key] for name, key in renamed.items()}}
