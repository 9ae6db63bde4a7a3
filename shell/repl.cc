// A minimal REPL: dot-commands from one table, and quad pattern lookups
// `s p o [g]` where each position is ?var, <iri>, prefix:name, a bare name in
// the default namespace, or a "literal".
#include "shell/repl.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>

#include "kg/store.h"
#include "shell/batch_commands.h"

#ifndef KG_DATASETS_DIR
#define KG_DATASETS_DIR "datasets"
#endif

namespace kg::shell {
namespace fs = std::filesystem;

std::string DefaultDatabasePath() {
  if (const char* home = std::getenv("KG_HOME"); home && *home) {
    return std::string(home) + "/default.kgdb";
  }
  const char* user_home = std::getenv("HOME");
  return fmt::format("{}/.local/share/kg/default.kgdb",
                     user_home ? user_home : ".");
}

namespace {

struct Session {
  std::string db;
  std::unique_ptr<Store> store;
  std::map<std::string, std::string> prefixes;
  bool quit = false;
};

using Handler = Status (*)(Session&, const std::string& arg);

struct DotCommand {
  const char* name;
  const char* args;
  const char* help;
  Handler run;
};

Status CmdHelp(Session&, const std::string& arg);

Status CmdQuit(Session& s, const std::string&) {
  s.quit = true;
  return Status::Ok();
}

Status CmdStats(Session& s, const std::string&) {
  KG_ASSIGN_OR_RETURN(StoreStats st, s.store->Stats());
  std::printf("%llu quads, %llu terms, %zu graphs, %zu predicates\n",
              static_cast<unsigned long long>(st.quads),
              static_cast<unsigned long long>(st.terms), st.graphs.size(),
              st.predicates.size());
  for (const PredicateStats& p : st.predicates) {
    std::printf("  %8llu  %s\n", static_cast<unsigned long long>(p.quads),
                p.predicate.ToNTriples().c_str());
  }
  return Status::Ok();
}

Status CmdGraphs(Session& s, const std::string&) {
  KG_ASSIGN_OR_RETURN(StoreStats st, s.store->Stats());
  for (const GraphStats& g : st.graphs) {
    std::printf("  %8llu  %s\n", static_cast<unsigned long long>(g.quads),
                g.graph.is_default_graph() ? "(default graph)"
                                           : g.graph.ToNTriples().c_str());
  }
  return Status::Ok();
}

Status CmdPrefixes(Session& s, const std::string&) {
  for (auto& [p, iri] : s.prefixes) {
    std::printf("%s: <%s>\n", p.c_str(), iri.c_str());
  }
  return Status::Ok();
}

constexpr DotCommand kCommands[] = {
    {".help", "[PATTERN]", "show the commands matching PATTERN", CmdHelp},
    {".stats", "", "quad and term counts, quads per predicate", CmdStats},
    {".graphs", "", "the graphs and their sizes", CmdGraphs},
    {".prefixes", "", "the namespace prefixes known to the database",
     CmdPrefixes},
    {".quit", "", "leave the shell (also Ctrl-D)", CmdQuit},
};

Status CmdHelp(Session&, const std::string& arg) {
  std::printf(
      "Type a quad pattern: S P O [G], each a ?variable, <iri>, prefix:name,\n"
      "a bare name in the default namespace, or a \"literal\". Example:\n"
      "  ?who :vetoed ?draft\n\nCommands:\n");
  for (const DotCommand& c : kCommands) {
    if (!arg.empty() && std::string(c.name).find(arg) == std::string::npos &&
        std::string(c.help).find(arg) == std::string::npos) {
      continue;
    }
    std::printf("  %-10s %-10s %s\n", c.name, c.args, c.help);
  }
  return Status::Ok();
}

// Splits a pattern line into tokens; quoted literals stay whole.
std::vector<std::string> Tokenize(const std::string& line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (std::isspace(static_cast<unsigned char>(line[i]))) {
      ++i;
      continue;
    }
    std::size_t start = i;
    if (line[i] == '"') {
      ++i;
      while (i < line.size() && line[i] != '"') i += line[i] == '\\' ? 2 : 1;
      ++i;
      while (i < line.size() &&
             !std::isspace(static_cast<unsigned char>(line[i])))
        ++i;
    } else {
      while (i < line.size() &&
             !std::isspace(static_cast<unsigned char>(line[i])))
        ++i;
    }
    out.push_back(line.substr(start, std::min(i, line.size()) - start));
  }
  if (!out.empty() && out.back() == ".") out.pop_back();
  return out;
}

Result<std::optional<Term>> ParseToken(const Session& s, const std::string& t) {
  if (t.empty() || t[0] == '?') return std::optional<Term>();
  if (t.front() == '<' && t.back() == '>' && t.size() >= 2) {
    return std::optional<Term>(Term::Iri(t.substr(1, t.size() - 2)));
  }
  if (t.front() == '"') {
    std::size_t close = t.rfind('"');
    if (close == 0) return Status::InvalidArgument("unterminated literal " + t);
    std::string lex = t.substr(1, close - 1);
    std::string rest = t.substr(close + 1);
    if (rest.rfind("@", 0) == 0) {
      return std::optional<Term>(Term::LangLiteral(lex, rest.substr(1)));
    }
    return std::optional<Term>(Term::Literal(lex));
  }
  std::size_t colon = t.find(':');
  std::string prefix = colon == std::string::npos ? "" : t.substr(0, colon);
  std::string local = colon == std::string::npos ? t : t.substr(colon + 1);
  auto it = s.prefixes.find(prefix);
  if (it == s.prefixes.end()) {
    return Status::InvalidArgument(
        colon == std::string::npos
            ? fmt::format(
                  "'{}': no default namespace; write <iri> or prefix:name", t)
            : fmt::format("unknown prefix '{}:' (see .prefixes)", prefix));
  }
  return std::optional<Term>(Term::Iri(it->second + local));
}

std::string Compact(const Session& s, const Term& t) {
  if (t.is_iri()) {
    for (auto& [p, ns] : s.prefixes) {
      if (t.lexical.size() > ns.size() &&
          t.lexical.compare(0, ns.size(), ns) == 0) {
        return fmt::format("{}:{}", p, t.lexical.substr(ns.size()));
      }
    }
  }
  return t.ToNTriples();
}

Status RunPattern(Session& s, const std::string& line) {
  std::vector<std::string> tokens = Tokenize(line);
  if (tokens.size() != 3 && tokens.size() != 4) {
    return Status::InvalidArgument(
        "expected a pattern of 3 or 4 terms: S P O [G] (try .help)");
  }
  QuadPattern pattern;
  std::optional<Term>* slots[4] = {&pattern.subject, &pattern.predicate,
                                   &pattern.object, &pattern.graph};
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    KG_ASSIGN_OR_RETURN(*slots[i], ParseToken(s, tokens[i]));
  }
  std::uint64_t rows = 0;
  KG_RETURN_IF_ERROR(s.store->Match(pattern, [&](const Quad& q) {
    std::printf("%s  %s  %s  %s\n", Compact(s, q.subject).c_str(),
                Compact(s, q.predicate).c_str(), Compact(s, q.object).c_str(),
                q.graph.is_default_graph() ? "" : Compact(s, q.graph).c_str());
    return ++rows < 1000;
  }));
  std::printf("(%llu row%s%s)\n", static_cast<unsigned long long>(rows),
              rows == 1 ? "" : "s", rows >= 1000 ? ", stopped at 1000" : "");
  return Status::Ok();
}

