#include <boost/test/unit_test.hpp>

// Tests of the SPARQL 1.1 parser (query/syntax/sparql_parser.h) and of
// ToSparql (query/ast/ast.h): the grammar's soundness, the AST built for
// queries and updates, error positions and messages, the nesting limit, a
// large input, and the print/parse round trip.

#include <map>
#include <string>
#include <string_view>
#include <tao/pegtl/contrib/analyze.hpp>
#include <vector>

#include "query/ast/ast.h"
#include "query/syntax/sparql_grammar.h"
#include "query/syntax/sparql_parser.h"

namespace kg::query {
namespace {

constexpr std::string_view kEx = "http://example.org/";
constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema#";
constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

SparqlParseOptions Options() {
  SparqlParseOptions options;
  options.base_iri = "http://example.org/base/";
  options.prefixes[""] = std::string(kEx);
  options.prefixes["ex"] = std::string(kEx);
  return options;
}

ast::Request Parse(std::string_view text,
                   const SparqlParseOptions& options = Options()) {
  Result<ast::Request> r = ParseSparql(text, options);
  BOOST_TEST_REQUIRE(r.ok(), "parse failed: " << r.status().ToString() << "\n"
                                              << r.status().context() << "\n"
                                              << text);
  return std::move(r).value();
}

Status ParseError(std::string_view text,
                  const SparqlParseOptions& options = Options()) {
  Result<ast::Request> r = ParseSparql(text, options);
  BOOST_TEST_REQUIRE(!r.ok(), "expected a parse error for: " << text);
  BOOST_TEST((r.status().code() == StatusCode::kParseError));
  return r.status();
}

std::string Iri(std::string_view local) {
  return std::string(kEx) + std::string(local);
}

const ast::Variable& VarOf(const ast::VarOrTerm& v) {
  return std::get<ast::Variable>(v);
}
const Term& TermOf(const ast::VarOrTerm& v) { return std::get<Term>(v); }

const std::vector<ast::TriplePattern>& FirstTriples(const ast::Query& q) {
  BOOST_TEST_REQUIRE(q.where.has_value());
  BOOST_TEST_REQUIRE(!q.where->elements.empty());
  BOOST_TEST_REQUIRE((q.where->elements[0].kind == ast::PatternKind::kTriples));
  return q.where->elements[0].triples;
}

// The peer queries of /work/shared/peers/queries (q1-q4), verbatim.
const char* const kPeerQueries[] = {
    "# q1: point lookup - all triples of one subject\n"
    "SELECT ?p ?o\n"
    "WHERE { <http://example.org/kg/org/42> ?p ?o }\n",
    "# q2: 2-hop join - countries that drafted a resolution some other "
    "country vetoed\n"
    "PREFIX ex: <http://example.org/kg/>\n"
    "SELECT ?country ?r ?other\n"
    "WHERE { ?country ex:drafted ?r . ?other ex:vetoed ?r }\n",
    "# q3: transitive property path from one start node (graph has a "
    "0->1->2->0 cycle)\n"
    "PREFIX ex: <http://example.org/kg/>\n"
    "SELECT ?y\n"
    "WHERE { <http://example.org/kg/org/900> ex:backedBy+ ?y }\n",
    "# q4: aggregate - vetoes per country, most first\n"
    "PREFIX ex: <http://example.org/kg/>\n"
    "SELECT ?country (COUNT(?r) AS ?vetoes)\n"
    "WHERE { ?country ex:vetoed ?r }\n"
    "GROUP BY ?country\n"
    "ORDER BY DESC(?vetoes)\n",
};

// Valid requests covering every part of the grammar.
const char* const kValidRequests[] = {
    "SELECT * WHERE { ?s ?p ?o }",
    "select distinct ?x where { ?x :p \"a\"@EN , 1, 1.5, 1e3, -2, +3.0, true, "
    "'b', '''c''', \"\"\"d\"\"\" . }",
    "BASE <http://example.org/a/> SELECT * { <b> <../c> ?o }",
    "SELECT DISTINCT ?s (COUNT(DISTINCT ?o) AS ?n) FROM <http://g> "
    "FROM NAMED <http://h> WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r } "
    "FILTER (?o != 3 && !BOUND(?r) || ?o IN (1, 2) || ?o NOT IN ()) } "
    "GROUP BY ?s HAVING (COUNT(?o) > 1) ORDER BY DESC(?n) ?s LIMIT 10 "
    "OFFSET 5",
    "SELECT * { { ?a ?b ?c } UNION { ?a ?b ?d } UNION { ?x ?y ?z } "
    "MINUS { ?a ?b 1 } }",
    "SELECT * { GRAPH ?g { ?s ?p ?o } GRAPH <http://g> { ?s ?p ?o } }",
    "SELECT * { SERVICE SILENT <http://remote/sparql> { ?s ?p ?o } }",
    "SELECT ?x ?y { ?x :p ?o BIND (?o * 2 + 1 AS ?y) VALUES ?x { :a :b UNDEF } "
    "}",
    "SELECT * { ?s :p/:q* ?o . ?s ^:p|!(:a|^:b) ?o . ?s (:p/:q)+ ?o . "
    "?s :p? ?o . ?s !:a ?o . ?s !^:a ?o . ?s a ?t . ?s !a ?t . "
    "?s (^:p)* ?o }",
    "SELECT * { ?s :p [ :q ( 1 2 [ :r ?z ] ) ] . [] :p ?o . _:b :p ?o . "
    "( ?a ?b ) :p ?o . [ :p 1 ; :q 2 ] . ?s :p (), ( ) }",
    "SELECT ?s WHERE { ?s ?p ?o { SELECT ?s (MAX(?o) AS ?m) WHERE { ?s ?p ?o "
    "} GROUP BY ?s } }",
    "SELECT * { ?s ?p ?o FILTER EXISTS { ?s ?q ?r } "
    "FILTER NOT EXISTS { ?s ?q 1 } }",
    "SELECT (STRLEN(?s) AS ?l) (SUBSTR(?s, 1, 2) AS ?t) "
    "(REGEX(?s, \"a\", \"i\") AS ?r) (REPLACE(?s, \"a\", \"b\") AS ?u) "
    "(CONCAT(?s, \"x\", ?s) AS ?c) (COALESCE(?x, 1) AS ?d) "
    "(IF(?x, 1, 2) AS ?e) (BNODE() AS ?f) (BNODE(?s) AS ?f2) (RAND() AS ?g) "
    "(:f(DISTINCT ?s, 2) AS ?h) (:g() AS ?i) (sameTerm(?s, ?s) AS ?j) "
    "(isIRI(?s) AS ?k) (STRDT(\"1\", :t) AS ?m) (NOW() AS ?n) "
    "(-?x AS ?o) (+?x AS ?p2) (!?x AS ?q) (- -1 AS ?v) (?x - -1 AS ?w) "
    "(1 - 2 - 3 AS ?a1) (1 - (2 - 3) AS ?a2) (2 * (3 + 4) / 5 AS ?a3) "
    "(?x < ?y AS ?b1) (?x<=?y AS ?b2) (?x>?y AS ?b3) (?x>=?y AS ?b4) "
    "(\"x\" = \"y\"^^:t AS ?b5) WHERE { ?s ?p ?x }",
    "SELECT (GROUP_CONCAT(DISTINCT ?o; SEPARATOR = \", \") AS ?all) "
    "(SAMPLE(?o) AS ?any) (AVG(?o) AS ?avg) (SUM(?o) AS ?sum) "
    "(MIN(?o) AS ?min) (COUNT(*) AS ?n) { ?s ?p ?o }",
    "CONSTRUCT { ?s :p ?o . _:b :q [ :r 1 ] } WHERE { ?s :p ?o }",
    "CONSTRUCT WHERE { ?s :p ?o }",
    "CONSTRUCT FROM <http://g> WHERE { } LIMIT 1",
    "DESCRIBE :a ?x WHERE { ?x ?p ?o }",
    "DESCRIBE *",
    "ASK { ?s ?p ?o }",
    "ASK FROM <http://g> { ?s ?p \"x\"^^<http://dt> }",
    "SELECT * { ?s ?p ?o } VALUES (?s ?o) { (:a 1) (UNDEF \"x\") }",
    "SELECT * { VALUES () { () () } }",
    "SELECT ?x { ?x ?p ?o } ORDER BY ASC(?x) DESC(STR(?o)) :f(?x) (?x + 1)",
    "SELECT ?k (SUM(?v) AS ?s) { ?k :v ?v } GROUP BY (STR(?k) AS ?g) ?k "
    "STR(?v)",
    "SELECT * { ?s ?p ?o . FILTER (?o) . ?s ?q ?r . }",
    "SELECT * { ?s :p ?o ; :q ?r , ?t ; }",
    "PREFIX p: <http://p/> SELECT * { ?s p:a.b ?o ; p:c%20d ?o2 ; p:e\\~f ?o3 "
    "; "
    "p: ?o4 . ?s $v ?o5 }",
    "# comment\nSELECT * # another\n{ ?s ?p ?o } # last",
    "SELECT * {}",
    "INSERT DATA { :a :b :c . GRAPH :g { :a :b \"x\" } }",
    "DELETE DATA { :a :b :c }",
    "DELETE WHERE { ?s :p ?o . GRAPH ?g { ?s ?q ?r } }",
    "WITH :g DELETE { ?s :p ?o } INSERT { ?s :q ?o } USING :u "
    "USING NAMED :v WHERE { ?s :p ?o }",
    "INSERT { GRAPH :g { ?s :p [] } } WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD SILENT <http://doc> INTO GRAPH :g ; CLEAR DEFAULT ; DROP NAMED ; "
    "CLEAR ALL ; CREATE SILENT GRAPH :g ; DROP GRAPH :g",
    "ADD :a TO DEFAULT ; MOVE SILENT GRAPH :a TO GRAPH :b ; COPY DEFAULT TO :c",
    "PREFIX e: <http://e/> INSERT DATA { e:a e:b e:c } ; "
    "PREFIX e: <http://f/> DELETE DATA { e:a e:b e:c } ;",
    "",
    "INSERT DATA { :s :p ( 1 2 ) }",
    "INSERT { GRAPH :g1 { _:b :p :o } } WHERE { ?x :p :o } ; "
    "INSERT { GRAPH :g2 { _:b :p :o } } WHERE { ?x :q :r }",
    "INSERT DATA { GRAPH :g1 { _:b1 :p :o } GRAPH :g2 { _:b1 :p :o } }",
    "SELECT (TRUE AS ?t) (False AS ?f) {}",
};

BOOST_AUTO_TEST_SUITE(sparql_parser)

BOOST_AUTO_TEST_CASE(grammar_has_no_left_recursion_or_empty_loops) {
  BOOST_TEST(tao::pegtl::analyze<sparql::any_request>(-1) == 0u);
  BOOST_TEST(tao::pegtl::analyze<sparql::query_request>(-1) == 0u);
  BOOST_TEST(tao::pegtl::analyze<sparql::update_request>(-1) == 0u);
}

BOOST_AUTO_TEST_CASE(peer_queries_parse) {
  for (const char* q : kPeerQueries) {
    const ast::Request r = Parse(q);
    BOOST_TEST(r.is_query());
    BOOST_TEST((r.query.form == ast::QueryForm::kSelect));
  }
  const ast::Request q3 = Parse(kPeerQueries[2]);
  const ast::TriplePattern& t = FirstTriples(q3.query)[0];
  BOOST_TEST_REQUIRE(t.path.has_value());
  BOOST_TEST((t.path->kind == ast::PathKind::kOneOrMore));
  BOOST_TEST(t.path->args[0].iri == "http://example.org/kg/backedBy");
  const ast::Request q4 = Parse(kPeerQueries[3]);
  BOOST_TEST(q4.query.select.size() == 2u);
  BOOST_TEST((q4.query.select[1].expr->kind == ast::ExprKind::kAggregate));
  BOOST_TEST(q4.query.order_by.size() == 1u);
  BOOST_TEST(q4.query.order_by[0].descending);
}

BOOST_AUTO_TEST_CASE(valid_requests_parse) {
  for (const char* text : kValidRequests) {
    BOOST_TEST_CONTEXT(text) { Parse(text); }
  }
}

BOOST_AUTO_TEST_CASE(kind_is_detected_and_can_be_required) {
  BOOST_TEST(Parse("PREFIX a: <http://a/> ASK {}").is_query());
  BOOST_TEST(Parse("PREFIX a: <http://a/> CLEAR ALL").is_update());
  BOOST_TEST(Parse("").is_update());
  SparqlParseOptions query_only = Options();
  query_only.kind = SparqlRequestKind::kQuery;
  BOOST_TEST(ParseError("CLEAR ALL", query_only).message() ==
             "expected SELECT, CONSTRUCT, DESCRIBE or ASK (or BASE, PREFIX)");
  SparqlParseOptions update_only = Options();
  update_only.kind = SparqlRequestKind::kUpdate;
  BOOST_TEST(ParseError("ASK {}", update_only).message() ==
             "expected an update operation, or ';' between operations");
}

BOOST_AUTO_TEST_CASE(terms_are_resolved) {
  const ast::Request r = Parse(
      "BASE <http://example.org/dir/> PREFIX p: <sub/> "
      "SELECT * { <x> p:y\\.z \"A\"@EN-gb, 01, -1.50, 1E3, +2, false, "
      "\"t\"^^p:dt, 'a\\tb' }");
  const auto& triples = FirstTriples(r.query);
  BOOST_TEST_REQUIRE(triples.size() == 8u);
  BOOST_TEST(TermOf(triples[0].subject).lexical == "http://example.org/dir/x");
  BOOST_TEST(TermOf(triples[0].predicate).lexical ==
             "http://example.org/dir/sub/y.z");
  const Term& lang = TermOf(triples[0].object);
  BOOST_TEST(lang.lexical == "A");
  BOOST_TEST(lang.lang == "en-gb");
  const auto lit = [&](std::size_t i) { return TermOf(triples[i].object); };
  BOOST_TEST(lit(1).lexical == "01");
  BOOST_TEST(lit(1).datatype == std::string(kXsd) + "integer");
  BOOST_TEST(lit(2).lexical == "-1.50");
  BOOST_TEST(lit(2).datatype == std::string(kXsd) + "decimal");
  BOOST_TEST(lit(3).lexical == "1E3");
  BOOST_TEST(lit(3).datatype == std::string(kXsd) + "double");
  BOOST_TEST(lit(4).lexical == "+2");
  BOOST_TEST(lit(5).datatype == std::string(kXsd) + "boolean");
  BOOST_TEST(lit(5).lexical == "false");
  const ast::Request upper = Parse("ASK { ?s ?p TRUE }");
  BOOST_TEST(TermOf(FirstTriples(upper.query)[0].object).lexical == "true");
  BOOST_TEST(lit(6).datatype == "http://example.org/dir/sub/dt");
  BOOST_TEST(lit(7).lexical == "a\tb");
  BOOST_TEST(lit(7).datatype == std::string(kXsdString));
}

BOOST_AUTO_TEST_CASE(blank_nodes_and_collections_become_variables) {
  const ast::Request r =
      Parse("SELECT * { ?s :p [ :q ?o ] . _:x :p ( 1 ?v ) }");
  const auto& t = FirstTriples(r.query);
  // [ :q ?o ] : _:a :q ?o . ?s :p _:a
  BOOST_TEST_REQUIRE(t.size() == 7u);
  BOOST_TEST((VarOf(t[0].subject).kind == ast::VariableKind::kAnonymous));
  BOOST_TEST(VarOf(t[0].object).name == "o");
  BOOST_TEST(VarOf(t[1].subject).name == "s");
  BOOST_TEST((VarOf(t[1].object) == VarOf(t[0].subject)));
  // ( 1 ?v ): l0 first 1; l0 rest l1; l1 first ?v; l1 rest nil; _:x :p l0
  BOOST_TEST(TermOf(t[2].predicate).lexical == std::string(kRdf) + "first");
  BOOST_TEST(TermOf(t[2].object).lexical == "1");
  BOOST_TEST((VarOf(t[3].object) == VarOf(t[4].subject)));
  BOOST_TEST(TermOf(t[5].object).lexical == std::string(kRdf) + "nil");
  BOOST_TEST((VarOf(t[6].subject) ==
              ast::Variable{ast::VariableKind::kBlankNode, "x"}));
  BOOST_TEST((VarOf(t[6].object) == VarOf(t[2].subject)));
}

BOOST_AUTO_TEST_CASE(paths_are_built) {
  const ast::Request r = Parse("SELECT * { ?s ^:a/(:b|:c)*/!(:d|^a) ?o }");
  const ast::Path& p = *FirstTriples(r.query)[0].path;
  BOOST_TEST_REQUIRE((p.kind == ast::PathKind::kSequence));
  BOOST_TEST_REQUIRE(p.args.size() == 3u);
  BOOST_TEST((p.args[0].kind == ast::PathKind::kInverse));
  BOOST_TEST((p.args[1].kind == ast::PathKind::kZeroOrMore));
  BOOST_TEST((p.args[1].args[0].kind == ast::PathKind::kAlternative));
  BOOST_TEST((p.args[2].kind == ast::PathKind::kNegatedSet));
  BOOST_TEST((p.args[2].args[1].kind == ast::PathKind::kInverse));
  BOOST_TEST(p.args[2].args[1].args[0].iri == std::string(kRdf) + "type");
  // A plain IRI in predicate position is not a path; neither is `a`.
  const ast::Request plain = Parse("SELECT * { ?s a ?o }");
  BOOST_TEST(!FirstTriples(plain.query)[0].path.has_value());
  // `?p` after a path element is a variable, `+1` a number.
  const ast::Request tokens = Parse("SELECT * { ?s :p ?o . ?s :q +1 }");
  BOOST_TEST(!FirstTriples(tokens.query)[0].path.has_value());
  BOOST_TEST(TermOf(FirstTriples(tokens.query)[1].object).lexical == "+1");
}

BOOST_AUTO_TEST_CASE(expressions_respect_precedence) {
  const ast::Request r =
      Parse("SELECT * { FILTER (?a || ?b && ?c = 1 + 2 * -?d) }");
  const ast::Expr& e = r.query.where->elements[0].expr;
  BOOST_TEST_REQUIRE((e.kind == ast::ExprKind::kOr));
  const ast::Expr& conj = e.args[1];
  BOOST_TEST_REQUIRE((conj.kind == ast::ExprKind::kAnd));
  const ast::Expr& eq = conj.args[1];
  BOOST_TEST_REQUIRE((eq.kind == ast::ExprKind::kEqual));
  const ast::Expr& sum = eq.args[1];
  BOOST_TEST_REQUIRE((sum.kind == ast::ExprKind::kAdd));
  BOOST_TEST((sum.args[1].kind == ast::ExprKind::kMultiply));
  BOOST_TEST((sum.args[1].args[1].kind == ast::ExprKind::kUnaryMinus));
  // Left associativity.
  const ast::Request sub = Parse("SELECT (1 - 2 - 3 AS ?x) {}");
  const ast::Expr& s = *sub.query.select[0].expr;
  BOOST_TEST((s.kind == ast::ExprKind::kSubtract));
  BOOST_TEST((s.args[0].kind == ast::ExprKind::kSubtract));
  // A function call and an IRI constant.
  const ast::Request f = Parse("SELECT * { FILTER (:f(?x, 1) = :c) }");
  const ast::Expr& call = f.query.where->elements[0].expr;
  BOOST_TEST((call.args[0].kind == ast::ExprKind::kFunctionCall));
  BOOST_TEST(call.args[0].function_iri == Iri("f"));
  BOOST_TEST(call.args[0].args.size() == 2u);
  BOOST_TEST((call.args[1].kind == ast::ExprKind::kConstant));
}

BOOST_AUTO_TEST_CASE(updates_are_built) {
  const ast::Request r = Parse(
      "LOAD SILENT <http://doc> INTO GRAPH :g ; "
      "WITH :w DELETE { ?s :p ?o } INSERT { GRAPH ?g { ?s :q ?o } } "
      "USING NAMED :n WHERE { GRAPH ?g { ?s :p ?o } } ; "
      "COPY DEFAULT TO :c ; DROP ALL");
  BOOST_TEST_REQUIRE(r.operations.size() == 4u);
  const ast::UpdateOperation& load = r.operations[0];
  BOOST_TEST((load.kind == ast::UpdateKind::kLoad));
  BOOST_TEST(load.silent);
  BOOST_TEST(*load.load_into == Iri("g"));
  const ast::UpdateOperation& modify = r.operations[1];
  BOOST_TEST((modify.kind == ast::UpdateKind::kModify));
  BOOST_TEST(*modify.with == Iri("w"));
  BOOST_TEST(modify.delete_quads.size() == 1u);
  BOOST_TEST_REQUIRE(modify.insert_quads.size() == 1u);
  BOOST_TEST(VarOf(*modify.insert_quads[0].graph).name == "g");
  BOOST_TEST_REQUIRE(modify.using_.size() == 1u);
  BOOST_TEST(modify.using_[0].named);
  BOOST_TEST((modify.where.elements[0].kind == ast::PatternKind::kGraph));
  const ast::UpdateOperation& copy = r.operations[2];
  BOOST_TEST((copy.graph.target == ast::GraphTarget::kDefault));
  BOOST_TEST((copy.destination.target == ast::GraphTarget::kNamed));
  BOOST_TEST((r.operations[3].graph.target == ast::GraphTarget::kAll));
}

// Triples inside a data block become quads as they are read, and each
// block's graph is set when the block ends: default-graph triples before,
// between and after GRAPH blocks, a collection's cells, and literals whose
// parts the parser moves out of its scratch fields.
BOOST_AUTO_TEST_CASE(data_block_quads_get_their_blocks_graph) {
  const ast::Request r = Parse(
      "INSERT DATA { :a :p :b ; :q \"x\"@EN , \"1\"^^ex:t . "
      "GRAPH :g { :c :p :d . :e :p ( 1 2 ) } :f :p \"y\" "
      "GRAPH :h { :i :p \"z\"^^ex:u } }");
  BOOST_TEST_REQUIRE(r.operations.size() == 1u);
  const std::vector<ast::QuadTemplate>& quads = r.operations[0].insert_quads;
  // 3 + (2 + 4 collection cells) + 1 + 1.
  BOOST_TEST_REQUIRE(quads.size() == 11u);
  std::map<std::string, std::vector<std::string>> by_graph;
  for (const ast::QuadTemplate& q : quads) {
    const std::string graph = q.graph ? TermOf(*q.graph).lexical : "default";
    const std::string subject = std::holds_alternative<Term>(q.subject)
                                    ? TermOf(q.subject).lexical
                                    : "_:" + VarOf(q.subject).name;
    by_graph[graph].push_back(subject);
  }
  BOOST_TEST(
      by_graph["default"] ==
          (std::vector<std::string>{Iri("a"), Iri("a"), Iri("a"), Iri("f")}),
      boost::test_tools::per_element());
  BOOST_TEST(by_graph[Iri("g")].size() == 6u);
  BOOST_TEST(by_graph[Iri("g")][0] == Iri("c"));
  BOOST_TEST(by_graph[Iri("h")] == (std::vector<std::string>{Iri("i")}),
             boost::test_tools::per_element());
  BOOST_TEST(by_graph.size() == 3u);
  // The literals keep their parts.
  BOOST_TEST(TermOf(quads[1].object).ToNTriples() == "\"x\"@en");
  BOOST_TEST(TermOf(quads[2].object).ToNTriples() ==
             "\"1\"^^<" + Iri("t") + ">");
  BOOST_TEST(TermOf(quads[9].object).ToNTriples() == "\"y\"");
  BOOST_TEST(TermOf(quads[10].object).ToNTriples() ==
             "\"z\"^^<" + Iri("u") + ">");
  BOOST_TEST(TermOf(quads[10].predicate).lexical == Iri("p"));
}

// --- errors ---

BOOST_AUTO_TEST_CASE(error_positions_and_messages) {
  struct Case {
    const char* text;
    std::uint64_t line;
    std::uint64_t column;
    const char* message;
  };
  const Case cases[] = {
      {"SELECT ?x WHERE { ?x :p }", 1, 25, "expected an object"},
      {"SELECT * WHERE { ?s ?p ?o ", 1, 27,
       "expected '}' to close the group pattern"},
      {"SELECT *\nWHERE {\n  ?s ?p\n}", 4, 1, "expected an object"},
      {"SELECT * { ?s nope:p ?o }", 1, 15, "undefined prefix 'nope:'"},
      {"SELECT * { ?s ?p ?o } LIMIT x", 1, 29,
       "expected a non-negative integer after LIMIT"},
      {"SELECT * { ?s ?p ?o . FILTER (?o > ) }", 1, 36,
       "expected an expression after the comparison operator"},
      {"SELECT * { ?s ?p ?o", 1, 20, "expected '}' to close the group pattern"},
      {"SELECT ?x ?y", 1, 13, "expected WHERE or '{' to start the pattern"},
      {"SELECT * { ?s ?p ?o } GROUP BY ?s", 1, 8,
       "SELECT * is not allowed with GROUP BY or aggregates"},
      {"SELECT ?o { ?s ?p ?o } GROUP BY ?s", 1, 8,
       "?o is selected but neither grouped"},
      {"SELECT (1 AS ?X) (2 AS ?X) {}", 1, 24, "?X is already selected"},
      {"SELECT (1 AS ?o) { ?s ?p ?o }", 1, 14,
       "?o is already bound in the WHERE clause"},
      {"SELECT * { ?s ?p ?o BIND (1 AS ?o) }", 1, 32,
       "BIND assigns ?o, which is already in scope"},
      {"SELECT * { _:a ?p ?o OPTIONAL { ?o ?q ?r } _:a ?q ?r }", 1, 44,
       "blank node label '_:a' is already used in another basic graph "
       "pattern"},
      {"SELECT * { VALUES (?a ?b) { (1) } }", 1, 29,
       "this row has 1 value(s) but VALUES names 2 variable(s)"},
      {"INSERT DATA { ?s :p :o }", 1, 15,
       "variables are not allowed in INSERT DATA"},
      {"DELETE DATA { _:a :p :o }", 1, 15,
       "blank nodes are not allowed in DELETE DATA"},
      {"DELETE { :s :p [] } WHERE {}", 1, 16,
       "blank nodes are not allowed in a DELETE template"},
      {"INSERT DATA { _:b :p :o } ; INSERT DATA { _:b :p :o }", 1, 43,
       "blank node label '_:b' is already used in another INSERT DATA "
       "operation"},
      {"CREATE GRAPH :g LOAD :x", 1, 17,
       "expected an update operation, or ';' between operations"},
      {"SELEKT * {}", 1, 1,
       "expected a query (SELECT, CONSTRUCT, DESCRIBE, ASK) or an update "
       "operation"},
      {"SELECT * { ?s ?p \"abc }", 1, 24,
       "unterminated string literal: expected '\"' before the end of the line"},
      {"SELECT * { ?s ?p '\\uD800' }", 1, 19, "surrogate"},
      {"PREFIX ex:ex: <http://e/> ASK {}", 1, 11,
       "expected an IRI in '<' '>' after the prefix"},
      {"SELECT (?x + ?y) {}", 1, 16,
       "expected AS and a variable after the "
       "expression"},
      {"SELECT * { ?s :p ?o } ORDER BY", 1, 31,
       "expected a variable, ASC(...), DESC(...)"},
      {"SELECT * { ?s :p/ ?o }", 1, 19, "expected a property path after '/'"},
      {"SELECT * { ?s :p [ :q ?o }", 1, 26,
       "expected ']' to close the blank node property list"},
      {"SELECT * { ?s :p ( 1 2 }", 1, 24,
       "expected a term or ')' to close the collection"},
      {"SELECT (STR(?x, ?y) AS ?z) {}", 1, 15,
       "expected ')' to close the argument list"},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.text) {
      const Status s = ParseError(c.text);
      BOOST_TEST(s.line() == c.line);
      BOOST_TEST(s.column() == c.column);
      BOOST_TEST(s.message().find(c.message) != std::string::npos,
                 "message: " << s.message());
      BOOST_TEST(s.source() == "query");
    }
  }
}

BOOST_AUTO_TEST_CASE(arabic_columns_count_code_points_and_caret_uses_width) {
  // ":قرار" is 5 code points, 9 bytes; the object is missing at the '}'.
  const Status s = ParseError("SELECT ?x WHERE { ?x :قرار }");
  BOOST_TEST(s.line() == 1u);
  BOOST_TEST(s.column() == 28u);  // bytes would give 32
  BOOST_TEST(s.message() == "expected an object");
  BOOST_TEST(s.ToString() == "query:1:28: expected an object");
  BOOST_TEST(s.context() ==
             "SELECT ?x WHERE { ?x :قرار }\n" + std::string(27, ' ') + "^");

  // With a fatha (U+064E, zero width): one more code point, same width.
  const Status h = ParseError(
      "PREFIX : <http://example.org/>\nSELECT ?x WHERE { ?x :قَرار }");
  BOOST_TEST(h.line() == 2u);
  BOOST_TEST(h.column() == 29u);
  BOOST_TEST(h.context() ==
             "SELECT ?x WHERE { ?x :قَرار }\n" + std::string(27, ' ') + "^");

  // An Arabic prefixed name that is not declared: reported at its start.
  const Status p = ParseError("SELECT * { ?s مجلس:قرار ?o }");
  BOOST_TEST(p.column() == 15u);
  BOOST_TEST(p.message() == "undefined prefix 'مجلس:'");
}

BOOST_AUTO_TEST_CASE(long_lines_show_a_window_of_context) {
  std::string text = "SELECT * { ";
  for (int i = 0; i < 200; ++i) text += "?s ?p ?o . ";
  text += "?s ?p }";
  const Status s = ParseError(text);
  BOOST_TEST(s.column() == text.size());
  BOOST_TEST(s.context().size() < 400u);
  BOOST_TEST(s.context().rfind("…", 0) == 0u);
}

// --- nesting ---

BOOST_AUTO_TEST_CASE(deep_nesting_is_rejected_before_parsing) {
  const std::string parens = "SELECT * { FILTER(" + std::string(10000, '(') +
                             "1" + std::string(10000, ')') + ") }";
  Status s = ParseError(parens);
  BOOST_TEST(s.message() ==
             "nesting too deep: more than 1000 levels of brackets, "
             "parentheses and braces");
  BOOST_TEST(s.line() == 1u);
  // '{' (column 10) and FILTER's '(' (18) are levels 1 and 2.
  BOOST_TEST(s.column() == 19u + 998u);

  const std::string braces =
      "SELECT * " + std::string(10000, '{') + std::string(10000, '}');
  s = ParseError(braces);
  BOOST_TEST(s.column() == 10u + 1000u);

  const std::string brackets = "SELECT * { ?s ?p " + std::string(10000, '[') +
                               std::string(10000, ']') + " }";
  s = ParseError(brackets);
  BOOST_TEST(s.message().find("nesting too deep") == 0u);

  // Brackets inside strings and comments do not count, nor escaped ones;
  // balanced ones inside IRIs count one level at most.
  std::string iri = "<http://x/";
  for (int i = 0; i < 5000; ++i) iri += "(a)";
  iri += ">";
  const std::string hidden = "SELECT * { ?s " + iri + " \"" +
                             std::string(5000, '[') + "\" # " +
                             std::string(5000, '{') + "\n. ?s :p\\(\\) ?o }";
  Parse(hidden);
}

BOOST_AUTO_TEST_CASE(nesting_up_to_the_limit_parses) {
  SparqlParseOptions options = Options();
  options.max_nesting = 1000;
  // 1000 levels in all: the group's brace, FILTER's '(' and 998 more.
  const std::string expr = "SELECT * { FILTER(" + std::string(998, '(') + "1" +
                           std::string(998, ')') + ") }";
  Parse(expr, options);
  const std::string groups =
      "SELECT * " + std::string(1000, '{') + std::string(1000, '}');
  Parse(groups, options);
  const std::string lists = "SELECT * { ?s ?p " + std::string(999, '(') + "1" +
                            std::string(999, ')') + " }";
  Parse(lists, options);
  // One more level is refused.
  const Status refused = ParseError(
      "SELECT * " + std::string(1001, '{') + std::string(1001, '}'), options);
  BOOST_TEST(refused.column() == 10u + 1000u);
}

BOOST_AUTO_TEST_CASE(nesting_at_the_largest_allowed_limit_parses) {
  // The deepest nesting any option allows must fit on the stack.
  SparqlParseOptions options = Options();
  options.max_nesting = kMaxSparqlNesting;
  const std::size_t n = kMaxSparqlNesting - 2;
  Parse("SELECT * { FILTER(" + std::string(n, '(') + "?x" +
            std::string(n, ')') + ") }",
        options);
  Parse("SELECT * " + std::string(n, '{') + std::string(n, '}'), options);
  Parse(
      "SELECT * { FILTER(" + std::string(n / 2, '(') +
          [&] {
            std::string s;
            for (std::size_t i = 0; i < n / 4; ++i) s += "STR(";
            return s;
          }() +
          "1" + std::string(n / 4, ')') + std::string(n / 2, ')') + ") }",
      options);
  options.max_nesting = 1u << 30;  // clamped
  const Status clamped =
      ParseError("SELECT * " + std::string(kMaxSparqlNesting + 1, '{') +
                     std::string(kMaxSparqlNesting + 1, '}'),
                 options);
  BOOST_TEST(clamped.column() == 10u + kMaxSparqlNesting);
}

BOOST_AUTO_TEST_CASE(large_values_block_parses) {
  std::string text = "SELECT * WHERE { ?s ?p ?o } VALUES (?s ?o) {\n";
  std::size_t rows = 0;
  while (text.size() < (1u << 20)) {
    text += "  (<http://example.org/item/" + std::to_string(rows) +
            "> \"value number " + std::to_string(rows) + "\"@en)\n";
    ++rows;
  }
  text += "}\n";
  const ast::Request r = Parse(text);
  BOOST_TEST_REQUIRE(r.query.values.has_value());
  BOOST_TEST(r.query.values->rows.size() == rows);
  BOOST_TEST(r.query.values->rows.back()[0]->lexical ==
             "http://example.org/item/" + std::to_string(rows - 1));
}

BOOST_AUTO_TEST_CASE(many_update_operations_parse_without_recursion) {
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    text += "INSERT DATA { :s :p " + std::to_string(i) + " } ;\n";
  }
  const ast::Request r = Parse(text);
  BOOST_TEST(r.operations.size() == 20000u);
  // Room is reserved ahead for the first operation's quads only (at most
  // 32,768), not again for each of the others.
  std::size_t capacity = 0;
  for (const ast::UpdateOperation& op : r.operations)
    capacity += op.insert_quads.capacity();
  BOOST_TEST(capacity <= 20000u + 32768u);
}

