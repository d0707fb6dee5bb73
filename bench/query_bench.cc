// query_bench: how fast the query service's projections take in the log, one
// line per projection, then one for read-your-writes:
//
//   scenario=catch_up projection=nominations events=... seconds=... events_per_sec=...
//   scenario=read_your_writes commands=... p50_us=... p99_us=... max_us=...
//
// The log holds --awards awards, each a nomination drafted (with its claim)
// and granted to an awardee, 100 awards per durable append, on an embedded
// event store. catch_up builds each projection from position 0 with CatchUp
// (the work a rebuild or a first start does); events and events_per_sec count
// the whole log, whatever share of it the projection's filter takes in. read_your_writes appends
// one award at a time while the projections run live, and times from the append's acknowledgement
// until every projection has it (WaitFor its position).
//
//   query_bench [--awards=20000] [--commands=300] [--dir=/tmp]
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "award/v1/awardees.pb.h"
#include "award/v1/nominations.pb.h"
#include "base/process_settings.h"
#include "eventstore/rocksdb_event_store.h"
#include "services/common/proto_events.h"
#include "services/query/projection_runner.h"
#include "services/query/projections.h"

ABSL_FLAG(int, awards, 20'000, "Awards in the log before the catch-up");
ABSL_FLAG(int, commands, 300, "Awards appended one by one while the projections run");
ABSL_FLAG(std::string, dir, "", "Where to create the data directories (default: $TMPDIR or /tmp)");

namespace {

using namespace award;  // NOLINT: a benchmark's main file

void Check(const absl::Status& status, const std::string& what) {
  if (!status.ok()) {
    std::cerr << "query_bench: " << what << ": " << status << std::endl;
    std::exit(1);
  }
}

// Awards [first, last) as one append; returns its last position.
uint64_t AppendAwards(eventstore::EventStore& store, int first, int last) {
  eventstore::AppendRequest request;
  for (int i = first; i < last; ++i) {
    const std::string id = absl::StrCat("n-", i);
    v1::NominationDrafted draft;
    draft.set_nomination_id(id);
    draft.set_authority_id(absl::StrCat("ubnd-xa-", i % 20));
    draft.set_kind(i % 3 == 0 ? v1::AWARD_KIND_GIAY_KHEN : v1::AWARD_KIND_LAO_DONG_TIEN_TIEN);
    draft.mutable_nominee()->set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
    draft.mutable_nominee()->set_awardee_id(absl::StrCat("a-", i));
    draft.mutable_nominee()->set_full_name(absl::StrCat("Nguyễn Văn ", i));
    draft.mutable_nominee()->set_direct_worker(i % 2 == 0);
    draft.mutable_period()->set_year(2020 + i % 6);
    v1::AwardGranted grant;
    grant.set_decision_id(absl::StrCat("qd-", i / 100));
    grant.set_decision_number(absl::StrCat(i / 100 + 1, "/QĐ-UBND"));
    grant.mutable_decision_date()->set_year(2020 + i % 6);
    grant.set_kind(draft.kind());
    grant.set_nomination_id(id);
    grant.set_authority_id(draft.authority_id());
    grant.set_subject_type(v1::SUBJECT_TYPE_INDIVIDUAL);
    grant.set_amount_vnd(710'000);
    for (auto [stream, message] :
         {std::pair<std::string, const google::protobuf::Message*>{"nomination-" + id, &draft},
          {absl::StrCat("awardee-a-", i), &grant}}) {
      eventstore::EventData event = UnstampedEvent(ToNewEvent(*message));
      event.id = eventstore::EventId::New();
      event.metadata.actor = "clerk:bench";
      event.metadata.request_id = absl::StrCat("award-", i);
      request.streams.push_back({stream, eventstore::ExpectedVersion::NoStream(), {event}});
    }
  }
  absl::StatusOr<eventstore::AppendResult> appended = store.Append(request);
  Check(appended.status(), "append");
  return appended->last_position;
}

int64_t Percentile(std::vector<int64_t> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * static_cast<double>(values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  award::StopCheckingLockOrder();
  std::string base = absl::GetFlag(FLAGS_dir);
  if (base.empty()) base = std::filesystem::temp_directory_path().string();
  const std::string root = absl::StrCat(base, "/query_bench-", getpid());
  auto store = eventstore::OpenRocksDbEventStore({.data_dir = root + "/data"});
  Check(store.status(), "open");
  const int awards = absl::GetFlag(FLAGS_awards);
  for (int first = 0; first < awards; first += 100) {
    AppendAwards(**store, first, std::min(awards, first + 100));
  }
  absl::StatusOr<eventstore::LogDigest> head = (*store)->Digest();
  Check(head.status(), "digest");

  for (std::unique_ptr<query::Projection>& projection : query::AllProjections()) {
    auto db =
        query::OpenReadModel(*projection, absl::StrCat(root, "/catch-up/", projection->name()));
    Check(db.status(), "read model");
    const absl::Time start = absl::Now();
    Check(query::CatchUp(**store, *projection, **db), "catch up");
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    std::cout << absl::StrFormat(
                     "scenario=catch_up projection=%s events=%d seconds=%.3f events_per_sec=%.0f",
                     projection->name(), head->event_count, seconds,
                     static_cast<double>(head->event_count) / seconds)
              << std::endl;
  }

  auto projections = query::Projections::Open(**store, root + "/live", {});
  Check(projections.status(), "projections");
  (*projections)->Start();
  for (const auto& runner : (*projections)->runners()) {
    Check(runner->WaitFor(head->event_count - 1, absl::Now() + absl::Minutes(10)),
          "first catch-up");
  }
  std::vector<int64_t> micros;
  const int commands = absl::GetFlag(FLAGS_commands);
  for (int i = 0; i < commands; ++i) {
    const uint64_t position = AppendAwards(**store, awards + i, awards + i + 1);
    const absl::Time acknowledged = absl::Now();
    for (const auto& runner : (*projections)->runners()) {
      Check(runner->WaitFor(position, absl::Now() + absl::Seconds(30)), "wait");
    }
    micros.push_back(absl::ToInt64Microseconds(absl::Now() - acknowledged));
  }
  (*projections)->Stop();
  std::cout << absl::StrFormat(
                   "scenario=read_your_writes commands=%d p50_us=%d p99_us=%d max_us=%d", commands,
                   Percentile(micros, 0.5), Percentile(micros, 0.99),
                   *std::max_element(micros.begin(), micros.end()))
            << std::endl;
  projections->reset();
  store->reset();
  std::filesystem::remove_all(root);
  return 0;
}
