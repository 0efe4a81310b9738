"""What differs between PostgreSQL and the portable SQL that SQLite runs: the one seam.

Domain code asks `backend()` and never tests `connection.vendor`. PostgreSQL brings
full-text search on the search document's GIN-indexed tsvectors (migration 0003),
trigram similarity (pg_trgm, its threshold set per connection in quartier/postgresql),
COPY, arrays and a planner to steer; the portable backend gives the same answers with
the search documents kept in memory (or LIKE), Python's difflib, `bulk_create` and IN
lists. Both read the same search document:
" names | categories | descriptions ", tokens between single spaces (search/engine.py).
"""

import difflib
import json
from collections import defaultdict

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models import BooleanField, Case, FloatField, Func, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, StrIndex, Substr

from . import memo

# Between the sections of the search document; the names come first.
SECTION = " | "
# The portable backend keeps the tokens of the search documents of a directory up to this
# many services in each process (about 10 KB each, Documents below) and matches them in
# Python, sending the ids found (a query then holds ten such lists at most, within
# SQLite's 32 766 variables); a larger directory is scanned with LIKE, every document
# read again for each word form.
KEPT_DOCUMENTS_UP_TO = 2000


class Portable:
    """Standard SQL only, for SQLite (the embedded default)."""

    # The database stores a batch in a process of its own while Python prepares the
    # next: imports write from a thread (COPY) and plan big files in a second process.
    parallel_writes = False

    def match(self, services, variants, require_all):
        """(services whose document has a form of each word, or of any with
        `require_all` false; an expression: 4.0 for a match in the names, else 0.0).

        `variants`: one set of accepted tokens per word of the query.
        """
        documents = kept_documents(services)
        if documents is None:
            return self._match_scanning(services, variants, require_all)
        found = [documents.holding(forms) for forms in variants]
        matched = set.intersection(*found) if require_all else set.union(*found)
        in_names = documents.in_names(matched, set().union(*variants))
        return services.filter(pk__in=sorted(matched)), Case(
            When(pk__in=sorted(in_names), then=Value(4.0)), default=Value(0.0)
        )

    def _match_scanning(self, services, variants, require_all):
        names_end = StrIndex("search_document", Value(SECTION))
        services = services.alias(names_text=Substr("search_document", 1, names_end))
        combine = Q.__and__ if require_all else Q.__or__
        condition, in_names = None, Q(pk__in=[])
        for forms in variants:
            found = Q(pk__in=[])
            for form in forms:
                found |= Q(search_document__contains=f" {form} ")
                in_names |= Q(names_text__contains=f" {form} ")
            condition = found if condition is None else combine(condition, found)
        return services.filter(condition), Case(When(in_names, then=Value(4.0)), default=Value(0.0))

    def word_found(self, services, forms):
        """An expression: 1.0 for a service (of `services`) whose document has one of
        `forms`, else 0.0."""
        documents = kept_documents(services)
        if documents is None:
            found = Q(pk__in=[])
            for form in forms:
                found |= Q(search_document__contains=f" {form} ")
        else:
            found = Q(pk__in=sorted(documents.holding(forms)))
        return Case(When(found, then=Value(1.0)), default=Value(0.0), output_field=FloatField())

    def terms_near(self, terms, word, typos):
        """Those of `terms` (vocabulary rows) that could be `word` with one typo: at least
        those among `typos`, every string one typo away; each in the unique index here."""
        return terms.filter(term__in=typos)

    def terms_among(self, terms, words):
        """The set of those of `words` that are `terms` (vocabulary rows)."""
        return set(terms.filter(term__in=list(words)).values_list("term", flat=True))

    def close_terms(self, terms, word, count):
        """Up to `count` of `terms` (vocabulary rows) close to `word`, closest first."""
        vocabulary = terms.filter(term__startswith=word[0]).values_list("term", flat=True)
        return difflib.get_close_matches(word, list(vocabulary), n=count, cutoff=0.75)

    def document_holds(self, term):
        """A condition on services: their search document holds the token `term`."""
        return Q(search_document__contains=Concat(Value(" "), term, Value(" ")))

    def count_up_to(self, queryset, limit):
        """The number of rows of `queryset`, or `limit` if there are at least that many,
        read through the indexes (a search's matches: see PostgreSQL's)."""
        return queryset.order_by()[:limit].count()

    def counts(self, querysets):
        """The number of rows of each of `querysets` (a search's matches), in one query
        read through the indexes (see PostgreSQL's)."""
        sql, params = self._counting(querysets)
        with connections[querysets[0].db].cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchone())

    def _counting(self, querysets):
        """One SELECT of the number of rows of each of `querysets`, and its parameters."""
        selects, params = [], []
        for queryset in querysets:
            ids = queryset.order_by().values("pk")
            try:
                sql, more = ids.query.get_compiler(queryset.db).as_sql()
            except EmptyResultSet:
                sql, more = "SELECT 1 WHERE false", ()
            selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS matched)")  # noqa: S608
            params += more
        return f"SELECT {', '.join(selects)}", params

    def rows(self, queryset):
        """The rows of `queryset`, a values_list (of tuples) of a search's matches, read
        through the indexes (see PostgreSQL's)."""
        return list(queryset)

    def among(self, model, field, values):
        """A filter: `field` is one of `values`."""
        return Q(**{f"{field}__in": list(values)})

    def check_as_written(self, fields):
        """Check these foreign keys as each statement ends rather than at commit.

        `fields`: (model, field name) pairs, whose target rows must exist when written.
        """

    def copy(self, cursor, model, columns, rows):
        """Sends `rows` (tuples of values for the attnames `columns`) in one stream."""
        raise NotImplementedError("COPY is PostgreSQL's; write with bulk_create")


