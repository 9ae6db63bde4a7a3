// QuadSink: the receiving end of a stream of quads. Parsers push into it and
// the bulk loader consumes it, so neither knows the other.
#ifndef KG_QUAD_SINK_H_
#define KG_QUAD_SINK_H_

#include <string_view>

#include "kg/quad.h"
#include "kg/status.h"

namespace kg {

class QuadSink {
 public:
  virtual ~QuadSink() = default;
  // Receives one quad. `quad` is only valid during the call. A non-ok status
  // stops the producer, which returns that status.
  virtual Status Add(const Quad& quad) = 0;
  // Receives a prefix declaration (`@prefix p: <iri>` / `PREFIX p: <iri>`);
  // `prefix` is without the colon. The default does nothing.
  virtual Status AddPrefix(std::string_view prefix, std::string_view iri) {
    (void)prefix;
    (void)iri;
    return Status::Ok();
  }
};

}  // namespace kg

#endif  // KG_QUAD_SINK_H_
