// name: capability-gaps
// description: Capabilities jobs require that nobody in the focal firm's ecosystem provides, by severity (opportunity x weight).
// param: depth integer = 1 in 0..10 -- partnership hops from the focal firm that count as its ecosystem
MATCH (f:Focal:EcosystemNode {ecosystem: $ecosystem})
OPTIONAL MATCH (o:EcosystemNode {ecosystem: $ecosystem})
WHERE (o:Firm OR o:Partner) AND o <> f
OPTIONAL MATCH p = shortestPath((f)-[:PARTNERS_WITH*1..10]-(o))
WHERE all(n IN nodes(p) WHERE n:Firm OR n:Partner)
WITH f, collect(CASE WHEN p IS NOT NULL AND length(p) <= $depth THEN o END) AS partners
WITH [f] + partners AS organisations
OPTIONAL MATCH (u:Unit:EcosystemNode {ecosystem: $ecosystem})-[:PART_OF]->(parent)
WHERE parent IN organisations
WITH organisations, collect(u) AS units
WITH organisations + units AS actors
OPTIONAL MATCH (a)-[:PROVIDES]->(c:Capability)
WHERE a IN actors
WITH collect(DISTINCT c.id) AS provided
MATCH (j:Job:EcosystemNode {ecosystem: $ecosystem})-[r:REQUIRES]->(c:Capability)
WHERE NOT c.id IN provided
OPTIONAL MATCH (cu:Customer)-[h:HAS_JOB]->(j)
WITH j, c, coalesce(toFloat(r.weight), 1.0) AS weight,
     0.0 + sum(coalesce(toFloat(cu.weight), 1.0) * (toFloat(h.importance) +
       CASE WHEN h.importance > h.satisfaction THEN toFloat(h.importance) - toFloat(h.satisfaction) ELSE 0.0 END)) AS opportunity
RETURN j.id AS job, c.id AS capability, weight, round(opportunity, 6) AS opportunity,
       round(opportunity * weight, 6) AS severity
ORDER BY severity DESC, job, capability
