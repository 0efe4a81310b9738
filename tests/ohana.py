"""The Ohana API sample (Code for America, /work/shared/data/ohana/sample-csv) as HSDS 3.0.

Ohana is not HSDS: its tables are read here into full HSDS 3.0 services, as another
system's export would give them, ids made UUIDs (derived, stable) and its Open
Eligibility terms given with their taxonomy. Test code only: the importer must take
what this produces, not know Ohana.
"""

import csv
import re
import uuid
from collections import defaultdict

NAMESPACE = uuid.UUID("0f3c1d52-6a0e-4c59-9b0c-2f0b3b8f6a11")
TAXONOMY = {
    "id": str(uuid.uuid5(NAMESPACE, "taxonomy:open-eligibility")),
    "name": "Open Eligibility",
    "description": "The Open Eligibility taxonomy of human services (Ohana's categories).",
    "uri": "https://github.com/auntbertha/openeligibility",
    "version": "ohana",
}
DAYS = {"Monday": "MO", "Tuesday": "TU", "Wednesday": "WE", "Thursday": "TH", "Friday": "FR"}
DAYS |= {"Saturday": "SA", "Sunday": "SU"}


def clock(text):
    """Ohana's times ("9am", "4:00 PM", "08:00") as HSDS writes them: "HH:MM"."""
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*([ap]m)?", text.strip().lower())
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half == "pm" and hour < 12:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


def uid(kind, key):
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def _table(folder, name):
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _by(rows, key):
    grouped = defaultdict(list)
    for row in rows:
        if row.get(key):
            grouped[row[key]].append(row)
    return grouped


def _compact(obj):
    return {k: v for k, v in obj.items() if v not in (None, "", [])}


def _split(text):
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _phone(row, **owner):
    return _compact(
        {
            "id": uid("phone", row["id"]),
            **owner,
            "number": row["number"],
            "extension": int(row["extension"]) if row["extension"].isdigit() else None,
            "type": {"sms": "text", "hotline": "voice", "tty": "textphone"}.get(
                row["number_type"], row["number_type"]
            ),
            "description": row["department"],
        }
    )


def _contact(row, phones, **owner):
    return _compact(
        {
            "id": uid("contact", row["id"]),
            **owner,
            "name": row["name"].strip(),
            "title": row["title"],
            "department": row["department"],
            "email": row["email"],
            "phones": [
                _phone(p, contact_id=uid("contact", row["id"])) for p in phones.get(row["id"], [])
            ],
        }
    )


def _term(code, terms):
    row = terms[code]
    return {
        "id": uid("term", code),
        "code": code,
        "name": row["name"],
        "description": row["name"],
        "parent_id": uid("term", row["parent_id"]) if row["parent_id"] else None,
        "taxonomy": TAXONOMY["name"],
        "taxonomy_id": TAXONOMY["id"],
        "taxonomy_detail": TAXONOMY,
    }


