#include "services/query/projections.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "base/status_macros.h"
#include "eventstore/errors.h"
#include "services/query/audit_trails.h"
#include "services/query/awardee_histories.h"
#include "services/query/decision_registers.h"
#include "services/query/nomination_views.h"
#include "services/query/statistics.h"

namespace award::query {
namespace {

constexpr absl::string_view kVersionKey = "#version";

// Whether the read model in `db` was built by `version` of its projection. A
// new one is marked as built by it; one built before versions were kept is
// version 1.
absl::StatusOr<bool> BuiltByVersion(ReadModelDb& db, int version) {
  AWARD_ASSIGN_OR_RETURN(std::optional<std::string> stored, db.Snapshot()->Get(kVersionKey));
  if (!stored.has_value() && db.checkpoint() == 0) {
    ReadModelBatch batch(db);
    batch.Put(kVersionKey, absl::StrCat(version));
    AWARD_RETURN_IF_ERROR(db.Commit(batch, 0));
    return true;
  }
  return stored.value_or("1") == absl::StrCat(version);
}

}  // namespace

std::vector<std::unique_ptr<Projection>> AllProjections() {
  std::vector<std::unique_ptr<Projection>> all;
  all.push_back(std::make_unique<NominationViews>());
  all.push_back(std::make_unique<AwardeeHistories>());
  all.push_back(std::make_unique<DecisionRegisters>());
  all.push_back(std::make_unique<Statistics>());
  all.push_back(std::make_unique<AuditTrails>());
  return all;
}

absl::StatusOr<std::unique_ptr<ReadModelDb>> OpenReadModel(const Projection& projection,
                                                           const std::string& dir) {
  AWARD_ASSIGN_OR_RETURN(std::unique_ptr<ReadModelDb> db, ReadModelDb::Open(dir));
  AWARD_ASSIGN_OR_RETURN(const bool current, BuiltByVersion(*db, projection.version()));
  if (current) return db;
  db.reset();
  AWARD_RETURN_IF_ERROR(ReadModelDb::Destroy(dir));
  AWARD_ASSIGN_OR_RETURN(db, ReadModelDb::Open(dir));
  AWARD_RETURN_IF_ERROR(BuiltByVersion(*db, projection.version()).status());
  return db;
}

absl::StatusOr<std::unique_ptr<Projections>> Projections::Open(
    eventstore::EventStore& store, const std::string& data_dir,
    const std::vector<std::string>& rebuild) {
  std::vector<std::unique_ptr<Projection>> all = AllProjections();
  std::vector<std::string> names;
  for (const auto& projection : all) names.emplace_back(projection->name());
  for (const std::string& name : rebuild) {
    if (name != "all" && std::find(names.begin(), names.end(), name) == names.end()) {
      return eventstore::InvalidField("rebuild",
                                      absl::StrCat("no projection '", name, "'; there are ",
                                                   absl::StrJoin(names, ", "), " and all"));
    }
  }
  auto projections = std::unique_ptr<Projections>(new Projections());
  for (std::unique_ptr<Projection>& projection : all) {
    const std::string dir = absl::StrCat(data_dir, "/", projection->name());
    const bool drop = std::find_if(rebuild.begin(), rebuild.end(), [&](const std::string& name) {
                        return name == "all" || name == projection->name();
                      }) != rebuild.end();
    if (drop) AWARD_RETURN_IF_ERROR(ReadModelDb::Destroy(dir));
    AWARD_ASSIGN_OR_RETURN(std::unique_ptr<ReadModelDb> db, OpenReadModel(*projection, dir));
    projections->runners_.push_back(
        std::make_unique<ProjectionRunner>(store, std::move(projection), std::move(db)));
  }
  return projections;
}

void Projections::Start() {
  for (auto& runner : runners_) runner->Start();
}

void Projections::Stop() {
  for (auto& runner : runners_) runner->Stop();
}

absl::StatusOr<ProjectionRunner*> Projections::Find(absl::string_view name) {
  for (auto& runner : runners_) {
    if (runner->projection().name() == name) return runner.get();
  }
  return absl::NotFoundError(absl::StrCat("no projection ", name));
}

}  // namespace award::query
