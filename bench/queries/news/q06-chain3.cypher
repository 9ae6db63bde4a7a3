MATCH (e:Entity)-[i:Rel]->(p:Entity)-[m:Rel]->(o:Entity)-[l:Rel]->(:Entity {id: 'http://example.org/kg/country/1'})
WHERE i.p = 'http://example.org/kg/involved' AND m.p = 'http://example.org/kg/memberOf' AND l.p = 'http://example.org/kg/locatedIn'
RETURN e.id, p.id, o.id
