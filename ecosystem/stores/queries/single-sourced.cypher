// name: single-sourced
// description: Capabilities that jobs require and exactly one organisation or unit provides, by number of jobs.
MATCH (a:EcosystemNode)-[:PROVIDES]->(c:Capability:EcosystemNode {ecosystem: $ecosystem})
WITH c, collect(a) AS providers
WHERE size(providers) = 1
MATCH (j:Job)-[:REQUIRES]->(c)
WITH c, providers[0] AS provider, count(DISTINCT j) AS jobs
RETURN c.id AS capability, c.name AS name, provider.id AS provider, provider.name AS provider_name, jobs
ORDER BY jobs DESC, capability
