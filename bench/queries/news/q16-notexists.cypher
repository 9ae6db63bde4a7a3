MATCH (:Entity {id: 'http://example.org/kg/country/2'})-[d:Rel]->(r:Entity)
WHERE d.p = 'http://example.org/kg/drafted' AND NOT EXISTS { MATCH (:Entity)-[v:Rel]->(r) WHERE v.p = 'http://example.org/kg/vetoed' }
RETURN r.id
