MATCH (p:Entity)-[t:Rel]->(:Entity {id: 'http://example.org/kg/Person'}), (p)-[l:Rel]->(c:Entity), (p)-[m:Rel]->(o:Entity), (p)-[b:Rel]->(k:Entity)
WHERE t.p = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' AND l.p = 'http://example.org/kg/locatedIn' AND m.p = 'http://example.org/kg/memberOf' AND b.p = 'http://example.org/kg/backedBy'
RETURN p.id, c.id, o.id, k.id
