// RDF format names and extensions, and the dispatch of ParseRdfFile /
// ParseRdfString to the parser for each format: plain files are mapped into
// memory, stdin and .gz files are streamed through a bounded buffer.
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <tao/pegtl/mmap_input.hpp>

#include "query/syntax/rdf_parser.h"
#include "query/syntax/rdf_parser_internal.h"

namespace kg::query {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

// Reads a file descriptor (stdin, a pipe).
class FdSource : public rdf_internal::ByteSource {
 public:
  FdSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  std::size_t Read(char* buffer, std::size_t length) override {
    for (;;) {
      const ssize_t n = ::read(fd_, buffer, length);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (errno == EINTR) continue;
      status_ =
          Status::IOError("cannot read " + name_ + ": " + std::strerror(errno));
      return 0;
    }
  }
  Status status() const override { return status_; }

 private:
  int fd_;
  std::string name_;
  Status status_;
};

// Reads a gzip-compressed file (zlib also passes plain files through).
class GzipSource : public rdf_internal::ByteSource {
 public:
  GzipSource(gzFile file, std::string name)
      : file_(file), name_(std::move(name)) {}
  ~GzipSource() override { gzclose(file_); }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  std::size_t Read(char* buffer, std::size_t length) override {
    if (!status_.ok()) return 0;
    const unsigned chunk =
        length > (1u << 30) ? (1u << 30) : static_cast<unsigned>(length);
    const int n = gzread(file_, buffer, chunk);
    if (n < 0) {
      int code = 0;
      const char* message = gzerror(file_, &code);
      status_ = Status::IOError("cannot decompress " + name_ + ": " +
                                (message != nullptr ? message : "error"));
      return 0;
    }
    return static_cast<std::size_t>(n);
  }
  Status status() const override { return status_; }

 private:
  gzFile file_;
  std::string name_;
  Status status_;
};

Status ParseText(std::string_view text, std::string_view source,
                 RdfFormat format, const RdfParseOptions& options,
                 QuadSink* sink, RdfParseReport* report) {
  switch (format) {
    case RdfFormat::kNTriples:
    case RdfFormat::kNQuads:
      return rdf_internal::ParseNTriplesText(
          text, source, format == RdfFormat::kNQuads, options, sink, report);
    case RdfFormat::kTurtle:
    case RdfFormat::kTriG:
      return rdf_internal::ParseTurtleText(
          text, source, format == RdfFormat::kTriG, options, sink, report);
    case RdfFormat::kRdfXml:
      return rdf_internal::ParseRdfXmlText(text, source, options, sink, report);
  }
  return Status::InvalidArgument("unknown RDF format");
}

Status ParseStream(rdf_internal::ByteSource* input, std::string_view source,
                   RdfFormat format, const RdfParseOptions& options,
                   QuadSink* sink, RdfParseReport* report) {
  switch (format) {
    case RdfFormat::kNTriples:
    case RdfFormat::kNQuads:
      return rdf_internal::ParseNTriplesStream(
          input, source, format == RdfFormat::kNQuads, options, sink, report);
    case RdfFormat::kTurtle:
    case RdfFormat::kTriG:
      return rdf_internal::ParseTurtleStream(
          input, source, format == RdfFormat::kTriG, options, sink, report);
    case RdfFormat::kRdfXml:
      return rdf_internal::ParseRdfXmlStream(input, source, options, sink,
                                             report);
  }
  return Status::InvalidArgument("unknown RDF format");
}

}  // namespace

std::optional<RdfFormat> RdfFormatFromName(std::string_view name) {
  const std::string n = Lower(name);
  if (n == "nt" || n == "ntriples" || n == "n-triples") {
    return RdfFormat::kNTriples;
  }
  if (n == "nq" || n == "nquads" || n == "n-quads") return RdfFormat::kNQuads;
  if (n == "ttl" || n == "turtle") return RdfFormat::kTurtle;
  if (n == "trig") return RdfFormat::kTriG;
  if (n == "rdf" || n == "rdfxml" || n == "rdf/xml" || n == "xml" ||
      n == "owl") {
    return RdfFormat::kRdfXml;
  }
  return std::nullopt;
}

