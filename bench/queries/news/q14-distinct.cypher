MATCH (a:Entity)-[o:Rel]->(r:Entity)<-[v:Rel]-(:Entity)
WHERE o.p = 'http://example.org/kg/opposed' AND v.p = 'http://example.org/kg/vetoed'
RETURN DISTINCT a.id
