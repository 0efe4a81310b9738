"""Pieces of pages rendered once per process and language until the directory changes.

    {% load remembered %}
    {% remembered "service" card.service.pk %}<h3>{{ card.service.name }}</h3>{% endremembered %}

The block is rendered the first time, then its HTML is given again for the same name and
key values (memo.kept: the pieces shown last, MEMO_KEPT_ITEMS at most). Its content must
depend only on the directory, the page's language and the key values: nothing of the
request (the clock, a point, the user, a nonce, a token). Blocks naming
such a variable do not compile; an answer carrying a nonce or a CSRF token is never kept.

What does depend on the request is marked live inside the block, and rendered each time
into the kept HTML, in the context of the moment:

    {% remembered "card" card.service.pk %}<h3>…</h3>{% live %}{{ card.distance_m }}{% endlive %}…

A live part must be written out as it is: not in a loop of the block (a kept block's loop
does not run again), nor inside a filter, and a block with live parts must not be inside
another block (the outer one would keep what they showed).

A block made from kept rows alone (kept_rows.kept: a card from its service's row) names
them after `from`:

    {% remembered "card" card.place.id from card.service %}…{% endremembered %}

It is then named by what the rows hold (their `kept_digest`), not by the directory's
version: a change elsewhere in the directory leaves it true, and it is kept across it
(memo.kept's `lasting`). A row without a digest (not kept_rows.kept) is not kept: its block
is rendered each time.

Such blocks, named by what they show, need no version to be shared by the node's
processes: a view that renders a template once per value of a list (the cards of a page)
reads the blocks this process does not keep from the shared cache in one go, and gives
the others those it rendered, in one go too (`shared_by_the_node`).
"""

import itertools
import re
import secrets
from contextlib import contextmanager

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.base import VariableNode
from django.template.defaulttags import CsrfTokenNode, ForNode
from django.template.loader import get_template
from django.utils.translation import get_language

from .. import memo

register = template.Library()

# Variables of the context processors that differ from one request to the next.
PER_REQUEST = {"CSP_NONCE", "csrf_token", "request", "user", "perms", "messages", "alerts"}
PER_REQUEST |= {"language_links", "quick_exit"}
# What a kept piece must never carry: another request's nonce or CSRF token.
NEVER_KEPT = ("nonce=", "csrfmiddlewaretoken")
# Blocks of templates made from strings, which have no file to be named by.
_unnamed = itertools.count()
# Where a live part goes in a kept block's HTML while the block is first rendered: a mark
# no text of the directory can hold (a NUL, which PostgreSQL and the forms refuse, and this
# process's own random token).
MARKING = "remembered:marking"
_TOKEN = secrets.token_hex(8)
HOLE = re.compile(f"\x00{_TOKEN}:(\\d+)\x00")


class LiveNode(template.Node):
    # Not searched for per-request names (_per_request): a live part may name them.
    child_nodelists = ()

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        marking = context.get(MARKING)
        if marking is not None:
            return f"\x00{_TOKEN}:{marking.index(self)}\x00"
        return self.nodelist.render(context)


class RememberedNode(template.Node):
    def __init__(self, nodelist, name, keys, part, rows=()):
        self.nodelist, self.name, self.keys, self.part = nodelist, name, keys, part
        self.rows = rows
        self.live = nodelist.get_nodes_by_type(LiveNode)

    def key(self, context):
        """The block's name in memo.kept, or None if it is not kept (a row without digest)."""
        key = (self.name.resolve(context), *(key.resolve(context) for key in self.keys))
        key += (self.part,)
        if self.rows:
            digests = tuple(getattr(row.resolve(context), "kept_digest", None) for row in self.rows)
            if None in digests:  # not a kept row: nothing names what the block shows
                return None
            key += digests
        return key

    def render(self, context):
        key = self.key(context)
        if key is None:
            return self.nodelist.render(context)
        own = []

        def render(_missing):
            pieces = self._render(context, own)
            return {key: pieces} if pieces is not None else {}

        pieces = memo.kept("fragment", [key], render, lasting=bool(self.rows)).get(key)
        if pieces is None:
            pieces = own[0] if own else [self.nodelist.render(context)]
        return self._pieces_rendered(context, pieces)

    def _render(self, context, own):
        """[HTML, live part, HTML, live part, …, HTML], or None (in `own`) if it may not
        be kept."""
        with context.push({MARKING: self.live}):
            html = self.nodelist.render(context)
        pieces = HOLE.split(html)
        pieces[1::2] = [self.live[int(index)] for index in pieces[1::2]]
        if any(mark in text for text in pieces[::2] for mark in NEVER_KEPT):
            own.append(pieces)  # never kept: this request's own
            return None
        return pieces

    def held(self, pieces):
        """`pieces` as the shared cache holds them: the live parts by their index."""
        return [self.live.index(part) if index % 2 else part for index, part in enumerate(pieces)]

    def unheld(self, held):
        return [self.live[part] if index % 2 else part for index, part in enumerate(held)]

    def _pieces_rendered(self, context, pieces):
        if len(pieces) == 1:
            return pieces[0]
        return "".join(
            piece.nodelist.render(context) if index % 2 else piece
            for index, piece in enumerate(pieces)
        )


