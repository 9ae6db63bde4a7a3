// PatternJoin: an index nested-loop join of its input with one triple
// pattern. For each input row, the pattern's variables that the row binds
// become constants, and one prefix scan of the index that fits the bound
// positions yields the matches. The first pattern of a plan has the single
// empty row as its input, which makes it a plain index scan.
#ifndef KG_QUERY_EXEC_PATTERN_JOIN_H_
#define KG_QUERY_EXEC_PATTERN_JOIN_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "query/exec/graph_spec.h"
#include "query/exec/operator.h"

namespace kg::query {

// A position of a pattern: a variable slot, or a constant id (kUnbound for
// a term the store does not hold, which matches nothing).
struct PatternTerm {
  bool is_variable = false;
  int slot = -1;
  TermId constant = kUnbound;
  std::string text;  // for EXPLAIN: "?x" or the term
};

class PatternJoin final : public PhysicalOperator {
 public:
  PatternJoin(OperatorPtr input, PatternTerm s, PatternTerm p, PatternTerm o,
              GraphSpec graph, std::size_t width);

  // Restricts the scan at quad position `position` (0 s, 1 p, 2 o) to ids
  // in the given inclusive ranges, when that position is the first the
  // chosen index leaves free: candidates for a FILTER the planner checks
  // afterwards (a range of inline dates, and the dictionary-coded literals).
  // Reads the index on a second thread, ahead of this operator (see
  // ReadView::NewPrefetchCursor): for a long scan that starts once.
  void SetPrefetch(bool on) { prefetch_ = on; }
  // Its input is the single empty row: a plain scan, which can count its
  // rows by a variable's id (CountRowsBy) without producing them.
  void SetStandalone(bool on) { standalone_ = on; }
  Result<bool> CountRowsBy(
      int slot, const std::vector<int>& bound,
      std::vector<std::pair<TermId, std::uint64_t>>* counts) override;
  void SetRanges(int position, std::vector<std::pair<TermId, TermId>> ranges) {
    range_position_ = position;
    ranges_ = std::move(ranges);
  }

  Status Open(ExecContext* ctx) override;
  Result<bool> Next(Batch* out) override;
  std::string Describe() const override;
  std::vector<const PhysicalOperator*> children() const override {
    return {input_.get()};
  }

 private:
  // Starts the scan for input row `row_`; false when it cannot match.
  bool StartScan();
  // Fills `out` from the current scan; false when the scan is exhausted.
  Result<bool> Drain(Batch* out);
  // For the rows of a new input batch that bind s, p and o, looks up each
  // quad they can match (one per candidate graph) in one batched point
  // read, when there are few candidate graphs: those rows need no scan.
  Status Probe();
  // The candidate graphs of a row whose s, p and o are bound, into
  // *graphs; false when there are too many (or they are not known).
  Result<bool> ProbeGraphs(const TermId* row, std::vector<TermId>* graphs);

  OperatorPtr input_;
  PatternTerm pos_[3];
  GraphSpec graph_;
  std::size_t width_;
  ExecContext* ctx_ = nullptr;
  Batch in_;
  std::size_t in_index_ = 0;
  bool input_done_ = false;
  const TermId* row_ = nullptr;
  std::unique_ptr<store::ScanCursor> cursor_;
  std::unique_ptr<store::ScanCursor> spare_;  // a finished cursor, reused
  // Dedupes the merge of several graphs: the index orders used when the
  // graph is unbound keep it last, so copies of a triple are adjacent.
  bool dedupe_ = false;
  bool have_last_ = false;
  store::IdQuad last_;
  bool prefetch_ = false;
  bool standalone_ = false;
  int range_position_ = -1;
  std::vector<std::pair<TermId, TermId>> ranges_;
  std::size_t range_index_ = 0;  // the range being scanned
  bool ranged_ = false;          // this scan uses ranges_
  store::IdPattern pattern_;     // the current scan's pattern
  // Slots to bind from the scanned quad (position -> slot, -1 none).
  int bind_[4] = {-1, -1, -1, -1};
  // Probe() results for in_: rows probed_[i] true matched the graphs
  // hits_[hit_first_[i] .. hit_first_[i + 1]); the others are scanned.
  std::vector<char> probed_;
  std::vector<std::uint32_t> hit_first_;
  std::vector<TermId> hits_;
  std::size_t hit_pos_ = 0, hit_end_ = 0;  // the current row's hits
  bool bind_graph_ = false;                // hits bind the GRAPH variable
  // The store's graphs, read once (nullopt: too many to probe).
  bool store_graphs_read_ = false;
  std::optional<std::vector<TermId>> store_graphs_;
};

}  // namespace kg::query

#endif  // KG_QUERY_EXEC_PATTERN_JOIN_H_
