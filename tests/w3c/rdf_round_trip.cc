// Writer and store round trips of parsed RDF datasets, compared up to blank
// node renaming with the dataset first parsed.
#include "tests/w3c/rdf_round_trip.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <sstream>

#include "kg/quad_sink.h"
#include "kg/store.h"
#include "query/syntax/rdf_writer.h"
#include "tests/w3c/graph_isomorphism.h"

namespace kg::testing {
namespace {

namespace fs = std::filesystem;
using query::RdfFormat;

class Collect : public QuadSink {
 public:
  explicit Collect(RdfDocument* doc) : doc_(doc) {}
  Status Add(const Quad& q) override {
    doc_->quads.push_back(q);
    return Status::Ok();
  }
  Status AddPrefix(std::string_view prefix, std::string_view iri) override {
    for (auto& [p, ns] : doc_->prefixes) {
      if (p == prefix) {
        ns = iri;
        return Status::Ok();
      }
    }
    doc_->prefixes.emplace_back(prefix, iri);
    return Status::Ok();
  }

 private:
  RdfDocument* doc_;
};

std::string Describe(const Status& s) {
  std::string out = s.ToString();
  if (!s.context().empty()) out += "\n" + s.context();
  return out;
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    lines.emplace_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

// Lines `numbers` (1-based, ascending) of the written text, numbered, and
// the number of lines in all if some are not shown.
std::string ExcerptLines(const std::vector<std::string>& lines,
                         const std::vector<std::size_t>& numbers) {
  std::string out;
  for (std::size_t n : numbers) {
    if (n == 0 || n > lines.size()) continue;
    std::string line = lines[n - 1];
    if (line.size() > 160) line = line.substr(0, 160) + "...";
    out += "\n    " + std::to_string(n) + "| " + line;
  }
  if (numbers.size() < lines.size()) {
    out += "\n    (" + std::to_string(lines.size()) + " lines in all)";
  }
  return out;
}

// Lines [first, last] (1-based) of the written text.
std::string ExcerptRange(const std::vector<std::string>& lines,
                         std::size_t first, std::size_t last) {
  std::vector<std::size_t> numbers;
  for (std::size_t n = std::max<std::size_t>(first, 1);
       n <= std::min(last, lines.size()); ++n) {
    numbers.push_back(n);
  }
  return ExcerptLines(lines, numbers);
}

// Text that the written form of `t` most likely holds verbatim: a
// literal's first characters, an IRI's last path segment.
std::string Needle(const Term& t) {
  if (t.is_literal()) {
    std::string s = t.lexical.substr(0, 16);
    for (char c : s) {
      if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
        return {};
      }
    }
    return s;
  }
  if (t.is_iri()) {
    const std::size_t cut = t.lexical.find_last_of("/#");
    return cut == std::string::npos ? t.lexical : t.lexical.substr(cut + 1);
  }
  return {};
}

// Up to 12 lines of the written text: those that mention `about` (a quad
// that did not come back) if any, else the first ones.
std::string Excerpt(const std::string& text, const Quad* about) {
  const std::vector<std::string> lines = Lines(text);
  if (about != nullptr) {
    for (const Term* t : {&about->object, &about->subject}) {
      const std::string needle = Needle(*t);
      if (needle.empty()) continue;
      std::vector<std::size_t> numbers;
      for (std::size_t i = 0; i < lines.size() && numbers.size() < 12; ++i) {
        if (lines[i].find(needle) != std::string::npos)
          numbers.push_back(i + 1);
      }
      if (!numbers.empty()) return ExcerptLines(lines, numbers);
    }
  }
  return ExcerptRange(lines, 1, 12);
}

// The quad with every blank node written as _:_, so that quads compare
// without a blank node mapping.
Quad Masked(Quad q) {
  for (Term* t : {&q.subject, &q.predicate, &q.object, &q.graph}) {
    if (t->is_blank()) *t = Term::Blank("_");
  }
  return q;
}

std::multiset<Quad> MaskedSet(const std::vector<Quad>& quads) {
  const std::set<Quad> distinct(quads.begin(), quads.end());
  std::multiset<Quad> out;
  for (const Quad& q : distinct) out.insert(Masked(q));
  return out;
}

// Compares `back` with `want`; on a difference fills *failure with `what`,
// the difference and an excerpt of `text` (the written form, may be empty).
bool Compare(const std::vector<Quad>& want, const std::vector<Quad>& back,
             const std::string& what, const std::string& text,
             std::string* failure) {
  std::string why;
  if (IsIsomorphic(want, back, &why)) return true;
  const std::multiset<Quad> a = MaskedSet(want);
  const std::multiset<Quad> b = MaskedSet(back);
  std::vector<Quad> missing, extra;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(),
                      std::back_inserter(missing));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(),
                      std::back_inserter(extra));
  std::string out = what + " differs: " + why;
  auto list = [&](const char* title, const std::vector<Quad>& quads) {
    if (quads.empty()) return;
    out += "\n  " + std::string(title) + " (" + std::to_string(quads.size()) +
           "):";
    for (std::size_t i = 0; i < quads.size() && i < 3; ++i) {
      out += "\n    " + quads[i].ToNQuads();
    }
  };
  list("lost", missing);
  list("gained", extra);
  if (missing.empty() && extra.empty()) {
    out += "\n  (the same quads up to blank nodes; their sharing differs)";
  }
  if (!text.empty()) {
    out += "\n  written text:" +
           Excerpt(text, missing.empty() ? nullptr : &missing[0]);
  }
  *failure = out;
  return false;
}

