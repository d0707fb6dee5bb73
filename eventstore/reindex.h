// The operator's way out when the log's indexes do not verify (the store then
// refuses every append, naming the entry): rebuild them from the records, which
// are the truth, on a stopped store.
//
//   eventstore_reindex --data_dir=/srv/award/eventstore
//
// The whole chain is verified first: a log whose records do not verify is not
// touched (restore the latest backup instead). The indexes are then emptied,
// rebuilt in one pass over the records and verified against them. A rebuild
// that is interrupted leaves indexes that do not verify, which the store's
// next open finds; running it again finishes it.
#ifndef AWARD_EVENTSTORE_REINDEX_H_
#define AWARD_EVENTSTORE_REINDEX_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "eventstore/event.h"

namespace eventstore {

struct RebuiltIndexes {
  LogDigest head;        // of the verified chain
  uint64_t streams = 0;  // stream heads written
  uint64_t runs = 0;     // stream index entries written
};

// FAILED_PRECONDITION when a server holds the directory; DATA_LOSS when the
// chain does not verify (nothing is changed then).
absl::StatusOr<RebuiltIndexes> RebuildIndexes(const std::string& data_dir);

}  // namespace eventstore

#endif  // AWARD_EVENTSTORE_REINDEX_H_
