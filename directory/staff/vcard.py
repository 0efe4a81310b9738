"""vCard 3.0 (RFC 2426) for a colleague's professional contact details."""

from django.utils.text import slugify

MAX_LINE_OCTETS = 75


def escape(value):
    """Escapes a text value: backslash, comma, semicolon and line breaks (RFC 2426 5.8.4)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """Splits a content line into lines of at most 75 octets, never inside a character."""
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        # A continuation line starts with a space, which counts towards its 75 octets.
        limit = MAX_LINE_OCTETS - (1 if parts else 0)
        if len(current) + len(encoded) > limit:
            parts.append(current)
            current = b""
        current += encoded
    parts.append(current)
    return "\r\n ".join(part.decode() for part in parts)


def worker_vcard(worker):
    """The vCard text of a worker: name, function, organisation, phone, e-mail, notes."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{escape(worker.name)}",
        f"N:{escape(worker.name)};;;;",
    ]
    organisations = list(worker.organisations.all())
    if organisations:
        lines.append(f"ORG:{escape(organisations[0].name)}")
    if worker.function:
        lines.append(f"TITLE:{escape(worker.function)}")
    if worker.phone:
        lines.append(f"TEL;TYPE=WORK,VOICE:{escape(worker.phone)}")
    if worker.email:
        lines.append(f"EMAIL;TYPE=INTERNET,WORK:{escape(worker.email)}")
    note = "\n\n".join(text for text in (worker.can_help_with, worker.availability) if text)
    if note:
        lines.append(f"NOTE:{escape(note)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def filename(worker):
    return f"{slugify(worker.name) or 'contact'}.vcf"
