"""The HSDS fields we do not model, kept as a file gave them and merged back on export.

An import keeps, for each entity it writes (service, organisation, location, its
service_at_location, phone, schedule, cost option, required document), the fields of
the record that no column holds (`kept`), in the row's `hsds_extra`. The serialiser
builds its object from the columns, then `merge` adds back what was kept: what the
columns give always wins, so an edit in the admin is never hidden by an old file.

Nothing here is about workers: only what a file published about the service. A place
with a confidential address exports nothing kept (see locations.location_object).
"""

# Fields our columns (or lists of rows) hold, per entity: everything else is kept.
SERVICE = frozenset(
    "id name description url email status application_process fees_description "
    "assured_date organization organization_id phones languages cost_options "
    "required_documents attributes service_at_locations minimum_age maximum_age "
    "last_modified".split()
)
ORGANISATION = frozenset("id name description email website".split())
LOCATION = frozenset("id name latitude longitude addresses location_type organization_id".split())
LINK = frozenset("id service_id location_id location schedules service".split())
PHONE = frozenset("id number type description service_id".split())
SCHEDULE = frozenset(
    "id byday opens_at closes_at freq valid_from valid_to service_id location_id "
    "service_at_location_id".split()
)
COST_OPTION = frozenset(
    "id service_id option amount currency amount_description valid_from valid_to".split()
)
DOCUMENT = frozenset("id document uri service_id".split())


def kept(record, modelled):
    """The record's fields that `modelled` does not name, as they are."""
    return {key: value for key, value in record.items() if key not in modelled}


def _key(item, natural):
    return item.get(natural) if natural else None


def merge_list(ours, theirs, natural=None, keep_unmatched=lambda item: True):
    """Our items, each completed by the kept item with its id (or its `natural` key,
    whose id then replaces ours), then the kept items none of ours matches."""
    by_id = {item.get("id"): item for item in theirs if isinstance(item, dict)}
    by_key = {_key(item, natural): item for item in theirs if isinstance(item, dict)}
    used, result = set(), []
    for item in ours:
        match = by_id.get(item.get("id"))
        if match is None and natural and item.get(natural) is not None:
            match = by_key.get(item.get(natural))
        if match is None:
            result.append(item)
            continue
        used.add(id(match))
        result.append(merge(item, match) | {"id": match.get("id", item.get("id"))})
    result += [
        item
        for item in theirs
        if id(item) not in used and isinstance(item, dict) and keep_unmatched(item)
    ]
    return result


def merge(ours, theirs):
    """Our object with the kept fields it lacks; lists of objects merged by id."""
    if not theirs:
        return ours
    result = dict(theirs)
    for key, value in ours.items():
        other = theirs.get(key)
        if isinstance(value, list) and isinstance(other, list):
            result[key] = merge_list(value, other)
        elif isinstance(value, dict) and isinstance(other, dict):
            result[key] = merge(value, other)
        else:
            result[key] = value
    return result
