// IRI references: telling absolute IRIs from relative ones and resolving a
// relative reference against a base (RFC 3986 section 5.2, strict).
#ifndef KG_QUERY_SYNTAX_IRI_H_
#define KG_QUERY_SYNTAX_IRI_H_

#include <string>
#include <string_view>

namespace kg::query {

// True when `iri` starts with a scheme: ALPHA *(ALPHA / DIGIT / "+" / "-" /
// ".") ":".
bool IsAbsoluteIri(std::string_view iri);

// Resolves `reference` against `base` (RFC 3986 5.2.2 with remove_dot_segments,
// 5.2.4) and stores the result in *out. If `base` is empty or itself has no
// scheme, *out is `reference` unchanged.
void ResolveIri(std::string_view base, std::string_view reference,
                std::string* out);

}  // namespace kg::query

#endif  // KG_QUERY_SYNTAX_IRI_H_
