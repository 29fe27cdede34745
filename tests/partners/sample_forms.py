"""What people type into the partner forms, for tests to change one field of."""

APPLICATION = {
    "name": "Digihulp Vinkhuizen", "kind": "volunteer_org",
    "description": "Vrijwilligers in de wijk.", "help_offered": "Hulp met DigiD en brieven.",
    "website": "https://digihulp.example.org", "contact_name": "Sanne de Vries",
    "email": "Sanne@Example.org", "phone": "050 123 4567",
}

POINT = {
    "name": "Buurthuis De Kiel", "street": "Nieuwe Markt", "house_number": "1",
    "postcode": "9712kn", "city": "Groningen", "wheelchair": "yes",
    "accessibility_note": "Lift", "phone": "050 123 4567", "email": "",
    "hours-0": "9:00-12:00, 13:00-17:00", "hours-1": "", "hours-2": "9-12", "hours-3": "",
    "hours-4": "", "hours-5": "", "hours-6": "",
    "closures-0-starts_on": "2026-12-24", "closures-0-ends_on": "2026-12-26",
    "closures-0-reason": "Kerst", "closures-1-starts_on": "", "closures-1-ends_on": "",
    "closures-1-reason": "", "closures-2-starts_on": "", "closures-2-ends_on": "",
    "closures-2-reason": "", "latitude": "", "longitude": "",
}


def offer_data(point, **changes):
    return {"title": "Hulp met DigiD", "description": "Samen DigiD aanvragen.",
            "audience": "", "topics": ["digid"], "modes": ["walk_in", "by_phone"],
            "languages": ["nl", "ar"], "support_points": [str(point.id)],
            "free_of_charge": "y", "cost_note": "", "accepts_referrals": "y",
            "weekly_referral_capacity": "5", **changes}
