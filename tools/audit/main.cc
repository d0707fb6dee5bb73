// award_audit: the auditors' (thanh tra) program. Read-only, against a running
// eventstore_server (--event_store=HOST:PORT) or a copy of a data directory
// (--data_dir=PATH).
//
//   award_audit verify [--digest=COUNT:HEX]
//   award_audit export [--stream_prefix=P] [--type=T] [--from_position=N] [--to_position=N]
//                      [--since=RFC3339] [--until=RFC3339] > log.jsonl
//   award_audit replay --as_of=POSITION|RFC3339 nomination|meeting|decision|awardee ID
//   award_audit report --authority=ID --from_year=Y --to_year=Y [--csv]
//
// verify exits 0 and prints "ok COUNT:HEX" (keep it: a later verify with
// --digest proves the log still starts with exactly that history), or exits 1
// with the first bad position. Errors print the reason and exit 2.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "eventstore/grpc/remote_event_store.h"
#include "eventstore/rocksdb_event_store.h"
#include "tools/audit/audit_commands.h"

ABSL_FLAG(std::string, event_store, "", "Address of a running eventstore_server");
ABSL_FLAG(std::string, data_dir, "", "A copy of an event store's data directory");
ABSL_FLAG(std::string, digest, "", "verify: a digest saved earlier, COUNT:HEX");
ABSL_FLAG(std::string, stream_prefix, "", "export: only streams starting with this");
ABSL_FLAG(std::string, type, "", "export: only events of this type");
ABSL_FLAG(uint64_t, from_position, 0, "export: from this position");
ABSL_FLAG(int64_t, to_position, -1, "export: up to this position (inclusive); -1: the end");
ABSL_FLAG(std::string, since, "", "export: recorded at or after this RFC 3339 time");
ABSL_FLAG(std::string, until, "", "export: recorded before this RFC 3339 time");
ABSL_FLAG(std::string, as_of, "", "replay: a position, or an RFC 3339 time");
ABSL_FLAG(std::string, authority, "", "report: the authority");
ABSL_FLAG(int32_t, from_year, 0, "report: first year");
ABSL_FLAG(int32_t, to_year, 0, "report: last year");
ABSL_FLAG(bool, csv, false, "report: CSV instead of a table");

namespace {

int Fail(const absl::Status& status) {
  std::cerr << "award_audit: " << status << std::endl;
  return 2;
}

absl::StatusOr<std::optional<absl::Time>> TimeFlag(const std::string& text,
                                                   absl::string_view name) {
  if (text.empty()) return std::nullopt;
  return award::audit::ParseTime(text, absl::StrCat("--", name));
}

// A scratch directory for the read models a replay or report builds, removed
// at the end.
struct Scratch {
  Scratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "award-audit-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~Scratch() {
    std::error_code ignored;
    if (!path.empty()) std::filesystem::remove_all(path, ignored);
  }
  std::string path;
};

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "award_audit verify|export|replay|report [flags]: read-only checks of the award log");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2)
    return Fail(
        absl::InvalidArgumentError("name a command: verify, export, "
                                   "replay or report"));
  const std::string command = args[1];

  std::unique_ptr<eventstore::EventStore> store;
  if (!absl::GetFlag(FLAGS_event_store).empty()) {
    store = eventstore::ConnectRemoteEventStore(absl::GetFlag(FLAGS_event_store));
  } else if (!absl::GetFlag(FLAGS_data_dir).empty()) {
    absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> embedded =
        eventstore::OpenRocksDbEventStore(
            {.data_dir = absl::GetFlag(FLAGS_data_dir), .read_only = true});
    if (!embedded.ok()) return Fail(embedded.status());
    store = *std::move(embedded);
  } else {
    return Fail(absl::InvalidArgumentError("give --event_store or --data_dir"));
  }

  if (command == "verify") {
    std::optional<eventstore::LogDigest> expected;
    if (!absl::GetFlag(FLAGS_digest).empty()) {
      absl::StatusOr<eventstore::LogDigest> digest =
          award::audit::ParseDigest(absl::GetFlag(FLAGS_digest));
      if (!digest.ok()) return Fail(digest.status());
      expected = *digest;
    }
    absl::StatusOr<award::audit::VerifyOutcome> outcome = award::audit::Verify(*store, expected);
    if (!outcome.ok()) return Fail(outcome.status());
    std::cout << outcome->text << std::endl;
    return outcome->ok ? 0 : 1;
  }
  if (command == "export") {
    award::audit::ExportFilter filter;
    filter.stream_prefix = absl::GetFlag(FLAGS_stream_prefix);
    filter.type = absl::GetFlag(FLAGS_type);
    filter.from_position = absl::GetFlag(FLAGS_from_position);
    if (absl::GetFlag(FLAGS_to_position) >= 0) {
      filter.to_position = static_cast<uint64_t>(absl::GetFlag(FLAGS_to_position));
    }
    for (auto [flag, name, field] :
         {std::tuple{absl::GetFlag(FLAGS_since), "since", &filter.since},
          std::tuple{absl::GetFlag(FLAGS_until), "until", &filter.until}}) {
      absl::StatusOr<std::optional<absl::Time>> time = TimeFlag(flag, name);
      if (!time.ok()) return Fail(time.status());
      *field = *time;
    }
    absl::StatusOr<uint64_t> written = award::audit::Export(*store, filter, std::cout);
    if (!written.ok()) return Fail(written.status());
    std::cout.flush();
    std::cerr << "award_audit: exported " << *written << " events" << std::endl;
    return 0;
  }
  if (command == "replay" || command == "report") {
    Scratch scratch;
    if (scratch.path.empty())
      return Fail(absl::UnavailableError("cannot make a scratch directory"));
    absl::StatusOr<std::string> out;
    if (command == "replay") {
      if (args.size() != 4) {
        return Fail(absl::InvalidArgumentError(
            "replay --as_of=... nomination|meeting|decision|awardee ID"));
      }
      absl::StatusOr<award::audit::AsOf> as_of =
          absl::GetFlag(FLAGS_as_of).empty() ? award::audit::AsOf{}
                                             : award::audit::ParseAsOf(absl::GetFlag(FLAGS_as_of));
      if (!as_of.ok()) return Fail(as_of.status());
      out = award::audit::Replay(*store, args[2], args[3], *as_of, scratch.path);
    } else {
      out = award::audit::Report(*store, absl::GetFlag(FLAGS_authority),
                                 absl::GetFlag(FLAGS_from_year), absl::GetFlag(FLAGS_to_year),
                                 absl::GetFlag(FLAGS_csv), scratch.path);
    }
    if (!out.ok()) return Fail(out.status());
    std::cout << *out;
    if (!out->empty() && out->back() != '\n') std::cout << '\n';
    return 0;
  }
  return Fail(absl::InvalidArgumentError(
      absl::StrCat("unknown command '", command, "': verify, export, replay or report")));
}
