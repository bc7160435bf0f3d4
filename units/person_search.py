"""Member search that stays fast for any word at national scale (PostgreSQL); see
docs/decisions/0019-search-any-word.md.

Results are ordered by name (Vietnamese collation), then id, and paged. Three ways to a page:

- plain: the GIN full-text index (or the subtree, for a small area), then a sort of every match.
  Cheapest for a rare word or a small area.
- name order: walk the index person_name_search (name, id, with the folded words) in order,
  testing the words on each entry, and stop when the page is full. Cheapest for a word spread over
  all names ("thi", "van", "hung"): one match in ten entries fills a page after 500 entries.
- one block: a word that is mostly a surname ("nguyen", "lo", "tran") sits in one stretch of the
  name order, far from the start. The index person_first_word_order (first word, name, id) holds
  that block in name order: walk it, and merge in the word's few matches as a middle or given name,
  from the GIN index of the later words (person_later_words).
- area order: the search of an officer of an upper-level union (a district: 70,000 people), or of anyone
  who filters to a unit at that level or below, walks person_area_name_order (the tree path's first
  AREA_PREFIX characters, name, id): the names of that one area in order, so a page is full after a few
  thousand entries, whatever the word (decision 0026).

One EXPLAIN (planning only, a few milliseconds) gives the estimates; a small cost model in
microseconds per entry, measured on the national database, picks the way. SQLite (the laptop
database) keeps the plain query: at its scale there is nothing to choose.
"""

import json

from django.db import connection

from units.text import last_word_is_prefix, search_words

# The expressions of the indexes of migration 0017, written exactly as there so the planner uses them.
FIRST_WORD = """(split_part("units_person"."search_text"::text, ' ', 1) COLLATE "C")"""
LATER_WORDS = (
    """to_tsvector('simple'::regconfig, substr("units_person"."search_text"::text, """
    """strpos("units_person"."search_text"::text || ' ', ' ') + 1))"""
)
WORDS = """to_tsvector('simple'::regconfig, "units_person"."search_text")"""
# The area of an upper-level union (root, province, district: three steps of the tree path) heads the
# index person_area_name_order of migration 0018. A number here, since the index holds it.
AREA_PREFIX = 12
AREA = f'substr("units_person"."unit_path"::text, 1, {AREA_PREFIX})'

# What a row costs each way, in microseconds, measured on the national database (decision record):
INDEX_ENTRY = 0.25  # an entry of a walked index, words tested with LIKE
HEAP_ROW = 10.0  # a match from a GIN index: its table row, the recheck, its share of the sort
SUBTREE_ROW = 1.0  # a person of a small area read through person_tree_order and sorted

PLAIN, NAME_ORDER, ONE_BLOCK, AREA_ORDER = "plain", "name order", "one block", "area order"


def area_key(paths) -> str | None:
    """The head of person_area_name_order that holds every person under `paths` (the tree paths that
    bound the search: the user's area, or the unit filtered to), if they share one; else None."""
    paths = list(paths or ())
    if not paths or any(len(path) < AREA_PREFIX for path in paths):
        return None
    keys = {path[:AREA_PREFIX] for path in paths}
    return keys.pop() if len(keys) == 1 else None


def _tsquery(word: str, prefix: bool) -> str:
    return f"{word}:*" if prefix else word


