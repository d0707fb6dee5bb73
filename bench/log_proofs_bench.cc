// log_proofs_bench: what the log's Merkle tree costs to prove with, on a real
// store of --events events (10 million by default, built first: appends of
// 2,000 events from two threads), one line per figure:
//
//   figure=consistency_proof first=1 second=10000000 cold_us=... p50_us=... p99_us=...
//   figure=inclusion_proof_local tree_size=... proofs_per_sec=... p50_us=...
//   figure=inclusion_proofs_grpc clients=16 tree_size=... proofs_per_sec=... p50_us=... p99_us=...
//
// The gRPC figure is eventstore.v1.EventStore/GetInclusionProof as awardd and
// eventstore_server serve it, from a server in this process on 127.0.0.1 with
// one channel per client thread, so client and server share the processors.
// Each client checks its first proof against the tree's root.
//
//   log_proofs_bench [--events=10000000] [--seconds=3] [--clients=16] [--dir=/tmp]
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
#include "absl/time/clock.h"
#include "base/process_settings.h"
#include "eventstore/grpc/event_store_service.h"
#include "eventstore/merkle.h"
#include "eventstore/rocksdb_event_store.h"
#include "eventstore/sha256.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(uint64_t, events, 10'000'000, "Events in the log the proofs are made from");
ABSL_FLAG(double, seconds, 3.0, "How long each throughput figure runs");
ABSL_FLAG(int, clients, 16, "Client threads asking for inclusion proofs over gRPC");
ABSL_FLAG(std::string, dir, "", "Where to create the data directory (default: $TMPDIR or /tmp)");

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
        stream.stream = absl::StrCat("nomination-", t, "-", i / kPerAppend % 1000);
        stream.expected = eventstore::ExpectedVersion::Any();
        for (uint64_t e = i; e < std::min(count, i + kPerAppend); ++e) {
          eventstore::EventData& event = stream.events.emplace_back();
          event.id = eventstore::EventId::New();
          event.type = "NominationSubmitted";
          event.payload = absl::StrCat("{\"n\":", e, "}");
        }
        if (!store.Append(request).ok()) failed = true;
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  return failed ? absl::InternalError("an append failed while filling the log") : absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  award::StopCheckingLockOrder();
  std::string base = absl::GetFlag(FLAGS_dir);
  if (base.empty()) base = std::getenv("TMPDIR") != nullptr ? std::getenv("TMPDIR") : "/tmp";
  const std::string dir = base + "/log_proofs_bench";
  std::filesystem::remove_all(dir);
  const uint64_t n = absl::GetFlag(FLAGS_events);

  {
    absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> store =
        eventstore::OpenRocksDbEventStore({.data_dir = dir});
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
  absl::StatusOr<std::unique_ptr<eventstore::EmbeddedEventStore>> store =
      eventstore::OpenRocksDbEventStore({.data_dir = dir});
  if (!store.ok()) return Fail(store.status());
  absl::StatusOr<eventstore::TreeHead> head = (*store)->TreeHeadAt(n);
  if (!head.ok()) return Fail(head.status());

  {
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
  }

  const absl::Duration length = absl::Seconds(absl::GetFlag(FLAGS_seconds));
  {
    std::mt19937_64 random(7);
    std::vector<absl::Duration> latencies;
    const absl::Time end = absl::Now() + length;
    const absl::Time start = absl::Now();
    while (absl::Now() < end) {
      const absl::Time before = absl::Now();
      absl::StatusOr<std::vector<Hash>> proof = (*store)->InclusionProof(random() % n, n);
      latencies.push_back(absl::Now() - before);
      if (!proof.ok()) return Fail(proof.status());
    }
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
    std::cout << absl::StrFormat(
                     "figure=inclusion_proof_local tree_size=%d proofs_per_sec=%.0f p50_us=%.0f", n,
                     latencies.size() / seconds, Percentile(latencies, 0.5))
              << std::endl;
  }

  eventstore::EventStoreService service(**store);
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  const std::string address = absl::StrCat("127.0.0.1:", port);
  const int clients = absl::GetFlag(FLAGS_clients);
  std::vector<std::vector<absl::Duration>> latencies(clients);
  std::atomic<bool> failed{false};
  const absl::Time start = absl::Now();
  const absl::Time end = start + length;
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      grpc::ChannelArguments arguments;
      arguments.SetInt("grpc.channel_id", c);  // a connection of its own
      auto stub = eventstore::v1::EventStore::NewStub(
          grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments));
      std::mt19937_64 random(c);
      for (bool first = true; absl::Now() < end && !failed; first = false) {
        eventstore::v1::GetInclusionProofRequest request;
        request.set_index(random() % n);
        request.set_tree_size(n);
        eventstore::v1::GetInclusionProofResponse response;
        grpc::ClientContext context;
        const absl::Time before = absl::Now();
        grpc::Status status = stub->GetInclusionProof(&context, request, &response);
        latencies[c].push_back(absl::Now() - before);
        if (!status.ok()) {
          std::cerr << "GetInclusionProof: " << status.error_message() << std::endl;
          failed = true;
        }
        if (first) {
          // The proof checks against the root from the leaf the log holds there.
          const std::optional<std::vector<Hash>> path = eventstore::HashesOf(response.hashes());
          absl::StatusOr<std::vector<Hash>> local = (*store)->InclusionProof(request.index(), n);
          if (!local.ok() || !path.has_value() || *local != *path) failed = true;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::vector<absl::Duration> all;
  for (const auto& some : latencies) all.insert(all.end(), some.begin(), some.end());
  if (failed) std::cout << "# a call failed; the figures stop there" << std::endl;
  std::cout << absl::StrFormat(
                   "figure=inclusion_proofs_grpc clients=%d tree_size=%d proofs_per_sec=%.0f "
                   "p50_us=%.0f p99_us=%.0f",
                   clients, n, all.size() / seconds, Percentile(all, 0.5), Percentile(all, 0.99))
            << std::endl;
  server->Shutdown();
  (void)(*store)->Close();
  std::filesystem::remove_all(dir);
  return failed ? 1 : 0;
}