// IRIs, strings and comments are skipped 16 bytes at a time up to the block
// holding the byte that stops them (rdf_terminals.h, SkipPlain): that byte,
// at every offset from the start and within a block, must end the run just
// where a byte-by-byte scan ends it.
BOOST_AUTO_TEST_CASE(runs_stop_at_the_same_byte_at_every_offset) {
  const std::string head = "INSERT DATA { <s> <p> ";
  for (std::size_t n = 0; n <= 40; ++n) {
    BOOST_TEST_CONTEXT("after " << n << " plain bytes") {
      const std::string xs(n, 'x');
      // Non-ASCII characters are taken whole, and the run goes on.
      const std::string iri = "http://e/" + xs + "\u0641\u00e9/" + xs;
      const std::string lit =
          xs + "\u063a\u0648\u062a\u064a\u0631\u064a\u0634" + xs;
      ast::Request r =
          Parse(head + "<" + iri + "> , \"" + lit + "\" , '" + lit +
                "' , \"\"\"" + lit + "\n" + lit + "\"\"\" # " + xs + "}\n}");
      const auto& quads = r.operations.at(0).insert_quads;
      BOOST_TEST_REQUIRE(quads.size() == 4u);
      BOOST_TEST(TermOf(quads[0].object).lexical == iri);
      BOOST_TEST(TermOf(quads[1].object).lexical == lit);
      BOOST_TEST(TermOf(quads[2].object).lexical == lit);
      BOOST_TEST(TermOf(quads[3].object).lexical == lit + "\n" + lit);
      // A byte the run excludes, or one that is not UTF-8, stops it there
      // (an IRI is then no IRI: the error is at its '<').
      const std::uint64_t object = head.size() + 1;  // 1-based column
      BOOST_TEST(ParseError(head + "<http://e/" + xs + " y> }").column() ==
                 object);
      BOOST_TEST(ParseError(head + "<http://e/" + xs + "{y> }").column() ==
                 object);
      BOOST_TEST(
          ParseError(head + "<http://e/" + xs + "\xff" + "y> }").column() ==
          object);
      Status bad = ParseError(head + "\"" + xs + "\xff" + "y\" }");
      BOOST_TEST(bad.column() == object + 1 + n);
      BOOST_TEST(bad.message() == "invalid UTF-8 byte sequence");
      Status newline = ParseError(head + "\"" + xs + "\ny\" }");
      BOOST_TEST(newline.line() == 1u);
      BOOST_TEST(newline.column() == head.size() + 1 + n + 1);
    }
  }
}