def convert(folder):
    """Full HSDS 3.0 services, one per Ohana service, each with its place and organisation."""
    tables = {
        name: _table(folder, name)
        for name in (
            "organizations locations addresses mail_addresses services phones contacts "
            "regular_schedules taxonomy"
        ).split()
    }
    organisations = {row["id"]: row for row in tables["organizations"]}
    locations = {row["id"]: row for row in tables["locations"]}
    addresses = _by(tables["addresses"], "location_id")
    mail = _by(tables["mail_addresses"], "location_id")
    terms = {row["taxonomy_id"]: row for row in tables["taxonomy"]}
    phones = {key: _by(tables["phones"], key) for key in ("service_id", "location_id")}
    phones |= {k: _by(tables["phones"], k) for k in ("organization_id", "contact_id")}
    contacts = {key: _by(tables["contacts"], key) for key in ("service_id", "location_id")}
    contacts["organization_id"] = _by(tables["contacts"], "organization_id")
    hours = {key: _by(tables["regular_schedules"], key) for key in ("service_id", "location_id")}
    records = []
    for service in tables["services"]:
        sid = uid("service", service["id"])
        location = locations[service["location_id"]]
        lid = uid("location", location["id"])
        org = organisations[location["organization_id"]]
        oid = uid("organization", org["id"])

        def schedules(rows, **owner):
            return [
                _compact(
                    {
                        "id": uid("schedule", row["id"]),
                        **owner,
                        "freq": "WEEKLY",
                        "byday": DAYS[row["weekday"]],
                        "opens_at": clock(row["opens_at"]),
                        "closes_at": clock(row["closes_at"]),
                    }
                )
                for row in rows
            ]

        place_addresses = [
            _compact(
                {
                    "id": uid(kind, row["id"]),
                    "location_id": lid,
                    "attention": row.get("attention"),
                    "address_1": row["address_1"],
                    "address_2": row["address_2"],
                    "city": row["city"],
                    "state_province": row["state_province"],
                    "postal_code": row["postal_code"],
                    "country": row["country"],
                    "address_type": address_type,
                }
            )
            for kind, address_type, rows in (
                ("address", "physical", addresses.get(location["id"], [])),
                ("mail_address", "postal", mail.get(location["id"], [])),
            )
            for row in rows
        ]
        place = _compact(
            {
                "id": lid,
                "location_type": "virtual" if location["virtual"] == "true" else "physical",
                "name": location["name"],
                "alternate_name": location["alternate_name"],
                "description": location["description"],
                "transportation": location["transportation"],
                "latitude": float(location["latitude"]) if location["latitude"] else None,
                "longitude": float(location["longitude"]) if location["longitude"] else None,
                "url": location["website"],
                "email": location["email"],
                "languages": [
                    {"id": uid("language", f"{lid}:{name}"), "location_id": lid, "name": name}
                    for name in _split(location["languages"])
                ],
                "addresses": place_addresses,
                "phones": [
                    _phone(p, location_id=lid)
                    for p in phones["location_id"].get(location["id"], [])
                ],
                "contacts": [
                    _contact(c, phones["contact_id"], location_id=lid)
                    for c in contacts["location_id"].get(location["id"], [])
                ],
                "accessibility": [
                    {"id": uid("accessibility", f"{lid}:{a}"), "location_id": lid, "description": a}
                    for a in _split(location["accessibility"])
                ],
                "schedules": schedules(
                    hours["location_id"].get(location["id"], []), location_id=lid
                ),
            }
        )
        organisation = _compact(
            {
                "id": oid,
                "name": org["name"],
                "alternate_name": org["alternate_name"],
                "description": org["description"],
                "email": org["email"],
                "website": org["website"],
                "legal_status": org["legal_status"],
                "tax_id": org["tax_id"],
                "tax_status": org["tax_status"],
                "year_incorporated": int(org["date_incorporated"][-4:])
                if org["date_incorporated"]
                else None,
                "phones": [
                    _phone(p, organization_id=oid)
                    for p in phones["organization_id"].get(org["id"], [])
                ],
                "contacts": [
                    _contact(c, phones["contact_id"], organization_id=oid)
                    for c in contacts["organization_id"].get(org["id"], [])
                ],
                "funding": [
                    {"id": uid("funding", f"{oid}:{s}"), "organization_id": oid, "source": s}
                    for s in _split(org["funding_sources"])
                ],
            }
        )
        organisation.setdefault("description", "")
        record = _compact(
            {
                "id": sid,
                "organization_id": oid,
                "organization": organisation,
                "name": service["name"],
                "alternate_name": service["alternate_name"],
                "description": service["description"],
                "url": service["website"],
                "email": service["email"],
                "status": service["status"],
                "interpretation_services": service["interpretation_services"],
                "application_process": service["application_process"],
                "wait_time": service["wait_time"],
                "fees_description": service["fees"],
                "eligibility_description": service["eligibility"],
                "phones": [
                    _phone(p, service_id=sid) for p in phones["service_id"].get(service["id"], [])
                ],
                "contacts": [
                    _contact(c, phones["contact_id"], service_id=sid)
                    for c in contacts["service_id"].get(service["id"], [])
                ],
                "funding": [
                    {"id": uid("funding", f"{sid}:{s}"), "service_id": sid, "source": s}
                    for s in _split(service["funding_sources"])
                ],
                "required_documents": [
                    {"id": uid("document", f"{sid}:{d}"), "service_id": sid, "document": d}
                    for d in [service["required_documents"]]
                    if d
                ],
                "languages": [
                    {"id": uid("language", f"{sid}:{n}"), "service_id": sid, "name": n}
                    for n in _split(service["languages"])
                ],
                "service_areas": [
                    {"id": uid("area", f"{sid}:{a}"), "service_id": sid, "name": a}
                    for a in _split(service["service_areas"])
                ],
                "schedules": schedules(hours["service_id"].get(service["id"], []), service_id=sid),
                "attributes": [
                    {
                        "id": uid("attribute", f"{sid}:{code}"),
                        "link_id": sid,
                        "link_type": "taxonomy_term",
                        "link_entity": "service",
                        "taxonomy_term_id": uid("term", code),
                        "taxonomy_term": _compact(_term(code, terms)),
                    }
                    for code in _split(service["taxonomy_ids"])
                ],
                "service_at_locations": [
                    {
                        "id": uid("service_at_location", f"{sid}:{lid}"),
                        "service_id": sid,
                        "location_id": lid,
                        "location": place,
                    }
                ],
            }
        )
        records.append(record)
    return records


def counts(records):
    """How many phones, contacts, funding sources and terms the records carry, by where."""
    found = defaultdict(int)
    for record in records:
        found["service phones"] += len(record.get("phones", []))
        found["organisation phones"] += len(record["organization"].get("phones", []))
        found["contacts"] += len(record.get("contacts", [])) + len(
            record["organization"].get("contacts", [])
        )
        found["funding"] += len(record.get("funding", []))
        found["organisation funding"] += len(record["organization"].get("funding", []))
        found["terms"] += len(record.get("attributes", []))
        for link in record["service_at_locations"]:
            place = link["location"]
            found["place phones"] += len(place.get("phones", []))
            found["contacts"] += len(place.get("contacts", []))
            found["contact phones"] += sum(
                len(c.get("phones", [])) for c in place.get("contacts", [])
            )
        found["contact phones"] += sum(len(c.get("phones", [])) for c in record.get("contacts", []))
    return dict(found)
