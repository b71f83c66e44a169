// Record changes of a partnership's status: each change is kept in r.status_changes as
// "<since>|<status>|<file:line>|<url>" (a set: a re-run adds nothing), and r.status, r.status_since and
// r.status_source follow the latest change by date. The dates are ISO prefixes, so they order as text.
UNWIND $rows AS row
MATCH (:City {key: row.a})-[r:PARTNER_OF]-(:City {key: row.b})
SET r.status_changes = coalesce(r.status_changes, []) + [c IN [row.change] WHERE NOT c IN coalesce(r.status_changes, [])]
WITH DISTINCT r
WITH r, reduce(latest = '', c IN r.status_changes | CASE WHEN c > latest THEN c ELSE latest END) AS latest
WITH r, split(latest, '|') AS parts
SET r.status_since = parts[0], r.status = parts[1], r.status_source = parts[2]
