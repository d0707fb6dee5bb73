// The query service's projections, each in its own database under one data
// directory (<data_dir>/<projection name>), each kept up to date by its own
// runner.
#ifndef AWARD_SERVICES_QUERY_PROJECTIONS_H_
#define AWARD_SERVICES_QUERY_PROJECTIONS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "services/query/projection.h"
#include "services/query/projection_runner.h"

namespace award::query {

// One of each projection the query service keeps.
std::vector<std::unique_ptr<Projection>> AllProjections();

// The database of `projection` in `dir`, created if there is none. One built
// by another version of the projection is dropped and made anew (empty, to be
// caught up from position 0); a new one is marked with its version.
absl::StatusOr<std::unique_ptr<ReadModelDb>> OpenReadModel(const Projection& projection,
                                                           const std::string& dir);

class Projections {
 public:
  // Opens (or creates) every projection's database; `rebuild` names
  // projections to drop first and rebuild from position 0 ("all" for every
  // one). INVALID_ARGUMENT for a name that is no projection.
  static absl::StatusOr<std::unique_ptr<Projections>> Open(eventstore::EventStore& store,
                                                           const std::string& data_dir,
                                                           const std::vector<std::string>& rebuild);

  void Start();
  void Stop();

  // NOT_FOUND for a name that is no projection.
  absl::StatusOr<ProjectionRunner*> Find(absl::string_view name);
  const std::vector<std::unique_ptr<ProjectionRunner>>& runners() const { return runners_; }

 private:
  std::vector<std::unique_ptr<ProjectionRunner>> runners_;
};

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_PROJECTIONS_H_
