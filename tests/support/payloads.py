"""Text that must stay text: template syntax, script breakouts and header tricks."""

# Each must show literally wherever it is shown, and never run or be evaluated.
INJECTION_PAYLOADS = [
    "{{7*7}}",
    "{{ cycler.__init__.__globals__.os.getpid() }}",
    "{% if 1 %}evaluated{% endif %}",
    "{# hidden #}shown",
    "x${alert(1)}",
    "back`tick`${alert(2)}",
    "</script><script>alert(3)</script>",
    "quote\" ' <b>bold</b>",
]
# Single-line fields refuse line breaks; multi-line text keeps them as text.
LINE_BREAK_PAYLOAD = "Naam\r\nBcc: x@example.org"
