// The numbered update transactions of update_crash_test.cc, shared with the
// process it kills (update_crash_child.cc). Request N is four operations in
// one Database::Update call; a partial commit of any of them is visible.
#ifndef KG_TESTS_UNIT_QUERY_UPDATE_CRASH_TX_H_
#define KG_TESTS_UNIT_QUERY_UPDATE_CRASH_TX_H_

#include <string>
#include <vector>

#include "kg/quad.h"
#include "kg/term.h"

namespace kg::testing {

inline constexpr char kCrashNs[] = "http://ex.org/";
inline constexpr char kXsd[] = "http://www.w3.org/2001/XMLSchema#";

// The quads of transaction N besides the marker: this many, all with
// subject <http://ex.org/tx/N>, in two graphs.
inline constexpr int kQuadsPerTx = 5;

inline Term CrashIri(const std::string& local) {
  return Term::Iri(kCrashNs + local);
}

inline Term TxSubject(int n) { return CrashIri("tx/" + std::to_string(n)); }

// A literal whose length varies with N (50 to 449 bytes), so that commits
// end at many different offsets of the write-ahead log.
inline std::string TxPayload(int n) {
  return std::string(50 + (n * 37) % 400, static_cast<char>('a' + n % 26));
}

// The kQuadsPerTx quads transaction N adds and never removes.
inline std::vector<Quad> TxQuads(int n) {
  const std::string num = std::to_string(n);
  const Term s = TxSubject(n), g = CrashIri("g");
  return {
      {s, CrashIri("n"), Term::Literal(num, std::string(kXsd) + "integer"), g},
      {s, CrashIri("label"), Term::Literal("transaction " + num), g},
      {s, CrashIri("next"), TxSubject(n + 1), g},
      {s, CrashIri("half"),
       Term::Literal(num + ".5", std::string(kXsd) + "decimal"), g},
      {s, CrashIri("payload"), Term::Literal(TxPayload(n)), CrashIri("g2")},
  };
}

// The marker quad after transaction N: <last> <value> N in <g>.
inline Quad MarkerQuad(int n) {
  return {CrashIri("last"), CrashIri("value"),
          Term::Literal(std::to_string(n), std::string(kXsd) + "integer"),
          CrashIri("g")};
}

// The flag on the newest transaction: <tx/N> <open> true in <g>.
inline Quad OpenFlagQuad(int n) {
  return {TxSubject(n), CrashIri("open"),
          Term::Literal("true", std::string(kXsd) + "boolean"), CrashIri("g")};
}

// The four operations of transaction N: the first adds four of its quads,
// the next two take the marker and the open flag off transaction N-1, the
// last adds the marker, the flag and its fifth quad.
inline std::vector<std::string> TxOperations(int n) {
  const std::string num = std::to_string(n);
  const std::string s = "<" + TxSubject(n).lexical + ">";
  return {
      "INSERT DATA {\n  GRAPH x:g { " + s + " x:n " + num +
          " ; x:label \"transaction " + num + "\" ; x:next <" +
          TxSubject(n + 1).lexical + "> }\n  GRAPH x:g2 { " + s +
          " x:payload \"" + TxPayload(n) + "\" }\n}",
      "DELETE WHERE { GRAPH x:g { x:last x:value ?old } }",
      "DELETE WHERE { GRAPH x:g { ?t x:open true } }",
      "INSERT DATA { GRAPH x:g { x:last x:value " + num + " . " + s +
          " x:open true ; x:half " + num + ".5 } }",
  };
}

inline std::string TxPrologue() {
  return "PREFIX x: <" + std::string(kCrashNs) + ">\n";
}

// Transaction N as one SPARQL Update request.
inline std::string TxRequest(int n) {
  std::string text = TxPrologue();
  for (const std::string& op : TxOperations(n)) {
    if (text.size() > TxPrologue().size()) text += " ;\n";
    text += op;
  }
  return text + "\n";
}

}  // namespace kg::testing

#endif  // KG_TESTS_UNIT_QUERY_UPDATE_CRASH_TX_H_
