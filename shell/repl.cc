// The shell's input side: libedit on a terminal (prompts, history file,
// tab completion, Ctrl-C to clear the line or cancel the running query),
// plain reading from a pipe or file. Statements run in shell/commands.cc.
#include "shell/repl.h"

#include <dirent.h>
#include <fmt/format.h>
#include <histedit.h>
#include <langinfo.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "kg/store.h"
#include "shell/batch_commands.h"
#include "shell/commands.h"
#include "store/encoding.h"

#ifndef KG_DATASETS_DIR
#define KG_DATASETS_DIR "datasets"
#endif

namespace kg::shell {
namespace fs = std::filesystem;

namespace {

std::string KgHome() {
  if (const char* home = std::getenv("KG_HOME"); home && *home) return home;
  const char* user_home = std::getenv("HOME");
  return fmt::format("{}/.local/share/kg", user_home ? user_home : ".");
}

// Ctrl-C: cancels whatever the session is running (a query, a load, a
// script). Cancel() is one atomic store, safe in a signal handler.
CancellationToken* g_cancel = nullptr;

extern "C" void OnSigint(int) {
  if (g_cancel != nullptr) g_cancel->Cancel();
}

void InstallSigint(CancellationToken* token) {
  g_cancel = token;
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a read blocked on a pipe returns, so a script stops.
  sigaction(SIGINT, &action, nullptr);
}

// ---------------------------------------------------------------------------
// The terminal editor

struct Editor {
  Session* session = nullptr;
  StatementBuffer* buffer = nullptr;
  bool interrupted = false;  // Ctrl-C while editing
  FILE* out = stdout;
};
Editor g_editor;

char* Prompt(EditLine*) {
  static char kFirst[] = "kg> ";
  static char kMore[] = "...> ";
  return g_editor.buffer->empty() ? kFirst : kMore;
}

// Ctrl-C while editing (the terminal sends it as a character then): the
// line and any statement begun on earlier lines are dropped.
unsigned char OnInterruptKey(EditLine*, int) {
  g_editor.interrupted = true;
  return CC_NEWLINE;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool StartsWithIgnoringCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

// Files and folders starting with `partial` (for .open, .load, .read).
std::vector<std::string> FileCandidates(const std::string& partial) {
  std::vector<std::string> out;
  const std::size_t slash = partial.rfind('/');
  const std::string dir =
      slash == std::string::npos ? "." : partial.substr(0, slash + 1);
  const std::string stem =
      slash == std::string::npos ? partial : partial.substr(slash + 1);
  const std::string shown = slash == std::string::npos ? "" : dir;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!StartsWith(name, stem) || (stem.empty() && name[0] == '.')) continue;
    out.push_back(shown + name + (entry.is_directory(ec) ? "/" : ""));
  }
  return out;
}

// The words that could replace `word`, the word being typed at the end of
// `before` (the line up to the cursor).
std::vector<std::string> Candidates(Session& s, const std::string& before,
                                    const std::string& word) {
  std::vector<std::string> out;
  const bool command_line = !before.empty() && before[0] == '.';
  if (command_line && before.size() == word.size()) {
    for (const DotCommand& c : DotCommands()) {
      if (StartsWith(c.name, word)) out.push_back(c.name);
    }
    return out;
  }
  if (command_line) {
    const std::string name = before.substr(0, before.find(' '));
    for (const DotCommand& c : DotCommands()) {
      if (name != c.name) continue;
      const std::string_view args = c.args;
      if (args.find('|') != std::string_view::npos &&
          args.find(' ') == std::string_view::npos) {
        std::size_t start = 0;
        while (start <= args.size()) {
          std::size_t bar = args.find('|', start);
          if (bar == std::string_view::npos) bar = args.size();
          std::string choice(args.substr(start, bar - start));
          if (StartsWith(choice, word)) out.push_back(choice);
          start = bar + 1;
        }
        return out;
      }
      if (name == ".open" || name == ".load" || name == ".read" ||
          name == ".output") {
        return FileCandidates(word);
      }
      if (name != ".explain") return out;
    }
  }
  // Names and labels come from the store's label index for this word.
  std::vector<std::string> names;
  if (s.is_open() && !word.empty()) {
    if (auto words = s.resolver.Completions(word); words.ok()) {
      names = std::move(*words);
    }
  }
  for (const auto& [prefix, iri] : s.prefixes.entries()) {
    names.push_back(prefix + ":");
  }
  // Keywords in the case the word is typed in.
  const bool lower =
      !word.empty() && std::islower(static_cast<unsigned char>(word[0]));
  for (const char* k : SparqlKeywords()) {
    if (!word.empty() && StartsWithIgnoringCase(k, word)) {
      std::string keyword = k;
      if (lower) {
        for (char& c : keyword) {
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
      }
      out.push_back(keyword);
    }
  }
  for (const std::string& w : names) {
    if (StartsWith(w, word)) out.push_back(w);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

unsigned char OnTab(EditLine* el, int) {
  const LineInfo* line = el_line(el);
  const std::string before(line->buffer, line->cursor);
  const std::size_t start = before.find_last_of(" \t({,;|/^`");
  std::size_t word_start = start == std::string::npos ? 0 : start + 1;
  // In a «quoted name», the word is everything after the guillemet.
  const std::size_t guillemet = before.rfind("\u00AB");
  if (guillemet != std::string::npos &&
      before.find("\u00BB", guillemet) == std::string::npos) {
    word_start = guillemet + 2;
  }
  // A file name keeps its slashes.
  if (!before.empty() && before[0] == '.') {
    const std::size_t space = before.rfind(' ');
    word_start = space == std::string::npos ? 0 : space + 1;
  }
  const std::string word = before.substr(word_start);
  std::vector<std::string> found = Candidates(*g_editor.session, before, word);
  if (found.empty()) return CC_REFRESH_BEEP;
  std::string common = found[0];
  for (const std::string& f : found) {
    std::size_t n = 0;
    while (n < common.size() && n < f.size() && common[n] == f[n]) ++n;
    common.resize(n);
  }
  // Never cut a UTF-8 sequence in two.
  while (!common.empty() &&
         (static_cast<unsigned char>(common.back()) & 0xC0) == 0x80) {
    common.pop_back();
  }
  if (!common.empty() &&
      (static_cast<unsigned char>(common.back()) & 0xC0) == 0xC0) {
    common.pop_back();
  }
  if (found.size() == 1) {
    std::string rest = found[0].substr(word.size());
    const char last = found[0].back();
    if (last != ':' && last != '/') rest += ' ';
    if (el_insertstr(el, rest.c_str()) == -1) return CC_ERROR;
    return CC_REFRESH;
  }
  if (common.size() > word.size()) {
    if (el_insertstr(el, common.substr(word.size()).c_str()) == -1) {
      return CC_ERROR;
    }
    return CC_REFRESH;
  }
  constexpr std::size_t kMaxListed = 60;
  std::string list = "\n";
  for (std::size_t i = 0; i < found.size() && i < kMaxListed; ++i) {
    list += found[i];
    list += (i + 1) % 4 == 0 ? "\n" : "    ";
  }
  if (found.size() > kMaxListed) {
    list += fmt::format("... and {} more", found.size() - kMaxListed);
  }
  if (list.back() != '\n') list += '\n';
  std::fputs(list.c_str(), g_editor.out);
  return CC_REDISPLAY;
}

// A statement as one history entry: its lines joined with spaces, unless a
// '#' could start a comment that would then swallow the rest.
std::string HistoryEntry(const std::string& statement) {
  if (statement.find('#') != std::string::npos) return statement;
  std::string entry = statement;
  std::replace(entry.begin(), entry.end(), '\n', ' ');
  return entry;
}

void Execute(Session& s, const std::string& statement) {
  s.cancel->Reset();
  Status st = ExecuteStatement(s, statement);
  s.out().flush();
  if (!st.ok()) {
    // After Ctrl-C the terminal shows ^C on the statement's line.
    if (st.code() == StatusCode::kAborted && s.cancel->cancelled()) {
      std::fputs("\n", stderr);
    }
    ReportError(st);
    s.had_error = true;
    if (s.settings.bail) s.bailing = true;
  }
}

int RunTerminal(Session& s) {
  // libedit reads multibyte input only under a UTF-8 locale (main() has
  // called setlocale(LC_ALL, "")); under C or POSIX it would drop Arabic.
  if (std::string_view codeset = nl_langinfo(CODESET);
      codeset != "UTF-8" && codeset != "utf8") {
    std::setlocale(LC_CTYPE, "C.UTF-8");
  }
  StatementBuffer buffer(&s.prefixes);
  g_editor.session = &s;
  g_editor.buffer = &buffer;
  g_editor.out = ::isatty(STDOUT_FILENO) ? stdout : stderr;

  std::error_code ec;
  fs::create_directories(KgHome(), ec);
  const std::string history_path = HistoryPath();
  HistEvent event;
  History* history = history_init();
  ::history(history, &event, H_SETSIZE, 2000);
  ::history(history, &event, H_SETUNIQUE, 1);
  ::history(history, &event, H_LOAD, history_path.c_str());

  EditLine* el = el_init("kg", stdin, g_editor.out, stderr);
  el_set(el, EL_EDITOR, "emacs");
  el_set(el, EL_PROMPT, Prompt);
  el_set(el, EL_HIST, ::history, history);
  el_set(el, EL_ADDFN, "kg-complete", "complete a name, keyword or command",
         OnTab);
  el_set(el, EL_BIND, "^I", "kg-complete", nullptr);
  el_set(el, EL_ADDFN, "kg-interrupt", "drop the line being typed",
         OnInterruptKey);
  el_set(el, EL_BIND, "^C", "kg-interrupt", nullptr);
  // While editing, Ctrl-C arrives as a key (bound above), not as SIGINT.
  el_set(el, EL_SETTY, "-d", "-isig", nullptr);
  el_source(el, nullptr);

  std::fprintf(g_editor.out,
               "kg shell on %s. Type .help for help, Ctrl-D to leave.\n",
               s.path().c_str());
  while (!s.quit && !s.bailing) {
    g_editor.interrupted = false;
    int count = 0;
    const char* got = el_gets(el, &count);
    if (g_editor.interrupted) {
      std::fputs("^C\n", g_editor.out);
      buffer.Clear();
      continue;
    }
    if (got == nullptr || count <= 0) {
      if (count == -1 && errno == EINTR) continue;
      std::fputs("\n", g_editor.out);
      break;
    }
    std::string text(got, static_cast<std::size_t>(count));
    if (!text.empty() && text.back() == '\n') text.pop_back();
    // A recalled history entry may hold several lines.
    std::size_t start = 0;
    while (start <= text.size() && !s.quit && !s.bailing) {
      std::size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      if (buffer.Add(std::string_view(text).substr(start, nl - start))) {
        const std::string statement = buffer.Take();
        ::history(history, &event, H_ENTER, HistoryEntry(statement).c_str());
        ::history(history, &event, H_SAVE, history_path.c_str());
        Execute(s, statement);
      }
      start = nl + 1;
    }
  }
  if (!buffer.empty() && !s.quit && !s.bailing) Execute(s, buffer.Take());
  ::chmod(history_path.c_str(), 0600);
  el_end(el);
  history_end(history);
  return s.bailing ? kExitError : kExitOk;
}

}  // namespace

std::string DefaultDatabasePath() { return KgHome() + "/default.kgdb"; }

std::string HistoryPath() { return KgHome() + "/history"; }

namespace {

// The file in the default database that records what it was built from:
// the bundled dataset's content hash and the storage format version.
constexpr const char* kDefaultStampFile = "kg-default-dataset";

// "unsc <fnv-1a-64 of the file> format <N>", or empty if unreadable.
std::string DatasetStamp(const std::string& dataset) {
  std::ifstream in(dataset, std::ios::binary);
  if (!in) return {};
  std::uint64_t h = 0xcbf29ce484222325ull;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      h ^= static_cast<unsigned char>(buf[i]);
      h *= 0x100000001b3ull;
    }
  }
  return fmt::format("unsc {:016x} format {}", h, store::kFormatVersion);
}

std::string ReadStamp(const std::string& db) {
  std::ifstream in(fs::path(db) / kDefaultStampFile);
  std::string line;
  std::getline(in, line);
  return line;
}

// The default database is rebuilt when the bundled dataset or the storage
// format changed since it was made. The old one is kept aside (it may hold
// data the user loaded), never deleted.
int PrepareDefaultDatabase(const std::string& db) {
  std::error_code ec;
  std::string dataset = std::string(KG_DATASETS_DIR) + "/unsc/unsc.trig";
  if (const char* d = std::getenv("KG_DATASETS"); d && *d) {
    dataset = std::string(d) + "/unsc/unsc.trig";
  }
  if (!fs::exists(dataset, ec)) return kExitOk;  // nothing to load: open as is
  const std::string stamp = DatasetStamp(dataset);
  if (fs::exists(fs::path(db) / "CURRENT", ec)) {
    const std::string have = ReadStamp(db);
    if (have == stamp) return kExitOk;
    std::string aside = fmt::format("{}.old-{}", db,
                                    static_cast<long long>(std::time(nullptr)));
    std::fprintf(stderr,
                 "the default database was built from %s; the bundled dataset "
                 "or kg's storage format has changed since. Rebuilding it; the "
                 "old one is kept at %s\n",
                 have.empty() ? "an unrecorded dataset" : have.c_str(),
                 aside.c_str());
    fs::rename(db, aside, ec);
    if (ec) {
      std::fprintf(stderr, "kg: cannot move %s aside: %s\n", db.c_str(),
                   ec.message().c_str());
      return kExitError;
    }
  }
  fs::create_directories(fs::path(db).parent_path(), ec);
  std::fprintf(stderr,
               "first start: loading the UN Security Council dataset into %s\n",
               db.c_str());
  LoadArgs la;
  la.db = db;
  la.files = {dataset};
  la.quiet = true;
  if (int rc = RunLoad(la); rc != kExitOk) return rc;
  std::ofstream out(fs::path(db) / kDefaultStampFile);
  out << stamp << "\n";
  return kExitOk;
}

}  // namespace

int RunRepl(const std::string& db, bool is_default,
            const std::vector<std::string>& commands) {
  if (is_default) {
    if (int rc = PrepareDefaultDatabase(db); rc != kExitOk) return rc;
  }
  const bool interactive = commands.empty() && ::isatty(STDIN_FILENO) == 1;
  Session s(interactive);
  s.settings.bail = !interactive;
  s.settings.isolates = ::isatty(STDOUT_FILENO) == 1;
  if (Status st = s.Open(db, is_default); !st.ok()) {
    ReportError(st);
    return kExitError;
  }
  InstallSigint(s.cancel.get());
  if (interactive) return RunTerminal(s);
  if (!commands.empty()) {
    std::string text;
    for (const std::string& c : commands) text += c + "\n";
    std::istringstream in(text);
    RunScript(s, in, "-c");
  } else {
    RunScript(s, std::cin, "stdin");
  }
  if (s.cancel->cancelled()) {
    std::fprintf(stderr, "interrupted\n");
    s.had_error = true;
  }
  std::cout.flush();
  return s.had_error ? kExitError : kExitOk;
}

}  // namespace kg::shell
