"""Pieces of pages rendered once per process and language until the directory changes.

    {% load remembered %}
    {% remembered "service" card.service.pk %}<h3>{{ card.service.name }}</h3>{% endremembered %}

The block is rendered the first time, then its HTML is given again for the same name and
key values (memo.kept: the pieces shown last, MEMO_KEPT_ITEMS at most). Its content must
depend only on the directory, the page's language and the key values: nothing of the
request (the clock, a point, the user, a nonce, a token). Blocks naming
such a variable do not compile; an answer carrying a nonce or a CSRF token is never kept.
"""

import itertools

from django import template
from django.template.base import VariableNode
from django.template.defaulttags import CsrfTokenNode

from .. import memo

register = template.Library()

# Variables of the context processors that differ from one request to the next.
PER_REQUEST = {"CSP_NONCE", "csrf_token", "request", "user", "perms", "messages", "alerts"}
PER_REQUEST |= {"language_links", "quick_exit"}
# What a kept piece must never carry: another request's nonce or CSRF token.
NEVER_KEPT = ("nonce=", "csrfmiddlewaretoken")
_parts = itertools.count()


class RememberedNode(template.Node):
    def __init__(self, nodelist, name, keys, part):
        self.nodelist, self.name, self.keys, self.part = nodelist, name, keys, part

    def render(self, context):
        key = (self.name.resolve(context), *(key.resolve(context) for key in self.keys))
        key += (self.part,)
        live = []

        def render(_missing):
            html = self.nodelist.render(context)
            if any(mark in html for mark in NEVER_KEPT):
                live.append(html)  # never kept: this request's own
                return {}
            return {key: html}

        html = memo.kept("fragment", [key], render).get(key)
        if html is None:
            html = live[0] if live else self.nodelist.render(context)
        return html


def _per_request(nodelist):
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        return "csrf_token"
    for node in nodelist.get_nodes_by_type(VariableNode):
        var = node.filter_expression.var
        lookups = getattr(var, "lookups", None) or ()
        if lookups and lookups[0] in PER_REQUEST:
            return lookups[0]
    return None


@register.tag("remembered")
def do_remembered(parser, token):
    """`{% remembered "name" key… %}…{% endremembered %}`: see the module's docstring."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name, then its key values.")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    if found := _per_request(nodelist):
        raise template.TemplateSyntaxError(
            f"{{% remembered {bits[1]} %}} would keep {found}, which changes per request."
        )
    name, *keys = (parser.compile_filter(bit) for bit in bits[1:])
    return RememberedNode(nodelist, name, keys, (parser.origin.name, next(_parts)))
