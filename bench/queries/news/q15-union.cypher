MATCH (a:Entity)-[s:Rel]->(:Entity {id: 'http://example.org/kg/resolution/10'}) WHERE s.p = 'http://example.org/kg/supported' RETURN a.id
UNION ALL
MATCH (a:Entity)-[s:Rel]->(:Entity {id: 'http://example.org/kg/resolution/10'}) WHERE s.p = 'http://example.org/kg/opposed' RETURN a.id