RdfFormat FormatOf(RoundTrip how) {
  switch (how) {
    case RoundTrip::kNTriples:
    case RoundTrip::kStoreDumpNTriples:
      return RdfFormat::kNTriples;
    case RoundTrip::kNQuads:
    case RoundTrip::kStore:
    case RoundTrip::kStoreDumpNQuads:
      return RdfFormat::kNQuads;
    case RoundTrip::kTurtle:
    case RoundTrip::kTurtlePrefixes:
    case RoundTrip::kStoreDumpTurtle:
      return RdfFormat::kTurtle;
    case RoundTrip::kTriG:
    case RoundTrip::kTriGPrefixes:
    case RoundTrip::kStoreDumpTriG:
      return RdfFormat::kTriG;
  }
  return RdfFormat::kNQuads;
}

// Writes `quads` in `format`; false with *failure set if the writer refuses.
bool Write(const std::vector<Quad>& quads, RdfFormat format,
           std::vector<std::pair<std::string, std::string>> prefixes,
           std::string* text, std::string* failure) {
  std::ostringstream out;
  auto writer = query::MakeRdfWriter(format, &out, std::move(prefixes));
  Status s = writer.status();
  for (std::size_t i = 0; s.ok() && i < quads.size(); ++i) {
    s = (*writer)->Add(quads[i]);
  }
  if (s.ok()) s = (*writer)->Finish();
  *text = out.str();
  if (!s.ok()) *failure = "the writer failed: " + Describe(s);
  return s.ok();
}

// Parses the written `text` back; on an error fills *failure with it and
// the written lines around it.
// Without a base IRI, as `kg load` reads stdin.
bool ParseWritten(const std::string& text, RdfFormat format, QuadSink* sink,
                  std::string* failure) {
  Status s = query::ParseRdfString(text, "written", format, {}, sink, nullptr);
  if (s.ok()) return true;
  *failure =
      "the written text does not parse: " + Describe(s) + "\n  written text:";
  *failure += s.line() > 0
                  ? ExcerptRange(Lines(text), s.line() > 2 ? s.line() - 2 : 1,
                                 s.line() + 2)
                  : Excerpt(text, nullptr);
  return false;
}

// A store in a fresh folder, removed with the folder when destroyed.
class ScratchStore {
 public:
  explicit ScratchStore(const std::string& tmp_dir) {
    static int counter = 0;
    path_ = tmp_dir + "/store-" + std::to_string(++counter);
  }
  ~ScratchStore() {
    store_.reset();
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchStore(const ScratchStore&) = delete;
  ScratchStore& operator=(const ScratchStore&) = delete;

  // Opens the store and bulk-loads what `feed` sends into it.
  Status Load(const std::function<Status(QuadSink*)>& feed) {
    StoreOptions so;
    so.create_if_missing = true;
    so.memory_budget_bytes = std::size_t{16} << 20;
    KG_ASSIGN_OR_RETURN(store_, Store::Open(path_, so));
    BulkLoadOptions bo;
    bo.sort_budget_bytes = std::size_t{1} << 20;
    KG_ASSIGN_OR_RETURN(std::unique_ptr<BulkLoad> load,
                        store_->BeginBulkLoad(bo));
    KG_RETURN_IF_ERROR(feed(load.get()));
    KG_ASSIGN_OR_RETURN(LoadSummary summary, load->Commit());
    (void)summary;
    return Status::Ok();
  }

  // Every quad, in Store::Match order.
  Status ReadAll(std::vector<Quad>* quads) const {
    return store_->Match({}, [&](const Quad& q) {
      quads->push_back(q);
      return true;
    });
  }

  Store* store() { return store_.get(); }

 private:
  std::string path_;
  std::unique_ptr<Store> store_;
};

}  // namespace

