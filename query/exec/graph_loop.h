// GraphLoop: GRAPH ?g { P } when P is more than triple patterns (§18.6:
// P is evaluated in each named graph, and ?g joined afterwards). For each
// named graph the plan of P runs with that graph in a hidden slot that its
// scans read as their graph; so FILTERs, MINUS and aggregates inside P never
// see ?g, and an empty graph still gives P's answer on no data. Then ?g is
// bound to the graph (rows where P bound ?g to something else are dropped).
#ifndef KG_QUERY_EXEC_GRAPH_LOOP_H_
#define KG_QUERY_EXEC_GRAPH_LOOP_H_

#include <string>
#include <vector>

#include "query/exec/graph_spec.h"
#include "query/exec/seed_source.h"

namespace kg::query {

class GraphLoop final : public PhysicalOperator {
 public:
  // `seed` holds the current graph in `hidden_slot`; the leaves of `inner`
  // mirror it.
  GraphLoop(OperatorPtr inner, std::unique_ptr<SeedSource> seed, GraphSpec spec,
            int hidden_slot, int graph_slot, std::size_t width)
      : inner_(std::move(inner)),
        seed_(std::move(seed)),
        spec_(std::move(spec)),
        hidden_(hidden_slot),
        graph_slot_(graph_slot),
        width_(width),
        rows_(width) {}

  Status Open(ExecContext* ctx) override {
    ctx_ = ctx;
    KG_ASSIGN_OR_RETURN(std::vector<TermId> all, ctx->view().Graphs());
    graphs_.clear();
    for (TermId g : all)
      if (spec_.IsNamedAllowed(g)) graphs_.push_back(g);
    next_graph_ = 0;
    active_ = false;
    return Status::Ok();
  }

  Result<bool> Next(Batch* out) override {
    std::vector<TermId> seed_row(width_, kUnbound);
    while (!out->full()) {
      if (!active_) {
        if (next_graph_ >= graphs_.size()) break;
        current_ = graphs_[next_graph_++];
        seed_row[hidden_] = current_;
        seed_->SetRow(seed_row.data());
        KG_RETURN_IF_ERROR(inner_->Open(ctx_));
        active_ = true;
      }
      rows_.Clear();
      KG_ASSIGN_OR_RETURN(bool more, inner_->Next(&rows_));
      if (!more) {
        active_ = false;
        continue;
      }
      KG_RETURN_IF_ERROR(ctx_->Check());
      for (std::size_t i = 0; i < rows_.size(); ++i) {
        TermId* r = out->Append(rows_.row(i));
        r[hidden_] = kUnbound;
        if (r[graph_slot_] == kUnbound) {
          r[graph_slot_] = current_;
        } else if (r[graph_slot_] != current_) {
          out->PopBack();
        }
      }
    }
    profile_.actual_rows += out->size();
    return !out->empty();
  }

  std::string Describe() const override {
    return "GraphLoop (each named graph)";
  }
  std::vector<const PhysicalOperator*> children() const override {
    return {inner_.get()};
  }

 private:
  OperatorPtr inner_;
  std::unique_ptr<SeedSource> seed_;
  GraphSpec spec_;
  int hidden_, graph_slot_;
  std::size_t width_;
  ExecContext* ctx_ = nullptr;
  Batch rows_;
  std::vector<TermId> graphs_;
  std::size_t next_graph_ = 0;
  TermId current_ = kUnbound;
  bool active_ = false;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_GRAPH_LOOP_H_
