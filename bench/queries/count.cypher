MATCH ()-[r:Rel]->() RETURN count(*) AS n
