from babel import Locale
from flask_babel import get_locale


def language_name(code: str) -> str:
    """'ar' -> 'Arabisch' in Dutch, 'Arabic' in English."""
    locale = get_locale() or Locale("nl")
    name = locale.languages.get(code)
    return name[0].upper() + name[1:] if name else code
