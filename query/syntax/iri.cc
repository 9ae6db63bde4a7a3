// RFC 3986 reference resolution.
#include "query/syntax/iri.h"

namespace kg::query {
namespace {

struct IriParts {
  std::string_view scheme;
  bool has_scheme = false;
  std::string_view authority;
  bool has_authority = false;
  std::string_view path;
  std::string_view query;
  bool has_query = false;
  std::string_view fragment;
  bool has_fragment = false;
};

bool IsSchemeChar(char c, bool first) {
  const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first) return alpha;
  return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

std::size_t SchemeLength(std::string_view iri) {
  for (std::size_t i = 0; i < iri.size(); ++i) {
    if (iri[i] == ':') return i > 0 ? i : 0;
    if (!IsSchemeChar(iri[i], i == 0)) return 0;
  }
  return 0;
}

// RFC 3986 appendix B, without the regular expression.
IriParts Split(std::string_view s) {
  IriParts p;
  if (const std::size_t n = SchemeLength(s); n > 0) {
    p.scheme = s.substr(0, n);
    p.has_scheme = true;
    s.remove_prefix(n + 1);
  }
  if (const std::size_t hash = s.find('#'); hash != std::string_view::npos) {
    p.fragment = s.substr(hash + 1);
    p.has_fragment = true;
    s = s.substr(0, hash);
  }
  if (const std::size_t q = s.find('?'); q != std::string_view::npos) {
    p.query = s.substr(q + 1);
    p.has_query = true;
    s = s.substr(0, q);
  }
  if (s.size() >= 2 && s[0] == '/' && s[1] == '/') {
    s.remove_prefix(2);
    const std::size_t slash = s.find('/');
    p.authority = s.substr(0, slash);
    p.has_authority = true;
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  p.path = s;
  return p;
}

// RFC 3986 5.2.4.
std::string RemoveDotSegments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      const std::size_t last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      const std::size_t next = in.find('/', in[0] == '/' ? 1 : 0);
      const std::size_t len = next == std::string_view::npos ? in.size() : next;
      out.append(in.substr(0, len));
      in.remove_prefix(len);
    }
  }
  return out;
}

}  // namespace

bool IsAbsoluteIri(std::string_view iri) { return SchemeLength(iri) > 0; }

void ResolveIri(std::string_view base, std::string_view reference,
                std::string* out) {
  const IriParts r = Split(reference);
  if (r.has_scheme || base.empty()) {
    if (!r.has_scheme) {
      out->assign(reference);
      return;
    }
  }
  const IriParts b = Split(base);
  if (!r.has_scheme && !b.has_scheme) {
    out->assign(reference);
    return;
  }
  IriParts t;
  std::string path;
  if (r.has_scheme) {
    t.scheme = r.scheme;
    t.authority = r.authority;
    t.has_authority = r.has_authority;
    path = RemoveDotSegments(r.path);
    t.query = r.query;
    t.has_query = r.has_query;
  } else {
    if (r.has_authority) {
      t.authority = r.authority;
      t.has_authority = true;
      path = RemoveDotSegments(r.path);
      t.query = r.query;
      t.has_query = r.has_query;
    } else {
      if (r.path.empty()) {
        path = std::string(b.path);
        if (r.has_query) {
          t.query = r.query;
          t.has_query = true;
        } else {
          t.query = b.query;
          t.has_query = b.has_query;
        }
      } else {
        if (r.path[0] == '/') {
          path = RemoveDotSegments(r.path);
        } else {
          std::string merged;
          if (b.has_authority && b.path.empty()) {
            merged = "/";
          } else {
            const std::size_t slash = b.path.rfind('/');
            if (slash != std::string_view::npos) {
              merged = std::string(b.path.substr(0, slash + 1));
            }
          }
          merged.append(r.path);
          path = RemoveDotSegments(merged);
        }
        t.query = r.query;
        t.has_query = r.has_query;
      }
      t.authority = b.authority;
      t.has_authority = b.has_authority;
    }
    t.scheme = b.scheme;
  }
  out->clear();
  out->append(t.scheme);
  out->push_back(':');
  if (t.has_authority) {
    out->append("//");
    out->append(t.authority);
  }
  out->append(path);
  if (t.has_query) {
    out->push_back('?');
    out->append(t.query);
  }
  if (r.has_fragment) {
    out->push_back('#');
    out->append(r.fragment);
  }
}

}  // namespace kg::query