class PostgreSQL(Portable):
    parallel_writes = True

    def match(self, services, variants, require_all):
        # Tokens are [a-z0-9] only, so they are safe in tsquery syntax as they are.
        groups = ["(" + " | ".join(sorted(forms)) + ")" for forms in variants]
        tsquery = (" & " if require_all else " | ").join(groups)
        matches = RawSQL("search_vector @@ %s::tsquery", (tsquery,), output_field=BooleanField())
        in_names = RawSQL(
            "(search_names @@ %s::tsquery)::int * 4.0", (tsquery,), output_field=FloatField()
        )
        return services.filter(matches), in_names

    def word_found(self, services, forms):
        group = " | ".join(sorted(forms))
        return RawSQL(
            "(search_vector @@ %s::tsquery)::int::float", (group,), output_field=FloatField()
        )

    def terms_near(self, terms, word, typos):
        """Asks the trigram index (pg_trgm) rather than looking up every typo."""
        similar = RawSQL("term %% %s", (word,), output_field=BooleanField())
        return terms.filter(similar)

    def terms_among(self, terms, words):
        """Read through the unique B-tree index. pg_trgm's GIN index answers `=` too, and
        the planner may take it for a word's few hundred typos or parts: 50 ms at the
        demo's size where the B-tree takes 0.1. A GIN index is read by bitmap scans only,
        so this one query runs without them."""
        found = terms.filter(self.among(terms.model, "term", words)).values_list("term")
        sql, params = found.query.get_compiler(found.db).as_sql()
        return {row[0] for row in self._indexed(found.db, sql, params, "enable_bitmapscan")}

    def close_terms(self, terms, word, count):
        similarity = RawSQL("similarity(term, %s)", (word,), output_field=FloatField())
        return list(
            terms.annotate(similarity=similarity)
            .filter(similarity__gt=0.3)
            .order_by("-similarity")
            .values_list("term", flat=True)[:count]
        )

    def document_holds(self, term):
        return Func(
            term,
            template="search_vector @@ plainto_tsquery('simple', %(expressions)s)",
            output_field=BooleanField(),
        )

    def count_up_to(self, queryset, limit):
        """The planner multiplies the selectivities of a word's alternative stems as if
        they were independent, over-estimates the matches, and expects a sequential scan
        to find `limit` of them soon: it unpacks every document instead, 85 to 145 ms at
        100 000 services (300 ms at 10 000 on a busy server), against 3 to 7 through the
        GIN index. So this one query runs without sequential scans (see `_indexed`).
        """
        capped = queryset.order_by().values("pk")[:limit]
        sql, params = capped.query.get_compiler(queryset.db).as_sql()
        counted = f"SELECT COUNT(*) FROM ({sql}) AS capped"  # noqa: S608 -- Django's SQL
        return self._indexed(queryset.db, counted, params)[0][0]

    def counts(self, querysets):
        """Counted through the GIN index, not by a scan that unpacks every document."""
        sql, params = self._counting(querysets)
        return list(self._indexed(querysets[0].db, sql, params)[0])

    def rows(self, queryset):
        """The same over-estimate makes a page of ranked matches scan and unpack every
        document to sort them: 105 ms at 10 000 services for "sans papiers", 3 through
        the GIN index. So it too runs without sequential scans."""
        try:
            sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        except EmptyResultSet:  # a filter that nothing passes (.none())
            return []
        return self._indexed(queryset.db, sql, params)

    def _indexed(self, using, sql, params, scan="enable_seqscan"):
        """The rows of one query run without one kind of `scan` (sequential by default),
        the setting sent with it in one round trip: in one message, the statements are one
        transaction (or part of the caller's, where the setting is then put back)."""
        with connections[using].cursor() as cursor:
            cursor.execute(f"SET LOCAL {scan} = off; {sql}; SET LOCAL {scan} TO DEFAULT", params)
            while cursor.description is None and cursor.nextset():
                pass
            return cursor.fetchall()

    def among(self, model, field, values):
        """Sent as one array: `field__in` with a thousand ids costs more to build and send
        than to run."""
        quote = connection.ops.quote_name
        column = f"{quote(model._meta.db_table)}.{quote(model._meta.get_field(field).column)}"
        return RawSQL(f"{column} = ANY(%s)", (list(values),), output_field=BooleanField())

    def check_as_written(self, fields):
        """Django makes every foreign key DEFERRABLE INITIALLY DEFERRED, so a bulk write
        leaves a check per row for the commit, where nothing else can run beside it;
        checked along the way, they are done by the server while Python prepares the next
        batch."""
        names = []
        with connection.cursor() as cursor:
            for model, name in fields:
                cursor.execute(
                    "SELECT con.conname FROM pg_constraint con JOIN pg_attribute att"
                    " ON att.attrelid = con.conrelid AND att.attnum = ANY(con.conkey)"
                    " WHERE con.contype = 'f' AND con.conrelid = %s::regclass"
                    " AND att.attname = %s",
                    [model._meta.db_table, model._meta.get_field(name).column],
                )
                names += [row[0] for row in cursor.fetchall()]
            if names:
                quote = connection.ops.quote_name
                cursor.execute(f"SET CONSTRAINTS {', '.join(map(quote, names))} IMMEDIATE")

    def copy(self, cursor, model, columns, rows):
        """COPY, ten times faster than INSERT at 100 000 services; `cursor` is psycopg's."""
        quote = connection.ops.quote_name
        names = ", ".join(quote(model._meta.get_field(c).column) for c in columns)
        with cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy:
            for row in rows:  # a JSON field's object goes as its text
                copy.write_row([json.dumps(v) if isinstance(v, dict | list) else v for v in row])


