MATCH (o:Entity)-[t:Rel]->(:Entity {id: 'http://example.org/kg/Organization'}), (o)-[l:Rel]->(:Entity {id: 'http://example.org/kg/country/3'})
WHERE t.p = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' AND l.p = 'http://example.org/kg/locatedIn'
OPTIONAL MATCH (p:Entity)-[b:Rel]->(o) WHERE b.p = 'http://example.org/kg/backedBy'
RETURN o.id, p.id
