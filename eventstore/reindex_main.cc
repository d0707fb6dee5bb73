// eventstore_reindex: rebuilds the indexes of a stopped event store from its
// verified chain (reindex.h), when the store refuses appends because an index
// entry does not match the records.
//
//   eventstore_reindex --data_dir=/srv/award/eventstore
//
// Prints "rebuilt the indexes of N events (S streams, R runs), head HEX" and
// exits 0, or says why nothing was rebuilt and exits 1.
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "eventstore/reindex.h"
#include "eventstore/sha256.h"

ABSL_FLAG(std::string, data_dir, "", "The stopped event store's data directory");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Rebuilds the indexes of a stopped event store from its verified hash chain.");
  absl::ParseCommandLine(argc, argv);
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (data_dir.empty()) {
    std::cerr << "eventstore_reindex: give --data_dir" << std::endl;
    return 2;
  }
  absl::StatusOr<eventstore::RebuiltIndexes> rebuilt = eventstore::RebuildIndexes(data_dir);
  if (!rebuilt.ok()) {
    std::cerr << "eventstore_reindex: " << rebuilt.status() << std::endl;
    return 1;
  }
  std::cout << "rebuilt the indexes of " << rebuilt->head.event_count << " events ("
            << rebuilt->streams << " streams, " << rebuilt->runs << " runs), head "
            << eventstore::HashToHex(rebuilt->head.head_hash) << std::endl;
  return 0;
}
