// Slice: OFFSET and LIMIT. Stops pulling from its input once the limit is
// reached, so everything below stops too.
#ifndef KG_QUERY_EXEC_SLICE_H_
#define KG_QUERY_EXEC_SLICE_H_

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>

#include "query/exec/operator.h"

namespace kg::query {

class Slice final : public PhysicalOperator {
 public:
  Slice(OperatorPtr input, std::uint64_t offset,
        std::optional<std::uint64_t> limit, std::size_t width)
      : input_(std::move(input)), offset_(offset), limit_(limit), in_(width) {}
  Status Open(ExecContext* ctx) override {
    skipped_ = emitted_ = 0;
    return input_->Open(ctx);
  }
  Result<bool> Next(Batch* out) override {
    while (out->empty()) {
      if (limit_ && emitted_ >= *limit_) return false;
      in_.Clear();
      KG_ASSIGN_OR_RETURN(bool more, input_->Next(&in_));
      if (!more) return false;
      for (std::size_t i = 0; i < in_.size(); ++i) {
        if (skipped_ < offset_) {
          ++skipped_;
          continue;
        }
        if (limit_ && emitted_ >= *limit_) break;
        out->Append(in_.row(i));
        ++emitted_;
      }
    }
    profile_.actual_rows += out->size();
    return true;
  }
  std::string Describe() const override {
    return fmt::format("Slice offset {} limit {}", offset_,
                       limit_ ? std::to_string(*limit_) : std::string("none"));
  }
  std::vector<const PhysicalOperator*> children() const override {
    return {input_.get()};
  }

 private:
  OperatorPtr input_;
  std::uint64_t offset_;
  std::optional<std::uint64_t> limit_;
  Batch in_;
  std::uint64_t skipped_ = 0, emitted_ = 0;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_SLICE_H_