Status Execute(Session& s, const std::string& line) {
  if (line[0] == '.') {
    std::string name = line.substr(0, line.find(' '));
    std::string arg =
        name.size() < line.size() ? line.substr(name.size() + 1) : "";
    for (const DotCommand& c : kCommands) {
      if (name == c.name) return c.run(s, arg);
    }
    return Status::InvalidArgument(
        fmt::format("unknown command {} (try .help)", name));
  }
  return RunPattern(s, line);
}

}  // namespace

int RunRepl(const std::string& db, bool is_default) {
  std::error_code ec;
  if (is_default && !fs::exists(fs::path(db) / "CURRENT", ec)) {
    std::string dataset = std::string(KG_DATASETS_DIR) + "/unsc/unsc.trig";
    if (const char* d = std::getenv("KG_DATASETS"); d && *d) {
      dataset = std::string(d) + "/unsc/unsc.trig";
    }
    fs::create_directories(fs::path(db).parent_path(), ec);
    if (fs::exists(dataset, ec)) {
      std::fprintf(
          stderr,
          "first start: loading the UN Security Council dataset into %s\n",
          db.c_str());
      LoadArgs la;
      la.db = db;
      la.files = {dataset};
      la.quiet = true;
      if (int rc = RunLoad(la); rc != kExitOk) return rc;
    }
  }
  StoreOptions so;
  so.create_if_missing = is_default;
  auto store = Store::Open(db, so);
  if (!store.ok() && store.status().code() == StatusCode::kBusy) {
    so.read_only = true;
    store = Store::Open(db, so);
    if (store.ok())
      std::fprintf(stderr, "(read-only: another process holds %s)\n",
                   db.c_str());
  }
  if (!store.ok()) {
    PrintError("", store.status());
    return kExitError;
  }
  Session s;
  s.db = db;
  s.store = std::move(store).value();
  if (auto p = s.store->Prefixes(); p.ok()) {
    for (auto& [name, iri] : *p) s.prefixes[name] = iri;
  }
  const bool tty = ::isatty(STDIN_FILENO) == 1;
  if (tty) {
    std::printf("kg shell on %s. Type .help for help, .quit to leave.\n",
                db.c_str());
  }
  int rc = kExitOk;
  std::string line;
  while (!s.quit) {
    if (tty) {
      std::printf("kg> ");
      std::fflush(stdout);
    }
    if (!std::getline(std::cin, line)) break;
    std::size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    line = line.substr(b);
    Status st = Execute(s, line);
    if (!st.ok()) {
      PrintError("", st);
      if (!tty) rc = kExitError;
    }
    std::fflush(stdout);
  }
  return rc;
}

}  // namespace kg::shell
