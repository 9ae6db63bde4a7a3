MATCH (x:Entity {id: 'http://example.org/kg/org/400'})-[l:Rel]->(c:Entity) WHERE l.p = 'http://example.org/kg/locatedIn'
RETURN x.id, c.id
UNION
MATCH (:Entity {id: 'http://example.org/kg/org/400'})-[e:Rel* SHORTEST 1..1000 (r, n | WHERE r.p = 'http://example.org/kg/backedBy')]->(x:Entity)-[l:Rel]->(c:Entity)
WHERE l.p = 'http://example.org/kg/locatedIn'
RETURN x.id, c.id
