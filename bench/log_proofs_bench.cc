// log_proofs_bench: what the log's Merkle tree costs to prove with, on a real
// store of --events events (10 million by default, built first: appends of
// 2,000 events from two threads), one line per figure:
//
//   figure=consistency_proof first=1 second=10000000 cold_us=... p50_us=... p99_us=...
//   figure=inclusion_proof_local phase=first|steady tree_size=... proofs_per_sec=... p50_us=...
//   figure=inclusion_proofs_awardd phase=first|steady connections=4 in_flight=64 tree_size=...
//     proofs_per_sec=... p50_us=... p99_us=... awardd_cpu_us_per_proof=...
//
// Each throughput is measured twice, --seconds each: first right after the
// store opens, while the tree's cache fills as the proofs need it, then
// steady. The local figures call the store in this process, one proof at a
// time. The
// awardd figure is eventstore.v1.EventStore/GetInclusionProof served by awardd
// as its own process on that data directory (plaintext on loopback), once it
// is quiet: the log verified and the projections caught up. The load comes
// from this process over `connections` HTTP/2 connections keeping `in_flight`
// calls open, on the same two processors as awardd. The first 100 answers are
// checked against the proofs the store made here. awardd_cpu_us_per_proof is
// the processor time awardd used (user and kernel) divided by the proofs: the
// rest of the two processors went to the load.
//
//   log_proofs_bench [--events=10000000] [--seconds=3] [--connections=4] [--in_flight=64]
//     [--tree_cache_bytes=134217728] [--keep] [--dir=/tmp]
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "base/process_settings.h"
#include "bench/awardd_process.h"
#include "eventstore/merkle.h"
#include "eventstore/rocksdb_event_store.h"
#include "eventstore/sha256.h"
#include "eventstore/v1/eventstore.grpc.pb.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(uint64_t, events, 10'000'000, "Events in the log the proofs are made from");
ABSL_FLAG(double, seconds, 3.0, "How long each throughput figure runs");
ABSL_FLAG(int, connections, 4, "HTTP/2 connections to awardd");
ABSL_FLAG(int, in_flight, 64, "Calls kept open at once over them");
ABSL_FLAG(std::string, dir, "", "Where to create the data directory (default: $TMPDIR or /tmp)");
ABSL_FLAG(std::string, awardd, AWARD_AWARDD_PATH, "The awardd binary; empty: no awardd figure");
ABSL_FLAG(uint64_t, tree_cache_bytes, eventstore::RocksDbEventStoreOptions::kDefaultTreeCacheBytes,
          "Memory for the tree's upper levels, here and in awardd (--tree_cache_bytes)");
ABSL_FLAG(bool, keep, false,
          "Keep the data directory, and use it again instead of filling a new one when it "
          "holds --events events");
ABSL_FLAG(std::string, rules_dir, AWARD_RULES_DIR, "Directory of the rule sets");