def _per_request(nodelist):
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        return "csrf_token"
    for node in nodelist.get_nodes_by_type(VariableNode):
        var = node.filter_expression.var
        lookups = getattr(var, "lookups", None) or ()
        if lookups and lookups[0] in PER_REQUEST:
            return lookups[0]
    return None


@register.tag("live")
def do_live(parser, token):
    """`{% live %}…{% endlive %}` in a remembered block: see the module's docstring."""
    nodelist = parser.parse(("endlive",))
    parser.delete_first_token()
    return LiveNode(nodelist)


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
    for loop in nodelist.get_nodes_by_type(ForNode):
        if loop.get_nodes_by_type(LiveNode):  # a kept block's loop does not run again
            raise template.TemplateSyntaxError(
                f"{{% remembered {bits[1]} %}} has a live part in a loop: write it out."
            )
    rows = []
    if "from" in bits:
        bits, rows = bits[: bits.index("from")], bits[bits.index("from") + 1 :]
        if not rows:
            raise template.TemplateSyntaxError(f"{bits[0]} {bits[1]} from: from which rows?")
    name, *keys = (parser.compile_filter(bit) for bit in bits[1:])
    rows = [parser.compile_filter(bit) for bit in rows]
    # The block's place in its template's file: the same in every process (its name in
    # the shared cache, shared_by_the_node); a template made from a string has its own.
    parser.remembered_blocks = getattr(parser, "remembered_blocks", 0) + 1
    if parser.origin.loader is None:
        part = (parser.origin.name, f"string {next(_unnamed)}")
    else:
        part = (parser.origin.name, parser.remembered_blocks)
    return RememberedNode(nodelist, name, keys, part, rows)


@contextmanager
def shared_by_the_node(template_name, variable, values):
    """While the view renders a page that renders `template_name` once for each of
    `values` (as `variable`): its blocks made from kept rows (`from`) that this process
    does not keep are read from the shared cache first, in one read; on leaving, those
    this process rendered meanwhile are given to the node's other processes, in one write.

    Named by what their rows hold, such blocks need no version of the directory; the
    release's, as the processes of a new release may share the cache with the old ones'.
    Without a shared cache (MEMO_SHARED), or when it is down, each process renders its own.
    """
    if not settings.MEMO_SHARED:
        yield
        return
    compiled = get_template(template_name).template
    nodes = _made_from_rows(compiled)
    owners = {}  # key -> the node whose block it names
    for value in values:
        context = template.Context({variable: value})
        context.template = compiled  # what a missing value resolves to (string_if_invalid)
        for node in nodes:
            if (key := node.key(context)) is not None:
                owners[key] = node
    prefix = f"fragment:{memo.release()}:{get_language()}:"
    missing = set()  # the keys neither this process nor the shared cache had

    def read(keys):
        missing.update(keys)
        names = {key: prefix + memo.digest(key) for key in keys}
        try:
            found = cache.get_many(list(names.values()))
        except Exception:  # the cache is down: rendered here, as without it
            return {}
        return {key: owners[key].unheld(found[names[key]]) for key in keys if names[key] in found}

    missing -= memo.kept("fragment", list(owners), read, lasting=True).keys()
    yield
    if not missing:
        return
    rendered = memo.kept("fragment", list(missing), lambda _keys: {}, lasting=True)
    try:
        cache.set_many(
            {
                prefix + memo.digest(key): owners[key].held(pieces)
                for key, pieces in rendered.items()
            },
            memo.SHARED_SECONDS,
        )
    except Exception:
        pass


def _made_from_rows(compiled):
    """The blocks of a compiled template made from kept rows, found once per template."""
    if "_made_from_rows" not in compiled.__dict__:
        nodes = compiled.nodelist.get_nodes_by_type(RememberedNode)
        compiled._made_from_rows = [node for node in nodes if node.rows]
    return compiled._made_from_rows
