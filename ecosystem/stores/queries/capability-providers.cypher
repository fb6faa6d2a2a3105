// name: capability-providers
// description: Who provides a capability (organisations and units), most proficient first.
// param: capability string -- the capability's id
MATCH (a:EcosystemNode {ecosystem: $ecosystem})-[r:PROVIDES]->(c:Capability:EcosystemNode {ecosystem: $ecosystem, id: $capability})
RETURN a.id AS provider, a.name AS name,
       toLower([label IN labels(a) WHERE label IN ['Firm', 'Partner', 'Unit']][0]) AS type,
       coalesce(toFloat(r.proficiency), 1.0) AS proficiency
ORDER BY proficiency DESC, provider
