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

std::vector<std::unique_ptr<Projection>> AllProjections() {
  std::vector<std::unique_ptr<Projection>> all;
  all.push_back(std::make_unique<NominationViews>());
  all.push_back(std::make_unique<AwardeeHistories>());
  all.push_back(std::make_unique<DecisionRegisters>());
  all.push_back(std::make_unique<Statistics>());
  all.push_back(std::make_unique<AuditTrails>());
  return all;
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
    AWARD_ASSIGN_OR_RETURN(std::unique_ptr<ReadModelDb> db, ReadModelDb::Open(dir));
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