def _upper(prefix: str) -> str:
    """The first string after every string that starts with `prefix` (words are [0-9a-z])."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


class PersonSearch:
    """The ids of a page of the search `query` in `queryset` (the people in scope with the list's
    other filters, not yet searched), in name order, the cheapest way for its words."""

    def __init__(self, queryset, query: str, strategy: str | None = None, area: list[str] | None = None):
        """`area`: tree paths known to hold every person of `queryset` (its area order, if they share one)."""
        self.queryset = queryset.order_by()
        self.area = area_key(area)
        self.searched = self.queryset.search(query)
        self.words = search_words(query)
        self.prefix = last_word_is_prefix(self.words)
        self.strategy = strategy

    def _is_prefix(self, index: int) -> bool:
        return self.prefix and index == len(self.words) - 1

    def __call__(self, bottom: int, top: int) -> list[int]:
        strategy, anchor = self.plan(top)
        if strategy == PLAIN:
            return list(self.searched.order_by("full_name", "id").values_list("pk", flat=True)[bottom:top])
        if strategy in (NAME_ORDER, AREA_ORDER):
            where, params = self._word_tests()
            if strategy == AREA_ORDER:
                where, params = [f"{AREA} = %s", *where], [self.area, *params]
            walked = self.queryset.extra(where=where, params=params).order_by("full_name", "id")
            walked = walked.values_list("pk", flat=True)[bottom:top]
            self.last_sql = walked.query.sql_with_params()
            return list(walked)
        return self._one_block(anchor, bottom, top)

    def _estimates(self) -> dict[str, float]:
        """The planner's row estimates, from one EXPLAIN: each in a CTE of its own, so that its
        top node carries the whole estimate (a parallel node shows its share per worker)."""
        tsquery = " & ".join(_tsquery(word, self._is_prefix(index)) for index, word in enumerate(self.words))
        matches, match_params = self.searched.values("pk").query.sql_with_params()
        scope, scope_params = self.queryset.values("pk").query.sql_with_params()
        ctes = {
            "matches": (matches, list(match_params)),
            "scope": (scope, list(scope_params)),
            "everyone": ("SELECT 1 FROM units_person", []),
            "anywhere": (f"SELECT 1 FROM units_person WHERE {WORDS} @@ to_tsquery('simple'::regconfig, %s)", [tsquery]),
        }
        if self.area:
            ctes["area"] = (f"SELECT 1 FROM units_person WHERE {AREA} = %s", [self.area])
        for index, word in enumerate(self.words):
            prefix = self._is_prefix(index)
            ctes[f"later{index}"] = (
                f"SELECT 1 FROM units_person WHERE {LATER_WORDS} @@ to_tsquery('simple'::regconfig, %s)",
                [_tsquery(word, prefix)],
            )
            if prefix:
                ctes[f"block{index}"] = (
                    f"SELECT 1 FROM units_person WHERE {FIRST_WORD} >= %s AND {FIRST_WORD} < %s", [word, _upper(word)]
                )
            else:
                ctes[f"block{index}"] = (f"SELECT 1 FROM units_person WHERE {FIRST_WORD} = %s", [word])
        sql = "EXPLAIN (FORMAT JSON) WITH " + ", ".join(f"{name} AS MATERIALIZED ({body})" for name, (body, _) in ctes.items())
        sql += " " + " UNION ALL ".join(f"SELECT 1 FROM {name}" for name in ctes)
        with connection.cursor() as cursor:
            cursor.execute(sql, [param for _, params in ctes.values() for param in params])
            plan = cursor.fetchone()[0]
        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
        rows, stack = {}, [plan]
        while stack:
            node = stack.pop()
            if node.get("Subplan Name", "").startswith("CTE "):
                rows[node["Subplan Name"][4:]] = max(node["Plan Rows"], 1)
            stack.extend(node.get("Plans", []))
        return rows

    def plan(self, top: int = 51) -> tuple[str, int]:
        """(way, anchor word) of the least estimated cost for a page ending at row `top`."""
        rows = self.estimates = self._estimates()
        matches, everyone = rows["matches"], rows["everyone"]
        # Matches bunch up in name order where a word is the first or second word of the name
        # ("Nguyễn …", "Nguyễn Văn …"); only the share of a word found after the first word is
        # spread over all names. A walk in name order counts on the spread share alone, and is
        # charged for the risk that the rest lies far into the order (divided by that share).
        share = min(rows[f"later{i}"] / (rows[f"later{i}"] + rows[f"block{i}"]) for i in range(len(self.words)))
        spread = max(matches * share, 1)
        costs = {
            (PLAIN, 0): min(HEAP_ROW * rows["anywhere"], SUBTREE_ROW * rows["scope"]),
            (NAME_ORDER, 0): INDEX_ENTRY * min(everyone, top * everyone / spread) / share,
        }
        for index in range(len(self.words)):
            block = rows[f"block{index}"]
            # One word: every entry of its block matches, the area's share of them is spread
            # over the block. More words: the others may bunch up anywhere in the block.
            walked = min(block, top * block / matches) if len(self.words) == 1 else block
            costs[(ONE_BLOCK, index)] = INDEX_ENTRY * walked + HEAP_ROW * rows[f"later{index}"]
        if self.area:
            # The same walk over the area's names only, never more than all of them.
            area = rows["area"]
            costs[(AREA_ORDER, 0)] = INDEX_ENTRY * min(area, top * area / spread / share)
        self.costs = costs
        if isinstance(self.strategy, tuple):  # (way, anchor), as the tests compare them
            return self.strategy
        if self.strategy:
            return min((key for key in costs if key[0] == self.strategy), key=costs.get)
        return min(costs, key=costs.get)

    def _word_tests(self) -> tuple[list[str], list[str]]:
        """Cheap tests of the words on the folded text, read from the walked index (LIKE, not a
        full-text parse of every entry): the same matches as units.models.matching_words."""
        text, where, params = '"units_person"."search_text"::text', [], []
        for index, word in enumerate(self.words):
            if self._is_prefix(index):
                where.append(f"({text} LIKE %s OR {text} LIKE %s)")
                params += [f"{word}%", f"% {word}%"]
            else:
                where.append(f"({text} = %s OR {text} LIKE %s OR {text} LIKE %s OR {text} LIKE %s)")
                params += [word, f"{word} %", f"% {word}", f"% {word} %"]
        return where, params

    def _one_block(self, anchor: int, bottom: int, top: int) -> list[int]:
        word, prefix = self.words[anchor], self._is_prefix(anchor)
        where, params = self._word_tests()
        # The block in name order from the index, limited to the page. The full-text condition
        # stays out of it: with it the planner takes the block's matches from the GIN index and
        # sorts them. The branches carry their own ORDER BY and LIMIT: PostgreSQL then merges
        # them (Merge Append) and reads each only as far as the page needs.
        if prefix:
            # A prefix ("ngu") starts several first words, each a block of its own: found by a
            # skip scan of the index (one probe each), each block read up to the page's end.
            first = (
                f"fw(word) AS (SELECT min({FIRST_WORD}) FROM units_person WHERE {FIRST_WORD} >= %s"
                f" AND {FIRST_WORD} < %s UNION ALL SELECT (SELECT min({FIRST_WORD}) FROM units_person"
                f" WHERE {FIRST_WORD} > fw.word AND {FIRST_WORD} < %s) FROM fw WHERE fw.word IS NOT NULL), "
            )
            first_params = [word, _upper(word), _upper(word)]
            block_sql, block_params = _in_order(self.queryset.extra(where=[f"{FIRST_WORD} = fw.word", *where], params=params), top)
            block = f"(SELECT s.pk, s.full_name FROM fw CROSS JOIN LATERAL {block_sql} s WHERE fw.word IS NOT NULL)"
        else:
            first, first_params = "", []
            block_sql, block_params = _in_order(self.queryset.extra(where=[f"{FIRST_WORD} = %s", *where], params=[word, *params]), top)
            block = block_sql
        # The word's matches outside its blocks (as a middle or given name): few, all read from
        # the GIN index of the words after the first (a CTE, so the planner does not walk the
        # name order for them), then sorted.
        outside = f"NOT ({FIRST_WORD} LIKE %s)" if prefix else f"{FIRST_WORD} <> %s"
        rest = self.queryset.extra(
            where=[f"{LATER_WORDS} @@ to_tsquery('simple'::regconfig, %s)", outside, *where],
            params=[_tsquery(word, prefix), f"{word}%" if prefix else word, *params],
        )
        rest_sql, rest_params = rest.values("pk", "full_name").query.sql_with_params()
        sql = (
            f"WITH RECURSIVE {first}rest AS MATERIALIZED ({rest_sql}) SELECT pk FROM ({block} UNION ALL"
            " (SELECT pk, full_name FROM rest ORDER BY full_name, pk LIMIT %s)) page ORDER BY full_name, pk LIMIT %s OFFSET %s"
        )
        self.last_sql = (sql, [*first_params, *rest_params, *block_params, top, top - bottom, bottom])
        with connection.cursor() as cursor:
            cursor.execute(*self.last_sql)
            return [row[0] for row in cursor.fetchall()]


def _in_order(queryset, top: int) -> tuple[str, list]:
    sql, params = queryset.order_by("full_name", "id").values("pk", "full_name")[:top].query.sql_with_params()
    return f"({sql})", list(params)


def person_search_ids(queryset, query: str, area: list[str] | None = None):
    """A function (bottom, top) -> the ids of that slice of the results of searching `query` in
    `queryset` (not yet searched), in name order, for CappedPaginator; None where the plain query
    is all there is (SQLite, a citizen-ID prefix). `area`: tree paths that hold all of `queryset`."""
    query = (query or "").strip()
    if connection.vendor != "postgresql" or query.isdigit() or not search_words(query):
        return None
    return PersonSearch(queryset, query, area=area)
