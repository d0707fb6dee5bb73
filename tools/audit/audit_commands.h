// What the auditors' program does, apart from its command line: each command
// reads the log through the EventStore interface (a running eventstore_server
// or a copy of a data directory) and never writes to it.
#ifndef AWARD_TOOLS_AUDIT_AUDIT_COMMANDS_H_
#define AWARD_TOOLS_AUDIT_AUDIT_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "eventstore/event_store.h"

namespace award::audit {

// "<event count>:<head hash in hex>", the form `verify` prints and takes back.
std::string DigestText(const eventstore::LogDigest& digest);
absl::StatusOr<eventstore::LogDigest> ParseDigest(absl::string_view text);

struct VerifyOutcome {
  bool ok = false;
  std::string text;  // "ok <digest>", or the first bad position and the problem
};
// Checks the whole chain, and that `expected` (saved earlier) is still a
// prefix of the log.
absl::StatusOr<VerifyOutcome> Verify(eventstore::EventStore& store,
                                     const std::optional<eventstore::LogDigest>& expected);

struct ExportFilter {
  std::string stream_prefix;
  std::string type;
  uint64_t from_position = 0;
  std::optional<uint64_t> to_position;  // inclusive
  std::optional<absl::Time> since;      // recorded at or after
  std::optional<absl::Time> until;      // recorded before
};
// Writes the matching events as JSON Lines; returns how many.
absl::StatusOr<uint64_t> Export(eventstore::EventStore& store, const ExportFilter& filter,
                                std::ostream& out);

// A point of the log: the events up to a position (inclusive) or recorded up
// to a time (inclusive).
struct AsOf {
  std::optional<uint64_t> position;
  std::optional<absl::Time> time;
};
// An RFC 3339 time; INVALID_ARGUMENT naming `what` otherwise.
absl::StatusOr<absl::Time> ParseTime(absl::string_view text, absl::string_view what);

// "123" is a position; anything else must be an RFC 3339 time.
absl::StatusOr<AsOf> ParseAsOf(absl::string_view text);

// The state of one nomination, meeting (or consultation), decision or
// awardee as it stood at `as_of`, rebuilt from the events up to it by the
// query service's own projections, as JSON. NOT_FOUND when it did not exist
// yet; INVALID_ARGUMENT for another kind of entity.
absl::StatusOr<std::string> Replay(eventstore::EventStore& store, absl::string_view entity_kind,
                                   absl::string_view id, const AsOf& as_of,
                                   const std::string& scratch_dir);

// The statistics table of an authority over a range of years, from the whole
// log: readable, or CSV.
absl::StatusOr<std::string> Report(eventstore::EventStore& store, const std::string& authority_id,
                                   int from_year, int to_year, bool csv,
                                   const std::string& scratch_dir);

}  // namespace award::audit

#endif  // AWARD_TOOLS_AUDIT_AUDIT_COMMANDS_H_