namespace {

using eventstore::Hash;

int Fail(const absl::Status& status) {
  std::cerr << "log_proofs_bench: " << status << std::endl;
  return 1;
}

double Percentile(std::vector<absl::Duration> latencies, double p) {
  if (latencies.empty()) return 0;
  std::sort(latencies.begin(), latencies.end());
  return absl::ToDoubleMicroseconds(latencies[static_cast<size_t>(p * (latencies.size() - 1))]);
}

// Events no projection of awardd reads but its audit trail, which takes them
// all in before awardd is ready.
absl::Status Fill(eventstore::EventStore& store, uint64_t count) {
  constexpr uint64_t kPerAppend = 2'000;
  std::atomic<uint64_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < 2; ++t) {
    writers.emplace_back([&, t] {
      for (uint64_t i = next.fetch_add(kPerAppend); i < count && !failed;
           i = next.fetch_add(kPerAppend)) {
        eventstore::AppendRequest request;
        eventstore::StreamAppend& stream = request.streams.emplace_back();
        stream.stream = absl::StrCat("bench-proofs-", t, "-", i / kPerAppend % 1000);
        stream.expected = eventstore::ExpectedVersion::Any();
        for (uint64_t e = i; e < std::min(count, i + kPerAppend); ++e) {
          eventstore::EventData& event = stream.events.emplace_back();
          event.id = eventstore::EventId::New();
          event.type = "BenchFiller";
          event.payload = absl::StrCat("{\"n\":", e, "}");
        }
        if (!store.Append(request).ok()) failed = true;
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  return failed ? absl::InternalError("an append failed while filling the log") : absl::OkStatus();
}

struct Sample {
  uint64_t index;
  std::vector<Hash> proof;
};

// Inclusion proofs asked of awardd by `in_flight` calls, each asking again as
// soon as it is answered, until `end`.
class ProofLoad {
 public:
  ProofLoad(const std::string& address, int connections, int in_flight, uint64_t tree_size)
      : tree_size_(tree_size), calls_(in_flight) {
    for (int c = 0; c < connections; ++c) {
      grpc::ChannelArguments arguments;
      arguments.SetInt("grpc.channel_id", c);  // a connection of its own
      stubs_.push_back(eventstore::v1::EventStore::NewStub(
          grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments)));
    }
  }

  // Returns the latencies of the calls answered; false in `ok` on any error.
  std::vector<absl::Duration> Run(absl::Time end, bool& ok) {
    end_ = end;
    open_ = static_cast<int>(calls_.size());
    for (size_t i = 0; i < calls_.size(); ++i) {
      calls_[i].stub = stubs_[i % stubs_.size()].get();
      calls_[i].random.seed(i);
      Ask(calls_[i]);
    }
    all_answered_.WaitForNotification();
    std::vector<absl::Duration> all;
    for (const Call& call : calls_)
      all.insert(all.end(), call.latencies.begin(), call.latencies.end());
    ok = !failed_;
    return all;
  }

 private:
  struct Call {
    eventstore::v1::EventStore::Stub* stub = nullptr;
    std::mt19937_64 random;
    std::unique_ptr<grpc::ClientContext> context;
    eventstore::v1::GetInclusionProofRequest request;
    eventstore::v1::GetInclusionProofResponse response;
    absl::Time sent;
    std::vector<absl::Duration> latencies;
  };

  void Ask(Call& call) {
    call.context = std::make_unique<grpc::ClientContext>();
    call.request.set_index(call.random() % tree_size_);
    call.request.set_tree_size(tree_size_);
    call.sent = absl::Now();
    call.stub->async()->GetInclusionProof(
        call.context.get(), &call.request, &call.response, [this, &call](grpc::Status status) {
          const absl::Time now = absl::Now();
          call.latencies.push_back(now - call.sent);
          if (!status.ok()) {
            std::cerr << "GetInclusionProof: " << status.error_message() << std::endl;
            failed_ = true;
          }
          if (now < end_ && !failed_) {
            Ask(call);
          } else if (open_.fetch_sub(1) == 1) {
            all_answered_.Notify();
          }
        });
  }

  const uint64_t tree_size_;
  std::vector<std::unique_ptr<eventstore::v1::EventStore::Stub>> stubs_;
  std::vector<Call> calls_;
  absl::Time end_;
  std::atomic<int> open_{0};
  std::atomic<bool> failed_{false};
  absl::Notification all_answered_;
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  award::StopCheckingLockOrder();
  std::string base = absl::GetFlag(FLAGS_dir);
  if (base.empty()) base = std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp";
  const std::string root = base + "/log_proofs_bench";
  const std::string store_dir = root + "/data/eventstore";  // where awardd keeps its log
  const uint64_t n = absl::GetFlag(FLAGS_events);
  const bool keep = absl::GetFlag(FLAGS_keep);
  if (keep && std::filesystem::exists(store_dir)) {
    absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> store =
        eventstore::OpenRocksDbEventStore({.data_dir = store_dir, .read_only = true});
    absl::StatusOr<eventstore::LogDigest> digest =
        store.ok() ? (*store)->Digest() : absl::StatusOr<eventstore::LogDigest>(store.status());
    if (digest.ok() && digest->event_count == n) {
      std::cout << absl::StrFormat("# the kept log of %d events", n) << std::endl;
    } else {
      std::filesystem::remove_all(root);
    }
  } else {
    std::filesystem::remove_all(root);
  }

  if (!std::filesystem::exists(store_dir)) {
    absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> store =
        eventstore::OpenRocksDbEventStore({.data_dir = store_dir});
    if (!store.ok()) return Fail(store.status());
    const absl::Time start = absl::Now();
    if (absl::Status filled = Fill(**store, n); !filled.ok()) return Fail(filled);
    std::cout << absl::StrFormat("# filled %d events in %.1f s", n,
                                 absl::ToDoubleSeconds(absl::Now() - start))
              << std::endl;
    if (absl::Status closed = (*store)->Close(); !closed.ok()) return Fail(closed);
  }
  // Reopened: the tree's nodes are read from table files, as on a server
  // that has run for years.
  std::vector<Sample> samples;
  const uint64_t tree_cache_bytes = absl::GetFlag(FLAGS_tree_cache_bytes);
  {
    absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> store =
        eventstore::OpenRocksDbEventStore(
            {.data_dir = store_dir, .tree_cache_bytes = tree_cache_bytes});
    if (!store.ok()) return Fail(store.status());
    absl::StatusOr<eventstore::TreeHead> head = (*store)->TreeHeadAt(n);
    if (!head.ok()) return Fail(head.status());
    // The store verifies the whole log before its first append, on a thread
    // of its own: not beside the figures.
    while (!(*store)->AcceptingAppends().ok()) absl::SleepFor(absl::Milliseconds(10));

    std::vector<absl::Duration> latencies;
    for (int i = 0; i < 200; ++i) {
      const absl::Time before = absl::Now();
      absl::StatusOr<std::vector<Hash>> proof = (*store)->ConsistencyProof(1, n);
      latencies.push_back(absl::Now() - before);
      if (!proof.ok()) return Fail(proof.status());
      if (i == 0) {
        absl::StatusOr<eventstore::TreeHead> one = (*store)->TreeHeadAt(1);
        if (absl::Status ok =
                eventstore::merkle::VerifyConsistency(1, n, one->root, head->root, *proof);
            !ok.ok()) {
          return Fail(ok);
        }
      }
    }
    std::cout << absl::StrFormat(
                     "figure=consistency_proof first=1 second=%d cold_us=%.0f p50_us=%.0f "
                     "p99_us=%.0f",
                     n, absl::ToDoubleMicroseconds(latencies[0]), Percentile(latencies, 0.5),
                     Percentile(latencies, 0.99))
              << std::endl;

    std::mt19937_64 random(7);
    for (const char* phase : {"first", "steady"}) {
      latencies.clear();
      const absl::Time start = absl::Now();
      const absl::Time end = start + absl::Seconds(absl::GetFlag(FLAGS_seconds));
      while (absl::Now() < end) {
        const uint64_t index = random() % n;
        const absl::Time before = absl::Now();
        absl::StatusOr<std::vector<Hash>> proof = (*store)->InclusionProof(index, n);
        latencies.push_back(absl::Now() - before);
        if (!proof.ok()) return Fail(proof.status());
        if (samples.size() < 100) samples.push_back({index, *std::move(proof)});
      }
      const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
      std::cout << absl::StrFormat(
                       "figure=inclusion_proof_local phase=%s tree_size=%d tree_cache_mib=%d "
                       "proofs_per_sec=%.0f p50_us=%.0f",
                       phase, n, tree_cache_bytes >> 20, latencies.size() / seconds,
                       Percentile(latencies, 0.5))
                << std::endl;
    }
    if (absl::Status closed = (*store)->Close(); !closed.ok()) return Fail(closed);
  }

  if (absl::GetFlag(FLAGS_awardd).empty()) {
    if (!keep) std::filesystem::remove_all(root);
    return 0;
  }
  const absl::Time starting = absl::Now();
  const award::bench::AwarddProcess awardd = award::bench::StartAwardd(
      absl::GetFlag(FLAGS_awardd),
      {"--data_dir=" + root + "/data", "--rules_dir=" + absl::GetFlag(FLAGS_rules_dir),
       absl::StrCat("--tree_cache_bytes=", tree_cache_bytes)});
  award::bench::WaitUntilQuiet(awardd, absl::Hours(1));
  std::cout << absl::StrFormat("# awardd quiet in %.1f s (the log verified, projections caught up)",
                               absl::ToDoubleSeconds(absl::Now() - starting))
            << std::endl;
  bool ok = true;
  {
    auto stub = eventstore::v1::EventStore::NewStub(
        grpc::CreateChannel(awardd.address, grpc::InsecureChannelCredentials()));
    for (const Sample& sample : samples) {
      eventstore::v1::GetInclusionProofRequest request;
      request.set_index(sample.index);
      request.set_tree_size(n);
      eventstore::v1::GetInclusionProofResponse response;
      grpc::ClientContext context;
      const grpc::Status status = stub->GetInclusionProof(&context, request, &response);
      if (!status.ok() || eventstore::HashesOf(response.hashes()) != sample.proof) {
        std::cerr << "awardd's proof of " << sample.index
                  << " is not the store's: " << status.error_message() << std::endl;
        ok = false;
      }
    }
  }
  const int connections = absl::GetFlag(FLAGS_connections);
  const int in_flight = absl::GetFlag(FLAGS_in_flight);
  // The first period fills the tree's cache as proofs need it; the next
  // one is the server as it runs from then on.
  for (const char* phase : {"first", "steady"}) {
    if (!ok) break;
    ProofLoad load(awardd.address, connections, in_flight, n);
    const double cpu_before = award::bench::ProcessorTime(awardd);
    const absl::Time start = absl::Now();
    std::vector<absl::Duration> latencies =
        load.Run(start + absl::Seconds(absl::GetFlag(FLAGS_seconds)), ok);
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    const double awardd_cpu = award::bench::ProcessorTime(awardd) - cpu_before;
    if (!ok) std::cout << "# a call failed; the figures stop there" << std::endl;
    std::cout << absl::StrFormat(
                     "figure=inclusion_proofs_awardd phase=%s connections=%d in_flight=%d "
                     "tree_size=%d tree_cache_mib=%d proofs_per_sec=%.0f p50_us=%.0f p99_us=%.0f "
                     "awardd_cpu_us_per_proof=%.1f",
                     phase, connections, in_flight, n, tree_cache_bytes >> 20,
                     latencies.size() / seconds, Percentile(latencies, 0.5),
                     Percentile(latencies, 0.99), awardd_cpu * 1e6 / latencies.size())
              << std::endl;
  }
  award::bench::StopAwardd(awardd);
  if (!keep) std::filesystem::remove_all(root);
  return ok ? 0 : 1;
}
