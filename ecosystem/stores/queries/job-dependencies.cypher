// name: job-dependencies
// description: Which of the focal firm's direct partners a job depends on, for each capability it requires.
// param: job string -- the job's id
MATCH (f:Focal:EcosystemNode {ecosystem: $ecosystem})-[:PARTNERS_WITH]-(o:EcosystemNode)
MATCH (j:Job:EcosystemNode {ecosystem: $ecosystem, id: $job})-[r:REQUIRES]->(c:Capability)<-[pr:PROVIDES]-(o)
RETURN c.id AS capability, o.id AS partner, o.name AS name,
       coalesce(toFloat(pr.proficiency), 1.0) AS proficiency
ORDER BY capability, partner
