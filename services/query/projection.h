// A projection: a read model built from the log. It takes in, in log order,
// the events its filter lets through, and records what it learns in its
// ReadModelBatch; the runner commits the batch with the checkpoint. Apply must
// depend on nothing but the event and the read model, so that rebuilding from
// position 0 yields the same read model, byte for byte.
#ifndef AWARD_SERVICES_QUERY_PROJECTION_H_
#define AWARD_SERVICES_QUERY_PROJECTION_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "eventstore/event.h"
#include "services/query/read_model.h"

namespace award::query {

class Projection {
 public:
  virtual ~Projection() = default;
  // Also the name of its database directory.
  virtual absl::string_view name() const = 0;
  // Raised whenever Apply learns more from the log: a read model built by an
  // older version is dropped at start and built again from position 0.
  virtual int version() const { return 1; }
  virtual eventstore::AllFilter filter() const = 0;
  // DATA_LOSS when the event contradicts what the log said before (the
  // projection then stops rather than show a state the log does not support).
  virtual absl::Status Apply(const eventstore::RecordedEvent& event, ReadModelBatch& batch) = 0;
};

}  // namespace award::query

#endif  // AWARD_SERVICES_QUERY_PROJECTION_H_
