// Is the relationship r in the view asked for? A partnership or friendly contact is, unless active_only
// leaves out those suspended or ended, or as_of (a year) those signed after it (an undated one counts as
// signed) or ended before it; any other relationship (MEMBER_OF) always is.
// A query says `pair_in_view(r)` where this condition goes; kg.store.queries puts it there (unexpanded, the
// query fails on the unknown function rather than run without the condition).
(NOT type(r) IN ['PARTNER_OF', 'FRIENDLY_WITH']
 OR ((NOT $active_only OR coalesce(r.status, 'active') = 'active')
     AND ($as_of IS NULL
          OR ((r.since_year IS NULL OR r.since_year <= $as_of)
              AND NOT (r.status = 'ended' AND toInteger(left(coalesce(r.status_since, '9999'), 4)) < $as_of)))))
