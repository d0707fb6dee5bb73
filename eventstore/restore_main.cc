// eventstore_restore: a backup (eventstore.v1.EventStore/Backup, or
// awardctl audit backup) into a new data directory, verified before use.
//
//   eventstore_restore --backup=/backups/2026-11-30 --data_dir=/srv/award/eventstore
//
// Copies the backup's log, verifies its whole hash chain and compares its head
// with the digest taken at backup time; prints "restored N events, head HEX"
// and exits 0, or says what does not match and leaves no data directory.
// For awardd, restore into DATA/eventstore of a new DATA: the projections
// rebuild from the log on start.
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "eventstore/backup.h"
#include "eventstore/sha256.h"

ABSL_FLAG(std::string, backup, "", "The backup's directory (with log/ and digest)");
ABSL_FLAG(std::string, data_dir, "", "The new data directory; must not exist");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Restores an event store backup into a new data directory.");
  absl::ParseCommandLine(argc, argv);
  const std::string backup = absl::GetFlag(FLAGS_backup);
  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (backup.empty() || data_dir.empty()) {
    std::cerr << "eventstore_restore: give --backup and --data_dir" << std::endl;
    return 2;
  }
  absl::StatusOr<eventstore::LogDigest> restored = eventstore::RestoreBackup(backup, data_dir);
  if (!restored.ok()) {
    std::cerr << "eventstore_restore: " << restored.status() << std::endl;
    return 1;
  }
  std::cout << "restored " << restored->event_count << " events, head "
            << eventstore::HashToHex(restored->head_hash) << std::endl;
  return 0;
}
