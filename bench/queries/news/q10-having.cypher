MATCH (a:Entity)-[r:Rel]->(:Entity) WHERE r.p = 'http://example.org/kg/supported'
WITH a, count(*) AS n WHERE n >= 100
RETURN a.id, n