class Documents:
    """The search documents of every row of a model, read as LIKE '% form %' reads them:
    for each token between two spaces, the rows whose document has it."""

    def __init__(self, rows):
        self.pks, self.names, postings = [], {}, defaultdict(list)
        for row, (pk, document) in enumerate(rows):
            document = document or ""
            # As SQL's SUBSTR(document, 1, INSTR(document, SECTION)): up to the space
            # before the first section mark, or nothing without one.
            self.names[pk] = document[: document.find(SECTION) + 1]
            self.pks.append(pk)
            for token in set(document.split(" ")[1:-1]):  # between two spaces
                postings[token].append(row)
        self.postings = {token: tuple(rows) for token, rows in postings.items()}

    def holding(self, forms):
        """The pks of the documents that have one of the tokens `forms` (a query's word
        forms hold no space)."""
        return {self.pks[row] for form in forms for row in self.postings.get(form, ())}

    def in_names(self, pks, forms):
        """Those of `pks` whose names section has one of `forms`."""
        return {pk for pk in pks if any(f" {form} " in self.names[pk] for form in forms)}


def kept_documents(services):
    """The Documents of every row of `services`' model, kept while the directory stays as
    it is (memo.py); None past KEPT_DOCUMENTS_UP_TO rows."""

    def read():
        rows = services.model._base_manager.using(services.db)
        if rows.count() > KEPT_DOCUMENTS_UP_TO:
            return None
        return Documents(rows.values_list("pk", "search_document").iterator())

    return memo.remembered(f"search-documents:{services.db}", read, per_language=False)


_BACKENDS = {"postgresql": PostgreSQL()}
_PORTABLE = Portable()


def backend():
    """The backend of the database the directory lives in."""
    return _BACKENDS.get(connection.vendor, _PORTABLE)
