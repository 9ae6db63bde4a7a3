// kg::Store: the public facade over the id-level QuadStore.
#include "kg/store.h"

#include <unordered_map>

#include "kg/names.h"
#include "store/maintenance.h"
#include "store/quad_store.h"

namespace kg {

namespace {

// Decodes the ids of scanned quads through one view, each id once while it
// stays in a bounded cache (predicates and graphs repeat from quad to
// quad). The first error stops decoding and is kept in status().
class QuadDecoder {
 public:
  explicit QuadDecoder(const store::ReadView& view) : view_(view) {}
  bool Decode(const store::IdQuad& q, Term* s, Term* p, Term* o, Term* g) {
    return One(q.s, s) && One(q.p, p) && One(q.o, o) && One(q.g, g);
  }
  const Status& status() const { return status_; }

 private:
  bool One(store::TermId id, Term* out) {
    if (auto it = cache_.find(id); it != cache_.end()) {
      *out = it->second;
      return true;
    }
    Result<Term> t = view_.Decode(id);
    if (!t.ok()) {
      status_ = t.status();
      return false;
    }
    *out = std::move(t).value();
    if (cache_.size() >= 65536) cache_.clear();
    cache_.emplace(id, *out);
    return true;
  }
  const store::ReadView& view_;
  std::unordered_map<store::TermId, Term> cache_;
  Status status_;
};

}  // namespace

Store::Store(std::unique_ptr<store::QuadStore> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const std::string& path,
                                           const StoreOptions& options) {
  KG_ASSIGN_OR_RETURN(auto impl, store::QuadStore::Open(path, options));
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

const std::string& Store::path() const { return impl_->path(); }
bool Store::read_only() const { return impl_->read_only(); }

Result<WriteSummary> Store::Add(const std::vector<Quad>& quads) {
  return impl_->Apply(quads, {});
}

Result<WriteSummary> Store::Remove(const std::vector<Quad>& quads) {
  return impl_->Apply({}, quads);
}

Result<std::unique_ptr<BulkLoad>> Store::BeginBulkLoad(
    const BulkLoadOptions& options) {
  return impl_->BeginBulkLoad(options);
}

Status Store::Match(const QuadPattern& pattern,
                    const std::function<bool(const Quad&)>& fn) const {
  auto view = impl_->NewReadView();
  store::IdPattern ids;
  const std::optional<Term>* terms[4] = {&pattern.subject, &pattern.predicate,
                                         &pattern.object, &pattern.graph};
  std::optional<store::TermId>* slots[4] = {&ids.s, &ids.p, &ids.o, &ids.g};
  for (int i = 0; i < 4; ++i) {
    if (!terms[i]->has_value()) continue;
    KG_ASSIGN_OR_RETURN(std::optional<store::TermId> id,
                        view->Lookup(**terms[i]));
    if (!id) return Status::Ok();  // an unknown term matches nothing
    *slots[i] = *id;
  }
  Quad quad;
  QuadDecoder decoder(*view);
  KG_RETURN_IF_ERROR(view->Scan(ids, [&](const store::IdQuad& q) {
    if (!decoder.Decode(q, &quad.subject, &quad.predicate, &quad.object,
                        &quad.graph))
      return false;
    return fn(quad);
  }));
  return decoder.status();
}

namespace {

// The label index prefix FindLabels and CountLabels scan; empty when the
// name has no NameKey.
std::string LabelPrefix(std::string_view name, LabelMatch how) {
  const std::string key = NormalizeName(name);
  if (key.empty()) return {};
  switch (how) {
    case LabelMatch::kExact:
      return "k" + key + std::string(1, '\0');
    case LabelMatch::kWord:
      return "w" + key.substr(0, key.find(' ')) + std::string(1, '\0');
    case LabelMatch::kPrefix:
      return "k" + key;
    case LabelMatch::kWordPrefix:
      return "w" + key.substr(0, key.find(' '));
  }
  return {};
}

}  // namespace

Result<std::uint64_t> Store::CountLabels(std::string_view name, LabelMatch how,
                                         std::uint64_t limit) const {
  const std::string prefix = LabelPrefix(name, how);
  if (prefix.empty()) return std::uint64_t{0};
  auto view = impl_->NewReadView();
  std::uint64_t n = 0;
  KG_RETURN_IF_ERROR(view->ScanLabels(
      prefix,
      [&](std::string_view, const store::IdQuad&) { return ++n < limit; }));
  return n;
}

Status Store::FindLabels(std::string_view name, LabelMatch how,
                         const std::function<bool(const LabelHit&)>& fn) const {
  const std::string prefix = LabelPrefix(name, how);
  if (prefix.empty()) return Status::Ok();
  auto view = impl_->NewReadView();
  QuadDecoder decoder(*view);
  LabelHit hit;
  KG_RETURN_IF_ERROR(
      view->ScanLabels(prefix, [&](std::string_view, const store::IdQuad& q) {
        if (!decoder.Decode(q, &hit.subject, &hit.predicate, &hit.label,
                            &hit.graph))
          return false;
        return fn(hit);
      }));
  return decoder.status();
}

Result<StoreStats> Store::Stats() const { return impl_->Stats(); }
Status Store::Analyze() { return impl_->Analyze(); }
Result<CheckReport> Store::Check() const { return impl_->Check(); }
Status Store::WaitForCompactions(double timeout_s) {
  return impl_->WaitForCompactions(timeout_s);
}
Result<CompactSummary> Store::Compact() {
  return store::CompactStore(impl_.get());
}
Status Store::Backup(const std::string& dir) const {
  return store::BackupStore(*impl_, dir);
}
Status Store::Restore(const std::string& backup_dir, const std::string& path) {
  return store::RestoreStore(backup_dir, path);
}
Result<std::vector<std::pair<std::string, std::string>>> Store::Prefixes()
    const {
  return impl_->Prefixes();
}

}  // namespace kg