// --- ToSparql ---

BOOST_AUTO_TEST_CASE(to_sparql_round_trips) {
  std::vector<const char*> corpus(std::begin(kValidRequests),
                                  std::end(kValidRequests));
  corpus.insert(corpus.end(), std::begin(kPeerQueries), std::end(kPeerQueries));
  for (const char* text : corpus) {
    BOOST_TEST_CONTEXT(text) {
      const ast::Request first = Parse(text);
      const std::string printed = ast::ToSparql(first);
      const ast::Request second = Parse(printed);
      const std::string reprinted = ast::ToSparql(second);
      BOOST_TEST(printed == reprinted);
      // Apart from the names of anonymous blank nodes the ASTs are equal.
      if (printed.find("_:b") == std::string::npos) {
        BOOST_TEST((first == second), "printed:\n" << printed);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(to_sparql_output) {
  const ast::Request r = Parse(
      "PREFIX ex: <http://example.org/> SELECT ?x (COUNT(*) AS ?n) "
      "WHERE { ?x ex:p [ ex:q 1 ] FILTER (?x != ex:a) } GROUP BY ?x");
  BOOST_TEST(ast::ToSparql(r) ==
             "SELECT ?x (COUNT(*) AS ?n)\n"
             "WHERE {\n"
             "  _:b0 <http://example.org/q> 1 .\n"
             "  ?x <http://example.org/p> _:b0 .\n"
             "  FILTER (?x != <http://example.org/a>)\n"
             "}\n"
             "GROUP BY ?x\n");
  // An anonymous node never takes a label the text already uses.
  const ast::Request clash = Parse("SELECT * { _:b0 :p [] }");
  BOOST_TEST(ast::ToSparql(clash) ==
             "SELECT *\nWHERE {\n  _:b0 <http://example.org/p> _:b0_1 .\n}\n");
  const ast::Request update =
      Parse("INSERT DATA { :a :b 1.0, -2, \"x\"@ar . GRAPH :g { :a :b :c } }");
  BOOST_TEST(ast::ToSparql(update) ==
             "INSERT DATA {\n"
             "  <http://example.org/a> <http://example.org/b> 1.0 .\n"
             "  <http://example.org/a> <http://example.org/b> -2 .\n"
             "  <http://example.org/a> <http://example.org/b> \"x\"@ar .\n"
             "  GRAPH <http://example.org/g> {\n"
             "    <http://example.org/a> <http://example.org/b> "
             "<http://example.org/c> .\n"
             "  }\n"
             "}\n");
  const ast::Request expr = Parse("SELECT ((1 + 2) * -(3) AS ?x) {}");
  BOOST_TEST(ast::ToSparql(*expr.query.select[0].expr) == "(1 + 2) * -(3)");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace kg::query
