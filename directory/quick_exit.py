"""Pages about violence offer a way out at once: the « Quitter ce site » button.

Someone reading about domestic violence may be watched. The button (a plain link that
works without JS; quick-exit.js replaces the history entry and answers Escape pressed
three times) leaves for settings.QUICK_EXIT_URL, a neutral site. A page is about violence
when it is a service of these categories, or a search that filters on one or whose words
name one ("femme battue").
"""

CATEGORIES = frozenset({"violences"})


def for_service(service):
    return any(category.slug in CATEGORIES for category in service.categories.all())


def for_search(services):
    """Whether a search (a bound ServiceFilter, already run) is about violence."""
    if not services.is_bound:
        return False
    services.form.is_valid()  # cleaned_data then holds the fields that were understood
    chosen = {category.slug for category in services.form.cleaned_data.get("category") or []}
    named = set(services.result.query.categories) if services.result else set()
    return bool((chosen | named) & CATEGORIES)
