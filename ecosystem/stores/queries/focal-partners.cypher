// name: focal-partners
// description: The focal firm's direct partners and the capabilities each provides.
MATCH (f:Focal:EcosystemNode {ecosystem: $ecosystem})-[p:PARTNERS_WITH]-(o:EcosystemNode)
OPTIONAL MATCH (o)-[:PROVIDES]->(c:Capability)
WITH o, p, c
ORDER BY c.id
RETURN o.id AS partner, o.name AS name, p.kind AS kind, p.strength AS strength, collect(c.id) AS provides
ORDER BY partner