std::optional<RdfFormat> RdfFormatFromPath(std::string_view path, bool* gzip) {
  std::string p = Lower(path);
  const bool gz = EndsWith(p, ".gz");
  if (gzip != nullptr) *gzip = gz;
  if (gz) p.resize(p.size() - 3);
  const std::size_t dot = p.rfind('.');
  const std::size_t slash = p.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) {
    return std::nullopt;
  }
  const std::string ext = p.substr(dot + 1);
  if (ext == "nt") return RdfFormat::kNTriples;
  if (ext == "nq") return RdfFormat::kNQuads;
  if (ext == "ttl") return RdfFormat::kTurtle;
  if (ext == "trig") return RdfFormat::kTriG;
  if (ext == "rdf" || ext == "owl") return RdfFormat::kRdfXml;
  return std::nullopt;
}

std::string_view RdfFormatName(RdfFormat format) {
  switch (format) {
    case RdfFormat::kNTriples:
      return "N-Triples";
    case RdfFormat::kNQuads:
      return "N-Quads";
    case RdfFormat::kTurtle:
      return "Turtle";
    case RdfFormat::kTriG:
      return "TriG";
    case RdfFormat::kRdfXml:
      return "RDF/XML";
  }
  return "unknown";
}

bool RdfFormatHasGraphs(RdfFormat format) {
  return format == RdfFormat::kNQuads || format == RdfFormat::kTriG;
}

Status ParseRdfFile(const std::string& path, RdfFormat format,
                    const RdfParseOptions& options, QuadSink* sink,
                    RdfParseReport* report) {
  RdfParseReport local_report;
  if (report == nullptr) report = &local_report;
  if (path == "-") {
    FdSource input(STDIN_FILENO, "stdin");
    return ParseStream(&input, "stdin", format, options, sink, report);
  }
  if (EndsWith(path, ".gz")) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) {
      return Status::IOError("cannot open " + path + ": " +
                             std::strerror(errno));
    }
    gzbuffer(file, 256u << 10);
    GzipSource input(file, path);
    return ParseStream(&input, path, format, options, sink, report);
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Status::IOError("cannot open " + path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    return Status::IOError("cannot parse " + path + ": it is a directory");
  }
  if (!S_ISREG(st.st_mode)) {  // a pipe or a device: stream it
    FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
      return Status::IOError("cannot open " + path + ": " +
                             std::strerror(errno));
    }
    FdSource input(fileno(f), path);
    Status s = ParseStream(&input, path, format, options, sink, report);
    std::fclose(f);
    return s;
  }
  try {
    tao::pegtl::mmap_input<tao::pegtl::tracking_mode::lazy> in(path, path);
    const std::string_view text(in.current(), in.size());
    // The pages of the mapping already parsed are given back as parsing
    // goes on (they are file-backed: nothing is lost), so that a large file
    // does not keep the whole file resident. 8 MiB behind the parser stay
    // mapped for error messages that quote the current line.
    RdfParseOptions o = options;
    const std::uintptr_t page =
        static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const char* base = in.current();
    std::uint64_t released = 0;
    constexpr std::uint64_t kKeepBehind = 8u << 20, kReleaseStep = 64u << 20;
    if (reinterpret_cast<std::uintptr_t>(base) % page == 0) {
      ::madvise(const_cast<char*>(base), in.size(), MADV_SEQUENTIAL);
      o.progress = [&, user = options.progress](std::uint64_t bytes) {
        if (user) user(bytes);
        if (bytes < released + kKeepBehind + kReleaseStep) return;
        std::uint64_t upto = (bytes - kKeepBehind) / page * page;
        ::madvise(const_cast<char*>(base) + released, upto - released,
                  MADV_DONTNEED);
        released = upto;
      };
    }
    return ParseText(text, path, format, o, sink, report);
  } catch (const std::system_error& e) {
    return Status::IOError("cannot read " + path + ": " + e.what());
  }
}

Status ParseRdfString(std::string_view text, std::string_view source_name,
                      RdfFormat format, const RdfParseOptions& options,
                      QuadSink* sink, RdfParseReport* report) {
  RdfParseReport local_report;
  if (report == nullptr) report = &local_report;
  return ParseText(text, source_name, format, options, sink, report);
}

}  // namespace kg::query