Status ParseDocument(const std::string& path, RdfFormat format,
                     const std::string& base_iri, RdfDocument* doc) {
  query::RdfParseOptions options;
  options.base_iri = base_iri;
  Collect sink(doc);
  return query::ParseRdfFile(path, format, options, &sink, nullptr);
}

std::string_view RoundTripName(RoundTrip how) {
  switch (how) {
    case RoundTrip::kNTriples:
      return "nt";
    case RoundTrip::kNQuads:
      return "nq";
    case RoundTrip::kTurtle:
      return "ttl";
    case RoundTrip::kTurtlePrefixes:
      return "ttl+prefixes";
    case RoundTrip::kTriG:
      return "trig";
    case RoundTrip::kTriGPrefixes:
      return "trig+prefixes";
    case RoundTrip::kStore:
      return "store";
    case RoundTrip::kStoreDumpNTriples:
      return "store-dump-nt";
    case RoundTrip::kStoreDumpNQuads:
      return "store-dump-nq";
    case RoundTrip::kStoreDumpTurtle:
      return "store-dump-ttl";
    case RoundTrip::kStoreDumpTriG:
      return "store-dump-trig";
  }
  return "?";
}

bool CanHold(RoundTrip how, const std::vector<Quad>& quads) {
  if (query::RdfFormatHasGraphs(FormatOf(how))) return true;
  return std::all_of(quads.begin(), quads.end(),
                     [](const Quad& q) { return q.graph.is_default_graph(); });
}

bool WriterRoundTrip(const RdfDocument& doc, RoundTrip how,
                     std::string* failure) {
  const RdfFormat format = FormatOf(how);
  const bool prefixes =
      how == RoundTrip::kTurtlePrefixes || how == RoundTrip::kTriGPrefixes;
  std::string text;
  if (!Write(doc.quads, format,
             prefixes ? doc.prefixes
                      : std::vector<std::pair<std::string, std::string>>{},
             &text, failure)) {
    return false;
  }
  RdfDocument back;
  Collect sink(&back);
  if (!ParseWritten(text, format, &sink, failure)) return false;
  return Compare(doc.quads, back.quads, "the dataset read back", text, failure);
}

std::vector<RoundTripOutcome> StoreRoundTrips(const std::string& path,
                                              RdfFormat format,
                                              const std::string& base_iri,
                                              const RdfDocument& doc,
                                              const std::string& tmp_dir) {
  std::vector<RoundTripOutcome> out;
  // As `kg load` reads a file: its base IRI, and blank nodes scoped to it.
  ScratchStore store(tmp_dir);
  Status s = store.Load([&](QuadSink* sink) {
    query::RdfParseOptions options;
    options.base_iri = base_iri;
    options.blank_scope = "k1f0_";
    return query::ParseRdfFile(path, format, options, sink, nullptr);
  });
  std::vector<Quad> stored;
  if (s.ok()) s = store.ReadAll(&stored);
  std::vector<std::pair<std::string, std::string>> prefixes;
  if (s.ok()) {
    auto p = store.store()->Prefixes();
    s = p.status();
    if (s.ok()) prefixes = std::move(*p);
  }
  if (!s.ok()) {
    out.push_back({RoundTrip::kStore, false,
                   "loading or reading the store failed: " + Describe(s)});
    return out;
  }
  out.push_back({RoundTrip::kStore, false, {}});
  out.back().ok =
      Compare(doc.quads, stored, "the store's Match", {}, &out.back().failure);

  // `kg dump --format F`: the store's prefixes, quads in Match order, read
  // back as `kg load` reads F from stdin (no base IRI).
  for (RoundTrip how : kStoreDumps) {
    if (!CanHold(how, doc.quads)) continue;
    RoundTripOutcome o{how, false, {}};
    const RdfFormat dump_format = FormatOf(how);
    std::string text;
    RdfDocument back;
    Collect sink(&back);
    o.ok =
        Write(stored, dump_format, prefixes, &text, &o.failure) &&
        ParseWritten(text, dump_format, &sink, &o.failure) &&
        Compare(doc.quads, back.quads, "the dump read back", text, &o.failure);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace kg::testing
