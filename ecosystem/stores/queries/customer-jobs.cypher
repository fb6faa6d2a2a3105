// name: customer-jobs
// description: A customer's jobs with importance, satisfaction and Ulwick's opportunity score, best opportunity first.
// param: customer string -- the customer's id
MATCH (c:Customer:EcosystemNode {ecosystem: $ecosystem, id: $customer})-[h:HAS_JOB]->(j:Job)
WITH j, toFloat(h.importance) AS importance, toFloat(h.satisfaction) AS satisfaction
WITH j, importance, satisfaction,
     importance + CASE WHEN importance > satisfaction THEN importance - satisfaction ELSE 0.0 END AS opportunity
RETURN j.id AS job, j.name AS name, importance, satisfaction, round(opportunity, 6) AS opportunity
ORDER BY opportunity DESC, job
