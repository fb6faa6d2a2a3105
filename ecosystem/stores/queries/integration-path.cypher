// name: integration-path
// description: The shortest chain of partnerships and integrations between two organisations (the first in id order if several).
// param: from string -- the id where the path starts
// param: to string -- the id where it ends
MATCH (a:EcosystemNode {ecosystem: $ecosystem, id: $from}), (b:EcosystemNode {ecosystem: $ecosystem, id: $to})
WHERE a <> b
MATCH p = allShortestPaths((a)-[:PARTNERS_WITH|INTEGRATES_WITH*..15]-(b))
WITH p, [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | type(r)] AS types
ORDER BY ids, types
LIMIT 1
UNWIND range(0, size(ids) - 1) AS step
RETURN step, ids[step] AS id, nodes(p)[step].name AS name,
       CASE WHEN step = 0 THEN null ELSE types[step - 1] END AS via
ORDER BY step
