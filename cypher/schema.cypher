// The schema, for a reader. The schema of record is kg/store/models.py (neomodel): `kg db init` installs
// exactly these constraints and indexes from it, idempotently; tests check that the two agree.
//
// Nodes: City, Country, Association, Project, Event, Source, TwinningForm.
// Relationships (all carry provenance: sources, source_ids, claimed_by):
//   (City)-[:PARTNER_OF {claims, since, since_year, renewed, areas, kind, status}]->(City)   formal partnership,
//                                                  once per pair; claims: "<claimant key>@<source key>"
//   (City)-[:FRIENDLY_WITH {claims, since, since_year, areas}]->(City)               informal contacts
//   (City)-[:MEMBER_OF {status: member|cooperating, note}]->(Association)
//   (City)-[:IN_COUNTRY]->(Country)
//   (City)-[:TOOK_PART_IN {role}]->(Project)                                           cooperation on a joint project
//   (Association)-[:GREW_FROM]->(Project), (Association)-[:SECRETARIAT_IN]->(City)
//   (Event)-[:HELD_IN]->(City), (Event)-[:PART_OF]->(Project)
//   (City {kind: 'district'})-[:PART_OF {basis}]->(City)                              a district in its city

// Uniqueness constraints: every MERGE in cypher/writes/ is backed by one of these.
CREATE CONSTRAINT constraint_unique_City_key IF NOT EXISTS FOR (n:City) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT constraint_unique_Country_code IF NOT EXISTS FOR (n:Country) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT constraint_unique_Association_key IF NOT EXISTS FOR (n:Association) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT constraint_unique_Project_key IF NOT EXISTS FOR (n:Project) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT constraint_unique_Event_key IF NOT EXISTS FOR (n:Event) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT constraint_unique_Source_key IF NOT EXISTS FOR (n:Source) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT constraint_unique_TwinningForm_key IF NOT EXISTS FOR (n:TwinningForm) REQUIRE n.key IS UNIQUE;

// Range indexes for lookups by name, country and external identifiers.
CREATE INDEX index_City_name IF NOT EXISTS FOR (n:City) ON (n.name);
CREATE INDEX index_City_name_folded IF NOT EXISTS FOR (n:City) ON (n.name_folded);
CREATE INDEX index_City_country IF NOT EXISTS FOR (n:City) ON (n.country);
CREATE INDEX index_City_geonames_id IF NOT EXISTS FOR (n:City) ON (n.geonames_id);
CREATE INDEX index_City_wikidata_id IF NOT EXISTS FOR (n:City) ON (n.wikidata_id);
CREATE INDEX index_City_kind IF NOT EXISTS FOR (n:City) ON (n.kind);
CREATE INDEX index_PARTNER_OF_since_year IF NOT EXISTS FOR ()-[r:PARTNER_OF]-() ON (r.since_year);
