// The shell's statements: a session (the open database and the settings the
// dot-commands change), the one table of dot-commands that drives both
// dispatch and .help, how lines become complete statements, and running a
// statement (dot-command, SPARQL, or shorthand).
#ifndef KG_SHELL_COMMANDS_H_
#define KG_SHELL_COMMANDS_H_

#include <cstdint>
#include <fstream>
#include <istream>
#include <map>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kg/database.h"
#include "kg/status.h"
#include "shell/name_resolver.h"
#include "shell/render.h"

namespace kg::shell {

enum class OutputMode : std::uint8_t { kTable, kCsv, kTsv, kJson, kTurtle };

struct Settings {
  OutputMode mode = OutputMode::kTable;
  bool headers = true;
  bool timer = false;
  // Stop at the first error (and exit with status 1).
  bool bail = false;
  // Wrap right-to-left text in Unicode isolates (FSI ... PDI).
  bool isolates = true;
  // Table output shows each IRI's label (in `language`) beside it.
  bool labels = true;
  LabelLanguage language = LabelLanguage::kEnglish;
  // Table mode shows at most this many rows (0: all) and counts the rest.
  std::uint64_t max_rows = 1000;
};

class Session {
 public:
  explicit Session(bool interactive);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Opens the database at `path` (read-only beside another process that
  // holds it), replacing the open one only on success. `create`: make an
  // empty database when there is none.
  Status Open(const std::string& path, bool create);
  bool is_open() const { return db_ != nullptr; }
  Database& db() { return *db_; }
  const std::string& path() const { return path_; }

  // Re-reads the database's prefixes (after a load) under the user's.
  Status RefreshPrefixes();
  // Forgets the label index and completion words (after a load).
  void DataChanged();

  // Where results go: stdout, or the file named by .output.
  std::ostream& out() { return *out_; }
  Status SetOutput(const std::string& path);

  // The options every query of this session runs with.
  QueryOptions query_options() const;

  Settings settings;
  PrefixMap prefixes;
  // `.prefix` declarations: kept over .open and applied over the
  // database's own.
  std::map<std::string, std::string> user_prefixes;
  NameResolver resolver;
  const bool interactive;
  bool quit = false;
  // An error was reported; with .bail on the session is stopping.
  bool had_error = false;
  bool bailing = false;
  // Nesting of .read.
  int read_depth = 0;
  // Cancelled by Ctrl-C (see repl.cc); reset before each interactive
  // statement.
  const std::shared_ptr<CancellationToken> cancel;

 private:
  Status OpenDatabase(const std::string& path, bool create);

  std::unique_ptr<Database> db_;
  Database* db_ptr_ = nullptr;  // for the resolver, which sees db_ by pointer
  std::string path_;
  std::ofstream file_;
  std::ostream* out_;
};

// A dot-command: `.name ARGS`, one line of help, and its handler.
struct DotCommand {
  const char* name;
  const char* args;  // "on|off" lists the accepted words (tab completion)
  const char* help;
  Status (*run)(Session&, std::string_view args);
};

// The command table, in the order .help lists it.
std::span<const DotCommand> DotCommands();

// SPARQL words tab completion offers.
std::span<const char* const> SparqlKeywords();

enum class StatementKind : std::uint8_t {
  kEmpty,       // blank, or only a '#' comment
  kDotCommand,  // starts with '.'
  kSparql,      // starts with a SPARQL keyword (DESCRIBE only with a
                // ?var or '*', a WHERE or FROM clause, or several IRIs;
                // `describe NAME` is shorthand)
  kShorthand,   // anything else
};
StatementKind ClassifyStatement(std::string_view text);

// Collects lines until they form a complete statement: a dot-command or
// shorthand line is complete at once; SPARQL is complete when it parses,
// when its last line ends with ';', or when its error lies anywhere but at
// the end of the text (it will be reported when run).
class StatementBuffer {
 public:
  explicit StatementBuffer(const PrefixMap* prefixes) : prefixes_(prefixes) {}
  // Adds `line` (without its newline); true when a statement is complete.
  bool Add(std::string_view line);
  bool empty() const { return text_.empty(); }
  // The collected statement without a final ';'; clears the buffer.
  std::string Take();
  void Clear() { text_.clear(); }

 private:
  const PrefixMap* prefixes_;
  std::string text_;
};

// True when `text`, a SPARQL request, parses except for an error at its
// very end (more lines could complete it).
bool SparqlNeedsMore(std::string_view text, const PrefixMap& prefixes);

// Runs one complete statement and prints its output to session.out().
Status ExecuteStatement(Session& session, std::string_view statement);

// Prints `status` on stderr: "error: " and the message; for a parse error
// its position (lines counted from `first_line` of `source`), the line
// with a caret, and the message's further lines.
void ReportError(const Status& status, const std::string& source = "",
                 std::uint64_t first_line = 1);

// Reads statements from `in` (named `source`) until its end, .quit, or,
// with .bail on, the first error; reports each error. Sets had_error and
// bailing on the session.
void RunScript(Session& session, std::istream& in, const std::string& source);

}  // namespace kg::shell

#endif  // KG_SHELL_COMMANDS_H_
