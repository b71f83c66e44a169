// Is the relationship r in the view asked for? A partnership or friendly contact is, unless active_only
// leaves out those suspended or ended now, or as_of (a year) those signed after it (an undated one counts as
// signed) or not active in it: its status in a year is the latest change recorded by then (a statement's
// start is an "active" change, its end an "ended" one), so a pair ended in 1990 and signed again in 2000 is
// out in 1995 and in in 2010 (a status set without its changes counts as one change). Any other relationship
// (MEMBER_OF) always is.
// A query says `pair_in_view(r)` where this condition goes; kg.store.queries puts it there (unexpanded, the
// query fails on the unknown function rather than run without the condition).
(NOT type(r) IN ['PARTNER_OF', 'FRIENDLY_WITH']
 OR ((NOT $active_only OR coalesce(r.status, 'active') = 'active')
     AND ($as_of IS NULL
          OR ((r.since_year IS NULL OR r.since_year <= $as_of)
              AND NOT split(reduce(latest = '', c IN [c IN CASE WHEN size(coalesce(r.status_changes, [])) = 0
                                                                     AND r.status IS NOT NULL
                                                                THEN [coalesce(r.status_since, '0000') + '|' + r.status]
                                                                ELSE coalesce(r.status_changes, []) END
                                                       WHERE toInteger(left(c, 4)) <= $as_of]
                                   | CASE WHEN c > latest THEN c ELSE latest END) + '||', '|')[1] = 'ended'))))
